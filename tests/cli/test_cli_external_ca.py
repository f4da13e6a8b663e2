"""A certificate the office already holds, from a CA that is not carapp's, signs for a unit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from carapp.cli.main import main
from carapp.sync.pki import Signer, write_pkcs12
from tests import databases

PASS = "mat-khau-cli-1"


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ (thử)"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _national_ca_and_officer() -> tuple[x509.Certificate, Signer]:
    """A government-like root CA and an officer's certificate it issued (no carapp fields)."""
    now = datetime.now(UTC) - timedelta(minutes=5)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("CA chuyên dùng Chính phủ (thử)"))
        .issuer_name(_name("CA chuyên dùng Chính phủ (thử)"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    officer = (
        x509.CertificateBuilder()
        .subject_name(_name("Nguyễn Văn A - UBND đặc khu Bạch Long Vĩ"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return ca, Signer(officer, key, (ca,))


def run(capsys: pytest.CaptureFixture[str], db: str | Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_unit_signs_with_a_certificate_of_an_external_ca(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARAPP_PASSPHRASE", PASS)
    monkeypatch.setenv("CARAPP_NEW_PASSPHRASE", PASS)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "usb").mkdir()
    ca, officer = _national_ca_and_officer()
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "officer.pem").write_bytes(
        officer.certificate.public_bytes(serialization.Encoding.PEM)
    )
    write_pkcs12(tmp_path / "officer.p12", officer, PASS)
    city, unit = databases.new_database(tmp_path, "city"), databases.new_database(tmp_path, "unit")
    assert run(capsys, city, "pki", "init-city", "--out", "city.p12")[0] == 0
    for db, args in (
        (unit, ("sample", "load")),
        (unit, ("mode", "unit", "--code", "BLV", "--key", "officer.p12")),
        (unit, ("pki", "trust", "add-root", "city-goc.pem")),
        (unit, ("pki", "trust", "allow", "HP", "city-chung-thu.pem")),
    ):
        code, _, err = run(capsys, db, *args)
        assert code == 0, (args, err)
    code, _, err = run(capsys, unit, "package", "build", "--period", "2026-Q1", "-o", "usb")
    assert code == 0, err
    package = str(next((tmp_path / "usb").glob("CCHC_BLV_*.zip")))

    code, out, _ = run(capsys, city, "package", "verify", package)
    assert code == 1 and "không được cấp bởi chứng thư gốc tin cậy" in out  # CA not trusted yet
    assert run(capsys, city, "pki", "trust", "add-root", "ca.pem")[0] == 0
    code, out, _ = run(capsys, city, "package", "verify", package)
    assert code == 1 and "chưa được đăng ký để ký thay cho đơn vị BLV" in out  # not bound yet
    assert run(capsys, city, "pki", "trust", "allow", "BLV", "officer.pem")[0] == 0
    code, out, _ = run(capsys, city, "package", "verify", package)
    assert code == 0 and "Hợp lệ" in out and "Nguyễn Văn A" in out, out

"""Signing on a USB token (SoftHSM2): unit signs on the token → city verifies → receipt back."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from carapp.cli.main import main
from carapp.sync.pki import certificate_from_pem
from tests import databases
from tests.token_support import PIN, SoftToken

PASS = "mat-khau-cli-1"
NAME = "Ủy ban nhân dân đặc khu Bạch Long Vĩ"


def run(capsys: pytest.CaptureFixture[str], db: str | Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], db: str | Path, *args: str) -> str:
    code, out, err = run(capsys, db, *args)
    assert code == 0, (args, out, err)
    return out


@pytest.fixture
def offices(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    soft_token: SoftToken,
) -> tuple[Path, Path, tuple[str, ...]]:
    """City set up; the unit's token holds a key and the certificate the city issued for it."""
    monkeypatch.setenv("CARAPP_PASSPHRASE", PASS)
    monkeypatch.setenv("CARAPP_NEW_PASSPHRASE", PASS)
    monkeypatch.setenv("CARAPP_PIN", PIN)
    monkeypatch.chdir(tmp_path)
    for folder in ("usb", "bien-nhan"):
        (tmp_path / folder).mkdir()
    city, unit = databases.new_database(tmp_path, "city"), databases.new_database(tmp_path, "unit")
    ok(capsys, city, "pki", "init-city", "--out", "city.p12")
    key_label, public_pem = soft_token.new_key("don-vi")
    (tmp_path / "token.pub.pem").write_bytes(public_pem)
    out = ok(
        capsys, city, "pki", "issue-token-cert", "BLV", "--public-key", "token.pub.pem",
        "--out", "blv-token.pem", "--name", NAME, "--kind", "special_zone",
    )  # fmt: skip
    assert "Đã cấp chứng thư cho thiết bị ký số của đơn vị BLV" in out
    cert = certificate_from_pem((tmp_path / "blv-token.pem").read_text())
    soft_token.write_certificate("don-vi", key_label, cert)
    for args in (
        ("sample", "load"),
        ("mode", "unit", "--code", "BLV"),
        ("pki", "trust", "add-root", "city-goc.pem"),
        ("pki", "trust", "allow", "HP", "city-chung-thu.pem"),
    ):
        ok(capsys, unit, *args)
    token = (
        "--pkcs11-module", soft_token.module, "--pkcs11-label", "don-vi",
        "--pkcs11-key-label", key_label,
    )  # fmt: skip
    return city, unit, token


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils missing")
def test_signed_on_the_token_verified_by_the_city_openssl_and_pdfsig(
    offices: tuple[Path, Path, tuple[str, ...]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    city, unit, token = offices
    out = ok(capsys, unit, "package", "build", "--period", "2026-Q1", "-o", "usb", *token)
    assert "Đã lập gói báo cáo Quý I/2026, số 1" in out
    package = tmp_path / "usb" / "CCHC_BLV_2026-Q1_0001.zip"

    out = ok(capsys, city, "package", "import", "usb", "--receipts", "bien-nhan")
    assert "✓ CCHC_BLV_2026-Q1_0001.zip: Hợp lệ — đã nhận" in out
    receipt = tmp_path / "bien-nhan" / "BIEN-NHAN_BLV_2026-Q1_0001.zip"
    assert "Thành phố đã nhận gói số 1" in ok(capsys, unit, "receipt", "import", str(receipt))

    opened = tmp_path / "opened"
    with zipfile.ZipFile(package) as zf:
        zf.extractall(opened)
    checked = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER",
         "-in", str(opened / "manifest.p7s"), "-content", str(opened / "manifest.json"),
         "-CAfile", str(tmp_path / "city-goc.pem"), "-purpose", "any", "-out", "/dev/null"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0 and "Verification successful" in checked.stderr, checked.stderr
    for pdf in opened.glob("*.pdf"):
        sig = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
        assert "Signature Validation: Signature is Valid." in sig, sig
        assert NAME in sig


def _nothing_written(tmp_path: Path) -> None:
    assert not list((tmp_path / "usb").iterdir())


def test_wrong_pin_says_so_and_writes_nothing(
    offices: tuple[Path, Path, tuple[str, ...]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, unit, token = offices
    monkeypatch.setenv("CARAPP_PIN", "000000")
    code, _, err = run(capsys, unit, "package", "build", "--period", "2026-Q1", "-o", "usb", *token)
    assert code == 1 and "Sai mã PIN của thiết bị ký số “don-vi”" in err
    _nothing_written(tmp_path)


def test_token_absent_and_module_missing(
    offices: tuple[Path, Path, tuple[str, ...]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, unit, token = offices
    absent = (*token[:3], "khong-cam", *token[4:])
    code, _, err = run(
        capsys, unit, "package", "build", "--period", "2026-Q1", "-o", "usb", *absent
    )
    assert code == 1 and "Không thấy thiết bị ký số “khong-cam”" in err and "cắm thiết bị" in err
    missing = ("--pkcs11-module", str(tmp_path / "khong-co.so"), "--pkcs11-label", "don-vi")
    code, _, err = run(
        capsys, unit, "package", "build", "--period", "2026-Q1", "-o", "usb", *missing
    )
    assert code == 1 and "Không thấy tệp thư viện PKCS#11" in err
    _nothing_written(tmp_path)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ("PinLocked", "đã bị khóa do nhập sai mã PIN quá số lần cho phép"),
        ("TokenNotPresent", "hãy cắm thiết bị vào máy"),
        ("DeviceRemoved", "hãy cắm thiết bị vào máy"),
        ("PinExpired", "đã hết hạn"),
    ],
)
def test_locked_or_removed_token_says_so_and_writes_nothing(
    offices: tuple[Path, Path, tuple[str, ...]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: str,
    message: str,
) -> None:
    """What the module answers for a locked or pulled-out token (SoftHSM2 never locks)."""
    from pkcs11 import exceptions
    from pyhanko.sign import pkcs11 as pyhanko_pkcs11

    def refuse(*args: object, **kwargs: object) -> None:
        raise getattr(exceptions, error)()

    monkeypatch.setattr(pyhanko_pkcs11, "open_pkcs11_session", refuse)
    _, unit, token = offices
    code, _, err = run(capsys, unit, "package", "build", "--period", "2026-Q1", "-o", "usb", *token)
    assert code == 1 and message in err and "Traceback" not in err, err
    _nothing_written(tmp_path)


def test_several_keys_and_no_key_label_asks_for_one(
    offices: tuple[Path, Path, tuple[str, ...]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, unit, token = offices
    unlabelled = token[:4]
    code, _, err = run(
        capsys, unit, "package", "build", "--period", "2026-Q1", "-o", "usb", *unlabelled
    )
    assert code == 1 and "khóa ký; hãy cho biết nhãn khóa" in err
    _nothing_written(tmp_path)

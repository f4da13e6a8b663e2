"""The city's PKI: root and unit certificates, PKCS#12 key files, the trust store."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from carapp.sync.pki import (
    KeyFileError,
    TrustStore,
    certificate_to_pem,
    export_pkcs12,
    fingerprint,
    issue_unit_certificate,
    load_pkcs12,
    unit_code_of,
    write_pkcs12,
)
from carapp.sync.validate import SchemaError
from tests.sync.support import BLV_NAME, CITY, Keys


def _attr(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    return str(cert.subject.get_attributes_for_oid(oid)[0].value)


def test_root_is_a_ca_named_in_vietnamese(keys: Keys) -> None:
    cert = keys.root.certificate
    assert _attr(cert, NameOID.ORGANIZATION_NAME) == CITY
    assert _attr(cert, NameOID.COMMON_NAME) == CITY
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert cert.not_valid_after_utc - cert.not_valid_before_utc > timedelta(days=365 * 19)


def test_unit_certificate_carries_its_code_in_subject_and_san(keys: Keys) -> None:
    cert = keys.blv.certificate
    assert _attr(cert, NameOID.ORGANIZATIONAL_UNIT_NAME) == "CCHC:BLV"
    assert _attr(cert, NameOID.COMMON_NAME) == BLV_NAME
    assert unit_code_of(cert) == "BLV"
    assert unit_code_of(keys.chi.certificate) == "CHI"
    assert unit_code_of(keys.root.certificate) is None
    assert cert.issuer == keys.root.certificate.subject


def test_unit_certificate_never_outlives_its_ca(keys: Keys) -> None:
    cert = issue_unit_certificate(keys.root, "BLV", BLV_NAME, years=100).certificate
    assert cert.not_valid_after_utc == keys.root.certificate.not_valid_after_utc


def test_unit_code_is_validated(keys: Keys) -> None:
    with pytest.raises(SchemaError):
        issue_unit_certificate(keys.root, "blv/../x", BLV_NAME)


def test_fingerprint_is_sha256_hex(keys: Keys) -> None:
    value = fingerprint(keys.blv.certificate)
    assert len(value) == 64 and value == value.lower()
    assert value == keys.blv.fingerprint != fingerprint(keys.chi.certificate)


def test_pkcs12_round_trip(keys: Keys) -> None:
    data = export_pkcs12(keys.blv, "mật khẩu 123")
    signer = load_pkcs12(data, "mật khẩu 123")
    assert signer.fingerprint == keys.blv.fingerprint
    assert [fingerprint(c) for c in signer.chain] == [keys.root.fingerprint]
    assert signer.private_key.public_key().public_numbers() == (
        keys.blv.private_key.public_key().public_numbers()
    )


def test_pkcs12_wrong_passphrase_is_refused_in_vietnamese(keys: Keys) -> None:
    data = export_pkcs12(keys.blv, "đúng")
    with pytest.raises(KeyFileError, match="^Sai mật khẩu tệp khóa"):
        load_pkcs12(data, "sai")
    with pytest.raises(KeyFileError, match="^Sai mật khẩu tệp khóa"):
        load_pkcs12(b"not a key file", "đúng")


def test_pkcs12_without_private_key_is_refused(keys: Keys) -> None:
    encryption = serialization.BestAvailableEncryption(b"pw")
    cert_only = pkcs12.serialize_key_and_certificates(
        b"x", None, keys.blv.certificate, None, encryption
    )
    with pytest.raises(KeyFileError, match="khóa riêng"):
        load_pkcs12(cert_only, "pw")


def test_pkcs12_needs_a_passphrase(keys: Keys) -> None:
    with pytest.raises(KeyFileError):
        export_pkcs12(keys.blv, "")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl missing")
def test_openssl_opens_the_pkcs12_only_with_the_passphrase(keys: Keys, tmp_path: Path) -> None:
    path = tmp_path / "blv.p12"
    write_pkcs12(path, keys.blv, "s3cret")
    command = ["openssl", "pkcs12", "-in", str(path), "-nodes", "-passin"]
    good = subprocess.run([*command, "pass:s3cret"], capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    assert "BEGIN PRIVATE KEY" in good.stdout
    bad = subprocess.run([*command, "pass:wrong"], capture_output=True, text=True)
    assert bad.returncode != 0
    assert b"s3cret" not in path.read_bytes()


def test_trust_store_json_round_trip(keys: Keys) -> None:
    store = TrustStore.from_json(keys.trust.to_json())
    assert store == keys.trust
    assert store.is_allowed("BLV", keys.blv.fingerprint)
    assert not store.is_allowed("BLV", keys.chi.fingerprint)
    assert [fingerprint(c) for c in store.root_certificates()] == [keys.root.fingerprint]


def test_trust_store_adds_once(keys: Keys) -> None:
    store = TrustStore()
    for _ in range(2):
        store.add_root(keys.root.certificate)
        store.allow("BLV", keys.blv.certificate)
    assert len(store.roots) == 1 and store.allowed == {"BLV": [keys.blv.fingerprint]}


@pytest.mark.parametrize(
    "text",
    [
        '{"roots": [], "allowed": {"BLV": ["abc"]}}',
        '{"roots": [], "allowed": {"blv": []}}',
        '{"roots": [], "allowed": {}, "extra": 1}',
        '{"roots": ["-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n"],'
        ' "allowed": {}}',
        "not json",
    ],
)
def test_trust_store_rejects_malformed_json(text: str) -> None:
    with pytest.raises(SchemaError):
        TrustStore.from_json(text)


def test_trust_store_accepts_valid_json(keys: Keys) -> None:
    pem = certificate_to_pem(keys.root.certificate)
    store = TrustStore.from_json(TrustStore([pem], {"CHI": [keys.chi.fingerprint]}).to_json())
    assert store.is_allowed("CHI", keys.chi.fingerprint)
    assert datetime.now(UTC) < store.root_certificates()[0].not_valid_after_utc

"""Detached CMS signatures: our verifier, and openssl as an independent checker."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7

from carapp.sync.cms import sign_detached, verify_detached
from carapp.sync.errors import Step, VerificationError
from carapp.sync.pki import (
    Signer,
    TrustStore,
    certificate_to_pem,
    fingerprint,
    issue_unit_certificate,
)
from tests.sync.support import BLV_NAME, Keys

DATA = b'{"hello": "xin ch\xc3\xa0o"}\n'
needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl missing")


def _now() -> datetime:
    return datetime.now(UTC)


def _rejected(
    signer: Signer, trust: TrustStore, unit: str = "BLV", sig: bytes | None = None
) -> VerificationError:
    sig = sign_detached(DATA, signer) if sig is None else sig
    with pytest.raises(VerificationError) as caught:
        verify_detached(DATA, sig, trust, unit, _now())
    return caught.value


def test_round_trip_names_the_signer(keys: Keys) -> None:
    info = verify_detached(DATA, sign_detached(DATA, keys.blv), keys.trust, "BLV", _now())
    assert info.fingerprint == keys.blv.fingerprint
    assert BLV_NAME in info.subject and "OU=CCHC:BLV" in info.subject
    assert info.unit_code == "BLV"
    assert info.signed_at is not None and abs(info.signed_at - _now()) < timedelta(minutes=5)


def _openssl_verify(tmp_path: Path, data: bytes, sig: bytes, root: Signer) -> int:
    (tmp_path / "manifest.json").write_bytes(data)
    (tmp_path / "manifest.p7s").write_bytes(sig)
    (tmp_path / "root.pem").write_text(certificate_to_pem(root.certificate))
    command = "openssl cms -verify -binary -inform DER -content manifest.json"
    command += " -in manifest.p7s -CAfile root.pem -out /dev/null"
    return subprocess.run(command.split(), cwd=tmp_path, capture_output=True).returncode


@needs_openssl
def test_openssl_accepts_our_signature(keys: Keys, tmp_path: Path) -> None:
    assert _openssl_verify(tmp_path, DATA, sign_detached(DATA, keys.blv), keys.root) == 0


@needs_openssl
def test_openssl_rejects_other_content_or_root(keys: Keys, tmp_path: Path) -> None:
    sig = sign_detached(DATA, keys.blv)
    assert _openssl_verify(tmp_path, DATA + b" ", sig, keys.root) != 0
    assert _openssl_verify(tmp_path, DATA, sig, keys.other_root) != 0


@needs_openssl
def test_rsa_keys_work_too(keys: Keys, tmp_path: Path) -> None:
    signer = issue_unit_certificate(keys.root, "RSA1", "Đơn vị RSA", key_type="rsa")
    trust = TrustStore(list(keys.trust.roots), {"RSA1": [signer.fingerprint]})
    sig = sign_detached(DATA, signer)
    assert verify_detached(DATA, sig, trust, "RSA1", _now()).fingerprint == signer.fingerprint
    assert _openssl_verify(tmp_path, DATA, sig, keys.root) == 0


def test_changed_data_is_rejected(keys: Keys) -> None:
    sig = sign_detached(DATA, keys.blv)
    with pytest.raises(VerificationError) as caught:
        verify_detached(DATA.replace(b"hello", b"hellO"), sig, keys.trust, "BLV", _now())
    assert caught.value.step is Step.SIGNATURE


def test_garbage_signature_is_rejected(keys: Keys) -> None:
    assert _rejected(keys.blv, keys.trust, sig=b"\x30\x03\x02\x01").step is Step.SIGNATURE
    truncated = sign_detached(DATA, keys.blv)[:-10]
    assert _rejected(keys.blv, keys.trust, sig=truncated).step is Step.SIGNATURE


def test_other_cms_content_type_is_rejected(keys: Keys) -> None:
    data_only = asn1_cms.ContentInfo({"content_type": "data", "content": DATA}).dump()
    error = _rejected(keys.blv, keys.trust, sig=data_only)
    assert error.step is Step.SIGNATURE and "SignedData" in error.message_vi


def test_attached_signature_is_rejected(keys: Keys) -> None:
    builder = pkcs7.PKCS7SignatureBuilder().set_data(DATA)
    builder = builder.add_signer(keys.blv.certificate, keys.blv.private_key, hashes.SHA256())
    attached = builder.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])
    error = _rejected(keys.blv, keys.trust, sig=attached)
    assert error.step is Step.SIGNATURE and "tách rời" in error.message_vi


def test_signature_without_signer_certificate_is_rejected(keys: Keys) -> None:
    builder = pkcs7.PKCS7SignatureBuilder().set_data(DATA)
    builder = builder.add_signer(keys.blv.certificate, keys.blv.private_key, hashes.SHA256())
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.NoCerts]
    bare = builder.sign(serialization.Encoding.DER, options)
    assert _rejected(keys.blv, keys.trust, sig=bare).step is Step.SIGNATURE


def test_untrusted_root_is_rejected(keys: Keys) -> None:
    error = _rejected(keys.untrusted_blv, keys.trust)
    assert error.step is Step.TRUST


def test_empty_trust_store_trusts_nothing(keys: Keys) -> None:
    empty = TrustStore([], dict(keys.trust.allowed))
    assert _rejected(keys.blv, empty).step is Step.TRUST


def test_expired_certificate_is_rejected(keys: Keys) -> None:
    error = _rejected(keys.expired_blv, keys.trust)
    assert error.step is Step.CERTIFICATE and "hết hạn" in error.message_vi


def test_not_yet_valid_certificate_is_rejected(keys: Keys) -> None:
    error = _rejected(keys.future_blv, keys.trust)
    assert error.step is Step.CERTIFICATE and "hiệu lực từ" in error.message_vi


def test_other_units_certificate_is_rejected(keys: Keys) -> None:
    error = _rejected(keys.chi, keys.trust, unit="BLV")
    assert error.step is Step.UNIT and "BLV" in error.message_vi


def _certificate_without_unit_code(ca: Signer) -> Signer:
    """A certificate the unit already had: chains to the root but embeds no unit code."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Nguyễn Văn A")]))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(usage, critical=True)
        .sign(ca.private_key, hashes.SHA256())
    )
    return Signer(cert, key, (ca.certificate,))


def test_certificate_is_allowed_by_its_pinned_fingerprint(keys: Keys) -> None:
    plain = _certificate_without_unit_code(keys.root)
    assert _rejected(plain, keys.trust).step is Step.UNIT
    trust = TrustStore(list(keys.trust.roots), {"BLV": [plain.fingerprint]})
    info = verify_detached(DATA, sign_detached(DATA, plain), trust, "BLV", _now())
    assert info.fingerprint == plain.fingerprint


def test_pinned_certificate_of_another_unit_code_is_still_refused(keys: Keys) -> None:
    trust = TrustStore(list(keys.trust.roots), {"BLV": [keys.chi.fingerprint]})
    error = _rejected(keys.chi, trust, unit="BLV")
    assert error.step is Step.UNIT and "CHI" in error.message_vi


def test_untrusted_signer_is_refused_without_log_noise(keys: Keys, capfd) -> None:
    import logging

    # No handler of the application: what Python's last-resort handler would print to stderr.
    logging.getLogger().handlers, saved = [], logging.getLogger().handlers
    try:
        error = _rejected(keys.blv, TrustStore([], dict(keys.trust.allowed)))
    finally:
        logging.getLogger().handlers = saved
    assert error.step is Step.TRUST
    assert "Traceback" not in capfd.readouterr().err


def test_signature_carries_the_issuer_chain_only(keys: Keys) -> None:
    # A unit's key file also holds the city's signing certificate (to trust its receipts).
    signer = Signer(
        keys.blv.certificate, keys.blv.private_key, (keys.root.certificate, keys.chi.certificate)
    )
    signed = asn1_cms.ContentInfo.load(sign_detached(DATA, signer))["content"]
    carried = {c.chosen.sha256.hex() for c in signed["certificates"]}
    assert carried == {keys.blv.fingerprint, fingerprint(keys.root.certificate)}
    assert verify_detached(DATA, sign_detached(DATA, signer), keys.trust, "BLV", _now())

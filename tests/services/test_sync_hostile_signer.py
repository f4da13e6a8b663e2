"""Who may sign, and with what: certificates and digests the city must refuse even when pinned.

A CA certificate has no right to sign documents (pyHanko skips the key-usage check for a trust
root, so carapp checks it); a certificate without keyUsage, or without a signing usage, may
not sign; SHA-1 and MD5 digests are refused, saying so. Reasons never show library codes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtensionOID

from carapp.services.sync.trust import allow_certificate
from carapp.sync.errors import Step
from carapp.sync.package import encode_json
from carapp.sync.pki import Signer
from tests.services.hostile_support import (
    Attempt,
    Setup,
    forged,
    issue_with_usage,
    key_usage,
    refused,
)
from tests.services.test_sync_support import WHO, db_digest
from tests.sync.support import cms_with_digest


def _pin(setup: Setup, attempt: Attempt, signer: Signer) -> None:
    """Pin `signer` for BLV at the city, as an administrator might by mistake."""
    allow_certificate(attempt.city, WHO, "BLV", signer.certificate)
    attempt.before = (db_digest(attempt.city), attempt.before[1])


def test_the_city_root_signing_a_manifest_directly_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    _pin(setup, attempt, setup.world.ca)
    path = forged(setup, tmp_path, encode_json(setup.snapshot), signer=setup.world.ca)
    refused(setup, attempt, path, Step.CERTIFICATE.value, "(CA)")


@pytest.mark.parametrize(
    ("usage", "why"),
    [
        (None, "thiếu phần mục đích sử dụng khóa (keyUsage)"),
        (key_usage(encipherment=True), "digitalSignature hoặc nonRepudiation"),
    ],
    ids=["no-key-usage", "encipherment-only"],
)
def test_a_certificate_without_a_signing_key_usage_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, usage: object, why: str
) -> None:
    signer = issue_with_usage(setup.world.ca, "BLV", usage)  # type: ignore[arg-type]
    _pin(setup, attempt, signer)
    path = forged(setup, tmp_path, encode_json(setup.snapshot), signer=signer)
    refused(setup, attempt, path, Step.CERTIFICATE.value, why)


def test_a_ca_flagged_certificate_issued_by_the_city_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    signer = issue_with_usage(setup.world.ca, "BLV", key_usage(signature=True), ca_flag=True)
    _pin(setup, attempt, signer)
    path = forged(setup, tmp_path, encode_json(setup.snapshot), signer=signer)
    refused(setup, attempt, path, Step.CERTIFICATE.value, "(CA)")


@pytest.mark.parametrize(("digest", "name"), [("sha1", "SHA-1"), ("md5", "MD5")])
def test_a_weak_digest_is_refused_saying_so(
    setup: Setup, attempt: Attempt, tmp_path: Path, digest: str, name: str
) -> None:
    key = setup.world.unit_signer

    def sign(raw: bytes) -> bytes:
        return cms_with_digest(raw, key, digest)

    path = forged(setup, tmp_path, encode_json(setup.snapshot), sign=sign)
    refused(setup, attempt, path, Step.SIGNATURE.value, f"thuật toán băm {name}")


def test_a_hand_built_sha256_signature_is_accepted(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    from tests.services.hostile_support import import_one

    key = setup.world.unit_signer
    path = forged(
        setup,
        tmp_path,
        encode_json(setup.snapshot),
        sign=lambda raw: cms_with_digest(raw, key, "sha256"),
    )
    assert import_one(setup, attempt, path).status == "accepted"


def test_an_untrusted_signer_is_refused_without_a_library_code(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    path = forged(setup, tmp_path, encode_json(setup.snapshot), signer=setup.intruder)
    result = refused(setup, attempt, path, Step.TRUST.value, "chứng thư gốc tin cậy")
    assert "mã lỗi" not in result.reason


def test_a_certificate_with_a_damaged_extension_is_refused_saying_so(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    """The CA signed it, yet its keyUsage has a byte after its value: read lazily, it raised a library error."""
    damaged = x509.UnrecognizedExtension(ExtensionOID.KEY_USAGE, b"\x03\x02\x07\x80\x00")
    signer = issue_with_usage(setup.world.ca, "BLV", damaged)  # type: ignore[arg-type]
    _pin(setup, attempt, signer)
    path = forged(setup, tmp_path, encode_json(setup.snapshot), signer=signer)
    result = refused(setup, attempt, path, Step.CERTIFICATE.value, "hỏng")
    assert "ParseError" not in result.reason

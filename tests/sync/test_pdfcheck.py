"""carapp.sync.pdfcheck: what a package's PDF adds to the manifest's verified signature.

The whole-import cases (appended bytes, incremental update, another unit's key, unsigned,
signed twice, broken) are in tests/services/test_sync_hostile_pdf.py; these are the refusals of
the signature dictionary itself, checked on one PDF.
"""

from __future__ import annotations

import re

import pytest

from carapp.sync.errors import PackageRejected, Step
from carapp.sync.pades import sign_pdf
from carapp.sync.pdfcheck import check_pdf
from tests.sync.support import Keys


@pytest.fixture(scope="module")
def signed(keys: Keys, pdf_bytes: bytes) -> bytes:
    return sign_pdf(pdf_bytes, keys.blv, "Báo cáo", "Bạch Long Vĩ")


def _refusal(content: bytes, keys: Keys) -> str:
    with pytest.raises(PackageRejected) as caught:
        check_pdf("bao-cao.pdf", content, keys.blv.fingerprint)
    assert caught.value.step is Step.PDF
    return caught.value.reason_vi


def _same_length(content: bytes, old: bytes, new: bytes) -> bytes:
    """Return `content` with `old` replaced once by `new`, padded with spaces to its length."""
    assert len(new) <= len(old) and content.count(old) == 1
    return content.replace(old, new + b" " * (len(old) - len(new)))


def test_a_genuine_pdf_passes(signed: bytes, keys: Keys) -> None:
    check_pdf("bao-cao.pdf", signed, keys.blv.fingerprint)


def test_a_byte_changed_inside_the_signed_range_is_refused(signed: bytes, keys: Keys) -> None:
    tampered = bytearray(signed)
    tampered[signed.index(b"ReportLab")] ^= 0x01
    assert "không khớp với nội dung" in _refusal(bytes(tampered), keys)


def test_a_byte_range_whose_hole_is_not_the_contents_is_refused(signed: bytes, keys: Keys) -> None:
    found = re.search(rb"/ByteRange\s*\[[^\]]*\]", signed)
    assert found is not None
    moved = f"/ByteRange [0 10 20 {len(signed) - 20}]".encode()
    assert "chữ ký số hỏng" in _refusal(_same_length(signed, found[0], moved), keys)


def test_a_signature_that_is_no_cms_subfilter_is_refused(signed: bytes, keys: Keys) -> None:
    changed = _same_length(signed, b"/ETSI.CAdES.detached", b"/adbe.x509.rsa_sha1")
    assert "chữ ký số hỏng" in _refusal(changed, keys)


def test_a_hole_that_is_no_hex_string_is_refused(signed: bytes, keys: Keys) -> None:
    found = re.search(rb"/Contents\s*<", signed)
    assert found is not None
    broken = bytearray(signed)
    broken[found.end() + 4] = ord("x")
    assert "chữ ký số hỏng" in _refusal(bytes(broken), keys)


def test_a_signature_of_another_certificate_is_refused(signed: bytes, keys: Keys) -> None:
    with pytest.raises(PackageRejected, match="chứng thư số khác"):
        check_pdf("bao-cao.pdf", signed, "00" * 32)

"""PAdES signatures on exported PDFs, checked by poppler's pdfsig and by pyHanko."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from carapp.sync.pades import sign_pdf
from tests.sync.support import BLV_NAME, Keys

REASON = "Báo cáo kết quả thực hiện CCHC Quý I/2026"
LOCATION = "Đặc khu Bạch Long Vĩ, Hải Phòng"


@pytest.fixture(scope="module")
def signed(keys: Keys, pdf_bytes: bytes) -> bytes:
    """Return the sample PDF signed by BLV."""
    return sign_pdf(pdf_bytes, keys.blv, REASON, LOCATION)


def test_signature_is_appended_incrementally(signed: bytes, pdf_bytes: bytes) -> None:
    assert signed.startswith(pdf_bytes)
    assert b"/ETSI.CAdES.detached" in signed


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig (poppler-utils) missing")
def test_pdfsig_finds_a_valid_signature(signed: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(signed)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    assert "Signature Validation: Signature is Valid." in result.stdout, result.stdout
    assert "Total document signed" in result.stdout
    assert "ETSI.CAdES.detached" in result.stdout
    assert BLV_NAME in result.stdout


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig (poppler-utils) missing")
def test_pdfsig_sees_a_change_after_signing(signed: bytes, tmp_path: Path) -> None:
    tampered = bytearray(signed)
    tampered[signed.index(b"ReportLab")] ^= 0x01  # the header comment: parsing still works
    path = tmp_path / "tampered.pdf"
    path.write_bytes(bytes(tampered))
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    assert "Signature Validation: Digest Mismatch." in result.stdout, result.stdout


def test_pyhanko_trusts_it_with_the_city_root(signed: bytes, keys: Keys) -> None:
    root_der = keys.root.certificate.public_bytes(serialization.Encoding.DER)
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(root_der)], allow_fetching=False
    )
    embedded = PdfFileReader(BytesIO(signed)).embedded_signatures[0]
    status = validate_pdf_signature(embedded, context)
    assert status.bottom_line and status.coverage.name == "ENTIRE_FILE"
    assert status.signing_cert.sha256.hex() == keys.blv.fingerprint

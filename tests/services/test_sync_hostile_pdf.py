"""The PDFs inside a package signed with the unit's pinned key are checked too.

Each PDF must carry one PAdES signature, valid, covering the whole file, by the certificate that
signed manifest.json. The manifest lists every PDF with its hash, so these packages pass every
other check: only the PDF check can catch them.
"""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from carapp.sync.errors import Step
from carapp.sync.package import encode_json
from carapp.sync.pades import sign_pdf
from tests.services.hostile_support import Attempt, Setup, forged, import_one, refused
from tests.sync.support import read_members, small_pdf


def _signed_pdf(setup: Setup) -> bytes:
    return dict(read_members(setup.good))["phu-luc.pdf"]


def _with_pdf(setup: Setup, tmp_path: Path, pdf: bytes) -> Path:
    files = {"phu-luc.pdf": pdf, "bao-cao.pdf": dict(read_members(setup.good))["bao-cao.pdf"]}
    return forged(setup, tmp_path, encode_json(setup.snapshot), files=files)


def _updated(pdf: bytes) -> bytes:
    """Return `pdf` with an incremental update after its signature (a changed title)."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    writer.set_info(
        generic.DictionaryObject({generic.pdf_name("/Title"): generic.TextStringObject("Sửa")})
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_pdfs_of_a_genuine_package_pass(setup: Setup, attempt: Attempt, tmp_path: Path) -> None:
    result = import_one(setup, attempt, _with_pdf(setup, tmp_path, _signed_pdf(setup)))
    assert result.status == "accepted", result.reason


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (_updated, "thêm nội dung sau khi ký"),
        (lambda pdf: pdf + b"\n% them sau khi ky\n", "thêm nội dung sau khi ký"),
    ],
    ids=["incremental-update", "bytes-appended"],
)
def test_a_pdf_appended_to_after_its_signature_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, change: object, why: str
) -> None:
    pdf = change(_signed_pdf(setup))  # type: ignore[operator]
    refused(setup, attempt, _with_pdf(setup, tmp_path, pdf), Step.PDF.value, why)


def test_a_pdf_signed_by_another_units_key_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    pdf = sign_pdf(small_pdf(), setup.chi, "Báo cáo", "Chi Lăng")
    refused(setup, attempt, _with_pdf(setup, tmp_path, pdf), Step.PDF.value, "chứng thư số khác")


@pytest.mark.parametrize(
    ("pdf", "why"),
    [
        (small_pdf(), "chưa được ký số"),
        (os.urandom(4000), "không phải tệp PDF"),
        (b"%PDF-1.7\n" + os.urandom(4000), "bị hỏng"),
    ],
    ids=["unsigned", "random-bytes", "pdf-header-then-garbage"],
)
def test_an_unsigned_or_broken_pdf_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, pdf: bytes, why: str
) -> None:
    refused(setup, attempt, _with_pdf(setup, tmp_path, pdf), Step.PDF.value, why)


def test_a_pdf_signed_twice_is_refused(setup: Setup, attempt: Attempt, tmp_path: Path) -> None:
    twice = sign_pdf(
        _signed_pdf(setup), setup.world.unit_signer, "Lần hai", "BLV", field_name="Ky2"
    )
    refused(setup, attempt, _with_pdf(setup, tmp_path, twice), Step.PDF.value, "2 chữ ký")

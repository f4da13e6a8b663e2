"""Export a plan's appendix or progress report as PDF or Excel."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import Engine

from carapp import collector, export
from carapp.domain.documents import DocumentHeader, SignatureBlock
from carapp.domain.periods import ReportingPeriod
from carapp.domain.vietnam_time import iso_vietnam
from carapp.export.wording import number_line
from carapp.services.common import ServiceError
from carapp.services.documents import build_appendix, build_report

Document = Literal["appendix", "report"]
Format = Literal["pdf", "xlsx", "docx"]
DOCUMENT_LABELS = {"appendix": "Phụ lục — Danh mục nhiệm vụ", "report": "Báo cáo tiến độ"}


# The writers by format; only the one asked for is imported (reportlab, openpyxl or python-docx).
_APPENDIX_WRITERS = {
    "pdf": "write_appendix_pdf",
    "xlsx": "write_appendix_xlsx",
    "docx": "write_appendix_docx",
}
_REPORT_WRITERS = {
    "pdf": "write_report_pdf",
    "xlsx": "write_report_xlsx",
    "docx": "write_report_docx",
}


def default_file_name(document: Document, fmt: Format, period: ReportingPeriod | None) -> str:
    """Return a file name a văn thư recognises: phu-luc.pdf, bao-cao-2026-Q1.xlsx."""
    if document == "appendix":
        return f"phu-luc.{fmt}"
    return f"bao-cao-{period.code if period else 'ky'}.{fmt}"


def signature_note(signer_name: str, number: str, at: datetime) -> tuple[str, ...]:
    """Return the lines a digitally signed document shows top right of page 1 (NĐ 30/2020).

    `number` is the document's number line as printed ("Số: 12/BC-UBND", or with a blank).
    """
    lines = [f"Ký số bởi: {signer_name}"]
    if number:
        lines.append(number if number.startswith("Số:") else f"Số: {number}")
    lines.append(f"Thời gian ký: {iso_vietnam(at)}")
    return tuple(lines)


@dataclass(frozen=True)
class DocumentDetails:
    """What the officer sets for one printed document: its number, date and signer."""

    number: str = ""
    issued_on: date | None = None
    signature: SignatureBlock | None = None


def export_document(
    engine: Engine,
    document: Document,
    plan_id: str,
    fmt: Format,
    path: str | os.PathLike[str],
    period: ReportingPeriod | None = None,
    as_of: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    signature_note: tuple[str, ...] = (),
    details: DocumentDetails | None = None,
    signed_by: tuple[str, datetime] | None = None,
) -> None:
    """Build the document from the database and write it (atomically) in the chosen format.

    `details` sets the document's number, date and signature block (else the plan's and the
    unit's). `signed_by` (signer's name, signing time) prints the digital signature's note top
    right of a PDF's page 1 with the document's number; `signature_note` gives its lines as is.
    """
    details = details or DocumentDetails()
    if document == "appendix":
        appendix = build_appendix(engine, plan_id)
        if details.number:
            appendix.header.number = details.number
        if details.issued_on:
            appendix.header.issued_on = details.issued_on
        appendix.header.signature_note = _note(appendix.header, signature_note, signed_by)
        with collector.paused():
            getattr(export, _APPENDIX_WRITERS[fmt])(appendix, path, progress)
        return
    if period is None:
        raise ServiceError("Hãy chọn kỳ báo cáo.")
    report = build_report(
        engine,
        plan_id,
        period,
        as_of,
        number=details.number,
        issued_on=details.issued_on,
        signature=details.signature,
    )
    report.header.signature_note = _note(report.header, signature_note, signed_by)
    with collector.paused():
        getattr(export, _REPORT_WRITERS[fmt])(report, path, progress)


def _note(
    header: DocumentHeader, lines: tuple[str, ...], signed_by: tuple[str, datetime] | None
) -> tuple[str, ...]:
    if signed_by is None:
        return lines
    name, at = signed_by
    return signature_note(name, " ".join(number_line(header).split()), at)

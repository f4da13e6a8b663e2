"""Export a plan's appendix or progress report as PDF or Excel."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Literal

from sqlalchemy import Engine

from carapp import export
from carapp.domain.periods import ReportingPeriod
from carapp.services.common import ServiceError
from carapp.services.documents import build_appendix, build_report

Document = Literal["appendix", "report"]
Format = Literal["pdf", "xlsx"]
DOCUMENT_LABELS = {"appendix": "Phụ lục — Danh mục nhiệm vụ", "report": "Báo cáo tiến độ"}


def default_file_name(document: Document, fmt: Format, period: ReportingPeriod | None) -> str:
    """Return a file name a văn thư recognises: phu-luc.pdf, bao-cao-2026-Q1.xlsx."""
    if document == "appendix":
        return f"phu-luc.{fmt}"
    return f"bao-cao-{period.code if period else 'ky'}.{fmt}"


VIETNAM_TIME = timezone(timedelta(hours=7))


def signature_note(signer_name: str, number: str, at: datetime) -> tuple[str, ...]:
    """Return the lines a digitally signed document shows top right of page 1 (NĐ 30/2020)."""
    lines = [f"Ký số bởi: {signer_name}"]
    if number:
        lines.append(f"Số: {number}")
    lines.append(f"Thời gian ký: {at.astimezone(VIETNAM_TIME).isoformat(timespec='seconds')}")
    return tuple(lines)


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
) -> None:
    """Build the document from the database and write it (atomically) in the chosen format.

    `signature_note` is printed top right of a PDF's page 1 when the file is to be signed.
    """
    if document == "appendix":
        appendix = build_appendix(engine, plan_id)
        appendix.header.signature_note = signature_note
        # Only the writer asked for is imported (reportlab or openpyxl, not both).
        writer = export.write_appendix_pdf if fmt == "pdf" else export.write_appendix_xlsx
        writer(appendix, path, progress)
        return
    if period is None:
        raise ServiceError("Hãy chọn kỳ báo cáo.")
    report = build_report(engine, plan_id, period, as_of)
    report.header.signature_note = signature_note
    (export.write_report_pdf if fmt == "pdf" else export.write_report_xlsx)(report, path, progress)

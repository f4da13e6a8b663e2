"""The city's consolidated report (Báo cáo tổng hợp) as PDF (reportlab) and Excel (openpyxl).

Official layout like the units' reports (carapp.export): header block, "BÁO CÁO" and its
subject, then I. the units' reporting (received, on time, complete) with their counts by derived
status, II. the counts by reform area, the total sentence and the signature block.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy import Engine

from carapp.domain.documents import DocumentHeader, SignatureBlock
from carapp.domain.periods import ReportingPeriod
from carapp.domain.status import DerivedStatus
from carapp.export import wording
from carapp.export.layout import (
    SIZE_BODY,
    SIZE_TITLE,
    Flowable,
    header_block,
    para,
    room_after,
    title_block,
    write_story,
)
from carapp.export.pdf_cells import cell
from carapp.export.pdf_report import signature_block
from carapp.export.pdf_table import Column, TaskTable
from carapp.export.summary import Tally, total_sentence
from carapp.export.xlsx_common import Text, save_workbook, set_up_page, set_widths
from carapp.export.xlsx_report import write_signature
from carapp.export.xlsx_sheet import Sheet, write_header, write_titles
from carapp.services.documents import period_phrase
from carapp.services.sync.city import (
    CATEGORIES,
    Consolidation,
    CountRow,
    category_label,
    consolidate,
)

Format = Literal["pdf", "xlsx"]
TABLE_SIZE = 10.0
UNITS_HEADING = "I. TÌNH HÌNH GỬI BÁO CÁO VÀ KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA CÁC ĐƠN VỊ"
AREAS_HEADING = "II. TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO LĨNH VỰC"
UNIT_COLUMNS = ("STT", "Đơn vị", "Ngày nhận báo cáo", "Đúng hạn", "Đầy đủ", "Tổng số nhiệm vụ")
AREA_COLUMNS = ("STT", "Lĩnh vực", "Tổng số nhiệm vụ")
RECIPIENTS = ("UBND thành phố (để báo cáo);", "Các đơn vị (để biết);", "Lưu: VT.")
SIGNATURE = SignatureBlock(authority="", post="THỦ TRƯỞNG CƠ QUAN", signer="")


def subject(period: ReportingPeriod) -> str:
    """Return the report's subject line."""
    return f"Tổng hợp kết quả thực hiện cải cách hành chính của các đơn vị {period_phrase(period)}"


def _header(c: Consolidation) -> DocumentHeader:
    return DocumentHeader(
        issuer=c.city_name or "CƠ QUAN THƯỜNG TRỰC CẢI CÁCH HÀNH CHÍNH", issued_on=c.as_of
    )


def _day(value: date | None) -> str:
    return wording.day_month_year(value) if value else ""


def unit_cells(c: Consolidation) -> list[list[str]]:
    """Return the units table's rows as text."""
    rows = []
    by_code = {row.code: row for row in c.units}
    for number, status in enumerate(c.statuses, start=1):
        counts = by_code[status.code]
        received = status.received_at.date() if status.received_at else None
        rows.append(
            [
                str(number),
                f"{status.name} ({status.code})" if status.name else status.code,
                _day(received) or "Chưa nhận",
                status.timeliness_label,
                status.completeness_label,
                str(counts.total),
                *(str(counts.count(cat)) for cat in CATEGORIES),
            ]
        )
    return rows


def _count_cells(number: str, row: CountRow) -> list[str]:
    return [number, row.label, str(row.total), *(str(row.count(cat)) for cat in CATEGORIES)]


def area_cells(c: Consolidation) -> list[list[str]]:
    """Return the areas table's rows as text, the total last."""
    rows = [_count_cells(str(n), row) for n, row in enumerate(c.areas, start=1)]
    return [*rows, _count_cells("", c.total)]


def total_text(c: Consolidation) -> str:
    """Return the total sentence ("Tổng số N nhiệm vụ; đã hoàn thành …")."""
    counts = {s: c.total.count(s) for s in DerivedStatus}
    return total_sentence(Tally(c.total.label, counts, c.total.total))


def _category_titles() -> list[str]:
    return [category_label(cat) for cat in CATEGORIES]


def write_consolidated_pdf(c: Consolidation, path: str | os.PathLike[str]) -> None:
    """Write the consolidated report as a landscape A4 PDF (atomically)."""
    story: list[Flowable] = header_block(_header(c))
    story += title_block(
        wording.REPORT_KIND,
        [subject(c.period)],
        [f"(Số liệu tính đến ngày {wording.day_month_year(c.as_of)})"],
    )
    story.append(para(UNITS_HEADING, SIZE_BODY, bold=True, align="left"))
    story.append(Spacer(1, 2 * mm))
    units = TaskTable(
        [
            Column(UNIT_COLUMNS[0], 8, "center"),
            Column(UNIT_COLUMNS[1], 44),
            Column(UNIT_COLUMNS[2], 18, "center"),
            Column(UNIT_COLUMNS[3], 16, "center"),
            Column(UNIT_COLUMNS[4], 16, "center"),
            Column(UNIT_COLUMNS[5], 14, "center"),
            *(Column(t, 16, "center") for t in _category_titles()),
        ],
        TABLE_SIZE,
        "carapp-city-units",
    )
    for row in unit_cells(c):
        units.add_row([cell(v) for v in row])
    story += units.build(room_after(story))
    story.append(Spacer(1, 5 * mm))
    story.append(para(AREAS_HEADING, SIZE_BODY, bold=True, align="left"))
    story.append(Spacer(1, 2 * mm))
    areas = TaskTable(
        [
            Column(AREA_COLUMNS[0], 8, "center"),
            Column(AREA_COLUMNS[1], 70),
            Column(AREA_COLUMNS[2], 18, "center"),
            *(Column(t, 18, "center") for t in _category_titles()),
        ],
        TABLE_SIZE,
        "carapp-city-areas",
    )
    rows = area_cells(c)
    for row in rows[:-1]:
        areas.add_row([cell(v) for v in row])
    total = rows[-1]
    areas.add_row([cell(total[1]), [], *(cell(v) for v in total[2:])], bold=True, merge=(0, 1))
    story += areas.build()
    story.append(Spacer(1, 3 * mm))
    story.append(para(total_text(c), SIZE_BODY, align="justify"))
    story.append(signature_block(SIGNATURE, list(RECIPIENTS)))
    write_story(
        path,
        story,
        title=f"{wording.REPORT_KIND} {subject(c.period)}",
        author=c.city_name,
        table_id=units.table_id,
        total_rows=units.row_count,
        progress=None,
    )


XLSX_WIDTHS = (6.0, 34.0, 12.0, 11.0, 12.0, 10.0, 12.0, 12.0, 12.0, 10.0, 11.0, 12.0)


def write_consolidated_xlsx(c: Consolidation, path: str | os.PathLike[str]) -> None:
    """Write the consolidated report as an .xlsx workbook (atomically)."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Tổng hợp"
    columns = len(XLSX_WIDTHS)
    set_widths(ws, XLSX_WIDTHS)
    sheet = Sheet(ws, XLSX_WIDTHS)
    write_header(sheet, _header(c), 3, columns)
    write_titles(
        sheet,
        [
            Text(wording.REPORT_KIND, SIZE_TITLE, bold=True),
            Text(subject(c.period), SIZE_TITLE, bold=True),
            Text(
                f"(Số liệu tính đến ngày {wording.day_month_year(c.as_of)})",
                SIZE_TITLE,
                italic=True,
            ),
        ],
        columns,
    )
    sheet.line((1, columns, Text(UNITS_HEADING, SIZE_BODY, bold=True, align="left")))
    title_row = sheet.header_row([*UNIT_COLUMNS, *_category_titles()], TABLE_SIZE)
    aligns = ["center", "left"] + ["center"] * (columns - 2)
    for row in unit_cells(c):
        sheet.task_rows([Text(v, TABLE_SIZE, align=a) for v, a in zip(row, aligns, strict=True)])
    sheet.blank()
    sheet.line((1, columns, Text(AREAS_HEADING, SIZE_BODY, bold=True, align="left")))
    # The areas table puts its category counts under the units table's category columns.
    blank3 = ["", "", ""]
    head = sheet.header_row(
        [AREA_COLUMNS[0], AREA_COLUMNS[1], *blank3, AREA_COLUMNS[2], *_category_titles()],
        TABLE_SIZE,
    )
    ws.merge_cells(start_row=head, start_column=2, end_row=head, end_column=5)
    rows = area_cells(c)
    for index, row in enumerate(rows):
        values = [row[0], row[1], *blank3, *row[2:]]
        bold = index == len(rows) - 1
        first = sheet.task_rows(
            [Text(v, TABLE_SIZE, bold=bold, align=a) for v, a in zip(values, aligns, strict=True)]
        )
        ws.merge_cells(start_row=first, start_column=2, end_row=first, end_column=5)
    sheet.blank()
    sheet.line((1, columns, Text(total_text(c), SIZE_BODY, align="left")))
    write_signature(sheet, SIGNATURE, list(RECIPIENTS))
    set_up_page(ws, title_row, columns, sheet.row - 1)
    workbook.properties.title = f"{wording.REPORT_KIND} {subject(c.period)}"
    workbook.properties.creator = "carapp"
    save_workbook(workbook, path)


def export_consolidated(
    engine: Engine,
    period: ReportingPeriod,
    fmt: Format,
    path: str | os.PathLike[str],
    *,
    today: date | None = None,
) -> Path:
    """Build the city's consolidated report of `period` and write it as PDF or Excel."""
    consolidation = consolidate(engine, period, today=today)
    if fmt == "pdf":
        write_consolidated_pdf(consolidation, path)
    else:
        write_consolidated_xlsx(consolidation, path)
    return Path(path)

"""The city's consolidated report (Báo cáo tổng hợp) as an Excel workbook (openpyxl)."""

from __future__ import annotations

import os

from openpyxl import Workbook

from carapp.domain.city import Consolidation
from carapp.export import wording
from carapp.export.city_cells import (
    AREA_COLUMNS,
    AREAS_HEADING,
    PROVINCE_COLUMNS,
    PROVINCES_HEADING,
    RECIPIENTS,
    SIGNATURE,
    TABLE_SIZE,
    UNIT_COLUMNS,
    UNITS_HEADING,
    area_cells,
    category_titles,
    consolidated_header,
    province_cells,
    subject,
    total_text,
    unit_cells,
)
from carapp.export.layout import SIZE_BODY, SIZE_TITLE
from carapp.export.xlsx_common import Text, save_workbook, set_up_page, set_widths
from carapp.export.xlsx_report import write_signature
from carapp.export.xlsx_sheet import Sheet, write_header, write_titles

XLSX_WIDTHS = (6.0, 34.0, 12.0, 11.0, 12.0, 10.0, 12.0, 12.0, 12.0, 10.0, 11.0, 12.0)


def write_consolidated_xlsx(c: Consolidation, path: str | os.PathLike[str]) -> None:
    """Write the consolidated report as an .xlsx workbook (atomically)."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Tổng hợp"
    columns = len(XLSX_WIDTHS)
    set_widths(ws, XLSX_WIDTHS)
    sheet = Sheet(ws, XLSX_WIDTHS)
    write_header(sheet, consolidated_header(c), 3, columns)
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
    title_row = sheet.header_row([*UNIT_COLUMNS, *category_titles()], TABLE_SIZE)
    aligns = ["center", "left"] + ["center"] * (columns - 2)
    for row in unit_cells(c):
        sheet.task_rows([Text(v, TABLE_SIZE, align=a) for v, a in zip(row, aligns, strict=True)])
    sheet.blank()
    sheet.line((1, columns, Text(AREAS_HEADING, SIZE_BODY, bold=True, align="left")))
    # The areas table puts its category counts under the units table's category columns.
    blank3 = ["", "", ""]
    head = sheet.header_row(
        [AREA_COLUMNS[0], AREA_COLUMNS[1], *blank3, AREA_COLUMNS[2], *category_titles()],
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
    _provinces(sheet, c, aligns)
    sheet.blank()
    sheet.line((1, columns, Text(total_text(c), SIZE_BODY, align="left")))
    write_signature(sheet, SIGNATURE, list(RECIPIENTS))
    set_up_page(ws, title_row, columns, sheet.row - 1)
    workbook.properties.title = f"{wording.REPORT_KIND} {subject(c.period)}"
    workbook.properties.creator = "carapp"
    save_workbook(workbook, path)


def _provinces(sheet: Sheet, c: Consolidation, aligns: list[str]) -> None:
    """Add the provinces table (name over columns 2–4, like the areas table)."""
    rows = province_cells(c)
    if not rows:
        return
    columns = len(XLSX_WIDTHS)
    sheet.blank()
    sheet.line((1, columns, Text(PROVINCES_HEADING, SIZE_BODY, bold=True, align="left")))
    number, name, received, total = PROVINCE_COLUMNS
    head = sheet.header_row([number, name, "", "", received, total, *category_titles()], TABLE_SIZE)
    sheet.ws.merge_cells(start_row=head, start_column=2, end_row=head, end_column=4)
    for row in rows:
        values = [row[0], row[1], "", "", *row[2:]]
        first = sheet.task_rows(
            [Text(v, TABLE_SIZE, align=a) for v, a in zip(values, aligns, strict=True)]
        )
        sheet.ws.merge_cells(start_row=first, start_column=2, end_row=first, end_column=4)

"""The city's consolidated report (Báo cáo tổng hợp) as a landscape A4 PDF (reportlab).

Official layout like the units' reports: header block, "BÁO CÁO" and its subject, then I. the
units' reporting (received, on time, complete) with their counts by derived status, II. the
counts by reform area, III. per province when the units sit under several (national scale), the
total sentence and the signature block.
"""

from __future__ import annotations

import os

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

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
from carapp.export.layout import (
    SIZE_BODY,
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


def write_consolidated_pdf(c: Consolidation, path: str | os.PathLike[str]) -> None:
    """Write the consolidated report as a landscape A4 PDF (atomically)."""
    story: list[Flowable] = header_block(consolidated_header(c))
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
            *(Column(t, 16, "center") for t in category_titles()),
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
            *(Column(t, 18, "center") for t in category_titles()),
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
    story += _provinces(c)
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


def _provinces(c: Consolidation) -> list[Flowable]:
    rows = province_cells(c)
    if not rows:
        return []
    table = TaskTable(
        [
            Column(PROVINCE_COLUMNS[0], 8, "center"),
            Column(PROVINCE_COLUMNS[1], 52),
            Column(PROVINCE_COLUMNS[2], 18, "center"),
            Column(PROVINCE_COLUMNS[3], 18, "center"),
            *(Column(t, 18, "center") for t in category_titles()),
        ],
        TABLE_SIZE,
        "carapp-city-provinces",
    )
    for row in rows:
        table.add_row([cell(v) for v in row])
    heading = para(PROVINCES_HEADING, SIZE_BODY, bold=True, align="left")
    return [Spacer(1, 5 * mm), heading, Spacer(1, 2 * mm), *table.build()]

"""The plan's appendix as an Excel workbook laid out for printing, that can be read back.

Columns A–F are the printed table; column G ("ID", hidden) holds each task's stable id. A task
whose cell is too tall for one row continues on the rows below, which carry the same id: a
reader appends those rows' text to the task. A row the user adds (no id) is read as in any
other file: a sub-item when it has its own lead, output or deadline, or a marker.
"""

from __future__ import annotations

import os

from carapp.domain.documents import Appendix, TaskRow
from carapp.export import wording
from carapp.export.layout import SIZE_TITLE, Progress
from carapp.export.xlsx_baseline import add_baseline
from carapp.export.xlsx_common import (
    Text,
    new_workbook,
    print_widths,
    save_workbook,
    set_up_page,
    set_widths,
)
from carapp.export.xlsx_pages import keep_sections_with_rows
from carapp.export.xlsx_sheet import Sheet, write_header, write_titles

SHEET_TITLE = "Phụ lục"
TABLE_SIZE = 12.0
# Column widths in characters: the task's content gets the widest column; G is the hidden ID.
COLUMNS = 6
# Column widths in characters, sized to print at about 90 % (never below 85 %).
WIDTHS = print_widths((6.0, 54.0, 21.0, 21.0, 19.0, 14.0, 38.0), COLUMNS)
ID_COLUMN = 7
ALIGNS = ("center", "left", "left", "left", "left", "center")


def task_texts(task: TaskRow) -> list[Text]:
    """Return a task's six cells; a sub-item's content behind its marker ("- …")."""
    values = (
        task.number,
        task.printed_content,
        task.lead,
        task.cooperating,
        task.output,
        task.deadline,
    )
    return [Text(wording.text(v), TABLE_SIZE, align=a) for v, a in zip(values, ALIGNS, strict=True)]


def baseline(appendix: Appendix) -> dict[str, dict[str, str]]:
    """Return each task's fields as exported, to tell later edits apart on import."""
    fields = ("number", "content", "lead", "cooperating", "output", "deadline")
    return {
        task.id: {f: wording.text(getattr(task, f)) for f in fields}
        for section in appendix.sections
        for task in section.tasks
        if task.id
    }


def write_appendix_xlsx(
    appendix: Appendix, path: str | os.PathLike[str], progress: Progress | None = None
) -> None:
    """Write `appendix` to `path` as an .xlsx workbook (atomically).

    `progress(done, total)` is called after each task written.
    """
    total = sum(len(s.tasks) for s in appendix.sections)
    workbook = new_workbook()
    ws = workbook.active
    ws.title = SHEET_TITLE
    set_widths(ws, WIDTHS, hidden=[ID_COLUMN])
    sheet = Sheet(ws, WIDTHS)
    write_header(sheet, appendix.header, 2, COLUMNS)
    write_titles(
        sheet,
        [
            Text(wording.text(appendix.label), SIZE_TITLE, bold=True),
            Text(wording.text(appendix.title).upper(), SIZE_TITLE, bold=True),
            Text(wording.in_parentheses(appendix.attached_to), SIZE_TITLE, italic=True),
        ],
        COLUMNS,
    )
    title_row = sheet.header_row([*wording.APPENDIX_COLUMNS, wording.ID_HEADER], TABLE_SIZE)
    done = 0
    for section in appendix.sections:
        sheet.section_row(section.numeral, section.title, TABLE_SIZE, COLUMNS)
        for task in section.tasks:
            first = sheet.task_rows(task_texts(task))
            for row in range(first, sheet.row):  # every piece of a cut row names its task
                ws.cell(row, ID_COLUMN, task.id or None)
            done += 1
            if progress:
                progress(done, total)
    ws.freeze_panes = ws.cell(title_row + 1, 1)
    set_up_page(ws, title_row, COLUMNS, sheet.row - 1)
    keep_sections_with_rows(ws, title_row, sheet.row - 1, sheet.sections, WIDTHS[:COLUMNS])
    add_baseline(workbook, baseline(appendix))
    workbook.properties.title = wording.text(appendix.title)
    workbook.properties.creator = "carapp"
    save_workbook(workbook, path)
    if progress:
        progress(total, total)

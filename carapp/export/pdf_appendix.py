"""The plan's appendix (Phụ lục: danh mục nhiệm vụ) as a PDF in the official layout."""

from __future__ import annotations

import os

from carapp.domain.documents import Appendix, TaskRow
from carapp.export import wording
from carapp.export.layout import Progress, header_block, room_after, title_block, write_story
from carapp.export.pdf_cells import Item, cell
from carapp.export.pdf_table import Column, TaskTable

TABLE_SIZE = 12.0

# Relative widths (millimetres on landscape A4): the task's content gets the widest column.
COLUMNS = (
    Column(wording.APPENDIX_COLUMNS[0], 12, "center"),
    Column(wording.APPENDIX_COLUMNS[1], 92, "justify"),
    Column(wording.APPENDIX_COLUMNS[2], 40),
    Column(wording.APPENDIX_COLUMNS[3], 40),
    Column(wording.APPENDIX_COLUMNS[4], 36),
    Column(wording.APPENDIX_COLUMNS[5], 32, "center"),
)


def task_cells(task: TaskRow) -> list[list[Item]]:
    """Return a task's six cells as printed; a sub-item's content behind its marker ("- …")."""
    values = (
        task.number,
        task.printed_content,
        task.lead,
        task.cooperating,
        task.output,
        task.deadline,
    )
    return [cell(value) for value in values]


def appendix_table(appendix: Appendix) -> TaskTable:
    """Return the task table: one section row per section, then its tasks."""
    table = TaskTable(COLUMNS, TABLE_SIZE)
    for section in appendix.sections:
        table.add_section(section.numeral, section.title)
        for task in section.tasks:
            table.add_row(task_cells(task))
    return table


def write_appendix_pdf(
    appendix: Appendix, path: str | os.PathLike[str], progress: Progress | None = None
) -> None:
    """Write `appendix` to `path` as a landscape A4 PDF (atomically).

    `progress(done, total)` is called as the table's rows are laid out on pages.
    """
    table = appendix_table(appendix)
    story = header_block(appendix.header)
    story += title_block(
        appendix.label,
        [wording.text(appendix.title).upper()],
        [wording.in_parentheses(appendix.attached_to)],
    )
    story += table.build(room_after(story))
    write_story(
        path,
        story,
        title=f"{wording.text(appendix.label)} - {wording.text(appendix.title)}",
        author=wording.text(appendix.header.issuer),
        table_id=table.table_id,
        total_rows=table.row_count,
        progress=progress,
        signature_note=appendix.header.signature_note,
    )

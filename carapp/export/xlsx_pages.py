"""Manual page breaks for the workbooks, so that a section row never ends a printed page.

Every row's height is known (set from the measured text), and so is the print scale (the
columns are sized for it), so the pages can be laid out here as Excel and LibreOffice will.
A break is put at the end of every page, a little early (PAGE_SAFETY) so that neither program
needs a break of its own before it; a section row that would end a page goes to the next one.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from openpyxl.worksheet.pagebreak import Break, RowBreak

from carapp.export.layout import MARGIN_BOTTOM_MM
from carapp.export.xlsx_common import PRINT_WIDTH_PT, SHEET_MARGIN_TOP_MM, column_points

PAGE_SAFETY = 0.97
DEFAULT_ROW_HEIGHT = 15.0


def print_scale(widths: Sequence[float]) -> float:
    """Return the scale at which the printed columns fit the page's width (at most 100 %)."""
    return min(1.0, PRINT_WIDTH_PT / sum(column_points(w) for w in widths))


def page_starts(
    heights: Sequence[float],
    title: int,
    sections: Collection[int],
    room: float,
    blocks: Sequence[tuple[int, int]] = (),
) -> list[int]:
    """Return the rows (1-based) that start pages 2, 3 …; `heights[i]` is row i + 1's height.

    The header row `title` is repeated at the top of every page after the first; a block
    (first, last row: the summary, the signature block) is not cut, it goes to the next page.
    """
    starts: list[int] = []
    used = 0.0
    for row in range(1, len(heights) + 1):
        height = heights[row - 1]
        if used + height > room and used > 0:
            start = row - 1 if row - 1 in sections and row - 1 > title + 1 else row
            for first, last in blocks:
                if first < start <= last and first > (starts[-1] if starts else title):
                    start = first
            if start in starts or start <= title:
                start = row
            starts.append(start)
            used = heights[title - 1] + sum(heights[start - 1 : row - 1])
        used += height
    return starts


def keep_sections_with_rows(
    ws: Any,
    title: int,
    last_row: int,
    sections: Collection[int],
    widths: Sequence[float],
    blocks: Sequence[tuple[int, int]] = (),
) -> list[int]:
    """Put a manual break before every page's first row; return those rows."""
    page_mm = 210.0 - SHEET_MARGIN_TOP_MM - MARGIN_BOTTOM_MM
    room = page_mm * 72 / 25.4 / print_scale(widths) * PAGE_SAFETY
    heights = [
        ws.row_dimensions[row].height or DEFAULT_ROW_HEIGHT for row in range(1, last_row + 1)
    ]
    starts = page_starts(heights, title, set(sections), room, blocks)
    ws.row_breaks = RowBreak()
    for start in starts:
        ws.row_breaks.append(Break(id=start - 1))  # a break after row id
    return starts

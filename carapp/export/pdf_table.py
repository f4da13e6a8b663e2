"""The bordered task table of the PDFs: header row on every page, section rows, wrapping cells.

Every cell is a Paragraph so that it wraps, and the table splits between rows. A row too tall
to sit comfortably on a page (a task of several thousand characters) is cut beforehand into
several table rows of a few lines each, drawn without a rule between them, so that the long
cell flows on over as many pages as it needs, no text is lost, and the page break falls
between two of those rows like anywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import LongTable, PageBreak, TableStyle

from carapp.export.fonts import TABLE_FONT
from carapp.export.layout import FRAME_HEIGHT, FRAME_WIDTH, Flowable, style
from carapp.export.pdf_cells import (
    CHUNK_HEIGHT,
    EXPLODE_HEIGHT,
    Item,
    Rich,
    as_cell,
    chunks,
    content_height,
    may_be_tall,
    paragraph,
    wrap_at,
)

TASK_TABLE_ID = "carapp-tasks"
LINE_WIDTH = 0.5
PADDING_X, PADDING_TOP, PADDING_BOTTOM = 3.0, 2.0, 4.0
SHARED_UP_TO = 200  # characters: cells this short and equal share one laid-out paragraph


@dataclass(frozen=True)
class Column:
    """A table column: its heading, its relative width and how its text is aligned."""

    title: str
    weight: float
    align: str = "left"


def column_widths(columns: Sequence[Column], width: float = FRAME_WIDTH) -> list[float]:
    """Return the columns' widths in points, sharing `width` in proportion to their weights."""
    total = sum(c.weight for c in columns)
    return [width * c.weight / total for c in columns]


class TaskTable:
    """Collects section and task rows, then builds one LongTable with every row height known."""

    def __init__(self, columns: Sequence[Column], size: float, table_id: str = TASK_TABLE_ID):
        self.columns = list(columns)
        self.widths = column_widths(self.columns)
        self.size = size
        self.table_id = table_id
        heading = style(size, bold=True)
        self._rows: list[list[Any]] = [[paragraph(c.title, heading) for c in columns]]
        self._spans: dict[int, tuple[int, int]] = {}  # row -> first and last column merged
        self._open_below: set[int] = set()  # rows continued by the next one (no rule between)
        self._shared: dict[tuple[str, str, float], Flowable] = {}
        self._sections: set[int] = set()

    def _paragraph(self, item: Item, para_style: Any, width: float) -> Flowable:
        """Return the paragraph for `item`, shared between cells of the same short plain text.

        Lead units, outputs and deadlines repeat down a plan; one laid-out paragraph can be
        drawn in many cells of the same width.
        """
        if isinstance(item, Rich) or len(item) > SHARED_UP_TO:
            return paragraph(item, para_style)
        key = (item, para_style.name, width)
        flow = self._shared.get(key)
        if flow is None:
            flow = self._shared[key] = paragraph(item, para_style)
        return flow

    @property
    def row_count(self) -> int:
        """Return the number of table rows below the header."""
        return len(self._rows) - 1

    def add_section(self, numeral: str, title: str) -> None:
        """Add a section row: the numeral, then the title in bold across the other columns."""
        self._sections.add(len(self._rows))
        empty: list[list[Item]] = [[] for _ in self.columns[2:]]
        self.add_row([[numeral], [title], *empty], bold=True, merge=(1, len(self.columns) - 1))

    def add_row(
        self,
        cells: Sequence[Sequence[Item]],
        *,
        bold: bool = False,
        merge: tuple[int, int] | None = None,
    ) -> None:
        """Add a row; each cell is a list of paragraphs (plain text or Rich markup).

        `merge` = (first, last) merges those cells (column indexes), which must be empty but
        the first. Not with reportlab's SPAN, which makes it recompute every cell's span at each
        page's split of a long table (quadratic): the first cell is laid out at the merged width
        and drawn over the empty cells beside it, and the rules between them are left out.
        """
        first_merged, last_merged = merge or (-1, -1)
        pieces: list[list[list[Flowable]]] = []
        for index, (column, items) in enumerate(zip(self.columns, cells, strict=True)):
            merged = index == first_merged
            width = sum(self.widths[index : last_merged + 1]) if merged else self.widths[index]
            align = "left" if merged and column.align == "justify" else column.align
            first = style(self.size, bold=bold, align=align)
            later = style(self.size, bold=bold, align=align, space_before=3)
            items = [i for i in items if i]
            make = paragraph if merged else partial(self._paragraph, width=width)
            flows = [make(item, later if n else first) for n, item in enumerate(items)]
            inner = width - 2 * PADDING_X
            if merged:
                for flow in flows:
                    wrap_at(flow, inner)
            tall = may_be_tall(items, inner, self.size)
            if tall and content_height(flows, inner) + PADDING_TOP > EXPLODE_HEIGHT:
                pieces.append(chunks(flows, inner, CHUNK_HEIGHT))
            else:
                pieces.append([flows])
        count = max(len(p) for p in pieces)
        for i in range(count):
            if i < count - 1:
                self._open_below.add(len(self._rows))
            if merge:
                self._spans[len(self._rows)] = merge
            self._rows.append([as_cell(p[i]) if i < len(p) else "" for p in pieces])

    def _row_height(self, index: int) -> float:
        """Return a row's height: its tallest cell (a merged one wraps at its merged width)."""
        height = 0.0
        for column, value in enumerate(self._rows[index]):
            if value:
                flows = value if isinstance(value, list) else [value]
                inner = self.widths[column] - 2 * PADDING_X
                height = max(height, content_height(flows, inner))
        bottom = 0.0 if index in self._open_below else PADDING_BOTTOM
        return height + PADDING_TOP + bottom

    def build(self, first_room: float | None = None) -> list[Flowable]:
        """Return the table as flowables: one table per page when page 1's room is known.

        A single LongTable of 1,000 rows makes reportlab rebuild the rest of the table at every
        page break (quadratic time). Every row height being known, the rows are put on pages
        here: each page gets its own table starting with the header row, and a page break
        follows it. Should a page's table not fit after all, reportlab still splits it,
        repeating the header, and no text is lost.
        """
        heights = [self._row_height(i) for i in range(len(self._rows))]
        if first_room is None:
            return [self._table(list(range(len(self._rows))), heights)]
        story: list[Flowable] = []
        for number, page in enumerate(self._pages(heights, first_room)):
            if number:
                story.append(PageBreak())
            if page:
                story.append(self._table([0, *page], heights))
        return story

    def _pages(self, heights: list[float], first_room: float) -> list[list[int]]:
        """Return the rows (indexes) of each page; page 1 has `first_room` points."""
        full = FRAME_HEIGHT - heights[0]
        room, used = first_room - heights[0], 0.0
        pages: list[list[int]] = [[]]
        for row in range(1, len(heights)):
            if used + heights[row] > room and (pages[-1] or room < full):
                # A section row does not stay alone at the foot of a page.
                carried = (
                    [pages[-1].pop()] if pages[-1][-1:] and pages[-1][-1] in self._sections else []
                )
                pages.append(carried)
                room, used = full, sum(heights[r] for r in carried)
            pages[-1].append(row)
            used += heights[row]
        return pages

    def _table(self, rows: list[int], heights: list[float]) -> Flowable:
        """Return a LongTable of the given rows (row 0, the header, first)."""
        local = {row: index for index, row in enumerate(rows)}
        spans = {local[r]: span for r, span in self._spans.items() if r in local}
        open_below = {local[r] for r in self._open_below if r in local} - {len(rows) - 1}
        table = LongTable(
            [self._rows[r] for r in rows],
            colWidths=self.widths,
            rowHeights=[heights[r] for r in rows],
            repeatRows=1,
            splitByRow=1,
            ident=self.table_id,
            hAlign="CENTER",
        )
        commands = _rules(len(rows), len(self.columns), spans, open_below) + [
            TABLE_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING_X),
            ("TOPPADDING", (0, 0), (-1, -1), PADDING_TOP),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING_BOTTOM),
        ]
        for row in open_below:  # join a cut row's pieces at about the line spacing
            commands.append(("BOTTOMPADDING", (0, row), (-1, row), 0))
        table.setStyle(TableStyle(commands))
        table.onSplit = _close_part
        return table


def _rules(
    rows: int, columns: int, spans: dict[int, tuple[int, int]], open_below: set[int]
) -> list[tuple[Any, ...]]:
    """Return the rules: verticals but inside merged cells, under every row but a cut one's."""
    black, lw = colors.black, LINE_WIDTH
    rules: list[tuple[Any, ...]] = [
        ("LINEAFTER", (-1, 0), (-1, -1), lw, black),
        ("LINEABOVE", (0, 0), (-1, 0), lw, black),
    ]
    for column in range(columns):
        merged = {r for r, (a, b) in spans.items() if a < column <= b}
        for start, end in _runs(rows, merged):
            rules.append(("LINEBEFORE", (column, start), (column, end), lw, black))
    for start, end in _runs(rows, open_below):
        rules.append(("LINEBELOW", (0, start), (-1, end), lw, black))
    return rules


def _runs(count: int, skipped: set[int]) -> list[tuple[int, int]]:
    """Return the runs [start, end] of 0..count-1 that leave out the numbers in `skipped`."""
    runs, start = [], 0
    for stop in [*sorted(skipped), count]:
        if stop > start:
            runs.append((start, stop - 1))
        start = stop + 1
    return runs


def _close_part(part: Flowable, byRow: int = 1) -> None:  # noqa: N803 (reportlab's name)
    """Rule under the last row of every page's part of the table, also between a cut row's pieces.

    (reportlab's "splitlast" style row is dropped after the second split, so do it here.)
    """
    part.setStyle(
        TableStyle([TABLE_FONT, ("LINEBELOW", (0, -1), (-1, -1), LINE_WIDTH, colors.black)])
    )
    part.onSplit = _close_part

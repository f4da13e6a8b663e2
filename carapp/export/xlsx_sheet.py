"""A worksheet filled row by row: merged lines of text, the bordered table, computed heights."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Border

from carapp.domain.documents import DocumentHeader
from carapp.export import wording
from carapp.export.fonts import text_width
from carapp.export.layout import (
    SIZE_ISSUER,
    SIZE_MOTTO,
    SIZE_NATIONAL,
    SIZE_NUMBER,
    SIZE_PLACE_DATE,
)
from carapp.export.xlsx_common import (
    MAX_ROW_LINES,
    PIECE_LINES,
    THIN,
    Text,
    alignment,
    border,
    column_points,
    font,
    height_for,
    rejoin,
    text_area,
    wrap_marked,
)

Piece = tuple[int, int, Text]  # first column, last column (1-based, merged), text


RULE_ROW_HEIGHT = 4.0


def centred_span(widths: Sequence[float], first: int, last: int, length: float) -> tuple[int, int]:
    """Return the columns (1-based) within first..last, about the middle, nearest `length` pt."""
    points = [column_points(w) for w in widths]
    middle = (sum(points[: first - 1]) + sum(points[:last])) / 2
    best = (first, first)
    best_score = float("inf")
    for start in range(first, last + 1):
        for end in range(start, last + 1):
            left = sum(points[: start - 1])
            right = left + sum(points[start - 1 : end])
            score = abs((right - left) - length) + 2 * abs((left + right) / 2 - middle)
            if score < best_score:
                best, best_score = (start, end), score
    return best


class Sheet:
    """Writes rows into `ws` from row 1 down, sizing every row for its wrapped text."""

    def __init__(self, ws: Any, widths: Sequence[float]) -> None:
        self.ws = ws
        self.widths = list(widths)
        self.row = 1
        self.sections: list[int] = []  # the section rows written

    def width(self, first: int, last: int) -> float:
        """Return the text width in points of columns first..last merged."""
        return text_area(sum(self.widths[first - 1 : last]))

    def _lines(self, text: Text, first: int, last: int) -> list[tuple[str, bool]]:
        if not text.value:
            return []
        width = self.width(first, last)
        return wrap_marked(text.value, width, text.size, bold=text.bold, italic=text.italic)

    def _put(self, first: int, last: int, text: Text, vertical: str = "top") -> Any:
        # Input is cleaned of control characters; a text that still holds one must not stop
        # the export (openpyxl raises IllegalCharacterError).
        cell = self.ws.cell(self.row, first, ILLEGAL_CHARACTERS_RE.sub("", text.value) or None)
        cell.font = font(text.size, text.bold, text.italic)
        cell.alignment = alignment(text.align, vertical)
        if last > first:
            self.ws.merge_cells(
                start_row=self.row, start_column=first, end_row=self.row, end_column=last
            )
        return cell

    def line(self, *pieces: Piece) -> int:
        """Write one row of merged, unbordered pieces of text; return its number."""
        height = 0.0
        for first, last, text in pieces:
            self._put(first, last, text)
            lines = len(self._lines(text, first, last))
            height = max(height, height_for(lines, text.size))
        return self._finish(height)

    def rules(self, *spans: tuple[int, int, float]) -> int:
        """Write a thin row with a rule about `length` points long centred under each span."""
        for first, last, length in spans:
            start, end = centred_span(self.widths, first, last, length)
            for column in range(start, end + 1):
                self.ws.cell(self.row, column).border = Border(top=THIN)
        return self._finish(RULE_ROW_HEIGHT)

    def blank(self, height: float = 8.0) -> int:
        """Write an empty row `height` points high."""
        return self._finish(height)

    def _finish(self, height: float) -> int:
        self.ws.row_dimensions[self.row].height = height
        self.row += 1
        return self.row - 1

    def _bordered(
        self, texts: Sequence[Text], edges: tuple[bool, bool], vertical: str, lines: Sequence[int]
    ) -> float:
        """Write one table row, every cell bordered; return the height `lines` lines need."""
        for column, text in enumerate(texts, start=1):
            self._put(column, column, text, vertical).border = border(*edges)
        return max(height_for(n, t.size) for n, t in zip(lines, texts, strict=True))

    def header_row(self, titles: Sequence[str], size: float) -> int:
        """Write the table's header row: bold, centred, bordered; return its number."""
        texts = [Text(wording.text(t), size, bold=True) for t in titles]
        lines = [len(self._lines(t, c, c)) for c, t in enumerate(texts, start=1)]
        return self._finish(self._bordered(texts, (True, True), "center", lines))

    def section_row(self, numeral: str, title: str, size: float, columns: int) -> int:
        """Write a section row: the numeral, then the bold title merged over the other columns."""
        self.sections.append(self.row)
        title_text = Text(wording.text(title), size, bold=True, align="left")
        texts = [Text(wording.text(numeral), size, bold=True), title_text]
        texts += [Text("", size)] * (columns - 2)
        lines = [1, len(self._lines(title_text, 2, columns))] + [1] * (columns - 2)
        height = self._bordered(texts, (True, True), "top", lines)
        self.ws.merge_cells(
            start_row=self.row, start_column=2, end_row=self.row, end_column=columns
        )
        return self._finish(height)

    def task_rows(self, texts: Sequence[Text]) -> int:
        """Write a task's row, cut into several rows when a cell is too tall; return the first."""
        wrapped = [self._lines(t, c, c) for c, t in enumerate(texts, start=1)]
        most = max(len(w) for w in wrapped)
        if most <= MAX_ROW_LINES:
            lines = [len(w) for w in wrapped]
            return self._finish(self._bordered(texts, (True, True), "top", lines))
        first = self.row
        count = math.ceil(most / PIECE_LINES)
        for i in range(count):
            chunks = [w[i * PIECE_LINES : (i + 1) * PIECE_LINES] for w in wrapped]
            part = [
                Text(rejoin(c), t.size, t.bold, t.italic, t.align)
                for t, c in zip(texts, chunks, strict=True)
            ]
            edges = (i == 0, i == count - 1)
            self._finish(self._bordered(part, edges, "top", [len(c) for c in chunks]))
        return first


def write_header(sheet: Sheet, header: DocumentHeader, split: int, columns: int) -> None:
    """Write the header block: issuing body at left (columns 1..split), national heading right.

    The short rules under the issuing body and under the motto are top borders of the middle
    cells of a thin row below each (cells, not drawings: every spreadsheet prints them).
    """
    parent, issuer = wording.issuer_lines(header)
    left, right = (1, split), (split + 1, columns)
    issuer_rule = max(
        25 * 72 / 25.4, text_width(issuer.split("\n")[-1], SIZE_ISSUER, bold=True) / 3
    )
    motto_rule = text_width(wording.MOTTO, SIZE_MOTTO, bold=True)
    body = [Text(line, SIZE_ISSUER) for line in parent.split("\n") if line]
    body += [Text(line, SIZE_ISSUER, bold=True) for line in issuer.split("\n") if line]
    heading = [
        Text(wording.NATIONAL_HEADING, SIZE_NATIONAL, bold=True),
        Text(wording.MOTTO, SIZE_MOTTO, bold=True),
    ]
    # One printed line a row, so that the motto sits beside the issuing body's last line.
    for index in range(max(len(body), len(heading))):
        pieces = [(*left, body[index])] if index < len(body) else []
        if index < len(heading):
            pieces.append((*right, heading[index]))
        sheet.line(*pieces)
    sheet.rules((*left, issuer_rule), (*right, motto_rule))
    sheet.line(
        (*left, Text(wording.number_line(header), SIZE_NUMBER)),
        (*right, Text(wording.place_and_date(header), SIZE_PLACE_DATE, italic=True)),
    )


def write_titles(sheet: Sheet, lines: Sequence[Text], columns: int) -> None:
    """Write centred title lines merged across the table's width, with a blank row around."""
    sheet.blank()
    for text in lines:
        if text.value:
            sheet.line((1, columns, text))
    sheet.blank()

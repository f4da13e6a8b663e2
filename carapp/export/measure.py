"""Column widths measured from a table's text, so that long columns get the room they need.

Each column has a least width (its longest word, or a floor for short columns such as STT) and
a natural width (its longest paragraph on one line). Widths start from the share HTML's
automatic table layout gives (least width plus room in proportion to what each column still
wants), then width moves between columns, a few millimetres at a time, while that lowers the
table's estimated height (each row as tall as its tallest cell): the task name and the result
get room, the STT and deadline columns stay narrow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm

from carapp.export.fonts import face, register_fonts, word_width

# Cells measured at most (evenly sampled): a 20,000-task plan is measured as fast as 200 rows.
SAMPLED_ROWS = 200
FLOOR = 9 * mm  # no column narrower, whatever its text
STEPS = (12 * mm, 6 * mm, 3 * mm, 1.5 * mm)
PARAGRAPH_GAP = 0.12
# A longer word (a web address) is broken anyway: it does not widen its column past this.
LONGEST_WORD = 40 * mm  # the space between a cell's paragraphs, in lines


@dataclass(frozen=True)
class Measured:
    """One cell: the width of each word of each of its paragraphs, and a space's width."""

    paragraphs: tuple[tuple[float, ...], ...]
    space: float

    @property
    def lines(self) -> tuple[float, ...]:
        """Return each paragraph's width on one line."""
        gaps = [self.space * max(len(p) - 1, 0) for p in self.paragraphs]
        return tuple(sum(p) + g for p, g in zip(self.paragraphs, gaps, strict=True))

    @property
    def word(self) -> float:
        """Return the longest word's width."""
        return max((w for p in self.paragraphs for w in p), default=0.0)

    def line_count(self, inner: float) -> float:
        """Return the lines the cell takes at `inner` width (greedy wrap), plus paragraph gaps."""
        count = 0
        for words in self.paragraphs:
            used = -self.space
            count += 1
            for width in words:
                if used + self.space + width > inner and used > 0:
                    count += 1
                    used = width
                else:
                    used += self.space + width
        return count + PARAGRAPH_GAP * max(len(self.paragraphs) - 1, 0)


def measure_cell(paragraphs: Sequence[str], size: float, *, bold: bool = False) -> Measured:
    """Return the widths of a cell's words, paragraph by paragraph, in points."""
    measured = []
    register_fonts()
    font = face(bold=bold)
    for text in paragraphs:
        for line in (text or "").split("\n"):
            if line.strip():
                measured.append(tuple(word_width(w, font, size) for w in line.split()))
    return Measured(tuple(measured), word_width(" ", font, size))


def _sample(rows: Sequence[Sequence[Measured]]) -> Sequence[Sequence[Measured]]:
    if len(rows) <= SAMPLED_ROWS:
        return rows
    step = len(rows) / SAMPLED_ROWS
    return [rows[int(i * step)] for i in range(SAMPLED_ROWS)]


class _Heights:
    """Each column's line counts per row at a given width, computed once per width."""

    def __init__(self, rows: Sequence[Sequence[Measured]], pad: float) -> None:
        self.rows, self.pad = rows, pad
        self._cache: dict[tuple[int, float], list[float]] = {}

    def column(self, column: int, width: float) -> list[float]:
        key = (column, round(width, 3))
        lines = self._cache.get(key)
        if lines is None:
            inner = max(width - self.pad, 1.0)
            lines = self._cache[key] = [row[column].line_count(inner) for row in self.rows]
        return lines

    def total(self, widths: Sequence[float]) -> float:
        """Return the table's height in lines (each row as tall as its tallest cell)."""
        columns = [self.column(c, w) for c, w in enumerate(widths)]
        return float(sum(max(row) for row in zip(*columns, strict=True))) if self.rows else 0.0


def _start(least: list[float], natural: list[float], width: float) -> list[float]:
    """Return HTML's automatic layout: least widths plus room in proportion to the wish."""
    spare = width - sum(least)
    if spare <= 0:
        return [width * w / sum(least) for w in least]
    wish = [max(n - m, 0.0) for n, m in zip(natural, least, strict=True)]
    if sum(wish) <= spare:  # everything fits on one line: share the rest by natural width
        extra = spare - sum(wish)
        return [
            m + w + extra * n / sum(natural) for m, w, n in zip(least, wish, natural, strict=True)
        ]
    return [m + w * spare / sum(wish) for m, w in zip(least, wish, strict=True)]


def measured_widths(
    headings: Sequence[Measured],
    rows: Sequence[Sequence[Measured]],
    width: float,
    padding: float,
    floors: Sequence[float] | None = None,
) -> list[float]:
    """Return column widths (points) summing to `width` for the measured cells.

    `padding` is a cell's left plus right padding; `floors` the least width of each column.
    """
    count = len(headings)
    floors = list(floors or [FLOOR] * count)
    sample = _sample(rows)
    least = [max(floors[c], min(headings[c].word, LONGEST_WORD) + padding) for c in range(count)]
    for row in sample:
        for c, cell in enumerate(row):
            least[c] = max(least[c], min(cell.word, LONGEST_WORD) + padding)
    natural = [
        max([*headings[c].lines, *(w for r in sample for w in r[c].lines)], default=0.0) + padding
        for c in range(count)
    ]
    natural = [max(n, m) for n, m in zip(natural, least, strict=True)]
    widths = _start(least, natural, width)
    if sum(least) >= width:
        return widths
    return _improve(widths, least, _Heights(sample, padding))


def _improve(widths: list[float], least: list[float], heights: _Heights) -> list[float]:
    """Move width between columns while the table's estimated height goes down."""
    best = heights.total(widths)
    for step in STEPS:
        improved = True
        while improved:
            improved = False
            for giver in range(len(widths)):
                if widths[giver] - step < least[giver]:
                    continue
                for taker in range(len(widths)):
                    if taker == giver:
                        continue
                    trial = list(widths)
                    trial[giver] -= step
                    trial[taker] += step
                    height = heights.total(trial)
                    if height < best - 1e-9:
                        widths, best, improved = trial, height, True
                        break
    return widths

"""A neutral grid of cell texts that Word tables and Excel sheets are both turned into."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from carapp.domain.text import clean

# A word broken at a hyphen over two lines ("NĐ-" / "CP", "30-09-" / "2025") is one word.
_BROKEN_AT_HYPHEN = re.compile(r"(?<=[^\s-]-)\n(?=\w)")
_INVISIBLE = re.compile("[\u00ad\ufeff]")


def cell_text(raw: str | None) -> str:
    """Return a cell's text in NFC with stray spaces removed and its line breaks kept."""
    text = clean(_INVISIBLE.sub("", raw or "").replace("\r", "\n").replace("\t", " "))
    return _BROKEN_AT_HYPHEN.sub("", text)


def one_line(text: str) -> str:
    """Return multi-line text as a single line (titles, statuses, dates)."""
    return " ".join(part for part in text.split() if part)


class Origin(StrEnum):
    """Where a grid slot's text comes from once merged cells are expanded."""

    OWN = "own"
    LEFT = "left"  # covered by a cell merged from the left: belongs to that cell only
    ABOVE = "above"  # covered by a cell merged from above: the value holds for this row too


@dataclass(frozen=True)
class Cell:
    """One grid slot: the cleaned text and whether it is a copy of a merged cell."""

    text: str = ""
    origin: Origin = Origin.OWN

    @property
    def value(self) -> str:
        """Return the text this row should use: a vertical merge repeats, a horizontal one not."""
        return "" if self.origin is Origin.LEFT else self.text


@dataclass
class GridRow:
    """A row of the grid with its number in the source (1-based, as the user sees it)."""

    number: int
    cells: list[Cell]

    def texts(self) -> list[str]:
        """Return the non-empty texts this row holds itself (not copies of merged cells)."""
        return [c.text for c in self.cells if c.origin is Origin.OWN and c.text]

    def is_empty(self) -> bool:
        """Return whether nothing is written in the row."""
        return not any(c.text for c in self.cells)

    def value(self, column: int) -> str:
        """Return the value at a column, or '' beyond the row's end."""
        return self.cells[column].value if column < len(self.cells) else ""

    def own(self, column: int) -> str:
        """Return the text at a column if the cell starts there, else ''."""
        if column >= len(self.cells) or self.cells[column].origin is not Origin.OWN:
            return ""
        return self.cells[column].text


@dataclass
class Grid:
    """One table (Word) or sheet (Excel): its rows and the text lines printed above it."""

    label: str  # "Bảng 1", "Trang tính “Phụ lục”"
    rows: list[GridRow]
    preamble: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        """Return the number of columns."""
        return max((len(r.cells) for r in self.rows), default=0)

    def where(self, row: GridRow) -> str:
        """Return the Vietnamese location of a row for messages (“Bảng 1, dòng 14”)."""
        return f"{self.label}, dòng {row.number}"


@dataclass
class Source:
    """A file's tables as grids, and which kind of file it was."""

    name: str
    kind: str  # "docx" or "xlsx"
    grids: list[Grid]

"""Recognise a table's header by its words, in any order, wording, case or accents."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from carapp.domain.text import fold
from carapp.importers.table import Grid, GridRow, Origin

# A header cell is a short phrase; longer text is data even if it contains header words.
_MAX_HEADER_CHARS = 60
_PUNCTUATION = re.compile(r"[^0-9a-z]+")
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2})\)?")
# A task number or a date in a row shows it is data, however header-like its words are.
_DATA = re.compile(r"\d+[.)]?|[IVXL]+\.?|.*\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\b.*", re.S)


class Role(StrEnum):
    """What a column holds."""

    NUMBER = "number"
    CONTENT = "content"
    LEAD = "lead"
    COOPERATING = "cooperating"
    OUTPUT = "output"
    DEADLINE = "deadline"
    CODE = "code"
    ASSIGNING = "assigning_document"
    STATUS = "status"
    DESCRIPTION = "description"
    COMPLETED_ON = "completed_on"
    ID = "id"
    RESULT = "result"  # "Kết quả…": output in a plan, status or description in a report


class Mode(StrEnum):
    """Which document is being read: it decides what a "Kết quả" column means."""

    PLAN = "plan"
    REPORT = "report"


# (words that must all appear in the folded header, role), most specific first.
_RULES: tuple[tuple[tuple[str, ...], Role], ...] = (
    (("ma nhiem vu",), Role.CODE),
    (("van ban giao",), Role.ASSIGNING),
    (("ngay hoan thanh",), Role.COMPLETED_ON),
    (("hoan thanh thuc te",), Role.COMPLETED_ON),
    (("phoi hop",), Role.COOPERATING),
    (("chu tri",), Role.LEAD),
    (("trang thai",), Role.STATUS),
    (("mo ta",), Role.DESCRIPTION),
    (("san pham",), Role.OUTPUT),
    (("ket qua du kien",), Role.OUTPUT),
    (("ket qua",), Role.RESULT),
    (("thoi gian",), Role.DEADLINE),
    (("thoi han",), Role.DEADLINE),
    (("tien do",), Role.DEADLINE),
    (("noi dung",), Role.CONTENT),
    (("nhiem vu",), Role.CONTENT),
    (("don vi",), Role.LEAD),
    (("co quan",), Role.LEAD),
)
_EXACT = {
    "stt": Role.NUMBER,
    "tt": Role.NUMBER,
    "so tt": Role.NUMBER,
    "so thu tu": Role.NUMBER,
    "id": Role.ID,
    "ma": Role.CODE,
    "ma so": Role.CODE,
    "ma nv": Role.CODE,
}


def header_key(text: str) -> str:
    """Return a header text folded to plain lower-case words ("Kết quả/\\nSản phẩm" -> ...)."""
    return _PUNCTUATION.sub(" ", fold(text)).strip()


def role_of(text: str) -> Role | None:
    """Return the role a header cell names, or None."""
    key = header_key(text)
    if not key or len(key) > _MAX_HEADER_CHARS:
        return None
    if key in _EXACT:
        return _EXACT[key]
    padded = f" {key} "
    for words, role in _RULES:
        if all(f" {word} " in padded for word in words):
            return role
    return None


@dataclass(frozen=True)
class Header:
    """Which column holds which role, and how many rows the header takes."""

    columns: dict[Role, int]
    height: int = 1

    def values(self, row: GridRow) -> dict[Role, str]:
        """Return the row's value for each role."""
        return {role: row.value(column) for role, column in self.columns.items()}

    def covered_roles(self, row: GridRow) -> frozenset[Role]:
        """Return the roles whose cell is covered by a cell merged from the left."""
        return frozenset(
            role
            for role, column in self.columns.items()
            if column < len(row.cells) and row.cells[column].origin is Origin.LEFT
        )

    def own_roles(self, row: GridRow) -> frozenset[Role]:
        """Return the roles whose cell is written in this row itself, not merged from above."""
        return frozenset(role for role, column in self.columns.items() if row.own(column))


def header_at(grid: Grid, index: int, mode: Mode) -> Header | None:
    """Return the header starting at a row (one or two rows high), or None if it is not one."""
    row = grid.rows[index]
    keys = [cell.text for cell in row.cells]
    if not _looks_like_header(row, keys):
        return None
    below = grid.rows[index + 1] if index + 1 < len(grid.rows) else None
    if below is not None and _is_second_header_row(below):
        combined = [
            f"{key} {below.own(column)}" if below.own(column) not in ("", key) else key
            for column, key in enumerate(keys)
        ]
        return Header(_resolve(combined, mode), 2)
    return Header(_resolve(keys, mode), 1)


def is_column_numbering(row: GridRow) -> bool:
    """Return whether a row only numbers the columns ("1 2 3 …" or "(1) (2) …")."""
    numbers = [_COLUMN_NUMBER.fullmatch(text) for text in row.texts()]
    if len(numbers) < 3 or not all(numbers):
        return False
    values = [int(match.group(1)) for match in numbers if match]
    return all(a < b for a, b in zip(values, values[1:], strict=False))


def _looks_like_header(row: GridRow, keys: list[str]) -> bool:
    """Return whether a row names a task column and another, and mostly header words."""
    roles = {role_of(key) for key in keys} - {None}
    if Role.CONTENT not in roles or len(roles) < 2:
        return False
    own = row.texts()
    if any(_DATA.fullmatch(text) for text in own):
        return False
    named = [text for text in own if role_of(text) is not None]
    return len(named) * 5 >= len(own) * 3


def _is_second_header_row(row: GridRow) -> bool:
    """Return whether a row only splits the header above ("Chủ trì" | "Phối hợp")."""
    own = row.texts()
    return bool(own) and all(role_of(text) is not None for text in own)


def _resolve(keys: list[str], mode: Mode) -> dict[Role, int]:
    """Return the first column of each role, deciding what the "Kết quả" columns mean."""
    found = [(column, role_of(key)) for column, key in enumerate(keys)]
    named = {role for _, role in found}
    columns: dict[Role, int] = {}
    for column, role in found:
        if role is Role.RESULT:
            role = _result_role(mode, named, columns)
        if role is not None and role not in columns:
            columns[role] = column
    return columns


def _result_role(mode: Mode, named: set[Role | None], taken: dict[Role, int]) -> Role:
    """Return what a "Kết quả…" column means given the other columns of the header."""
    if mode is Mode.PLAN:
        return Role.OUTPUT
    if Role.STATUS in named:
        return Role.DESCRIPTION
    if Role.DESCRIPTION in named:
        return Role.STATUS
    return Role.DESCRIPTION if Role.STATUS in taken else Role.STATUS

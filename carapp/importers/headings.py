"""Recognise section rows ("I | CẢI CÁCH THỂ CHẾ"), part headings ("A. …") and sub-items."""

from __future__ import annotations

import re

from carapp.importers.columns import Role
from carapp.importers.reading import DataRow
from carapp.importers.table import one_line

_ROMAN = re.compile(r"(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})")
_HEADING = re.compile(r"(?P<numeral>[IVXL]+|[A-Z])\s*[.):/-]\s*(?P<title>\S.*)")
_BULLET = re.compile(r"[-+•*–—]")
_MIN_CAPITAL_LETTERS = 4


def is_roman(text: str) -> bool:
    """Return whether a text is a Roman numeral from I to LXXXIX, with or without a dot."""
    return bool(_ROMAN.fullmatch(text.strip().rstrip(".")))


def is_bullet(text: str) -> bool:
    """Return whether a text starts like a sub-item ("- Rà soát …", "+ Cắt giảm …")."""
    return bool(_BULLET.match(text))


def heading_of(row: DataRow) -> tuple[str, str] | None:
    """Return (numeral, title) when the row is a section or part heading, else None."""
    number = row.get(Role.NUMBER).strip().rstrip(".")
    content = row.get(Role.CONTENT)
    others = [text for role, text in row.values.items() if text and role is not Role.CONTENT]
    if is_roman(number) and content and others == [row.get(Role.NUMBER)]:
        return number, one_line(content)
    if len(row.texts) != 1:
        return None
    return heading_in_line(row.texts[0])


def heading_in_line(text: str) -> tuple[str, str] | None:
    """Return (numeral, title) for a line like "II. CẢI CÁCH …", "B. Nhiệm vụ …" or capitals."""
    line = one_line(text)
    match = _HEADING.fullmatch(line)
    if match and (is_roman(match["numeral"]) or len(match["numeral"]) == 1):
        return match["numeral"], match["title"]
    letters = [ch for ch in line if ch.isalpha()]
    capitals = len(letters) >= _MIN_CAPITAL_LETTERS and all(ch.isupper() for ch in letters)
    if capitals and not is_bullet(line):
        return "", line
    return None

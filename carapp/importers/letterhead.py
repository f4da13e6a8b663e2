"""Read the header block printed above an appendix (issuing body, number, place and date).

The block follows Nghị định 30/2020 (Phụ lục I): the parent body (not bold) above the issuing
body, the national heading beside them, "Số: 95/KH-UBND" and "Bạch Long Vĩ, ngày 03 tháng 9
năm 2025". Offices type it as paragraphs (left and right parts often on one line, split by a
tab), as a borderless two-column table, or as rows above the table in Excel. Nothing is
guessed: what is not printed stays empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from carapp.domain.documents import DocumentHeader
from carapp.domain.text import fold
from carapp.importers.table import one_line

_NATIONAL = (
    re.compile(r"cong\s*hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s*nam"),
    re.compile(r"doc\s*lap\s*[-–—,]?\s*tu\s*do\s*[-–—,]?\s*hanh\s*phuc"),
)
_RULE = re.compile(r"[\s\-_–—=*.…~]*")  # a printed rule under a line ("———", "-----")
_NUMBER = re.compile(r"so\s*:\s*")
_NUMBER_VALUE = re.compile(r"[^\s,]*\s*/\s*[^\s,]+|[^\s,]+")
_PLACE_DATE = re.compile(r"(?:(?P<place>[^,()]*\w[^,()]*?)\s*,\s*)?ngay\b(?P<rest>.*)")
_WORDS_DATE = re.compile(r"\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})\s*\.?")
_FIGURES_DATE = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*\.?")
# Capitals lines that start the document itself, not the header block.
_STOP = ("ke hoach", "quyet dinh", "bao cao", "phu luc", "danh muc", "kem theo", "thong bao")
# How a line ends when a body's name goes on on the next line ("ỦY BAN NHÂN DÂN" / "ĐẶC KHU …").
_UNFINISHED = re.compile(
    r"(?:^|\s)(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd|dang uy|ban chi dao|so|"
    r"dac khu|xa|phuong|thanh pho|tinh|huyen|quan|thi xa)$"
)
# The first words of an issuing body's name, for a block with nothing else to show it is one.
_BODIES = (
    "uy ban",
    "ubnd",
    "hoi dong",
    "hdnd",
    "so ",
    "phong ",
    "ban ",
    "van phong",
    "dang uy",
    "trung tam",
    "cong an",
    "bo ",
    "cuc ",
    "chi cuc",
    "tong cuc",
    "thanh uy",
    "tinh uy",
)
_HIGHER = re.compile(r"\b(?:thanh pho|tinh|tp|trung uong)\b|^bo\b")


@dataclass
class _Block:
    """What has been read of the header block so far."""

    bodies: list[str] = field(default_factory=list)
    national: bool = False
    number: str = ""
    place: str = ""
    issued_on: date | None = None
    dated: bool = False  # a "…, ngày … tháng … năm …" line was read, even with blanks


def read_letterhead(lines: list[str]) -> tuple[DocumentHeader, list[str]]:
    """Return the header read from the first lines and the lines printed after the block."""
    block = _Block()
    subs = [(index, sub) for index, line in enumerate(lines) for sub in line.split("\n")]
    taken = 0
    for _, sub in subs:
        if not _take(one_line(sub), block):
            break
        taken += 1
    if not _is_header(block):
        return DocumentHeader(issuer=""), list(lines)
    rest = _rest(lines, subs, taken)
    parent, issuer = _issuer(block.bodies)
    header = DocumentHeader(issuer, parent, block.number, block.place, block.issued_on)
    return header, rest


def is_letterhead(lines: list[str]) -> bool:
    """Return whether the lines (a table's texts) are a header block and nothing else."""
    return bool(lines) and not read_letterhead(lines)[1]


def _rest(lines: list[str], subs: list[tuple[int, str]], taken: int) -> list[str]:
    """Return the lines after the first `taken` sub-lines; a line cut in two keeps its end."""
    if taken >= len(subs):
        return []
    index = subs[taken][0]
    first = [sub for i, sub in subs[taken:] if i == index]
    return ["\n".join(first), *lines[index + 1 :]]


def _is_header(block: _Block) -> bool:
    """Return whether what was read is a header block (a lone capitals line must name a body)."""
    if block.national or block.number or block.dated:
        return True
    return bool(block.bodies) and fold(block.bodies[0]).startswith(_BODIES)


def _take(line: str, block: _Block) -> bool:
    """Read one line into the block; return False when the line is not part of the block."""
    line, national = _without_national(line)
    block.national |= national
    if _RULE.fullmatch(line):
        return True
    key = _key(line)
    number = _NUMBER.match(key)
    if number is not None and not block.number:
        value = _NUMBER_VALUE.match(line, number.end())
        if value is None:
            return False
        written = re.sub(r"\s+", "", value.group())
        block.number = written if any(ch.isdigit() for ch in written) else ""  # "Số: …/KH-UBND"
        line = line[value.end() :].strip(" ,;")
        if not line:
            return True
        key = _key(line)
    place_date = _PLACE_DATE.fullmatch(key)
    if place_date is not None and not block.dated and _is_dated(place_date["rest"]):
        block.dated = True
        if place_date["place"]:
            block.place = line[place_date.start("place") : place_date.end("place")].strip()
        block.issued_on = _date(place_date["rest"])
        return True
    if block.number or block.dated or key.startswith(_STOP) or not _is_capitals(line):
        return False
    if not _expects_body(block.bodies):
        return False
    block.bodies.append(line)
    return True


def _expects_body(bodies: list[str]) -> bool:
    """Return whether another body line may follow: none yet, a name cut short, or a parent."""
    merged = _merged(bodies)
    if not merged:
        return True
    last = fold(merged[-1])
    return bool(_UNFINISHED.search(last) or _HIGHER.search(last))


def _without_national(line: str) -> tuple[str, bool]:
    """Return the line without the national heading printed on it, and whether it was there."""
    found = False
    for pattern in _NATIONAL:
        match = pattern.search(_key(line))
        if match is not None:
            found = True
            line = f"{line[: match.start()]} {line[match.end() :]}"
    return one_line(line), found


def _is_dated(text: str) -> bool:
    """Return whether the words after "ngày" are a date, written or left blank to be filled."""
    return "thang" in text or _date(text) is not None


def _date(text: str) -> date | None:
    """Return the date written after "ngày", or None when it is blank or no calendar day."""
    match = _WORDS_DATE.fullmatch(text) or _FIGURES_DATE.fullmatch(text)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _issuer(bodies: list[str]) -> tuple[str, str]:
    """Return (parent issuer, issuer) from the capitals lines of the block."""
    merged = _merged(bodies)
    parents: list[str] = []
    for line in merged[:-1]:
        if not _HIGHER.search(fold(line)):
            break
        parents.append(line)
    return " ".join(parents), " ".join(merged[len(parents) :])


def _merged(bodies: list[str]) -> list[str]:
    """Return the body lines with a name cut short joined to the line that goes on with it."""
    merged: list[str] = []
    for line in bodies:
        if merged and _UNFINISHED.search(fold(merged[-1])):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    return merged


def _is_capitals(text: str) -> bool:
    """Return whether a line is written in capitals (issuing bodies are)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _key(text: str) -> str:
    """Return an accent- and case-folded text with one character per character of the text."""
    return "".join((fold(ch) or ch)[:1] for ch in text)

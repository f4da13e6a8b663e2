"""Reading exported PDFs back in tests: text per page, text positions, fonts."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pypdf import PageObject, PdfReader


@dataclass(frozen=True)
class Span:
    """A piece of text drawn on a page, where (points from the bottom left), in which font."""

    text: str
    x: float
    y: float
    font: str
    size: float


def squash(text: str) -> str:
    """Return `text` with every run of white space made one space."""
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    """Return each page's text, white space squashed."""
    return [squash(page.extract_text()) for page in PdfReader(path).pages]


def body_text(pages: list[str], header_row: str) -> str:
    """Return the pages' text joined without what repeats at each page top (number, header row).

    Text cut by a page break then reads on as one: "(câu" + "32)" rather than "(câu 2 STT … 32)".
    """
    parts = []
    for index, text in enumerate(pages):
        if index:
            number = f"{index + 1} "
            text = text.removeprefix(number)
            text = text.replace(header_row, "", 1)
        parts.append(text)
    return squash(" ".join(parts))


def spans(path: Path, page_index: int) -> list[Span]:
    """Return the text spans of one page with their positions and fonts."""
    return _page_spans(PdfReader(path).pages[page_index])


def all_spans(path: Path) -> list[list[Span]]:
    """Return the text spans of every page."""
    return [_page_spans(page) for page in PdfReader(path).pages]


def _page_spans(page: PageObject) -> list[Span]:
    found: list[Span] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip():
            return
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
        found.append(Span(text.strip(), x, y, name, size))

    page.extract_text(visitor_text=visit)
    return found


def assert_in_order(haystack: str, needles: list[str]) -> None:
    """Assert every needle occurs in `haystack` (white space squashed), each after the last."""
    position = 0
    for needle in needles:
        found = haystack.find(squash(needle), position)
        assert found >= 0, f"missing or out of order: {needle[:80]!r}"
        position = found + 1


def assert_words_in_order(haystack: str, text: str) -> None:
    """Assert the words of `text` occur in `haystack` in order (other text may come between)."""
    words = haystack.split()
    index = 0
    for word in text.split():
        while index < len(words) and words[index] != word:
            index += 1
        assert index < len(words), f"word lost: {word!r}"
        index += 1


def is_nfc(text: str) -> bool:
    """Return True when `text` is in Unicode NFC."""
    return unicodedata.is_normalized("NFC", text)

"""Measures of a printed PDF: the type sizes used and where the text sits on each page."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pypdf import PdfReader


def type_sizes(path: Path) -> Counter[float]:
    """Return how many text runs use each effective type size (points, rounded to 0.1)."""
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = (tm[3] * cm[3]) or (tm[0] * cm[0])
            sizes[round(abs(size * scale), 1)] += 1

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def text_box(path: Path, page: int) -> tuple[float, float, float, float]:
    """Return (left, top, right, bottom) of the text on a page, in mm from the page's edges."""
    reader = PdfReader(path)
    width = float(reader.pages[page].mediabox.width)
    height = float(reader.pages[page].mediabox.height)
    xs: list[float] = []
    ys: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            xs.append(x)
            ys.append(y)

    reader.pages[page].extract_text(visitor_text=visit)
    mm = 72 / 25.4
    return (min(xs) / mm, (height - max(ys)) / mm, (width - max(xs)) / mm, min(ys) / mm)

"""What the two workbooks share: print setup, fonts, borders, wrapped rows of the right height.

LibreOffice (and Excel on open) does not grow rows for wrapped text in a file written by
openpyxl, so every row height is computed here: each cell's text is wrapped greedily with the
Liberation Serif metrics (Times New Roman's metric twin) in the cell's width, and the row gets
lines × line height. A cell too tall for one row (Excel's limit is 409 pt) is cut into several
rows drawn without a rule between them.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from carapp.export.fonts import SPREADSHEET_FONT, text_width
from carapp.export.layout import (
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    SIZE_PAGE_NUMBER,
)
from carapp.fileio import atomic_write_bytes

# One unit of Excel column width is the width of a digit of the default font (Calibri 11):
# 7 pixels at 96 dpi, of which about 5 pixels per column go to the cell's margins.
POINTS_PER_CHAR = 7 * 0.75
CELL_MARGIN_PT = 5 * 0.75
WRAP_SAFETY = 0.97  # wrap a little early: renderers differ by a few percent (LibreOffice is wider)
LINE_HEIGHT = 1.15  # line height as a multiple of the type size (Excel; LibreOffice needs 1.11)
ROW_PADDING_PT = 3.0
# A cell of more than MAX_ROW_LINES lines (Excel's rows stop at 409 pt) is cut into rows of
# PIECE_LINES lines each: small pieces fill pages better than a few very tall rows.
MAX_ROW_LINES = 24
PIECE_LINES = 8

THIN = _THIN = Side(style="thin", color="000000")

# The printable width of landscape A4 within the margins, and the least print scale wanted:
# columns are sized so that the table prints at about PRINT_SCALE (never below 85 %).
PRINT_WIDTH_PT = (297.0 - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * 72 / 25.4
PRINT_SCALE = 0.9
# LibreOffice measures the top margin to the header's top; with the header inside it, the
# body starts lower: 25 mm top and an 11 mm header distance print the body about 20-25 mm down.
SHEET_MARGIN_TOP_MM = 25.0
HEADER_DISTANCE_MM = 11.0


def new_workbook() -> Workbook:
    """Return a workbook whose default font is Times New Roman 11.

    A column's width is counted in digits of the default font. With Calibri, LibreOffice on a
    machine without Carlito takes a wider font and shrinks the page to 70 %; with Times New
    Roman (Liberation Serif in LibreOffice, metric-compatible) Excel and LibreOffice agree.
    """
    workbook = Workbook()
    default = Font(name=SPREADSHEET_FONT, size=11)
    workbook._fonts = IndexedList([default])
    workbook._named_styles["Normal"].font = default
    return workbook


def print_widths(widths: Sequence[float], printed: int) -> tuple[float, ...]:
    """Return `widths` (characters) scaled so the first `printed` columns print at PRINT_SCALE."""
    used = sum(widths[:printed]) * POINTS_PER_CHAR + printed * CELL_MARGIN_PT
    factor = min(1.0, PRINT_WIDTH_PT / PRINT_SCALE / used)
    return tuple(round(w * factor, 1) if i < printed else w for i, w in enumerate(widths))


@dataclass(frozen=True)
class Text:
    """A piece of text and its type: size in points, bold, italic, horizontal alignment."""

    value: str
    size: float
    bold: bool = False
    italic: bool = False
    align: str = "center"


def wrap(
    text: str, width_pt: float, size: float, *, bold: bool = False, italic: bool = False
) -> list[str]:
    """Return the lines `text` wraps into at `width_pt` (greedy, like a spreadsheet does)."""
    return [line for line, _ in wrap_marked(text, width_pt, size, bold=bold, italic=italic)]


def wrap_marked(
    text: str, width_pt: float, size: float, *, bold: bool = False, italic: bool = False
) -> list[tuple[str, bool]]:
    """Return the wrapped lines, each with True when it ends a paragraph (a newline follows)."""
    usable = max(width_pt * WRAP_SAFETY, size)
    space = text_width(" ", size, bold=bold, italic=italic)
    lines: list[tuple[str, bool]] = []
    for paragraph in text.split("\n"):
        current, used = "", 0.0
        for word in paragraph.split():
            width = text_width(word, size, bold=bold, italic=italic)
            if current and used + space + width <= usable:
                current, used = f"{current} {word}", used + space + width
                continue
            if current:
                lines.append((current, False))
            while width > usable:  # a word wider than the cell breaks anywhere
                cut = _fitting_prefix(word, usable, size, bold, italic)
                lines.append((word[:cut], False))
                word = word[cut:]
                width = text_width(word, size, bold=bold, italic=italic)
            current, used = word, width
        lines.append((current, True))
    return lines


def rejoin(lines: Sequence[tuple[str, bool]]) -> str:
    """Return marked lines as text: a newline after a paragraph's end, a space after a wrap."""
    return "".join(line + ("\n" if end else " ") for line, end in lines).rstrip()


def _fitting_prefix(word: str, usable: float, size: float, bold: bool, italic: bool) -> int:
    cut = len(word) - 1
    while cut > 1 and text_width(word[:cut], size, bold=bold, italic=italic) > usable:
        cut -= 1
    return max(cut, 1)


def column_points(width_chars: float) -> float:
    """Return a column's printed width in points at 100 %."""
    return width_chars * POINTS_PER_CHAR + CELL_MARGIN_PT


def text_area(width_chars: float) -> float:
    """Return the points of text a column `width_chars` wide holds on one line."""
    return width_chars * POINTS_PER_CHAR - CELL_MARGIN_PT


def height_for(lines: int, size: float) -> float:
    """Return the row height (points) that shows `lines` lines of `size`-point text."""
    return round(max(lines, 1) * size * LINE_HEIGHT + ROW_PADDING_PT, 1)


@lru_cache(maxsize=64)
def font(size: float, bold: bool = False, italic: bool = False) -> Font:
    """Return a black Times New Roman font."""
    return Font(name=SPREADSHEET_FONT, size=size, bold=bold, italic=italic, color="000000")


@lru_cache(maxsize=32)
def alignment(horizontal: str, vertical: str = "top") -> Alignment:
    """Return a wrapping alignment."""
    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=True)


@lru_cache(maxsize=16)
def border(top: bool = True, bottom: bool = True) -> Border:
    """Return thin borders left and right, and on top and bottom when asked."""
    return Border(
        left=_THIN, right=_THIN, top=_THIN if top else Side(), bottom=_THIN if bottom else Side()
    )


def set_up_page(ws: Any, title_row: int, last_column: int, last_row: int) -> None:
    """Landscape A4, one page wide, official margins, the table header repeated, page numbers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    inch = 25.4
    ws.page_margins = PageMargins(
        left=MARGIN_LEFT_MM / inch,
        right=MARGIN_RIGHT_MM / inch,
        top=SHEET_MARGIN_TOP_MM / inch,
        bottom=MARGIN_BOTTOM_MM / inch,
        header=HEADER_DISTANCE_MM / inch,
        footer=8 / inch,
    )
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{title_row}:{title_row}"
    ws.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
    # Page numbers centred at the top from page 2 (none on page 1).
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.size = int(SIZE_PAGE_NUMBER)
    ws.oddHeader.center.font = f"{SPREADSHEET_FONT},Regular"


def set_widths(ws: Any, widths: Sequence[float], hidden: Sequence[int] = ()) -> None:
    """Set the column widths (characters); hide the columns numbered in `hidden` (1-based)."""
    for index, width in enumerate(widths, start=1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = width
        dimension.hidden = index in hidden


def save_workbook(workbook: Any, path: str | os.PathLike[str]) -> None:
    """Write `workbook` to `path` atomically.

    The workbook is zipped in memory first: openpyxl's zip writer, failing on a full disk,
    leaves a ZipFile that complains about its closed file when collected.
    """
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())

"""The official page layout shared by the PDF writers: page, margins, type sizes, header block.

Nghị định 30/2020/NĐ-CP, Phụ lục I: A4 (appendices landscape), margins top/bottom 20 mm,
left 30 mm, right 15 mm; Times New Roman (here its metric twin, Liberation Serif 2.x); Arabic
page numbers centred in the top margin from page 2.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from carapp.domain.documents import DocumentHeader
from carapp.export import wording
from carapp.export.fonts import FAMILY, TABLE_FONT, face, register_fonts, text_width
from carapp.fileio import atomic_file

Progress = Callable[[int, int], None]
Flowable = Any  # reportlab ships no type information

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20.0, 20.0, 30.0, 15.0
FRAME_WIDTH: float = PAGE_WIDTH - (MARGIN_LEFT_MM + MARGIN_RIGHT_MM) * mm
FRAME_HEIGHT: float = PAGE_HEIGHT - (MARGIN_TOP_MM + MARGIN_BOTTOM_MM) * mm

# Type sizes in points (Phụ lục I gives ranges; these sit inside them).
SIZE_ISSUER = 13.0
SIZE_NATIONAL = 13.0
SIZE_MOTTO = 14.0
SIZE_NUMBER = 13.0
SIZE_PLACE_DATE = 14.0
SIZE_TITLE = 14.0
SIZE_BODY = 13.0
SIZE_PAGE_NUMBER = 13.0
SIZE_RECIPIENTS_HEAD = 12.0
SIZE_RECIPIENTS = 11.0
SIZE_SIGNATURE = 13.0
SIZE_SIGNER = 14.0
LEADING = 1.2  # line spacing as a multiple of the type size
RULE_THICKNESS = 0.6

# The left (issuing body) and right (national heading) columns of the header block.
HEADER_SPLIT = 0.42


@lru_cache(maxsize=64)
def style(
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    space_before: float = 0.0,
) -> Any:
    """Return a paragraph style in Liberation Serif; align is left, center or justify."""
    register_fonts()
    alignment = {"left": TA_LEFT, "center": TA_CENTER, "justify": TA_JUSTIFY}[align]
    return ParagraphStyle(
        f"carapp-{size}-{int(bold)}{int(italic)}-{align}-{space_before}",
        fontName=face(bold=bold, italic=italic),
        fontSize=size,
        leading=round(size * LEADING, 1),
        alignment=alignment,
        spaceBefore=space_before,
        textColor=colors.black,
    )


def markup(value: str) -> str:
    """Return NFC text escaped for a Paragraph, its line breaks kept."""
    return escape(wording.text(value)).replace("\n", "<br/>")


def para(value: str, size: float, **kwargs: Any) -> Flowable:
    """Return a Paragraph of plain text (escaped) in the given style."""
    return Paragraph(markup(value), style(size, **kwargs))


def rule(width: float, *, before: float = 4.0, after: float = 4.0) -> Flowable:
    """Return a centred horizontal rule `width` points long."""
    return HRFlowable(
        width=width,
        thickness=RULE_THICKNESS,
        color=colors.black,
        hAlign="CENTER",
        spaceBefore=before,
        spaceAfter=after,
    )


def _issuer_column(header: DocumentHeader, width: float) -> list[Flowable]:
    parent, issuer = wording.issuer_lines(header)
    cells: list[Flowable] = [para(parent, SIZE_ISSUER)] if parent else []
    cells.append(para(issuer, SIZE_ISSUER, bold=True))
    # A short rule, about a third of the name, centred under it.
    cells.append(
        rule(min(width * 0.5, max(25 * mm, text_width(issuer, SIZE_ISSUER, bold=True) / 3)))
    )
    return cells


def _national_column() -> list[Flowable]:
    motto_width = text_width(wording.MOTTO, SIZE_MOTTO, bold=True)
    return [
        para(wording.NATIONAL_HEADING, SIZE_NATIONAL, bold=True),
        para(wording.MOTTO, SIZE_MOTTO, bold=True),
        rule(motto_width),
    ]


def header_block(header: DocumentHeader, width: float = FRAME_WIDTH) -> list[Flowable]:
    """Return the two-column header: issuing body and number; national heading, place and date."""
    left = width * HEADER_SPLIT
    table = Table(
        [
            [_issuer_column(header, left), _national_column()],
            [
                para(wording.number_line(header), SIZE_NUMBER),
                para(wording.place_and_date(header), SIZE_PLACE_DATE, italic=True),
            ],
        ],
        colWidths=[left, width - left],
    )
    table.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(1, 6 * mm)]


def title_block(
    label: str, title_lines: Sequence[str], italic_lines: Sequence[str]
) -> list[Flowable]:
    """Return "Phụ lục" / "BÁO CÁO", the bold title lines, the italic lines and a short rule."""
    story: list[Flowable] = []
    if wording.text(label):
        story.append(para(label, SIZE_TITLE, bold=True))
    story += [para(line, SIZE_TITLE, bold=True) for line in title_lines if wording.text(line)]
    story += [para(line, SIZE_TITLE, italic=True) for line in italic_lines if wording.text(line)]
    story.append(rule(40 * mm, after=5 * mm))
    return story


def room_after(story: Sequence[Flowable], width: float = FRAME_WIDTH) -> float:
    """Return the height left on page 1 below `story`, laid out as a frame lays it out."""
    room = FRAME_HEIGHT
    for index, flowable in enumerate(story):
        if index:  # space before is dropped at the top of a frame
            room -= flowable.getSpaceBefore()
        room -= flowable.wrap(width, room)[1] + flowable.getSpaceAfter()
    return float(room)


SIZE_SIGNATURE_NOTE = 10.0


def _signature_note(canvas: Any, lines: Sequence[str]) -> None:
    """Draw the digital signature's note right-aligned in the top margin of page 1."""
    canvas.saveState()
    canvas.setFont(face(), SIZE_SIGNATURE_NOTE)
    right = PAGE_WIDTH - MARGIN_RIGHT_MM * mm
    top = PAGE_HEIGHT - 6 * mm - SIZE_SIGNATURE_NOTE
    for index, line in enumerate(lines):
        canvas.drawRightString(right, top - index * SIZE_SIGNATURE_NOTE * 1.2, wording.text(line))
    canvas.restoreState()


def _page_number(canvas: Any, doc: Any) -> None:
    """Draw the page number centred in the top margin, from page 2 on (none on page 1)."""
    if doc.page < 2:
        note = getattr(doc, "signature_note", ())
        if note:
            _signature_note(canvas, note)
        return
    canvas.saveState()
    canvas.setFont(face(), SIZE_PAGE_NUMBER)
    baseline = PAGE_HEIGHT - MARGIN_TOP_MM * mm / 2 - SIZE_PAGE_NUMBER / 3
    canvas.drawCentredString(PAGE_WIDTH / 2, baseline, str(doc.page))
    canvas.restoreState()


class _RowCounter:
    """Turns flowables placed on pages into progress: rows of the task table laid out so far."""

    def __init__(self, table_id: str, total: int, progress: Progress | None) -> None:
        self.table_id, self.total, self.progress, self.done = table_id, total, progress, 0

    def after_flowable(self, flowable: Flowable) -> None:
        ident = getattr(flowable, "ident", None)
        if self.progress and isinstance(ident, str) and ident.startswith(self.table_id):
            rows = int(getattr(flowable, "_nrows", 0)) - int(getattr(flowable, "repeatRows", 0))
            self.done = min(self.total, self.done + max(rows, 0))
            self.progress(self.done, self.total)


def write_story(
    path: str | os.PathLike[str],
    story: list[Flowable],
    *,
    title: str,
    author: str,
    table_id: str,
    total_rows: int,
    progress: Progress | None,
    signature_note: Sequence[str] = (),
) -> None:
    """Lay out `story` on landscape A4 pages and write the PDF atomically."""
    register_fonts()
    # Binary (zlib only) page streams: smaller files, and no ASCII85 encoding, which is slow in
    # pure Python when reportlab's optional C accelerator (rl_accel) is not installed.
    rl_config.useA85 = 0
    counter = _RowCounter(table_id, total_rows, progress)
    if progress:
        progress(0, total_rows)
    with atomic_file(path) as handle:
        doc = BaseDocTemplate(
            handle,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            leftMargin=MARGIN_LEFT_MM * mm,
            rightMargin=MARGIN_RIGHT_MM * mm,
            topMargin=MARGIN_TOP_MM * mm,
            bottomMargin=MARGIN_BOTTOM_MM * mm,
            title=wording.text(title),
            author=wording.text(author),
            creator="carapp",
            lang="vi",
            initialFontName=FAMILY,
        )
        # The frame is the type area itself: no padding inside the margins.
        frame = Frame(
            doc.leftMargin,
            doc.bottomMargin,
            doc.width,
            doc.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.signature_note = tuple(signature_note)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_page_number)])
        doc.afterFlowable = counter.after_flowable
        doc.build(story)
    if progress:
        progress(total_rows, total_rows)

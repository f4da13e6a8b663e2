"""The official layout in Word (python-docx): page, letterhead table, rules, signature block.

Same points as the PDFs (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4 landscape, margins 20/20/30/15
mm, Times New Roman (LibreOffice prints it with the metric-compatible Liberation Serif), page
numbers centred in the top margin from page 2, the letterhead as a borderless two-column table.
Rules under the issuing body and the motto are paragraph borders narrowed by indents, which
Word and LibreOffice Writer both draw without any drawing object.
"""

from __future__ import annotations

from collections.abc import Sequence

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from carapp.domain.documents import DocumentHeader, SignatureBlock
from carapp.export import wording
from carapp.export.fonts import SPREADSHEET_FONT, text_width
from carapp.export.layout import (
    HEADER_SPLIT,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    SIZE_ISSUER,
    SIZE_MOTTO,
    SIZE_NATIONAL,
    SIZE_NUMBER,
    SIZE_PLACE_DATE,
    SIZE_RECIPIENTS,
    SIZE_RECIPIENTS_HEAD,
    SIZE_SIGNATURE,
    SIZE_SIGNER,
    SIZE_TITLE,
)

FONT = SPREADSHEET_FONT  # "Times New Roman"
TEXT_WIDTH_MM = 297.0 - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
SIGNATURE_SPACE_MM = 26.0
CELL_PADDING_PT = 2.5
# What follows w:pBdr in w:pPr, and w:tblCellMar in w:tblPr (ECMA-376 order), so that the
# elements added here sit where Word's schema wants them.
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_TBLCELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def new_page_document() -> object:
    """Return an empty Word document: A4 landscape, ND 30/2020 margins, Times New Roman 13 pt."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(8)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    _page_numbers(section)
    return document


def _page_numbers(section: object) -> None:
    """Put a centred PAGE field in the header of every page but the first."""
    section.different_first_page_header_footer = True  # type: ignore[attr-defined]
    paragraph = section.header.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def add_text(
    container: object,
    value: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    paragraph: Paragraph | None = None,
) -> Paragraph:
    """Add (or fill) a paragraph of NFC text; line breaks stay line breaks."""
    para = paragraph or container.add_paragraph()  # type: ignore[attr-defined]
    para.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    lines = wording.text(value).split("\n")
    for index, line in enumerate(lines):
        run = para.add_run(line)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
        if index < len(lines) - 1:
            run.add_break()
    return para


def add_rule(container: object, length_pt: float, width_mm: float) -> Paragraph:
    """Add a centred rule `length_pt` long: a bottom border on a paragraph narrowed by indents."""
    para: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    side = max((width_mm * 72 / 25.4 - length_pt) / 2, 0.0)
    para.paragraph_format.left_indent = Pt(side)
    para.paragraph_format.right_indent = Pt(side)
    para.paragraph_format.space_after = Pt(4)
    run = para.add_run()
    run.font.size = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    para._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)
    return para


def borderless_table(document: object, widths_mm: Sequence[float]) -> Table:
    """Add a one-row table without borders (letterhead, signature block)."""
    table: Table = document.add_table(rows=1, cols=len(widths_mm))  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, [w * 72 / 25.4 for w in widths_mm])
    return table


def set_widths(table: Table, widths_pt: Sequence[float]) -> None:
    """Fix the table's layout and its columns' widths (grid and every cell)."""
    table.autofit = False  # w:tblLayout fixed
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")  # the PDFs' cell padding, which the widths assume
    for side, points in (("left", CELL_PADDING_PT), ("right", CELL_PADDING_PT)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(points * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.insert_element_before(margins, *_AFTER_TBLCELLMAR)
    for column, width in zip(table.columns, widths_pt, strict=True):
        column.width = Pt(width)
        for cell in column.cells:
            cell.width = Pt(width)


def first_paragraph(cell: _Cell) -> Paragraph:
    """Return a cell's first paragraph (every new cell has one, empty)."""
    first: Paragraph = cell.paragraphs[0]
    return first


def letterhead(document: object, header: DocumentHeader) -> None:
    """Add the borderless two-column header: issuing body and number; national heading, date."""
    left_mm = TEXT_WIDTH_MM * HEADER_SPLIT
    table = borderless_table(document, [left_mm, TEXT_WIDTH_MM - left_mm])
    left, right = table.rows[0].cells
    parent, issuer = wording.issuer_lines(header)
    if parent:
        add_text(left, parent, SIZE_ISSUER, paragraph=first_paragraph(left))
        add_text(left, issuer, SIZE_ISSUER, bold=True)
    else:
        add_text(left, issuer, SIZE_ISSUER, bold=True, paragraph=first_paragraph(left))
    last = issuer.split("\n")[-1]
    add_rule(left, max(25 * 72 / 25.4, text_width(last, SIZE_ISSUER, bold=True) / 3), left_mm)
    add_text(left, wording.number_line(header), SIZE_NUMBER)
    add_text(
        right, wording.NATIONAL_HEADING, SIZE_NATIONAL, bold=True, paragraph=first_paragraph(right)
    )
    add_text(right, wording.MOTTO, SIZE_MOTTO, bold=True)
    motto = text_width(wording.MOTTO, SIZE_MOTTO, bold=True)
    add_rule(right, motto, TEXT_WIDTH_MM - left_mm)
    add_text(right, wording.place_and_date(header), SIZE_PLACE_DATE, italic=True)
    document.add_paragraph()  # type: ignore[attr-defined]


def title(
    document: object, label: str, title_lines: Sequence[str], italic_lines: Sequence[str]
) -> None:
    """Add "Phụ lục" / "BÁO CÁO", the bold title lines, the italic lines and a short rule."""
    if wording.text(label):
        add_text(document, label, SIZE_TITLE, bold=True)
    for line in title_lines:
        if wording.text(line):
            add_text(document, line, SIZE_TITLE, bold=True)
    for line in italic_lines:
        if wording.text(line):
            add_text(document, line, SIZE_TITLE, italic=True)
    add_rule(document, 40 * 72 / 25.4, TEXT_WIDTH_MM)


def signature(document: object, block: SignatureBlock, recipients: Sequence[str]) -> None:
    """Add "Nơi nhận:" and its list at left, the signature block at right (borderless)."""
    left_mm = TEXT_WIDTH_MM * HEADER_SPLIT
    table = borderless_table(document, [left_mm, TEXT_WIDTH_MM - left_mm])
    left, right = table.rows[0].cells
    lines = wording.recipient_lines(recipients)
    if lines:
        add_text(
            left,
            wording.RECIPIENTS_HEAD,
            SIZE_RECIPIENTS_HEAD,
            bold=True,
            italic=True,
            align="left",
            paragraph=first_paragraph(left),
        )
        for line in lines:
            add_text(left, line, SIZE_RECIPIENTS, align="left")
    paragraph: Paragraph | None = first_paragraph(right)
    for line in block.lines():
        add_text(right, line, SIZE_SIGNATURE, bold=True, paragraph=paragraph)
        paragraph = None
    name = add_text(right, wording.text(block.signer), SIZE_SIGNER, bold=True, paragraph=paragraph)
    # The space for the signature and the seal, above the signer's name.
    name.paragraph_format.space_before = Mm(SIGNATURE_SPACE_MM)
    name.paragraph_format.keep_together = True

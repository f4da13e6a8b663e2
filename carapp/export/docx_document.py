"""Word copies (.docx) of the appendix and the progress report, in the PDFs' layout.

The office finishes documents in Word: these copies carry the same letterhead, headings, task
table (header row repeated on every page, section rows merged across, widths measured from the
text like the PDFs'), signature block and "Nơi nhận", so that the văn thư can number them and
the officer can edit the wording.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Pt
from docx.table import Table

from carapp.domain.documents import Appendix, ProgressReport, ProgressRow
from carapp.export import pdf_appendix, pdf_report, wording
from carapp.export.docx_layout import (
    add_text,
    first_paragraph,
    letterhead,
    new_page_document,
    set_widths,
    signature,
    title,
)
from carapp.export.layout import SIZE_BODY, Progress
from carapp.export.pdf_table import Column, fitted_widths
from carapp.export.summary import summarise, total_sentence
from carapp.fileio import atomic_file

Paragraphs = list[tuple[str, str]]  # (italic lead-in, text) paragraphs of one cell
APPENDIX_SIZE = 12.0
REPORT_SIZE = 10.0


class TaskTable:
    """A bordered Word table: a header row repeated on every page, section and task rows."""

    def __init__(
        self, document: object, columns: Sequence[Column], widths: Sequence[float], size: float
    ) -> None:
        self.columns, self.size = list(columns), size
        self.table: Table = document.add_table(rows=1, cols=len(columns))  # type: ignore[attr-defined]
        self.table.style = "Table Grid"
        set_widths(self.table, widths)
        header = self.table.rows[0]
        for cell, column in zip(header.cells, columns, strict=True):
            add_text(cell, column.title, size, bold=True, paragraph=first_paragraph(cell))
        properties = header._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page

    def add_section(self, numeral: str, heading: str) -> None:
        """Add a section row: the numeral, then the title in bold merged across the others."""
        cells = self.table.add_row().cells  # type: ignore[no-untyped-call]
        add_text(cells[0], numeral, self.size, bold=True, paragraph=first_paragraph(cells[0]))
        merged = cells[1].merge(cells[-1])
        add_text(
            merged, heading, self.size, bold=True, align="left", paragraph=merged.paragraphs[0]
        )

    def add_row(self, cells: Sequence[Paragraphs], *, bold: bool = False) -> None:
        """Add a task's row; each cell is a list of (italic lead-in, text) paragraphs."""
        row = self.table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, column, paragraphs in zip(row, self.columns, cells, strict=True):
            align = column.align
            for index, (label, body) in enumerate(p for p in paragraphs if p[0] or p[1]):
                para = first_paragraph(cell) if index == 0 else cell.add_paragraph()
                para.alignment = {
                    "center": WD_ALIGN_PARAGRAPH.CENTER,
                    "left": WD_ALIGN_PARAGRAPH.LEFT,
                    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                }[align]
                if index:
                    para.paragraph_format.space_before = Pt(1.5)
                for text, italic in ((label, True), (body, False)):
                    if text:
                        lead = wording.text(text) + (" " if body else "")
                        run = para.add_run(lead if italic else wording.text(text))
                        run.italic, run.bold = italic, bold
                        run.font.size = Pt(self.size)


def _plain(value: str) -> Paragraphs:
    return [("", line) for line in wording.text(value).split("\n") if line.strip()]


def _widths(columns: Sequence[Column], size: float, rows: list[list[Paragraphs]]) -> list[float]:
    texts = [[[f"{a} {b}".strip() for a, b in cell] for cell in row] for row in rows]
    return fitted_widths(columns, size, texts)


def write_appendix_docx(
    appendix: Appendix, path: str | os.PathLike[str], progress: Progress | None = None
) -> None:
    """Write `appendix` to `path` as a Word document (atomically)."""
    document = new_page_document()
    letterhead(document, appendix.header)
    title(
        document,
        appendix.label,
        [wording.text(appendix.title).upper()],
        [wording.in_parentheses(appendix.attached_to)],
    )
    rows = [
        [_plain(v) for v in (t.number, t.content, t.lead, t.cooperating, t.output, t.deadline)]
        for section in appendix.sections
        for t in section.tasks
    ]
    columns = pdf_appendix.COLUMNS
    table = TaskTable(document, columns, _widths(columns, APPENDIX_SIZE, rows), APPENDIX_SIZE)
    done = 0
    for section in appendix.sections:
        table.add_section(section.numeral, section.title)
        for _task in section.tasks:
            table.add_row(rows[done])
            done += 1
            if progress:
                progress(done, len(rows))
    _save(document, path)


def _report_cells(row: ProgressRow) -> list[Paragraphs]:
    status: Paragraphs = [("", wording.status_text(row))]
    if row.derived:
        status.append((f"({row.derived.label})", ""))  # in italics, as in the PDF
    done = wording.day_month_year(row.completed_on) if row.completed_on else ""
    task = row.task
    return [
        _plain(task.number),
        _plain(task.content),
        _plain(task.lead),
        _plain(task.deadline),
        status,
        wording.result_paragraphs(row),
        _plain(done),
    ]


def write_report_docx(
    report: ProgressReport, path: str | os.PathLike[str], progress: Progress | None = None
) -> None:
    """Write `report` to `path` as a Word document (atomically)."""
    document = new_page_document()
    letterhead(document, report.header)
    title(
        document,
        wording.REPORT_KIND,
        [wording.report_subject(report.title, report.period)],
        wording.report_scope(report.plan_title, report.as_of),
    )
    cells = [[_report_cells(r) for r in section.rows] for section in report.sections]
    flat = [row for rows in cells for row in rows]
    columns = pdf_report.COLUMNS
    table = TaskTable(document, columns, _widths(columns, REPORT_SIZE, flat), REPORT_SIZE)
    done = 0
    for section, rows in zip(report.sections, cells, strict=True):
        table.add_section(section.numeral, section.title)
        for row in rows:
            table.add_row(row)
            done += 1
            if progress:
                progress(done, len(flat))
    _summary(document, report)
    _save(document, path)


def _summary(document: object, report: ProgressReport) -> None:
    """Add the counts per area and status, the closing sentence and the signature block."""
    summary = summarise(report)
    document.add_paragraph()  # type: ignore[attr-defined]
    add_text(document, wording.SUMMARY_HEADING, SIZE_BODY, bold=True)
    columns = pdf_report.SUMMARY_COLUMNS
    rows = [
        [_plain(str(n)), _plain(t.label), *(_plain(c) for c in t.cells())]
        for n, t in enumerate(summary.areas, start=1)
    ]
    table = TaskTable(document, columns, _widths(columns, REPORT_SIZE, rows), REPORT_SIZE)
    for row in rows:
        table.add_row(row)
    total = summary.total
    table.add_row([[], _plain(total.label), *(_plain(c) for c in total.cells())], bold=True)
    closing = add_text(document, total_sentence(total), SIZE_BODY, align="justify")
    closing.paragraph_format.space_before = Pt(6)
    closing.paragraph_format.keep_with_next = True
    signature(document, report.signature, report.recipients)


def _save(document: object, path: str | os.PathLike[str]) -> None:
    with atomic_file(path) as handle:
        document.save(handle)  # type: ignore[attr-defined]

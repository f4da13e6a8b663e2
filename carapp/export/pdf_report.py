"""The progress report (Báo cáo kết quả thực hiện) as a PDF in the official layout."""

from __future__ import annotations

import os

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from carapp.domain.documents import ProgressReport, ProgressRow, SignatureBlock
from carapp.domain.status import DerivedStatus
from carapp.export import wording
from carapp.export.fonts import TABLE_FONT
from carapp.export.layout import (
    FRAME_WIDTH,
    HEADER_SPLIT,
    SIZE_BODY,
    SIZE_RECIPIENTS,
    SIZE_RECIPIENTS_HEAD,
    SIZE_SIGNATURE,
    SIZE_SIGNER,
    Flowable,
    Progress,
    header_block,
    markup,
    para,
    room_after,
    title_block,
    write_story,
)
from carapp.export.pdf_cells import Item, Rich, cell, labelled
from carapp.export.pdf_table import Column, TaskTable, fitted_widths
from carapp.export.summary import Summary, summarise, total_sentence

TABLE_SIZE = 10.0
SUMMARY_TABLE_ID = "carapp-summary"
SIGNATURE_SPACE = 26 * mm

# The columns of the seeds' reports; the assessment (Đánh giá) is printed under the status, in
# italics, so that the task and its result get the width. Weights are floors in millimetres;
# the widths are measured from the text (fitted_widths).
COLUMNS = (
    Column(wording.REPORT_COLUMNS[0], 10, "center"),
    Column(wording.REPORT_COLUMNS[1], 40),
    Column(wording.REPORT_COLUMNS[2], 20),
    Column(wording.REPORT_COLUMNS[3], 16, "center"),
    Column(wording.STATUS_AND_ASSESSMENT, 20, "center"),
    Column(wording.REPORT_COLUMNS[5], 40, "justify"),
    Column(wording.REPORT_COLUMNS[6], 20, "center"),
)

SUMMARY_COLUMNS = (
    Column(wording.SUMMARY_COLUMNS[0], 12, "center"),
    Column(wording.SUMMARY_COLUMNS[1], 75),
    Column(wording.SUMMARY_COLUMNS[2], 25, "center"),
) + tuple(Column(status.label, 28, "center") for status in DerivedStatus)


def row_cells(row: ProgressRow) -> list[list[Item]]:
    """Return a task's seven cells: the task, its status and assessment, its results."""
    task = row.task
    done = wording.day_month_year(row.completed_on) if row.completed_on else ""
    results = [labelled(label, body) for label, body in wording.result_paragraphs(row)]
    return [
        cell(task.number),
        cell(task.printed_content),
        cell(task.lead),
        cell(task.deadline),
        status_cell(row),
        results,
        cell(done),
    ]


def status_cell(row: ProgressRow) -> list[Item]:
    """Return the recorded status, then the assessment in italics: "(Hoàn thành đúng hạn)"."""
    items: list[Item] = [wording.status_text(row)]
    if row.derived:
        items.append(Rich(f"<i>({markup(row.derived.label)})</i>"))
    return items


def report_table(report: ProgressReport) -> TaskTable:
    """Return the task table: one section row per section, then its tasks' rows."""
    cells = [[row_cells(row) for row in section.rows] for section in report.sections]
    widths = fitted_widths(COLUMNS, TABLE_SIZE, [row for rows in cells for row in rows])
    table = TaskTable(COLUMNS, TABLE_SIZE, widths=widths)
    for section, rows in zip(report.sections, cells, strict=True):
        table.add_section(section.numeral, section.title)
        for row_items in rows:
            table.add_row(row_items)
    return table


def summary_block(summary: Summary) -> list[Flowable]:
    """Return the heading, the counts per area and status, and (last) the total sentence."""
    table = TaskTable(SUMMARY_COLUMNS, TABLE_SIZE, SUMMARY_TABLE_ID)
    for number, tally in enumerate(summary.areas, start=1):
        table.add_row([cell(str(number)), cell(tally.label)] + [cell(c) for c in tally.cells()])
    total = [cell(summary.total.label), []] + [cell(c) for c in summary.total.cells()]
    table.add_row(total, bold=True, merge=(0, 1))
    return [
        Spacer(1, 5 * mm),
        KeepTogether(
            [
                para(wording.SUMMARY_HEADING, SIZE_BODY, bold=True),
                Spacer(1, 3 * mm),
                *table.build(),
            ]
        ),
        Spacer(1, 2 * mm),
        para(total_sentence(summary.total), SIZE_BODY, align="justify"),
    ]


def signature_parts(signature: SignatureBlock, recipients: list[str]) -> list[Flowable]:
    """Return "Nơi nhận:" and its list at left, the signature block at right (a table)."""
    left: list[Flowable] = []
    lines = wording.recipient_lines(recipients)
    if lines:
        left.append(
            para(
                wording.RECIPIENTS_HEAD, SIZE_RECIPIENTS_HEAD, bold=True, italic=True, align="left"
            )
        )
        left += [para(line, SIZE_RECIPIENTS, align="left") for line in lines]
    right: list[Flowable] = [para(line, SIZE_SIGNATURE, bold=True) for line in signature.lines()]
    # The space for the signature and the seal (Nghị định 30/2020: about 25-30 mm).
    right.append(Spacer(1, SIGNATURE_SPACE))
    if wording.text(signature.signer):
        right.append(para(signature.signer, SIZE_SIGNER, bold=True))
    split = FRAME_WIDTH * HEADER_SPLIT
    table = Table([[left, right]], colWidths=[split, FRAME_WIDTH - split])
    table.setStyle(
        TableStyle(
            [TABLE_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
        )
    )
    return [Spacer(1, 2 * mm), table]


def signature_block(signature: SignatureBlock, recipients: list[str]) -> Flowable:
    """Return "Nơi nhận:" and the signature block kept together (one flowable)."""
    return KeepTogether(signature_parts(signature, recipients))


def write_report_pdf(
    report: ProgressReport, path: str | os.PathLike[str], progress: Progress | None = None
) -> None:
    """Write `report` to `path` as a landscape A4 PDF (atomically).

    `progress(done, total)` is called as the table's rows are laid out on pages.
    """
    table = report_table(report)
    story = header_block(report.header)
    story += title_block(
        wording.REPORT_KIND,
        [wording.report_subject(report.title, report.period)],
        wording.report_scope(report.plan_title, report.as_of),
    )
    story += table.build(room_after(story))
    *summary, sentence = summary_block(summarise(report))
    story += summary
    # The signer signs under the figures: never leave the signature alone on the last page.
    story.append(KeepTogether([sentence, *signature_parts(report.signature, report.recipients)]))
    write_story(
        path,
        story,
        title=f"{wording.REPORT_KIND} {wording.report_subject(report.title, report.period)}",
        author=wording.text(report.header.issuer),
        table_id=table.table_id,
        total_rows=table.row_count,
        progress=progress,
        signature_note=report.header.signature_note,
    )

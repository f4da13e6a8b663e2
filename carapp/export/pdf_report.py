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
    para,
    room_after,
    title_block,
    write_story,
)
from carapp.export.pdf_cells import Item, cell, labelled
from carapp.export.pdf_table import Column, TaskTable
from carapp.export.summary import Summary, summarise, total_sentence

TABLE_SIZE = 11.0
SUMMARY_TABLE_ID = "carapp-summary"

COLUMNS = (
    Column(wording.REPORT_COLUMNS[0], 10, "center"),
    Column(wording.REPORT_COLUMNS[1], 50),
    Column(wording.REPORT_COLUMNS[2], 28),
    Column(wording.REPORT_COLUMNS[3], 21, "center"),
    Column(wording.REPORT_COLUMNS[4], 24, "center"),
    Column(wording.REPORT_COLUMNS[5], 73, "justify"),
    Column(wording.REPORT_COLUMNS[6], 24, "center"),
    Column(wording.REPORT_COLUMNS[7], 22, "center"),
)

SUMMARY_COLUMNS = (
    Column(wording.SUMMARY_COLUMNS[0], 12, "center"),
    Column(wording.SUMMARY_COLUMNS[1], 75),
    Column(wording.SUMMARY_COLUMNS[2], 25, "center"),
) + tuple(Column(status.label, 28, "center") for status in DerivedStatus)


def row_cells(row: ProgressRow) -> list[list[Item]]:
    """Return a task's eight cells: the task, its status, results and assessment."""
    task = row.task
    done = wording.day_month_year(row.completed_on) if row.completed_on else ""
    results = [labelled(label, body) for label, body in wording.result_paragraphs(row)]
    return [
        cell(task.number),
        cell(task.printed_content),
        cell(task.lead),
        cell(task.deadline),
        cell(wording.status_text(row)),
        results,
        cell(done),
        cell(row.derived.label if row.derived else ""),
    ]


def report_table(report: ProgressReport) -> TaskTable:
    """Return the task table: one section row per section, then its tasks' rows."""
    table = TaskTable(COLUMNS, TABLE_SIZE)
    for section in report.sections:
        table.add_section(section.numeral, section.title)
        for row in section.rows:
            table.add_row(row_cells(row))
    return table


def summary_block(summary: Summary) -> list[Flowable]:
    """Return the heading, the counts per area and status, and (last) the total sentence."""
    table = TaskTable(SUMMARY_COLUMNS, TABLE_SIZE, SUMMARY_TABLE_ID)
    for number, tally in enumerate(summary.areas, start=1):
        table.add_row([cell(str(number)), cell(tally.label)] + [cell(c) for c in tally.cells()])
    total = [cell(summary.total.label), []] + [cell(c) for c in summary.total.cells()]
    table.add_row(total, bold=True, merge=(0, 1))
    return [
        Spacer(1, 6 * mm),
        KeepTogether(
            [
                para(wording.SUMMARY_HEADING, SIZE_BODY, bold=True),
                Spacer(1, 3 * mm),
                *table.build(),
            ]
        ),
        Spacer(1, 3 * mm),
        para(total_sentence(summary.total), SIZE_BODY, align="justify"),
    ]


def signature_block(signature: SignatureBlock, recipients: list[str]) -> Flowable:
    """Return "Nơi nhận:" and its list at left, the signature block at right, kept together."""
    left: list[Flowable] = []
    lines = wording.recipient_lines(recipients)
    if lines:
        left.append(
            para(
                wording.RECIPIENTS_HEAD, SIZE_RECIPIENTS_HEAD, bold=True, italic=True, align="left"
            )
        )
        left += [para(line, SIZE_RECIPIENTS, align="left") for line in lines]
    right: list[Flowable] = []
    for line in (signature.authority, *wording.text(signature.post).split("\n")):
        if wording.text(line):
            right.append(para(wording.text(line).upper(), SIZE_SIGNATURE, bold=True))
    right.append(Spacer(1, 28 * mm))
    if wording.text(signature.signer):
        right.append(para(signature.signer, SIZE_SIGNER, bold=True))
    split = FRAME_WIDTH * HEADER_SPLIT
    table = Table([[left, right]], colWidths=[split, FRAME_WIDTH - split])
    table.setStyle(
        TableStyle(
            [TABLE_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
        )
    )
    return KeepTogether([Spacer(1, 6 * mm), table])


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
    story.append(KeepTogether([sentence, signature_block(report.signature, report.recipients)]))
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

"""The progress report as an Excel workbook: printable, and fillable by the unit then read back.

Columns A–H are the printed table; column I ("ID", hidden) holds each task's stable id on the
task's first row (rows below it with an empty ID continue the same task). The status column
offers the recorded statuses as a drop-down list; the actual completion date is a real date.
Below the table: the counts per reform area and status, the total sentence, the signature.
"""

from __future__ import annotations

import os

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from carapp.domain.documents import ProgressReport, ProgressRow, SignatureBlock
from carapp.domain.status import RecordedStatus
from carapp.export import wording
from carapp.export.layout import (
    SIZE_BODY,
    SIZE_RECIPIENTS,
    SIZE_RECIPIENTS_HEAD,
    SIZE_SIGNATURE,
    SIZE_SIGNER,
    SIZE_TITLE,
    Progress,
)
from carapp.export.summary import Summary, summarise, total_sentence
from carapp.export.xlsx_common import (
    Text,
    new_workbook,
    print_widths,
    save_workbook,
    set_up_page,
    set_widths,
)
from carapp.export.xlsx_pages import keep_sections_with_rows
from carapp.export.xlsx_sheet import Sheet, write_header, write_titles

SHEET_TITLE = "Báo cáo"
TABLE_SIZE = 11.0
SIGNATURE_SPACE_PT = 26 * 72 / 25.4
COLUMNS = 8
# Column widths in characters, sized to print at about 90 % (never below 85 %).
WIDTHS = print_widths((6.0, 37.0, 16.0, 12.0, 15.0, 44.0, 13.0, 14.0, 38.0), COLUMNS)
STATUS_COLUMN, DATE_COLUMN, ID_COLUMN = 5, 7, 9
ALIGNS = ("center", "left", "left", "center", "center", "left", "center", "center")
SPLIT = 3  # header block and signature: columns 1..3 at left, 4..8 at right
DATE_FORMAT = "DD/MM/YYYY"


def status_validation() -> DataValidation:
    """Return the drop-down list of recorded statuses, in their Vietnamese words."""
    labels = ",".join(status.label for status in RecordedStatus)
    validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
    validation.errorTitle = "Trạng thái không hợp lệ"
    validation.error = "Chọn một trạng thái trong danh sách."
    validation.promptTitle = "Trạng thái"
    validation.prompt = "Chọn trạng thái thực hiện nhiệm vụ trong kỳ."
    validation.showErrorMessage = True
    validation.showInputMessage = True
    return validation


def row_texts(row: ProgressRow) -> list[Text]:
    """Return a task's eight cells (the date as text, for measuring; see write_rows)."""
    task = row.task
    values = (
        task.number,
        task.printed_content,
        task.lead,
        task.deadline,
        row.status.label if row.status else "",
        wording.result_text(row),
        wording.day_month_year(row.completed_on) if row.completed_on else "",
        row.derived.label if row.derived else "",
    )
    return [Text(wording.text(v), TABLE_SIZE, align=a) for v, a in zip(values, ALIGNS, strict=True)]


def write_rows(sheet: Sheet, report: ProgressReport, progress: Progress | None) -> None:
    """Write the sections and their tasks' rows, with ids and real dates."""
    total = sum(len(s.rows) for s in report.sections)
    done = 0
    for section in report.sections:
        sheet.section_row(section.numeral, section.title, TABLE_SIZE, COLUMNS)
        for row in section.rows:
            first = sheet.task_rows(row_texts(row))
            sheet.ws.cell(first, ID_COLUMN, row.task.id or None)
            if row.completed_on:
                cell = sheet.ws.cell(first, DATE_COLUMN, row.completed_on)
                cell.number_format = DATE_FORMAT
            done += 1
            if progress:
                progress(done, total)


def write_summary(sheet: Sheet, summary: Summary) -> None:
    """Write the counts per reform area and derived status, then the total sentence."""
    sheet.blank()
    sheet.line((1, COLUMNS, Text(wording.SUMMARY_HEADING, SIZE_BODY, bold=True)))
    titles = [*wording.SUMMARY_COLUMNS] + [s.label for s in summary.total.counts]
    sheet.header_row(titles, TABLE_SIZE)
    for number, tally in enumerate(summary.areas, start=1):
        values = [str(number), tally.label, *tally.cells()]
        aligns = ["center", "left"] + ["center"] * (len(values) - 2)
        sheet.task_rows([Text(v, TABLE_SIZE, align=a) for v, a in zip(values, aligns, strict=True)])
    values = [summary.total.label, "", *summary.total.cells()]
    row = sheet.task_rows([Text(v, TABLE_SIZE, bold=True) for v in values])
    sheet.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    sheet.blank()
    sentence = Text(total_sentence(summary.total), SIZE_BODY, align="left")
    sheet.line((1, COLUMNS, sentence))


def write_signature(sheet: Sheet, signature: SignatureBlock, recipients: list[str]) -> None:
    """Write "Nơi nhận:" and its list at left, the signature block at right."""
    lines = wording.recipient_lines(recipients)
    left = (
        [Text(wording.RECIPIENTS_HEAD, SIZE_RECIPIENTS_HEAD, True, True, "left")] if lines else []
    )
    left += [Text(line, SIZE_RECIPIENTS, align="left") for line in lines]
    right = [Text(line, SIZE_SIGNATURE, bold=True) for line in signature.lines()]
    sheet.blank(16)
    empty = Text("", SIZE_RECIPIENTS)
    for index, r_text in enumerate(right):
        l_text = left[index] if index < len(left) else empty
        sheet.line((1, SPLIT, l_text), (SPLIT + 1, COLUMNS, r_text))
    # The space for the signature and the seal (about 26 mm), beside the rest of the list.
    space = 0.0
    for l_text in left[len(right) :]:
        space += sheet.ws.row_dimensions[sheet.line((1, SPLIT, l_text))].height or 0.0
    if space < SIGNATURE_SPACE_PT:
        sheet.blank(SIGNATURE_SPACE_PT - space)
    sheet.line((SPLIT + 1, COLUMNS, Text(wording.text(signature.signer), SIZE_SIGNER, True)))


def write_report_xlsx(
    report: ProgressReport, path: str | os.PathLike[str], progress: Progress | None = None
) -> None:
    """Write `report` to `path` as an .xlsx workbook (atomically).

    `progress(done, total)` is called after each task written.
    """
    workbook = new_workbook()
    ws = workbook.active
    ws.title = SHEET_TITLE
    set_widths(ws, WIDTHS, hidden=[ID_COLUMN])
    sheet = Sheet(ws, WIDTHS)
    write_header(sheet, report.header, SPLIT, COLUMNS)
    subject = wording.report_subject(report.title, report.period)
    titles = [
        Text(wording.REPORT_KIND, SIZE_TITLE, bold=True),
        Text(subject, SIZE_TITLE, bold=True),
    ]
    titles += [
        Text(line, SIZE_TITLE, italic=True)
        for line in wording.report_scope(report.plan_title, report.as_of)
    ]
    write_titles(sheet, titles, COLUMNS)
    title_row = sheet.header_row([*wording.REPORT_COLUMNS, wording.ID_HEADER], TABLE_SIZE)
    write_rows(sheet, report, progress)
    validation = status_validation()
    letter = get_column_letter(STATUS_COLUMN)
    validation.add(f"{letter}{title_row + 1}:{letter}{max(sheet.row - 1, title_row + 1)}")
    ws.add_data_validation(validation)
    ws.freeze_panes = ws.cell(title_row + 1, 1)
    summary = sheet.row
    write_summary(sheet, summarise(report))
    closing = sheet.row
    write_signature(sheet, report.signature, report.recipients)
    set_up_page(ws, title_row, COLUMNS, sheet.row - 1)
    blocks = [(summary, closing - 1), (closing, sheet.row - 1)]
    keep_sections_with_rows(ws, title_row, sheet.row - 1, sheet.sections, WIDTHS[:COLUMNS], blocks)
    workbook.properties.title = f"{wording.REPORT_KIND} {subject}"
    workbook.properties.creator = "carapp"
    save_workbook(workbook, path)
    if progress:
        total = sum(len(s.rows) for s in report.sections)
        progress(total, total)

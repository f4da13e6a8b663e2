"""Read a progress report (status, results, actual completion dates) from Word or Excel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from carapp.domain.bounds import EARLIEST_YEAR, LATEST_YEAR
from carapp.domain.periods import PeriodKind, ReportingPeriod, period_in_text
from carapp.domain.status import RecordedStatus, parse_recorded_status
from carapp.importers.checks import deadline_warning
from carapp.importers.columns import Mode, Role
from carapp.importers.dates import Precision, parse_completion_date
from carapp.importers.headings import heading_in_line, heading_of, is_bullet
from carapp.importers.issues import ImportFailure, ImportIssue
from carapp.importers.reading import DataRow, TableRead, read_tables
from carapp.importers.sources import open_source
from carapp.importers.table import one_line

_REPORT_ROLES = {Role.STATUS, Role.DESCRIPTION, Role.COMPLETED_ON}
# Texts a row without a task name (the rest of a row split over two) adds to the row above.
_CONTINUED = {
    "lead": Role.LEAD,
    "assigning_document": Role.ASSIGNING,
    "deadline": Role.DEADLINE,
    "status_text": Role.STATUS,
    "description": Role.DESCRIPTION,
    "completed_text": Role.COMPLETED_ON,
}


@dataclass
class ReportRowImport:
    """One task's line in a report: every text as written, plus what it was understood as."""

    where: str
    task_name: str
    number: str = ""
    code: str = ""
    lead: str = ""
    assigning_document: str = ""
    deadline: str = ""
    status_text: str = ""
    status: RecordedStatus | None = None
    description: str = ""
    completed_text: str = ""
    completed_on: date | None = None
    completed_precision: Precision | None = None
    id: str | None = None


@dataclass
class ReportPartImport:
    """A part of the report ("A", "Nhiệm vụ theo Kế hoạch số 01-KH/BCĐ …") and its rows."""

    numeral: str
    title: str
    rows: list[ReportRowImport] = field(default_factory=list)


@dataclass
class ReportImport:
    """What was read from a report file: its parts, its issues and the file's kind."""

    parts: list[ReportPartImport]
    issues: list[ImportIssue] = field(default_factory=list)
    kind: str = ""  # "docx" or "xlsx"
    period: ReportingPeriod | None = None  # the period the document says it reports on
    period_line: str = ""  # the line that says so, as written

    @property
    def rows(self) -> list[ReportRowImport]:
        """Return every row in order, across parts."""
        return [row for part in self.parts for row in part.rows]


def read_progress_report(path: str | Path) -> ReportImport:
    """Read a progress report's tables; raise ImportFailure when the file is not one."""
    issues: list[ImportIssue] = []
    source = open_source(path, issues)
    tables = read_tables(source, Mode.REPORT, issues)
    if not any(table.roles & _REPORT_ROLES for table in tables):
        raise ImportFailure(
            f"Tệp “{source.name}” không phải báo cáo tiến độ: không có cột “Trạng thái”, "
            "“Kết quả thực hiện” hay “Ngày hoàn thành thực tế”."
        )
    parts: list[ReportPartImport] = []
    for table in tables:
        _read_table(table, parts, issues)
    report = ReportImport([part for part in parts if part.rows], issues, source.kind)
    found = document_period(tables[0].preamble)
    if found is not None:
        report.period, report.period_line = found
    if not report.rows:
        raise ImportFailure(
            "Bảng chỉ có dòng tiêu đề, không có nhiệm vụ nào.", tables[0].grid.label
        )
    for row in report.rows:
        _understand(row, issues)
    return report


def document_period(lines: list[str]) -> tuple[ReportingPeriod, str] | None:
    """Return the period the lines above a report's table name, and the line naming it.

    A line naming a quarter, half year, nine months or a data window wins over one naming only
    a year (a report "quý I năm 2026" may also cite "Kế hoạch … năm 2026").
    """
    found = [(period, line) for line in lines if (period := period_in_text(line)) is not None]
    specific = [item for item in found if item[0].kind is not PeriodKind.YEAR]
    chosen = specific or found
    return (chosen[0][0], one_line(chosen[0][1])) if chosen else None


def _read_table(table: TableRead, parts: list[ReportPartImport], issues: list[ImportIssue]) -> None:
    """Add a table's rows to the parts, starting a part at each heading."""
    headings = [h for h in map(heading_in_line, table.preamble) if h is not None and h[0]]
    if headings:
        parts.append(ReportPartImport(*headings[-1]))
    elif not parts:
        parts.append(ReportPartImport("", ""))
    numbered = Role.NUMBER in table.roles
    for row in table.rows:
        heading = heading_of(row)
        if heading is not None:
            parts.append(ReportPartImport(*heading))
        elif parts[-1].rows and _is_sub_item(row, numbered):
            _append(parts[-1].rows[-1], row, _sub_item(row))
        elif row.get(Role.CONTENT):
            parts[-1].rows.append(_row(row))
        elif parts[-1].rows:
            _append(parts[-1].rows[-1], row)
            message = "Dòng không có tên nhiệm vụ: đã ghép vào dòng phía trên."
            issues.append(ImportIssue("warning", row.where, message))
        else:
            message = "Dòng không có tên nhiệm vụ và không có dòng nào phía trên: bỏ qua."
            issues.append(ImportIssue("warning", row.where, message))


def _row(row: DataRow) -> ReportRowImport:
    """Return a report row with the texts as written."""
    return ReportRowImport(
        where=row.where,
        task_name=row.get(Role.CONTENT),
        number=one_line(row.get(Role.NUMBER)),
        code=one_line(row.get(Role.CODE)),
        lead=row.get(Role.LEAD),
        assigning_document=row.get(Role.ASSIGNING),
        deadline=one_line(row.get(Role.DEADLINE)),
        status_text=row.get(Role.STATUS),
        description=row.get(Role.DESCRIPTION),
        completed_text=row.get(Role.COMPLETED_ON),
        id=one_line(row.get(Role.ID)) or None,
    )


def _understand(row: ReportRowImport, issues: list[ImportIssue]) -> None:
    """Parse the status and the completion date; warn about words not understood."""
    if row.status_text:
        try:
            row.status = parse_recorded_status(row.status_text)
        except ValueError:
            message = f"Không hiểu trạng thái “{one_line(row.status_text)}”: để trống trạng thái."
            issues.append(ImportIssue("warning", row.where, message))
    if row.completed_text:
        parsed = parse_completion_date(row.completed_text)
        row.completed_on, row.completed_precision = parsed.on, parsed.precision
        if parsed.on is not None and not EARLIEST_YEAR <= parsed.on.year <= LATEST_YEAR:
            row.completed_on = None
            message = (
                f"Ngày hoàn thành “{one_line(row.completed_text)}” không thể đúng "
                f"(ngoài các năm {EARLIEST_YEAR}–{LATEST_YEAR}): để trống ngày."
            )
            issues.append(ImportIssue("warning", row.where, message))
        elif parsed.on is None:
            message = f"Không hiểu ngày hoàn thành “{one_line(row.completed_text)}”: để trống ngày."
            issues.append(ImportIssue("warning", row.where, message))
    row.deadline = one_line(row.deadline)
    warning = deadline_warning(row.deadline, row.where, "dòng này")
    if warning is not None:
        issues.append(warning)


def _is_sub_item(row: DataRow, numbered: bool) -> bool:
    """Return whether a row is a "- …" / "+ …" sub-item of the task above, not a task of its own.

    It is when its only text is the bulleted name, or when the table numbers its tasks and the
    row has no number (a "-" in the number column counts as none).
    """
    if row.get(Role.ID) or not is_bullet(_sub_item(row)):
        return False
    if row.texts == [row.get(Role.CONTENT)]:
        return True
    number = one_line(row.get(Role.NUMBER))
    return numbered and (not number or is_bullet(number))


def _sub_item(row: DataRow) -> str:
    """Return a row's task name, with a bullet written in the number column put before it."""
    number, name = one_line(row.get(Role.NUMBER)), row.get(Role.CONTENT)
    return f"{number} {name}" if name and is_bullet(number) else name


def _append(previous: ReportRowImport, row: DataRow, sub_item: str = "") -> None:
    """Add a continuation row's texts (and a sub-item's name) to the row above, on new lines."""
    if sub_item:
        previous.task_name = f"{previous.task_name}\n{sub_item}"
    for name, role in _CONTINUED.items():
        text = row.get(role)
        if text and text != getattr(previous, name):
            old = getattr(previous, name)
            setattr(previous, name, f"{old}\n{text}" if old else text)

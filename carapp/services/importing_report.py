"""Bring a progress-report table in as a period's progress, after the user confirms matches.

The report says which period it is for ("Quý I/2026", "từ ngày 15/12/2025 đến ngày 14/3/2026");
recording it into another period needs the caller's explicit consent. A report for which no
plan exists yet can create the plan from its rows (task, lead, deadline, code, assigning
document), in the same transaction as its progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from carapp.db.models import Plan
from carapp.domain.areas import area_of
from carapp.domain.documents import Appendix, DocumentHeader, SectionRow, TaskRow
from carapp.domain.periods import ReportingPeriod
from carapp.importers import (
    AppendixImport,
    Match,
    ReportImport,
    ReportRowImport,
    match_tasks,
    read_progress_report,
)
from carapp.services.audit import apply_changes
from carapp.services.backups import backup_before
from carapp.services.common import ServiceError, transaction
from carapp.services.documents import build_appendix
from carapp.services.importing import new_plan_preview, write_appendix
from carapp.services.progress import record_progress


class PeriodMismatch(ServiceError):
    """The file reports on one period and the caller asked to record it into another."""

    def __init__(self, document: ReportingPeriod, chosen: ReportingPeriod, line: str) -> None:
        """Keep both periods (for the CLI's and the dialog's own wording) and say what differs."""
        self.document, self.chosen, self.line = document, chosen, line
        super().__init__(
            f"Tệp là báo cáo kỳ {document.label} (“{line}”) nhưng đang nhập vào kỳ "
            f"{chosen.label}; chưa ghi gì. Hãy chọn kỳ {document.label}, hoặc xác nhận "
            f"nhập vào kỳ {chosen.label}."
        )


@dataclass
class ReportPreview:
    """The rows read from a report file and the task each was matched to.

    `plan_id` is None when the report is read for a new plan (every row unmatched).
    """

    source: ReportImport
    plan_id: str | None
    matches: list[Match]

    def default_selection(self) -> set[int]:
        """Return the rows applied unless the user says otherwise: those matched to a task."""
        if self.plan_id is None:
            return set(range(len(self.matches)))
        return {i for i, m in enumerate(self.matches) if m.task is not None}


def preview_report(engine: Engine, path: str | Path, plan_id: str | None) -> ReportPreview:
    """Read a report file and match its rows to the plan's tasks (id, code, then content).

    With no plan, nothing is matched: the rows are for a new plan (apply_report_as_new_plan).
    """
    source = read_progress_report(path)
    if plan_id is None:
        return ReportPreview(source, None, [Match(row, None, 0.0) for row in source.rows])
    sections = build_appendix(engine, plan_id).sections
    tasks = [t for s in sections for t in s.tasks if not t.is_heading]  # headings take no progress
    return ReportPreview(source, plan_id, match_tasks(source.rows, tasks))


def check_period(
    preview: ReportPreview, period: ReportingPeriod, allow_period_mismatch: bool = False
) -> None:
    """Raise PeriodMismatch when the file names another period and no consent was given."""
    document = preview.source.period
    if document is not None and document != period and not allow_period_mismatch:
        raise PeriodMismatch(document, period, preview.source.period_line)


def apply_report(
    engine: Engine,
    who: str,
    preview: ReportPreview,
    period: ReportingPeriod,
    selection: set[int] | None = None,
    overrides: dict[int, str] | None = None,
    *,
    allow_period_mismatch: bool = False,
) -> int:
    """Record the selected rows as the period's progress in one transaction; return how many.

    `overrides` maps a row index to the id of the task the user chose instead of the match.
    Refused (PeriodMismatch, nothing written) when the file reports on another period, unless
    `allow_period_mismatch`.
    """
    check_period(preview, period, allow_period_mismatch)
    if preview.plan_id is None:
        raise ServiceError("Chưa chọn kế hoạch để ghi tiến độ; chưa ghi gì.")
    chosen = preview.default_selection() if selection is None else selection
    overrides = overrides or {}
    backup_before(engine, "truoc-nhap")
    with transaction(engine) as session:
        task_ids: dict[int, str] = {}
        for index in sorted(chosen):
            match = preview.matches[index]
            task_id = overrides.get(index) or (match.task.id if match.task else None)
            if not task_id:
                raise ServiceError(f"{match.row.where}: dòng chưa được ghép với nhiệm vụ nào.")
            task_ids[index] = task_id
        return _record(session, who, preview, period, task_ids)


@dataclass(frozen=True)
class NewPlanResult:
    """What importing a report as a new plan did."""

    plan_id: str
    tasks: int
    recorded: int


def apply_report_as_new_plan(
    engine: Engine,
    who: str,
    preview: ReportPreview,
    period: ReportingPeriod,
    *,
    owner_code: str = "",
    title: str = "",
    allow_period_mismatch: bool = False,
) -> NewPlanResult:
    """Create a plan from the report's rows and record their progress, in one transaction.

    Each part of the report ("A. Nhiệm vụ theo Kế hoạch số 01-KH/BCĐ …") becomes a section;
    each row a task with its name, lead unit, deadline, code and assigning document as written.
    """
    check_period(preview, period, allow_period_mismatch)
    appendix = new_plan_preview(_as_appendix(preview.source))
    backup_before(engine, "truoc-nhap")
    with transaction(engine) as session:
        result = write_appendix(session, who, appendix, owner_code=owner_code, title=title)
        _cover_period(session, who, result.plan_id, period)
        task_ids = dict(enumerate(result.created_ids))
        recorded = _record(session, who, preview, period, task_ids)
        return NewPlanResult(result.plan_id, result.created, recorded)


def _cover_period(session: Session, who: str, plan_id: str, period: ReportingPeriod) -> None:
    """Widen the new plan's years (taken from its deadlines) to the report's year."""
    plan = session.get(Plan, plan_id)
    assert plan is not None
    years = {
        "start_year": min(plan.start_year, period.year),
        "end_year": max(plan.end_year, period.year),
    }
    apply_changes(session, who, plan, years)


def _as_appendix(source: ReportImport) -> AppendixImport:
    """Return the report's parts and rows as an appendix (sections of tasks)."""
    sections = [
        SectionRow(part.numeral, part.title, area_of(part.title), [_task(r) for r in part.rows])
        for part in source.parts
    ]
    return AppendixImport(Appendix(DocumentHeader(""), "", sections=sections), [], source.kind)


def _task(row: ReportRowImport) -> TaskRow:
    return TaskRow(
        number=row.number,
        content=row.task_name,
        lead=row.lead,
        deadline=row.deadline,
        code=row.code,
        assigning_document=row.assigning_document,
    )


def _record(
    session: Session,
    who: str,
    preview: ReportPreview,
    period: ReportingPeriod,
    task_ids: dict[int, str],
) -> int:
    """Record each row's progress on its task; return how many rows carried any."""
    applied = 0
    for index, task_id in sorted(task_ids.items()):
        row = preview.matches[index].row
        values = _progress_values(row)
        if values:
            try:
                record_progress(session, who, task_id, period, **values)
            except ServiceError as exc:  # a value outside the plan: say which row
                raise ServiceError(f"{row.where}: {exc}") from exc
            applied += 1
    return applied


def _progress_values(row: ReportRowImport) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if row.status is not None:
        values["status"] = row.status
    if row.description:
        values["description"] = row.description
    if row.completed_on is not None:
        values["completed_on"] = row.completed_on
    return values

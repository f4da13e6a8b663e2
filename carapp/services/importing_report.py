"""Bring a progress-report table in as a period's progress, after the user confirms matches."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from carapp.domain.periods import ReportingPeriod
from carapp.importers import Match, ReportImport, match_tasks, read_progress_report
from carapp.services.backups import backup_before
from carapp.services.common import ServiceError, transaction
from carapp.services.documents import build_appendix
from carapp.services.progress import record_progress


@dataclass
class ReportPreview:
    """The rows read from a report file and the task each was matched to."""

    source: ReportImport
    plan_id: str
    matches: list[Match]

    def default_selection(self) -> set[int]:
        """Return the rows applied unless the user says otherwise: those matched to a task."""
        return {i for i, m in enumerate(self.matches) if m.task is not None}


def preview_report(engine: Engine, path: str | Path, plan_id: str) -> ReportPreview:
    """Read a report file and match its rows to the plan's tasks (id, code, then content)."""
    source = read_progress_report(path)
    tasks = [t for s in build_appendix(engine, plan_id).sections for t in s.tasks]
    return ReportPreview(source, plan_id, match_tasks(source.rows, tasks))


def apply_report(
    engine: Engine,
    who: str,
    preview: ReportPreview,
    period: ReportingPeriod,
    selection: set[int] | None = None,
    overrides: dict[int, str] | None = None,
) -> int:
    """Record the selected rows as the period's progress in one transaction; return how many.

    `overrides` maps a row index to the id of the task the user chose instead of the match.
    """
    chosen = preview.default_selection() if selection is None else selection
    overrides = overrides or {}
    applied = 0
    backup_before(engine, "truoc-nhap")
    with transaction(engine) as session:
        for index in sorted(chosen):
            match = preview.matches[index]
            task_id = overrides.get(index) or (match.task.id if match.task else None)
            if not task_id:
                raise ServiceError(f"{match.row.where}: dòng chưa được ghép với nhiệm vụ nào.")
            values = _progress_values(match)
            if values:
                record_progress(session, who, task_id, period, **values)
                applied += 1
    return applied


def _progress_values(match: Match) -> dict[str, Any]:
    row = match.row
    values: dict[str, Any] = {}
    if row.status is not None:
        values["status"] = row.status
    if row.description:
        values["description"] = row.description
    if row.completed_on is not None:
        values["completed_on"] = row.completed_on
    return values

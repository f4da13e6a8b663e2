"""Build the printed documents (appendix, progress report) of a plan from the database."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from carapp.db.models import ProgressRecord
from carapp.domain.areas import ReformArea
from carapp.domain.documents import (
    Appendix,
    DocumentHeader,
    ProgressReport,
    ProgressRow,
    ReportSection,
    SectionRow,
    SignatureBlock,
    TaskRow,
)
from carapp.domain.periods import PeriodKind, ReportingPeriod
from carapp.services.common import reading
from carapp.services.plans import get_plan, list_sections
from carapp.services.tasks import TaskView, latest_records, list_tasks

DEFAULT_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
DEFAULT_POST = "CHỦ TỊCH"
DEFAULT_RECIPIENTS = ("UBND thành phố (để báo cáo);", "Sở Nội vụ thành phố;", "Lưu: VT.")


def period_phrase(period: ReportingPeriod) -> str:
    """Return the period as a report title says it: "quý I năm 2026", "6 tháng đầu năm 2026"."""
    return {
        PeriodKind.Q1: f"quý I năm {period.year}",
        PeriodKind.H1: f"6 tháng đầu năm {period.year}",
        PeriodKind.Q3: f"quý III năm {period.year}",
        PeriodKind.YEAR: f"năm {period.year}",
    }[period.kind]


def report_day(period: ReportingPeriod, today: date | None = None) -> date:
    """Return the day a report is judged at: today, or the period's last day once it closed."""
    return min(today or date.today(), period.end)


def _task_rows(views: list[TaskView]) -> dict[str, TaskRow]:
    """Return the printed row of each task by id, each sub-item pointing at its parent's row."""
    rows: dict[str, TaskRow] = {}
    for view in views:  # in outline order: a parent comes before its sub-items
        row = _task_row(view)
        row.parent = rows.get(view.outline_parent_id or "")
        rows[view.id] = row
    return rows


def _task_row(view: TaskView) -> TaskRow:
    return TaskRow(
        number=view.number,
        content=view.content,
        lead=view.lead,
        cooperating=view.cooperating,
        output=view.output,
        deadline=view.deadline.text,
        code=view.code,
        assigning_document=view.assigning_document,
        id=view.id,
        marker=view.marker,
        is_heading=view.is_heading,
    )


def build_appendix(engine: Engine, plan_id: str) -> Appendix:
    """Return a plan's appendix: header lines and the task table by section."""
    plan = get_plan(engine, plan_id)
    views = list_tasks(engine, plan_id)
    rows = _task_rows(views)
    sections = [
        SectionRow(
            s.numeral,
            s.title,
            ReformArea(s.area),
            [rows[v.id] for v in views if v.section_id == s.id],
        )
        for s in list_sections(engine, plan_id)
    ]
    header = DocumentHeader(
        issuer=plan.issuer,
        parent_issuer=plan.parent_issuer,
        number=plan.number,
        place=plan.place,
        issued_on=plan.issued_on,
    )
    return Appendix(
        header=header,
        title=plan.appendix_title or "DANH MỤC NHIỆM VỤ",
        attached_to=plan.appendix_attached_to or plan.attached_to,
        label=plan.appendix_label or "Phụ lục",
        sections=sections,
    )


def build_report(
    engine: Engine, plan_id: str, period: ReportingPeriod, as_of: date | None = None
) -> ProgressReport:
    """Return the progress report of a plan for a period, judged as of a day."""
    plan = get_plan(engine, plan_id)
    day = as_of or report_day(period)
    views = list_tasks(engine, plan_id, as_of=day, period=period)
    rows = _task_rows(views)
    with reading(engine) as session:
        records = latest_records(session, period, plan_id=plan_id)
    sections = [
        ReportSection(
            s.numeral,
            s.title,
            ReformArea(s.area),
            [
                _progress_row(v, rows[v.id], None if v.is_heading else records.get(v.id))
                for v in views
                if v.section_id == s.id
            ],
        )
        for s in list_sections(engine, plan_id)
    ]
    header = DocumentHeader(
        issuer=plan.issuer, parent_issuer=plan.parent_issuer, place=plan.place, issued_on=day
    )
    recipients = [r for r in plan.recipients.splitlines() if r.strip()] or list(DEFAULT_RECIPIENTS)
    return ProgressReport(
        header=header,
        title=f"Kết quả thực hiện Kế hoạch cải cách hành chính {period_phrase(period)}",
        period=period,
        as_of=day,
        plan_title=plan.title,
        sections=sections,
        signature=SignatureBlock(
            authority=plan.sign_authority or DEFAULT_AUTHORITY,
            post=plan.sign_post or DEFAULT_POST,
            signer=plan.sign_name,
        ),
        recipients=recipients,
    )


def _progress_row(view: TaskView, row: TaskRow, record: ProgressRecord | None) -> ProgressRow:
    return ProgressRow(
        task=row,
        status=view.status,
        derived=view.derived,
        percent=view.percent,
        description=record.description if record else "",
        completed_on=view.completed_on,
        difficulties=record.difficulties if record else "",
        proposals=record.proposals if record else "",
    )

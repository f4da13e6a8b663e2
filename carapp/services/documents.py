"""Build the printed documents (appendix, progress report) of a plan from the database."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from carapp.db.models import Plan, ProgressRecord, Unit
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
from carapp.domain.periods import ReportingPeriod, period_phrase
from carapp.domain.text import fold
from carapp.services.common import reading
from carapp.services.plans import get_plan, list_sections
from carapp.services.tasks import TaskView, latest_records, list_tasks

DEFAULT_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
DEFAULT_POST = "CHỦ TỊCH"
DEFAULT_RECIPIENTS = ("UBND thành phố (để báo cáo);", "Sở Nội vụ thành phố;", "Lưu: VT.")


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


def _owner(engine: Engine, plan: Plan) -> Unit | None:
    with reading(engine) as session:
        return session.get(Unit, plan.owner_unit_id)


def _issuer(plan_issuer: str, unit: Unit | None) -> str:
    """Return the issuing body as printed: the unit's letterhead lines when they say the same."""
    letterhead = unit.letterhead.strip() if unit else ""
    if not letterhead:
        return plan_issuer or (unit.name if unit else "")
    if not plan_issuer or fold(plan_issuer) == fold(" ".join(letterhead.split())):
        return letterhead
    return plan_issuer


def _symbol(kind: str, unit: Unit | None) -> str:
    """Return "BC-UBND" / "KH-UBND": the document kind and the unit's abbreviation."""
    abbreviation = unit.abbreviation.strip() if unit else ""
    return f"{kind}-{abbreviation}" if abbreviation else ""


def default_signature(plan: Plan, unit: Unit | None) -> SignatureBlock:
    """Return the plan's signature block, else the unit's, else "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"."""
    if plan.sign_authority or plan.sign_post or plan.sign_name:
        return SignatureBlock(plan.sign_authority, plan.sign_post, plan.sign_name)
    if unit and (unit.sign_authority or unit.sign_post or unit.sign_name):
        return SignatureBlock(unit.sign_authority, unit.sign_post, unit.sign_name)
    return SignatureBlock(DEFAULT_AUTHORITY, DEFAULT_POST, "")


def build_appendix(engine: Engine, plan_id: str) -> Appendix:
    """Return a plan's appendix: header lines and the task table by section."""
    plan = get_plan(engine, plan_id)
    unit = _owner(engine, plan)
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
        issuer=_issuer(plan.issuer, unit),
        parent_issuer=plan.parent_issuer or (unit.parent_body if unit else ""),
        number=plan.number,
        place=plan.place or (unit.place if unit else ""),
        issued_on=plan.issued_on,
        symbol=_symbol("KH", unit),
    )
    return Appendix(
        header=header,
        title=plan.appendix_title or "DANH MỤC NHIỆM VỤ",
        attached_to=plan.appendix_attached_to or plan.attached_to,
        label=plan.appendix_label or "Phụ lục",
        sections=sections,
    )


def build_report(
    engine: Engine,
    plan_id: str,
    period: ReportingPeriod,
    as_of: date | None = None,
    *,
    number: str = "",
    issued_on: date | None = None,
    signature: SignatureBlock | None = None,
) -> ProgressReport:
    """Return the progress report of a plan for a period, judged as of a day.

    The report's number and date are left blank for the văn thư unless given; the signature
    block is `signature`, else the plan's, else the unit's set-up.
    """
    plan = get_plan(engine, plan_id)
    unit = _owner(engine, plan)
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
        issuer=(unit.letterhead.strip() if unit else "") or _issuer(plan.issuer, unit),
        parent_issuer=(unit.parent_body if unit else "") or plan.parent_issuer,
        number=number,
        place=(unit.place if unit else "") or plan.place,
        issued_on=issued_on,
        symbol=_symbol("BC", unit),
    )
    recipients = [r for r in plan.recipients.splitlines() if r.strip()] or list(DEFAULT_RECIPIENTS)
    return ProgressReport(
        header=header,
        title=f"Kết quả thực hiện Kế hoạch cải cách hành chính {period_phrase(period)}",
        period=period,
        as_of=day,
        plan_title=plan.title,
        sections=sections,
        signature=signature or default_signature(plan, unit),
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

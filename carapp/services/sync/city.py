"""The city's consolidated picture: which units reported, on time and completely, and their counts.

Everything here reads the units' data as their last accepted packages left it (the city never
edits it). For a reporting period:

- received: the first report package for that period accepted from the unit, and when;
- on time: received on or before the period's due date (carapp.services.sync.due_dates);
- complete: every task of the unit's plans has a progress record for exactly that period;
- counts: the unit's tasks by derived status (the Government Office's categories) as of the
  period's report day, per unit and per reform area.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session
from sqlmodel import select as sm_select

from carapp.db.models import PackageRecord, Plan, ProgressRecord, Section, Task, Unit
from carapp.domain.areas import ReformArea
from carapp.domain.city import (
    CATEGORIES,
    TOTAL_LABEL,
    Category,
    Consolidation,
    CountRow,
    UnitStatus,
)
from carapp.domain.deadlines import Deadline, Recurrence
from carapp.domain.periods import ReportingPeriod, parse_period
from carapp.domain.progress import derive_status
from carapp.domain.status import RecordedStatus
from carapp.services.common import NotFound, reading
from carapp.services.documents import report_day
from carapp.services.sync.due_dates import due_dates_in
from carapp.services.sync.mode import own_code_of
from carapp.services.sync.trust import trust_of
from carapp.services.tasks import TaskView, list_task_rows

# --- what the units sent -----------------------------------------------------------------------


@dataclass
class _TaskFacts:
    unit_code: str
    area: str
    derived: Category
    reported: bool


def _deadline(row: Any) -> Deadline:
    month_day = None
    if row.due_month_day:
        month, day = row.due_month_day.split("-")
        month_day = (int(month), int(day))
    return Deadline(
        text=row.deadline_text,
        start=row.deadline_start,
        end=row.deadline_end,
        recurrence=Recurrence(row.recurrence),
        due_month_day=month_day,
        understood=row.deadline_understood,
    )


def _facts(session: Session, own_code: str, period: ReportingPeriod, day: date) -> list[_TaskFacts]:
    """Return, for every task of the other units' plans, its derived status and record.

    Group headings are left out: they are not tasks (their sub-items are counted).
    """
    task, section = Task.__table__, Section.__table__  # type: ignore[attr-defined]
    plan, unit, record = Plan.__table__, Unit.__table__, ProgressRecord.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    rows = conn.execute(
        select(
            task.c.id,
            task.c.deadline_text,
            task.c.deadline_start,
            task.c.deadline_end,
            task.c.recurrence,
            task.c.due_month_day,
            task.c.deadline_understood,
            section.c.area,
            unit.c.code,
        )
        .join_from(task, section, section.c.id == task.c.section_id)
        .join(plan, plan.c.id == task.c.plan_id)
        .join(unit, unit.c.id == plan.c.owner_unit_id)
        .where(unit.c.code != own_code, task.c.is_heading.is_(False))  # a heading is no task
    ).all()
    records = conn.execute(
        select(record.c.task_id, record.c.period, record.c.status, record.c.completed_on)
        .join_from(record, task, task.c.id == record.c.task_id)
        .join(plan, plan.c.id == task.c.plan_id)
        .join(unit, unit.c.id == plan.c.owner_unit_id)
        .where(unit.c.code != own_code)
    ).all()
    periods: dict[str, ReportingPeriod] = {}
    best: dict[str, tuple[ReportingPeriod, str, date | None]] = {}
    exact: set[str] = set()
    for task_id, code, status, completed in records:
        record_period = periods.get(code) or periods.setdefault(code, parse_period(code))
        if record_period > period:
            continue
        if record_period == period:
            exact.add(task_id)
        current = best.get(task_id)
        if current is None or record_period > current[0]:
            best[task_id] = (record_period, status, completed)
    facts = []
    for row in rows:
        found = best.get(row.id)
        status = RecordedStatus(found[1]) if found else None
        derived = derive_status(_deadline(row), status, found[2] if found else None, day, period)
        facts.append(_TaskFacts(row.code, row.area, derived, row.id in exact))
    return facts


def _tally(label: str, facts: Iterable[_TaskFacts], **extra: Any) -> CountRow:
    items = list(facts)
    counter = Counter(f.derived for f in items)
    return CountRow(label, {c: counter[c] for c in CATEGORIES}, len(items), **extra)


def _unit_codes(session: Session, own_code: str) -> list[str]:
    codes = set(trust_of(session).allowed)
    codes |= set(
        session.exec(
            sm_select(PackageRecord.unit_code).where(PackageRecord.direction == "in")
        ).all()
    )
    unit, plan = Unit.__table__, Plan.__table__  # type: ignore[attr-defined]
    owners = session.connection().execute(
        select(unit.c.code).join_from(plan, unit, unit.c.id == plan.c.owner_unit_id).distinct()
    )
    codes |= {code for (code,) in owners}
    return sorted(c for c in codes if c != own_code)


def consolidate(
    engine: Engine, period: ReportingPeriod, *, today: date | None = None
) -> Consolidation:
    """Return the city's picture of `period` (see the module doc), as of its report day."""
    current = today or date.today()
    day = report_day(period, current)
    with reading(engine) as session:
        own_code = own_code_of(session)
        city = session.exec(sm_select(Unit).where(Unit.code == own_code)).first()
        month, dom = due_dates_in(session)[period.kind]
        due_on = date(period.year, month, dom)
        codes = _unit_codes(session, own_code)
        allowed = set(trust_of(session).allowed)
        names = dict(session.exec(sm_select(Unit.code, Unit.name)).all())
        received = session.exec(
            sm_select(PackageRecord).where(
                PackageRecord.direction == "in", PackageRecord.kind == "report"
            )
        ).all()
        facts = _facts(session, own_code, period, day)
    by_unit: dict[str, list[_TaskFacts]] = {}
    for fact in facts:
        by_unit.setdefault(fact.unit_code, []).append(fact)
    statuses = [
        _status(
            code,
            names.get(code, ""),
            code in allowed,
            period,
            due_on,
            current,
            received,
            by_unit.get(code, []),
        )
        for code in codes
    ]
    unit_rows = [
        _tally(f"{names.get(code, code)}", by_unit.get(code, []), code=code) for code in codes
    ]
    areas = [
        _tally(area.label, [f for f in facts if f.area == area.value], area=area)
        for area in ReformArea
        if area in tuple(ReformArea)[:6] or any(f.area == area.value for f in facts)
    ]
    return Consolidation(
        period,
        day,
        own_code,
        city.name if city else "",
        statuses,
        unit_rows,
        areas,
        _tally(TOTAL_LABEL, facts),
    )


def _status(
    code: str,
    name: str,
    registered: bool,
    period: ReportingPeriod,
    due_on: date,
    today: date,
    received: Iterable[PackageRecord],
    facts: list[_TaskFacts],
) -> UnitStatus:
    mine = [r for r in received if r.unit_code == code]
    last = max(mine, key=lambda r: r.sequence, default=None)
    for_period = [r.imported_at for r in mine if r.period == period.code and r.imported_at]
    counter = Counter(f.derived for f in facts)
    return UnitStatus(
        code=code,
        name=name,
        registered=registered,
        period=period.code,
        due_on=due_on,
        last_period=last.period if last else "",
        last_sequence=last.sequence if last else None,
        last_received_at=last.imported_at if last else None,
        signer_subject=last.signer_subject if last else "",
        verification=last.verification if last else "",
        received_at=min(for_period) if for_period else None,
        today=today,
        tasks_total=len(facts),
        tasks_reported=sum(1 for f in facts if f.reported),
        counts={c: counter[c] for c in CATEGORIES},
    )


def unit_statuses(
    engine: Engine, period: ReportingPeriod, *, today: date | None = None
) -> list[UnitStatus]:
    """Return the city's table of units for `period`: received, on time, complete, counts."""
    return consolidate(engine, period, today=today).statuses


def unit_tasks(
    engine: Engine, unit_code: str, period: ReportingPeriod, *, today: date | None = None
) -> list[TaskView]:
    """Return one unit's tasks with their status for `period`, in appendix order (read-only)."""
    with reading(engine) as session:
        unit = session.exec(sm_select(Unit).where(Unit.code == unit_code)).first()
        if unit is None:
            raise NotFound(f"Không có đơn vị mã “{unit_code}”.")
        plans = session.exec(
            sm_select(Plan.id)
            .where(Plan.owner_unit_id == unit.id)
            .order_by(Plan.kind == "assignments", Plan.start_year, Plan.title)  # type: ignore[arg-type]
        ).all()
    day = report_day(period, today)
    return [
        row.view
        for plan_id in plans
        for row in list_task_rows(engine, plan_id, as_of=day, period=period)
    ]

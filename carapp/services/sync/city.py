"""The city's consolidated picture: which units reported, on time and completely, and their counts.

Everything here reads the units' data as their last accepted packages left it (the city never
edits it). For a reporting period:

- received: the first report package for that period accepted from the unit, and when;
- on time: received on or before the period's due date (carapp.services.sync.due_dates);
- complete: every task of the unit's plans has a progress record for exactly that period;
- counts: the unit's tasks by derived status (the Government Office's categories) as of the
  period's report day, per unit, per province (the unit's parent unit; the city for units
  without one) and per reform area, counted by the database (city_counts.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, and_, func, select
from sqlmodel import Session
from sqlmodel import select as sm_select

from carapp.db.models import PackageRecord, Plan, Unit
from carapp.domain.areas import ReformArea
from carapp.domain.city import (
    CATEGORIES,
    TOTAL_LABEL,
    Category,
    Consolidation,
    CountRow,
    ProvinceSummary,
    UnitStatus,
)
from carapp.domain.periods import ReportingPeriod
from carapp.pacing import Pause, paced
from carapp.services.common import NotFound, reading
from carapp.services.documents import report_day
from carapp.services.sync.city_counts import TaskCounts, task_counts
from carapp.services.sync.due_dates import due_dates_in
from carapp.services.sync.mode import own_code_of
from carapp.services.sync.trust import trust_of
from carapp.services.tasks import TaskView, list_task_rows

# --- what the units sent -----------------------------------------------------------------------

PACKAGE = PackageRecord.__table__  # type: ignore[attr-defined]
UNIT = Unit.__table__  # type: ignore[attr-defined]
PACE_UNITS = 300  # units' rows made between two pauses (a few ms of work)
_RECEIVED = (PACKAGE.c.direction == "in", PACKAGE.c.kind == "report")


@dataclass(frozen=True)
class _UnitRow:
    code: str
    name: str
    province: str  # the parent unit's code ("" when none)


def _units(conn: Any) -> dict[str, _UnitRow]:
    """Return every unit by code, with the code of its parent unit."""
    parent = UNIT.alias("parent")
    rows = conn.execute(
        select(UNIT.c.code, UNIT.c.name, parent.c.code).outerjoin_from(
            UNIT, parent, parent.c.id == UNIT.c.parent_id
        )
    )
    return {code: _UnitRow(code, name, province or "") for code, name, province in rows}


def _last_packages(conn: Any) -> dict[str, Any]:
    """Return, per unit code, the report package with the highest sequence accepted from it."""
    top = (
        select(PACKAGE.c.unit_code, func.max(PACKAGE.c.sequence).label("sequence"))
        .where(*_RECEIVED)
        .group_by(PACKAGE.c.unit_code)
        .subquery()
    )
    rows = conn.execute(
        select(PACKAGE)
        .join(
            top, and_(top.c.unit_code == PACKAGE.c.unit_code, top.c.sequence == PACKAGE.c.sequence)
        )
        .where(*_RECEIVED)
    )
    return {row.unit_code: row for row in rows}


def _first_received(conn: Any, period: ReportingPeriod) -> dict[str, datetime]:
    """Return, per unit code, when its first report for `period` was imported."""
    rows = conn.execute(
        select(PACKAGE.c.unit_code, func.min(PACKAGE.c.imported_at))
        .where(*_RECEIVED, PACKAGE.c.period == period.code, PACKAGE.c.imported_at.is_not(None))
        .group_by(PACKAGE.c.unit_code)
    )
    return {code: at for code, at in rows}


def _tally(label: str, counter: Counter[Category], **extra: Any) -> CountRow:
    return CountRow(label, {c: counter[c] for c in CATEGORIES}, counter.total(), **extra)


def _unit_codes(session: Session, conn: Any, own_code: str, allowed: Iterable[str]) -> list[str]:
    codes = set(allowed)
    codes |= set(
        conn.execute(
            select(PACKAGE.c.unit_code).where(PACKAGE.c.direction == "in").distinct()
        ).scalars()
    )
    plan = Plan.__table__  # type: ignore[attr-defined]
    owners = conn.execute(
        select(UNIT.c.code).join_from(plan, UNIT, UNIT.c.id == plan.c.owner_unit_id).distinct()
    )
    codes |= {code for (code,) in owners}
    return sorted(c for c in codes if c != own_code)


@dataclass(frozen=True)
class _Facts:
    """What the database says for one period, read in one session."""

    own_code: str
    due_on: date
    allowed: set[str]
    codes: list[str]
    units: dict[str, _UnitRow]
    last: dict[str, Any]
    first: dict[str, datetime]
    counts: TaskCounts


def _read(engine: Engine, period: ReportingPeriod, day: date, pause: Pause | None) -> _Facts:
    with reading(engine) as session:
        conn = session.connection()
        own_code = own_code_of(session)
        month, dom = due_dates_in(session)[period.kind]
        allowed = set(trust_of(session).allowed)
        return _Facts(
            own_code,
            date(period.year, month, dom),
            allowed,
            _unit_codes(session, conn, own_code, allowed),
            _units(conn),
            _last_packages(conn),
            _first_received(conn, period),
            task_counts(conn, own_code, period, day, pause),
        )


def consolidate(
    engine: Engine,
    period: ReportingPeriod,
    *,
    today: date | None = None,
    pause: Pause | None = None,
) -> Consolidation:
    """Return the city's picture of `period` (see the module doc), as of its report day.

    `pause` is called now and then (a window's worker gives its GUI thread the GIL: pacing).
    """
    current = today or date.today()
    day = report_day(period, current)
    facts = _read(engine, period, day, pause)
    counts = facts.counts
    city = facts.units.get(facts.own_code)
    codes = facts.codes
    statuses = [_status(facts, code, period, current) for code in paced(codes, pause, PACE_UNITS)]
    unit_rows = [
        _tally(_name(facts, code) or code, counts.unit(code), code=code)
        for code in paced(codes, pause, PACE_UNITS)
    ]
    return Consolidation(
        period,
        day,
        facts.own_code,
        city.name if city else "",
        statuses,
        unit_rows,
        area_rows(counts),
        _tally(TOTAL_LABEL, sum(counts.units.values(), Counter())),
        province_rows(facts, statuses),
    )


def area_rows(counts: TaskCounts) -> list[CountRow]:
    """Count per reform area: the six always, direction and other ones when they have tasks."""
    return [
        _tally(area.label, counts.areas.get(area.value) or Counter(), area=area)
        for area in ReformArea
        if area in tuple(ReformArea)[:6] or area.value in counts.areas
    ]


def province_rows(facts: _Facts, statuses: list[UnitStatus]) -> list[ProvinceSummary]:
    """Sum the units per province (their parent unit; the city for units without one)."""
    members: dict[str, list[UnitStatus]] = {}
    for status in statuses:
        members.setdefault(status.province, []).append(status)
    rows = []
    for code in sorted(members, key=lambda c: (c == facts.own_code, c)):
        units = members[code]
        name = _name(facts, code) or code
        tasks: Counter[Category] = Counter()
        for unit in units:
            tasks.update(facts.counts.unit(unit.code))
        rows.append(
            ProvinceSummary(
                code=code,
                name=name,
                units=len(units),
                received=sum(1 for u in units if u.received),
                on_time=sum(1 for u in units if u.on_time),
                complete=sum(1 for u in units if u.complete),
                tasks=_tally(name, tasks, code=code),
            )
        )
    return rows


def _name(facts: _Facts, code: str) -> str:
    unit = facts.units.get(code)
    return unit.name if unit else ""


def _status(facts: _Facts, code: str, period: ReportingPeriod, today: date) -> UnitStatus:
    last = facts.last.get(code)
    unit = facts.units.get(code)
    counter = facts.counts.unit(code)
    return UnitStatus(
        code=code,
        name=unit.name if unit else "",
        registered=code in facts.allowed,
        period=period.code,
        due_on=facts.due_on,
        last_period=last.period if last else "",
        last_sequence=last.sequence if last else None,
        last_received_at=last.imported_at if last else None,
        signer_subject=last.signer_subject if last else "",
        verification=last.verification if last else "",
        received_at=facts.first.get(code),
        today=today,
        tasks_total=counter.total(),
        tasks_reported=facts.counts.reported[code],
        counts={c: counter[c] for c in CATEGORIES},
        province=(unit.province if unit and unit.province else "") or facts.own_code,
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


def picture_version(engine: Engine) -> tuple[int, datetime | None]:
    """Return a cheap stamp of what the city received; it changes when any officer imports.

    The count and the latest import time of the packages received: another officer's process
    importing into the same database changes it, so a window polling it knows when to compute
    the picture again.
    """
    with reading(engine) as session:
        count, latest = (
            session.connection()
            .execute(
                select(func.count(), func.max(PACKAGE.c.imported_at)).where(
                    PACKAGE.c.direction == "in"
                )
            )
            .one()
        )
    return int(count), latest

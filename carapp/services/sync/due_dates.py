"""The city's report due dates per period kind: settings ``sync.due.Q1`` … as "MM-DD", defaults.

By default Quý I 18/3, 6 tháng 18/6, Quý III 18/9, Năm 18/12; a report is on time when received
on or before its period's due date, judged in Vietnam's time.
"""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session

from carapp.domain.periods import PeriodKind, ReportingPeriod
from carapp.services.common import ServiceError, reading, transaction
from carapp.services.settings import get_setting, put_setting

DUE_PREFIX = "sync.due."
DEFAULT_DUE: dict[PeriodKind, tuple[int, int]] = {
    PeriodKind.Q1: (3, 18),
    PeriodKind.H1: (6, 18),
    PeriodKind.Q3: (9, 18),
    PeriodKind.YEAR: (12, 18),
}
# --- due dates --------------------------------------------------------------------------------


def _month_day(text: str) -> tuple[int, int] | None:
    try:
        month, day = (int(p) for p in text.split("-"))
    except ValueError:
        return None
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]:
        return month, day
    return None


def due_dates_in(session: Session) -> dict[PeriodKind, tuple[int, int]]:
    """Return each period kind's due (month, day) as set in `session`, defaults filled in."""
    dates = dict(DEFAULT_DUE)
    for kind in PeriodKind:
        stored = _month_day(get_setting(session, DUE_PREFIX + kind.value))
        if stored:
            dates[kind] = stored
    return dates


def due_dates(engine: Engine) -> dict[PeriodKind, tuple[int, int]]:
    """Return the due (month, day) of each kind of report."""
    with reading(engine) as session:
        return due_dates_in(session)


def parse_day_month(text: str) -> tuple[int, int]:
    """Read "18/3" or "18/03" as (3, 18); ValueError (Vietnamese) otherwise."""
    try:
        day, month = (int(p) for p in text.strip().split("/"))
    except ValueError:
        raise ValueError(
            f"Ngày hạn không hợp lệ: “{text}” (viết ngày/tháng, ví dụ 18/3)."
        ) from None
    if _month_day(f"{month}-{day}") is None:
        raise ValueError(f"Ngày hạn không hợp lệ: “{text}” (viết ngày/tháng, ví dụ 18/3).")
    return month, day


def set_due_date(
    engine: Engine, who: str, kind: PeriodKind | str, day_month: str
) -> tuple[int, int]:
    """Set the due date ("18/3") of one kind of report (Q1, H1, Q3, Y)."""
    try:
        period_kind = PeriodKind(str(kind).upper())
    except ValueError:
        raise ServiceError(f"Loại kỳ báo cáo không hợp lệ: “{kind}” (Q1, H1, Q3, Y).") from None
    month, day = parse_day_month(day_month)
    with transaction(engine) as session:
        put_setting(session, who, DUE_PREFIX + period_kind.value, f"{month:02d}-{day:02d}")
    return month, day


def due_date(engine: Engine, period: ReportingPeriod) -> date:
    """Return the day the units' report for `period` is due at the city."""
    month, day = due_dates(engine)[period.kind]
    return date(period.year, month, day)

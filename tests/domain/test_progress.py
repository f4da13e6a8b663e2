"""Report categories derived from a deadline, the recorded status and the completion date."""

from datetime import date

import pytest

from carapp.domain.deadlines import Deadline, parse_deadline
from carapp.domain.periods import PeriodKind, ReportingPeriod
from carapp.domain.progress import derive_status, effective_due, is_overdue
from carapp.domain.status import DerivedStatus, RecordedStatus

D = date
S = RecordedStatus
Q4_2025 = parse_deadline("Quý IV/2025")  # due 31/12/2025
YEARLY = parse_deadline("Hằng năm", 2026, 2030)
YEARLY_15_12 = parse_deadline("trước ngày 15/12 hằng năm", 2026, 2030)
CONTINUOUS = parse_deadline("Thường xuyên", 2026, 2030)
LEAP_DAY = parse_deadline("Hằng năm, trước ngày 29/2")


@pytest.mark.parametrize(
    ("status", "completed_on", "as_of", "derived"),
    [
        (S.DONE, D(2025, 12, 31), D(2026, 3, 1), DerivedStatus.DONE_ON_TIME),
        (S.DONE, D(2025, 11, 2), D(2025, 11, 5), DerivedStatus.DONE_ON_TIME),
        (S.DONE, D(2026, 1, 1), D(2026, 3, 1), DerivedStatus.DONE_LATE),
        (S.DONE, None, D(2026, 3, 1), DerivedStatus.DONE_ON_TIME),
        (S.IN_PROGRESS, None, D(2025, 12, 31), DerivedStatus.IN_PROGRESS_ON_TIME),
        (S.IN_PROGRESS, None, D(2026, 1, 1), DerivedStatus.OVERDUE),
        (S.NOT_STARTED, None, D(2025, 12, 31), DerivedStatus.NOT_DUE),
        (S.NOT_STARTED, None, D(2026, 1, 1), DerivedStatus.OVERDUE),
        (None, None, D(2025, 10, 1), DerivedStatus.NOT_DUE),
        (None, None, D(2026, 1, 1), DerivedStatus.OVERDUE),
        (S.PAUSED, None, D(2025, 12, 1), DerivedStatus.NOT_DUE),
        (S.PAUSED, None, D(2026, 1, 1), DerivedStatus.OVERDUE),
        (S.CANCELLED, None, D(2026, 1, 1), DerivedStatus.OVERDUE),
    ],
)
def test_one_off(
    status: RecordedStatus | None, completed_on: date | None, as_of: date, derived: DerivedStatus
) -> None:
    assert derive_status(Q4_2025, status, completed_on, as_of) is derived


@pytest.mark.parametrize(
    ("text", "as_of", "overdue"),
    [
        ("2026-2030", D(2027, 3, 1), False),
        ("2026-2027", D(2027, 3, 1), False),
        ("2026 – tháng 2/2027", D(2027, 3, 1), True),
        ("2026 – tháng 2/2027", D(2027, 2, 28), False),
        ("31/12/2025", D(2026, 1, 1), True),
        ("31/12/2025", D(2025, 12, 31), False),
    ],
)
def test_is_overdue_at_the_end_of_the_window(text: str, as_of: date, overdue: bool) -> None:
    deadline = parse_deadline(text, 2026, 2030)
    assert is_overdue(deadline, S.IN_PROGRESS, None, as_of) is overdue
    assert is_overdue(deadline, S.NOT_STARTED, None, as_of) is overdue


def test_done_is_never_overdue() -> None:
    assert not is_overdue(Q4_2025, S.DONE, D(2026, 2, 1), D(2026, 3, 1))


@pytest.mark.parametrize(
    "deadline",
    [
        parse_deadline("206-2030", 2026, 2030),
        parse_deadline(""),
        Deadline("2026-2030"),
    ],
)
def test_unknown_window_has_no_status(deadline: Deadline) -> None:
    assert effective_due(deadline, D(2027, 3, 1)) is None
    assert derive_status(deadline, S.DONE, D(2027, 1, 1), D(2027, 3, 1)) is None
    assert derive_status(deadline, S.NOT_STARTED, None, D(2040, 1, 1)) is None
    assert not is_overdue(deadline, S.NOT_STARTED, None, D(2040, 1, 1))


@pytest.mark.parametrize(
    ("deadline", "period", "due"),
    [
        (YEARLY, ReportingPeriod(2027, PeriodKind.Q1), D(2027, 12, 31)),
        (YEARLY, ReportingPeriod(2027, PeriodKind.YEAR), D(2027, 12, 31)),
        (YEARLY_15_12, ReportingPeriod(2027, PeriodKind.H1), D(2027, 12, 15)),
        (CONTINUOUS, ReportingPeriod(2027, PeriodKind.Q1), D(2027, 3, 14)),
        (CONTINUOUS, ReportingPeriod(2027, PeriodKind.Q3), D(2027, 9, 14)),
        (YEARLY, ReportingPeriod(2031, PeriodKind.Q1), D(2030, 12, 31)),
        # 29/02 falls on 28/02 in a common year.
        (LEAP_DAY, ReportingPeriod(2027, PeriodKind.Q1), D(2027, 2, 28)),
        (LEAP_DAY, ReportingPeriod(2028, PeriodKind.Q1), D(2028, 2, 29)),
    ],
)
def test_effective_due_per_period(deadline: Deadline, period: ReportingPeriod, due: date) -> None:
    assert effective_due(deadline, D(2027, 1, 10), period) == due


def test_effective_due_defaults_to_the_open_period() -> None:
    assert effective_due(CONTINUOUS, D(2027, 5, 1)) == D(2027, 6, 14)  # 6 tháng 2027
    assert effective_due(YEARLY_15_12, D(2027, 5, 1)) == D(2027, 12, 15)
    assert effective_due(Q4_2025, D(2027, 5, 1)) == D(2025, 12, 31)


@pytest.mark.parametrize(
    ("status", "completed_on", "as_of", "derived"),
    [
        (S.IN_PROGRESS, None, D(2027, 12, 10), DerivedStatus.IN_PROGRESS_ON_TIME),
        (S.NOT_STARTED, None, D(2027, 12, 10), DerivedStatus.NOT_DUE),
        (S.DONE, D(2027, 12, 1), D(2027, 12, 10), DerivedStatus.DONE_ON_TIME),
        (S.DONE, D(2027, 12, 20), D(2027, 12, 31), DerivedStatus.DONE_LATE),
        (S.IN_PROGRESS, None, D(2027, 12, 16), DerivedStatus.OVERDUE),
    ],
)
def test_yearly_is_judged_per_period(
    status: RecordedStatus, completed_on: date | None, as_of: date, derived: DerivedStatus
) -> None:
    period = ReportingPeriod(2027, PeriodKind.YEAR)
    assert derive_status(YEARLY_15_12, status, completed_on, as_of, period) is derived


def test_yearly_starts_afresh_each_year() -> None:
    # Not done by 31/12/2026, but the 2027 reports judge the 2027 occurrence.
    assert derive_status(YEARLY, S.NOT_STARTED, None, D(2027, 2, 1)) is DerivedStatus.NOT_DUE
    last_year = ReportingPeriod(2026, PeriodKind.YEAR)
    assert derive_status(YEARLY, None, None, D(2027, 2, 1), last_year) is DerivedStatus.OVERDUE


@pytest.mark.parametrize(
    ("status", "completed_on", "as_of", "derived"),
    [
        (S.IN_PROGRESS, None, D(2027, 3, 14), DerivedStatus.IN_PROGRESS_ON_TIME),
        (S.IN_PROGRESS, None, D(2027, 3, 20), DerivedStatus.OVERDUE),
        (S.DONE, D(2027, 3, 10), D(2027, 3, 20), DerivedStatus.DONE_ON_TIME),
        (S.DONE, D(2027, 3, 15), D(2027, 3, 20), DerivedStatus.DONE_LATE),
    ],
)
def test_continuous_is_judged_at_the_end_of_the_period_window(
    status: RecordedStatus, completed_on: date | None, as_of: date, derived: DerivedStatus
) -> None:
    period = ReportingPeriod(2027, PeriodKind.Q1)
    assert derive_status(CONTINUOUS, status, completed_on, as_of, period) is derived


@pytest.mark.parametrize("deadline", [YEARLY, CONTINUOUS])
@pytest.mark.parametrize("status", [S.NOT_STARTED, S.IN_PROGRESS, None])
def test_recurring_before_the_plan_period_is_not_due(
    deadline: Deadline, status: RecordedStatus | None
) -> None:
    # As of 20/12/2025 the open period is Quý I/2026, but the plan starts on 01/01/2026.
    assert derive_status(deadline, status, None, D(2025, 12, 20)) is DerivedStatus.NOT_DUE
    late_report = ReportingPeriod(2025, PeriodKind.YEAR)
    assert derive_status(deadline, status, None, D(2025, 12, 20), late_report) is (
        DerivedStatus.NOT_DUE
    )


def test_recurring_after_the_plan_period_is_due_at_its_end() -> None:
    after = D(2031, 2, 1)
    assert derive_status(YEARLY, S.IN_PROGRESS, None, after) is DerivedStatus.OVERDUE
    assert derive_status(CONTINUOUS, S.IN_PROGRESS, None, after) is DerivedStatus.OVERDUE

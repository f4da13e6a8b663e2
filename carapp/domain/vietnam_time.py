"""Vietnam time (UTC+07:00, no daylight saving): every time shown or stored for a person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")


def vietnam(at: datetime) -> datetime:
    """Return `at` in Vietnam time (a naive time is taken as UTC, as the database keeps it)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(VIETNAM_TIME)


def now_vietnam() -> datetime:
    """Return the current time in Vietnam time, to the second."""
    return datetime.now(VIETNAM_TIME).replace(microsecond=0)


def iso_vietnam(at: datetime) -> str:
    """Return "2026-03-16T09:30:00+07:00" (ISO 8601 with the offset)."""
    return vietnam(at).isoformat(timespec="seconds")


def shown(at: datetime | None, pattern: str = "%H:%M %d/%m/%Y") -> str:
    """Return a time as a person reads it, in Vietnam time with its offset ("… (+07:00)")."""
    if at is None:
        return ""
    return f"{vietnam(at).strftime(pattern)} (+07:00)"

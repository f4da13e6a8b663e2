"""Task statuses: what the officer records, and the categories reports count."""

from __future__ import annotations

import re
from enum import StrEnum

from carapp.domain.text import fold


class RecordedStatus(StrEnum):
    """The status an officer records for a task in a period."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    PAUSED = "paused"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """Return the Vietnamese word the officer sees and prints."""
        return _RECORDED_LABELS[self]


_RECORDED_LABELS = {
    RecordedStatus.NOT_STARTED: "Chưa thực hiện",
    RecordedStatus.IN_PROGRESS: "Đang thực hiện",
    RecordedStatus.DONE: "Đã hoàn thành",
    RecordedStatus.PAUSED: "Tạm dừng",
    RecordedStatus.CANCELLED: "Không thực hiện",
}


class DerivedStatus(StrEnum):
    """The Government Office's categories for counting tasks in a report."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS_ON_TIME = "in_progress_on_time"
    OVERDUE = "overdue"
    NOT_DUE = "not_due"

    @property
    def label(self) -> str:
        """Return the Vietnamese category name."""
        return _DERIVED_LABELS[self]


_DERIVED_LABELS = {
    DerivedStatus.DONE_ON_TIME: "Hoàn thành đúng hạn",
    DerivedStatus.DONE_LATE: "Hoàn thành quá hạn",
    DerivedStatus.IN_PROGRESS_ON_TIME: "Đang thực hiện trong hạn",
    DerivedStatus.OVERDUE: "Quá hạn",
    DerivedStatus.NOT_DUE: "Chưa đến hạn",
}

UNKNOWN_DEADLINE_LABEL = "Chưa xác định được thời hạn"


def parse_recorded_status(text: str) -> RecordedStatus:
    """Read a status as offices write it, in any case ("đã thực hiện" means done).

    Raises ValueError with a Vietnamese message when the words name no status.
    """
    key = fold(text)
    for status in RecordedStatus:
        if key in (status.value, fold(status.label)):
            return status
    if not key:
        raise ValueError("Trạng thái để trống")
    for pattern, status in _WORDS:
        if re.search(pattern, key):
            return status
    raise ValueError(f"Không hiểu trạng thái “{text}”")


# Folded words, matched as whole words in this order: negations before what they negate.
_WORDS = (
    (r"\bkhong thuc hien\b|^(?:da )?huy(?: bo)?$", RecordedStatus.CANCELLED),
    (r"\btam (?:dung|ngung)\b", RecordedStatus.PAUSED),
    (r"\bchua\b", RecordedStatus.NOT_STARTED),
    (r"^dang\b", RecordedStatus.IN_PROGRESS),
    (r"^(?!khong\b).*\bhoan thanh\b|^da thuc hien\b|^(?:da )?xong$", RecordedStatus.DONE),
)

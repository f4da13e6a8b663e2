"""Statuses: reading what officers write, and the Vietnamese names reports print."""

import unicodedata

import pytest

from carapp.domain.status import DerivedStatus, RecordedStatus, parse_recorded_status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Chưa thực hiện", RecordedStatus.NOT_STARTED),
        ("Đang thực hiện", RecordedStatus.IN_PROGRESS),
        ("ĐANG THỰC HIỆN", RecordedStatus.IN_PROGRESS),
        ("Đang triển khai", RecordedStatus.IN_PROGRESS),
        ("Đang chuẩn bị", RecordedStatus.IN_PROGRESS),
        ("Đã hoàn thành", RecordedStatus.DONE),
        ("ĐÃ HOÀN THÀNH", RecordedStatus.DONE),
        (unicodedata.normalize("NFD", " Đã  hoàn thành "), RecordedStatus.DONE),
        ("Hoàn thành", RecordedStatus.DONE),
        ("đã thực hiện", RecordedStatus.DONE),
        ("Đã thực hiện xong", RecordedStatus.DONE),
        ("Tạm dừng", RecordedStatus.PAUSED),
        ("Tạm ngưng", RecordedStatus.PAUSED),
        ("Không thực hiện", RecordedStatus.CANCELLED),
        ("Đã hủy", RecordedStatus.CANCELLED),
        ("done", RecordedStatus.DONE),
        ("in_progress", RecordedStatus.IN_PROGRESS),
    ],
)
def test_parse_recorded_status(text: str, status: RecordedStatus) -> None:
    assert parse_recorded_status(text) is status


@pytest.mark.parametrize("status", list(RecordedStatus))
def test_every_label_reads_back(status: RecordedStatus) -> None:
    assert parse_recorded_status(status.label) is status


@pytest.mark.parametrize("text", ["", "   ", "xyz", "Không hoàn thành"])
def test_parse_recorded_status_rejects_unknown_words(text: str) -> None:
    with pytest.raises(ValueError, match="Trạng thái|Không hiểu trạng thái"):
        parse_recorded_status(text)


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (DerivedStatus.DONE_ON_TIME, "Hoàn thành đúng hạn"),
        (DerivedStatus.DONE_LATE, "Hoàn thành quá hạn"),
        (DerivedStatus.IN_PROGRESS_ON_TIME, "Đang thực hiện trong hạn"),
        (DerivedStatus.OVERDUE, "Quá hạn"),
        (DerivedStatus.NOT_DUE, "Chưa đến hạn"),
    ],
)
def test_derived_labels(status: DerivedStatus, label: str) -> None:
    assert status.label == label

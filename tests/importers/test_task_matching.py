"""Report rows are matched to the plan's tasks by id, code, then content, for confirmation."""

from __future__ import annotations

from carapp.domain.documents import TaskRow
from carapp.importers import CONTENT_THRESHOLD, ReportRowImport, match_tasks, read_appendix
from carapp.importers import unmatched as unmatched_rows

from .files import FIXTURES

PLAN = read_appendix(FIXTURES / "bach-long-vi-phu-luc.xlsx").tasks


def _row(name: str, code: str = "", id_: str | None = None) -> ReportRowImport:
    """Return a report row with only what matching looks at."""
    return ReportRowImport(where="Bảng 1, dòng 2", task_name=name, code=code, id=id_)


def test_rows_match_by_id_then_code_before_content() -> None:
    tasks = [
        TaskRow("1", "Rà soát văn bản", code="BLV-01", id="t1"),
        TaskRow("2", "Công khai thủ tục", code="BLV-02", id="t2"),
    ]
    rows = [_row("Công khai thủ tục", id_="t1"), _row("Rà soát văn bản", code="blv-02")]

    matches = match_tasks(rows, tasks)

    assert [(m.task, m.by, m.score) for m in matches] == [
        (tasks[0], "id", 1.0),
        (tasks[1], "code", 1.0),
    ]


def test_rows_match_by_content_despite_case_accents_and_small_edits() -> None:
    task_7 = PLAN[6].content.replace("Rà soát, đánh giá", "Đánh giá").replace("rườm rà, ", "")
    rows = [
        _row(PLAN[0].content.upper()),
        _row(task_7),
        _row(
            "Tiep nhan va xu ly kien nghi tai He thong thong tin tiep nhan, xu ly, phan anh, kien nghi ve van ban quy pham phap luat"
        ),
    ]

    matches = match_tasks(rows, PLAN)

    assert [(m.task.number if m.task else None, m.by) for m in matches] == [
        ("1", "content"),
        ("7", "content"),
        ("5", "content"),
    ]
    assert all(CONTENT_THRESHOLD <= m.score <= 1.0 for m in matches)


def test_a_different_but_similar_task_is_not_matched() -> None:
    without_task_3 = [task for task in PLAN if task.number != "3"]
    row = _row(PLAN[2].content)  # task 3 and task 4 differ by a few words only

    (match,) = match_tasks([row], without_task_3)

    assert match.task is None
    assert 0.6 < match.score < CONTENT_THRESHOLD
    assert unmatched_rows([match]) == [row]


def test_each_task_is_matched_once_to_the_closest_row() -> None:
    rows = [_row(PLAN[0].content.replace(" theo quy định", "")), _row(PLAN[0].content)]

    matches = match_tasks(rows, PLAN[:2])

    assert [(m.task, m.by) for m in matches] == [(None, None), (PLAN[0], "content")]
    assert matches[0].score >= CONTENT_THRESHOLD  # close enough, but task 1 went to the exact row
    assert matches[1].score == 1.0


def test_rows_keep_their_order_and_unmatched_rows_are_listed() -> None:
    rows = [_row("Một việc không có trong kế hoạch"), _row(PLAN[29].content)]

    matches = match_tasks(rows, PLAN)

    assert [m.row for m in matches] == rows
    assert [m.task.number if m.task else None for m in matches] == [None, "30"]
    assert unmatched_rows(matches) == [rows[0]]

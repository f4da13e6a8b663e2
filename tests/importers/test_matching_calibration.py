"""The content threshold separates true report-row/task pairs from false ones on real rows."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from carapp.domain.documents import TaskRow
from carapp.domain.text import fold
from carapp.importers import CONTENT_THRESHOLD, ReportRowImport, match_tasks, similarity

from .files import FIXTURES

CALIBRATION: dict[str, Any] = json.loads(
    (FIXTURES / "matching-calibration.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def plan(truth: dict[str, Any]) -> dict[str, str]:
    """Return the Bạch Long Vĩ tasks' contents by number."""
    return {t["number"]: t["content"] for s in truth["sections"] for t in s["tasks"]}


def _inside(a: str, b: str) -> bool:
    """Return whether every word of one text is in the other (a task repeating another's words)."""
    left, right = (set(re.sub(r"[^0-9a-z]+", " ", fold(text)).split()) for text in (a, b))
    return left <= right or right <= left


def _true_scores(plan: dict[str, str]) -> list[float]:
    return [similarity(row, plan[number]) for number, row, _ in CALIBRATION["positives"]]


def _false_scores(plan: dict[str, str]) -> list[float]:
    strangers = CALIBRATION["near_misses"] + CALIBRATION["other_plan"]
    scores = [similarity(row, task) for row in strangers for task in plan.values()]
    for number, row, _ in CALIBRATION["positives"]:
        scores += [
            similarity(row, task)
            for other, task in plan.items()
            if other != number and not _inside(plan[number], task)
        ]
    scores += [
        similarity(a, b)
        for n, a in plan.items()
        for m, b in plan.items()
        if n < m and not _inside(a, b)
    ]
    return scores


def test_the_calibration_set_is_substantial(plan: dict[str, str]) -> None:
    assert len(CALIBRATION["positives"]) >= 40
    assert {number for number, _, _ in CALIBRATION["positives"]} == set(plan)
    assert len(_false_scores(plan)) > 1000


def test_every_true_pair_is_above_the_threshold_and_every_false_pair_below(
    plan: dict[str, str],
) -> None:
    true, false = _true_scores(plan), _false_scores(plan)

    assert min(true) >= CONTENT_THRESHOLD > max(false)
    # The threshold sits in the gap, with room on both sides.
    assert min(true) - CONTENT_THRESHOLD >= 0.08
    assert CONTENT_THRESHOLD - max(false) >= 0.08


def test_each_calibration_row_is_matched_to_its_own_task(plan: dict[str, str]) -> None:
    tasks = [TaskRow(number, content) for number, content in plan.items()]
    positives = CALIBRATION["positives"]
    strangers = CALIBRATION["near_misses"] + CALIBRATION["other_plan"]
    for number, text, _ in positives:  # one row at a time: several rows name the same task
        (match,) = match_tasks([_row(text)], tasks)
        assert match.task is not None and match.task.number == number, text
    for match in match_tasks([_row(text) for text in strangers], tasks):
        assert match.task is None, match.row.task_name


def _row(text: str) -> ReportRowImport:
    return ReportRowImport(where="Bảng 1, dòng 2", task_name=text)

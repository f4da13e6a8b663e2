"""Match a report's rows to a plan's tasks, for the user to confirm before anything is applied."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from carapp.domain.documents import TaskRow
from carapp.domain.text import fold
from carapp.importers.report import ReportRowImport

# Folded texts at least this similar (difflib ratio, 0..1) are taken as the same task. In the
# Bạch Long Vĩ plan the two closest different tasks (3 and 4, "Tham mưu ban hành … hàng năm")
# score 0.72, while a task with a few words dropped or changed keeps 0.9 or more. Heavier
# rewordings fall below: they are left unmatched, with their best score, for the user.
CONTENT_THRESHOLD = 0.8

MatchedBy = Literal["id", "code", "content"]
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Match:
    """A report row and the task it was matched to (None when unmatched), with how and how sure.

    `score` is 1.0 for a match by id or code, the similarity for a match by content, and for an
    unmatched row the similarity of the closest task (0.0 when there is no task at all).
    """

    row: ReportRowImport
    task: TaskRow | None
    score: float
    by: MatchedBy | None = None


def similarity(a: str, b: str) -> float:
    """Return how alike two texts are once folded (accents, case, punctuation ignored)."""
    left, right = _key(a), _key(b)
    if not left or not right:
        return 0.0
    return SequenceMatcher(None, left, right, autojunk=False).ratio()


def match_tasks(
    rows: Sequence[ReportRowImport],
    tasks: Sequence[TaskRow],
    threshold: float = CONTENT_THRESHOLD,
) -> list[Match]:
    """Return one Match per row, in row order: by id, then code, then content; each task once."""
    found: dict[int, Match] = {}
    free = list(range(len(tasks)))
    for by in ("id", "code"):
        for index, row in enumerate(rows):
            if index in found or not _identity(row, by):
                continue
            hit = next((t for t in free if _identity(tasks[t], by) == _identity(row, by)), None)
            if hit is not None:
                free.remove(hit)
                found[index] = Match(row, tasks[hit], 1.0, by)
    scores = _content_scores(rows, tasks, [i for i in range(len(rows)) if i not in found], free)
    for score, index, hit in sorted(scores, key=lambda s: (-s[0], s[1], s[2])):
        if score >= threshold and index not in found and hit in free:
            free.remove(hit)
            found[index] = Match(rows[index], tasks[hit], score, "content")
    best = {index: 0.0 for index in range(len(rows))}
    for score, index, _ in scores:
        best[index] = max(best[index], score)
    return [found.get(index, Match(row, None, best[index])) for index, row in enumerate(rows)]


def unmatched(matches: Sequence[Match]) -> list[ReportRowImport]:
    """Return the rows no task was found for, for the user to match by hand or skip."""
    return [match.row for match in matches if match.task is None]


def _identity(item: ReportRowImport | TaskRow, by: str) -> str:
    """Return a row's or task's id or folded code, or ''."""
    if by == "id":
        return item.id or ""
    return fold(item.code).replace(" ", "")


def _content_scores(
    rows: Sequence[ReportRowImport], tasks: Sequence[TaskRow], left: list[int], free: list[int]
) -> list[tuple[float, int, int]]:
    """Return (similarity, row index, task index) for every unmatched row and free task."""
    task_keys = {t: _key(tasks[t].content) for t in free}
    scores: list[tuple[float, int, int]] = []
    for index in left:
        key = _key(rows[index].task_name)
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(key)
        for hit, task_key in task_keys.items():
            matcher.set_seq1(task_key)
            if key and task_key:
                scores.append((matcher.ratio(), index, hit))
    return scores


def _key(text: str) -> str:
    """Return text folded to plain words for comparison."""
    return _NOT_WORD.sub(" ", fold(text)).strip()

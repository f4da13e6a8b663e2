"""Match a report's rows to a plan's tasks, for the user to confirm before anything is applied.

Rows are matched by id, then by code, then by content. Content is compared word by word on the
folded text (accents, case and punctuation ignored, the usual abbreviations written out):

    score = 0.8 × overlap + 0.2 × order

`overlap` is the share of the shorter text's words found in the other (a report often shortens a
task's name, so a row whose words are all in the task scores high); below eight words the
denominator stays eight, so that "Báo cáo" does not match every task that says "báo cáo".
`order` is the word-level Indel similarity of the two texts (same words in the same order).
Both come from one rapidfuzz `cdist` pass each, in C, over words coded as single characters:
a 1,000-row report against a 1,000-task plan takes a fraction of a second (bench/bench_matching.py).

CONTENT_THRESHOLD was calibrated on tests/fixtures/importers/matching-calibration.json (report
rows written the way units shorten, abbreviate and mistype the Bạch Long Vĩ tasks, rows of the
Cát Hải report and near-miss rows about other work): every true pair scores 0.86 or more, every
false pair 0.63 or less (tests/importers/test_matching_calibration.py). The one exception is a
task whose whole text is inside another's (Bạch Long Vĩ 18 inside 28): with both in the plan each
row still goes to its own task, as the best pair is taken first.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias

from carapp.domain.documents import TaskRow
from carapp.domain.text import fold
from carapp.importers.report import ReportRowImport

if TYPE_CHECKING:  # numpy and rapidfuzz are imported on first use: not on the window's start path
    import numpy as np
    from numpy.typing import NDArray

    Scores: TypeAlias = NDArray[np.float64]

CONTENT_THRESHOLD = 0.75
_OVERLAP_WEIGHT = 0.8
_SHORT = 8  # words: a shorter text's overlap is counted out of this many
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Abbreviations reports use for words plans write out (folded).
_ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh",
    "vbqppl": "van ban quy pham phap luat",
    "qppl": "quy pham phap luat",
    "cchc": "cai cach hanh chinh",
    "cbccvc": "can bo cong chuc vien chuc",
    "cbcc": "can bo cong chuc",
    "cntt": "cong nghe thong tin",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "csdl": "co so du lieu",
    "dvc": "dich vu cong",
    "dvctt": "dich vu cong truc tuyen",
    "ttdt": "thong tin dien tu",
    "tthcc": "phuc vu hanh chinh cong",
}
_ABBREVIATION = re.compile(rf"\b({'|'.join(_ABBREVIATIONS)})\b")

MatchedBy = Literal["id", "code", "content"]


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
    """Return how alike two task texts are (0..1), as matching scores them."""
    return float(content_scores([a], [b])[0, 0])


def match_tasks(
    rows: Sequence[ReportRowImport],
    tasks: Sequence[TaskRow],
    threshold: float = CONTENT_THRESHOLD,
) -> list[Match]:
    """Return one Match per row, in row order: by id, then code, then content; each task once."""
    found: dict[int, Match] = {}
    free = set(range(len(tasks)))
    for by in ("id", "code"):
        _match_identities(rows, tasks, by, found, free)
    left = [i for i in range(len(rows)) if i not in found]
    open_tasks = sorted(free)
    scores = content_scores(
        [rows[i].task_name for i in left], [tasks[t].content for t in open_tasks]
    )
    for r, t in _best_pairs(scores, threshold):
        index, hit = left[r], open_tasks[t]
        found[index] = Match(rows[index], tasks[hit], float(scores[r, t]), "content")
    best = scores.max(axis=1) if scores.size else [0.0] * len(left)
    for r, index in enumerate(left):
        found.setdefault(index, Match(rows[index], None, float(best[r])))
    return [found[index] for index in range(len(rows))]


def unmatched(matches: Sequence[Match]) -> list[ReportRowImport]:
    """Return the rows no task was found for, for the user to match by hand or skip."""
    return [match.row for match in matches if match.task is None]


def content_scores(left: Sequence[str], right: Sequence[str]) -> Scores:
    """Return the matrix of content scores (0..1) of every left text against every right one."""
    import numpy as np
    from rapidfuzz.distance import Indel
    from rapidfuzz.process import cdist

    if not left or not right:
        return np.zeros((len(left), len(right)))
    codes: dict[str, str] = {}
    left_words = [_coded(text, codes) for text in left]
    right_words = [_coded(text, codes) for text in right]
    left_sets = ["".join(sorted(set(words))) for words in left_words]
    right_sets = ["".join(sorted(set(words))) for words in right_words]
    # For sorted texts of distinct letters, Indel distance = |A| + |B| - 2 |A ∩ B|.
    distance = cdist(left_sets, right_sets, scorer=Indel.distance, dtype=np.int32)
    sizes_left = np.array([len(s) for s in left_sets], dtype=np.float64)[:, None]
    sizes_right = np.array([len(s) for s in right_sets], dtype=np.float64)[None, :]
    common = (sizes_left + sizes_right - distance) / 2
    smaller = np.minimum(sizes_left, sizes_right)
    denominator = np.maximum(
        np.maximum(smaller, np.minimum(_SHORT, sizes_left + sizes_right - smaller)), 1
    )
    order = cdist(left_words, right_words, scorer=Indel.normalized_similarity, dtype=np.float64)
    scores: Scores = _OVERLAP_WEIGHT * common / denominator + (1 - _OVERLAP_WEIGHT) * order
    empty = (sizes_left == 0) | (sizes_right == 0)
    return np.where(empty, 0.0, scores)


def _match_identities(
    rows: Sequence[ReportRowImport],
    tasks: Sequence[TaskRow],
    by: str,
    found: dict[int, Match],
    free: set[int],
) -> None:
    """Match rows to free tasks with the same id (or code), first come first served."""
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for t in sorted(free):
        if _identity(tasks[t], by):
            waiting[_identity(tasks[t], by)].append(t)
    for index, row in enumerate(rows):
        key = _identity(row, by)
        if index in found or not key or not waiting.get(key):
            continue
        hit = waiting[key].popleft()
        free.discard(hit)
        found[index] = Match(row, tasks[hit], 1.0, "id" if by == "id" else "code")


def _best_pairs(scores: Scores, threshold: float) -> list[tuple[int, int]]:
    """Return (row, task) pairs at or above the threshold, best first, each row and task once."""
    import numpy as np

    rows, columns = np.nonzero(scores >= threshold)
    order = np.lexsort((columns, rows, -scores[rows, columns]))
    taken_rows: set[int] = set()
    taken_tasks: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for r, t in zip(rows[order].tolist(), columns[order].tolist(), strict=True):
        if r not in taken_rows and t not in taken_tasks:
            taken_rows.add(r)
            taken_tasks.add(t)
            pairs.append((r, t))
    return pairs


def _identity(item: ReportRowImport | TaskRow, by: str) -> str:
    """Return a row's or task's id or folded code, or ''."""
    if by == "id":
        return item.id or ""
    return fold(item.code).replace(" ", "")


def _coded(text: str, codes: dict[str, str]) -> str:
    """Return a text's folded words, each coded as one character (shared across a call)."""
    key = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1)], _key(text))
    return "".join(codes.setdefault(word, chr(0x10000 + len(codes))) for word in key.split())


def _key(text: str) -> str:
    """Return text folded to plain words for comparison."""
    return _NOT_WORD.sub(" ", fold(text)).strip()

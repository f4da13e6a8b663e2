"""Time matching a report's rows to a plan's tasks by content, at 100, 400 and 1,000 rows.

Run: .venv/bin/python bench/bench_matching.py [--sizes 100 400 1000] [--seed 2026]

The plan's tasks are made like bench/gen_tasks.py makes them (templated phrases, so many tasks
are close to each other: a hard case). Each report row is a task written the way units write
reports: abbreviated (TTHC, CBCCVC), a few words dropped, rows in another order; one row in ten
is about work not in the plan. Ids and codes are left out so that every row goes through content
matching. Aim: 1,000 rows × 1,000 tasks in under a second (pairwise difflib took 25 s at 200×200).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_tasks import _content  # noqa: E402

from carapp.domain.documents import TaskRow  # noqa: E402
from carapp.importers import ReportRowImport, match_tasks  # noqa: E402

ABBREVIATE = (
    ("thủ tục hành chính", "TTHC"),
    ("cán bộ, công chức, viên chức", "CBCCVC"),
    ("Ủy ban nhân dân", "UBND"),
    ("cải cách hành chính", "CCHC"),
)


def _plan(size: int, rng: random.Random) -> list[TaskRow]:
    contents: dict[str, None] = {}
    while len(contents) < size:
        contents[_content(rng)] = None
    return [TaskRow(str(i), text) for i, text in enumerate(contents, start=1)]


def _as_reported(text: str, rng: random.Random) -> str:
    for long, short in ABBREVIATE:
        if rng.random() < 0.5:
            text = text.replace(long, short)
    words = text.split()
    if len(words) > 12 and rng.random() < 0.5:
        words = words[: len(words) - rng.randint(1, 3)]
    return " ".join(words)


def _report(
    tasks: list[TaskRow], rng: random.Random
) -> tuple[list[ReportRowImport], list[TaskRow | None]]:
    """Return the report's rows and, for each, the task it was written from (None: no task)."""
    pairs: list[tuple[str, TaskRow | None]] = [
        (_as_reported(task.content, rng), task) for task in tasks
    ]
    for i in range(0, len(pairs), 10):
        pairs[i] = (f"Tổ chức hội nghị tổng kết công tác năm, khen thưởng tập thể số {i}", None)
    rng.shuffle(pairs)
    rows = [ReportRowImport(f"Bảng 1, dòng {i + 2}", text) for i, (text, _) in enumerate(pairs)]
    return rows, [task for _, task in pairs]


def main() -> None:
    """Print the matching time and outcome for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 1000])
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    match_tasks([ReportRowImport("", "khởi động")], [TaskRow("1", "khởi động")])  # imports
    for size in args.sizes:
        rng = random.Random(args.seed)
        tasks = _plan(size, rng)
        rows, truth = _report(tasks, rng)
        started = time.perf_counter()
        matches = match_tasks(rows, tasks)
        elapsed = time.perf_counter() - started
        matched = sum(m.task is not None for m in matches)
        right = sum(m.task is task for m, task in zip(matches, truth, strict=True))
        print(
            f"{size:>5} dòng × {size:>5} nhiệm vụ: {elapsed:6.3f} s; "
            f"ghép được {matched} dòng, {size - matched} không ghép "
            f"({len(range(0, size, 10))} dòng ngoài kế hoạch); đúng {right}/{size}"
        )


if __name__ == "__main__":
    main()

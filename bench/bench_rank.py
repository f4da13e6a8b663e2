"""Time the Vietnamese ranking of a large plan's text columns, and check it is exact.

Run: .venv/bin/python bench/bench_rank.py [--tasks 20000] [--runs 5] [--db FILE]

Ranks.build (carapp.ui.task_rows, run by the window's worker after a load) against the sort it
replaced: each column's distinct texts sorted with functools.cmp_to_key(QCollator.compare) in
chunks of 400, then heapq.merge. Prints CPU and wall time per column (medians of --runs), the
collator comparisons each made, and whether both give the same order (place by place, texts
the collator finds equal counting as the same) on every column of bench/gen_tasks.py's plan.
"""

from __future__ import annotations

import argparse
import functools
import heapq
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_tasks import generate  # noqa: E402

from carapp import collector  # noqa: E402
from carapp.db.migrate import open_database  # noqa: E402
from carapp.domain.periods import period_for  # noqa: E402
from carapp.services.plans import list_plans  # noqa: E402
from carapp.ui.collation import collated, vietnamese_collator  # noqa: E402
from carapp.ui.loading import load_table, rank_rows  # noqa: E402
from carapp.ui.task_rows import TEXT_COLUMNS, TableRow, text_of  # noqa: E402

Compare = Callable[[str, str], int]


def before(values: set[str], compare: Compare) -> list[str]:
    """The sort Ranks.build made before collation.collated (chunks of 400, heapq.merge)."""
    key = functools.cmp_to_key(compare)
    pending = list(values)
    chunks = []
    for start in range(0, len(pending), 400):
        chunks.append(sorted(pending[start : start + 400], key=key))
        time.sleep(0)
    return list(heapq.merge(*chunks, key=key))


def build_before(rows: list[TableRow]) -> dict[int, dict[str, float]]:
    """What rank_rows did before: every text column sorted as `before`, then numbered."""
    compare = vietnamese_collator().compare
    with collector.quiet():
        ranks = {}
        for column in TEXT_COLUMNS:
            values = before({text_of(row.view, column) for row in rows}, compare)
            ranks[column] = {value: float(i) for i, value in enumerate(values)}
        return ranks


def counted(compare: Compare) -> tuple[Compare, list[int]]:
    """Return `compare` counting its calls, and the counter."""
    calls = [0]

    def counting(a: str, b: str) -> int:
        calls[0] += 1
        return compare(a, b)

    return counting, calls


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Return the median CPU and wall seconds of `work`."""
    cpu, wall = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        work()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def same_order(a: list[str], b: list[str], compare: Compare) -> bool:
    """Tell whether two orders agree place by place (texts the collator finds equal count)."""
    return len(a) == len(b) and all(compare(x, y) == 0 for x, y in zip(a, b, strict=True))


def compare_columns(rows: list[TableRow], runs: int) -> bool:
    """Print each column's figures; return whether every column came out in the same order."""
    compare = vietnamese_collator().compare
    print(f"{'column':12} {'texts':>6}  {'before: CPU / wall':>20}  {'after: CPU / wall':>20}")
    exact = True
    for column, name in TEXT_COLUMNS.items():
        values = {text_of(row.view, column) for row in rows}
        old_cpu, old_wall = timed(lambda v=values: before(v, compare), runs)
        new_cpu, new_wall = timed(lambda v=values: collated(v, compare), runs)
        old_compare, old_calls = counted(compare)
        new_compare, new_calls = counted(compare)
        same = same_order(before(values, old_compare), collated(values, new_compare), compare)
        exact &= same
        print(
            f"{name:12} {len(values):6}  {old_cpu * 1e3:7.1f} / {old_wall * 1e3:6.1f} ms"
            f"  {new_cpu * 1e3:7.1f} / {new_wall * 1e3:6.1f} ms"
            f"  comparisons {old_calls[0]:7} → {new_calls[0]:6}  {'same' if same else 'DIFFER'}"
        )
    return exact


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="an existing database (its first plan)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="carapp-rank-") as tmp:
        path = args.db or Path(tmp) / f"bench-{args.tasks}.sqlite3"
        if args.db is None:
            generate(path, args.tasks)
        engine = open_database(path)
        today = date(2026, 5, 15)
        plan = list_plans(engine)[0]
        rows = load_table(engine, plan.id, period_for(today), today, ranked=False).rows
        engine.dispose()
    print(f"{len(rows)} tasks; medians of {args.runs} runs")
    exact = compare_columns(rows, args.runs)
    old_cpu, old_wall = timed(lambda: build_before(rows), args.runs)
    new_cpu, new_wall = timed(lambda: rank_rows(rows), args.runs)
    print(
        f"rank_rows (Ranks.build, every text column): before CPU {old_cpu * 1e3:.1f} ms, wall "
        f"{old_wall * 1e3:.1f} ms; after CPU {new_cpu * 1e3:.1f} ms, wall {new_wall * 1e3:.1f} ms"
    )
    print("order: same as before on every column" if exact else "order: DIFFERS")
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())

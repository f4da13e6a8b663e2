"""Time reading a large plan whose tasks have sub-items and group headings, against a flat one.

Run: .venv/bin/python bench/bench_outline.py [--tasks 20000]

Builds a plan with bench/gen_tasks.py, times list_task_rows and list_tasks (best of three), then
turns every fourth task into a group heading with the next three as its sub-items ("-" markers)
and times them again: the outline order, depths and heading roll-ups are the difference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_tasks import generate  # noqa: E402
from sqlalchemy import Engine, bindparam, select, update  # noqa: E402

from carapp.db.models import Task  # noqa: E402
from carapp.services.tasks import list_task_rows, list_tasks  # noqa: E402


def best_of_three(action: Callable[[], Any]) -> float:
    """Return the fastest of three runs, in milliseconds."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def add_outline(engine: Engine, plan_id: str) -> int:
    """Make every fourth task a heading over the next three; return the sub-items made."""
    table = Task.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        query = select(table.c.id, table.c.section_id).where(table.c.plan_id == plan_id)
        rows = conn.execute(query.order_by(table.c.section_id, table.c.position)).all()
        heads, children = [], []
        for index, (task_id, section_id) in enumerate(rows):
            head_index = index - index % 4
            head_id, head_section = rows[head_index]
            if index == head_index:
                heads.append({"_id": task_id})
            elif section_id == head_section:
                children.append({"_id": task_id, "_parent": head_id})
        where = table.c.id == bindparam("_id")
        conn.execute(update(table).where(where).values(is_heading=True), heads)
        values = {"outline_parent_id": bindparam("_parent"), "marker": "-"}
        conn.execute(update(table).where(where).values(values), children)
    return len(children)


def main(argv: list[str] | None = None) -> int:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=20000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        engine, plan_id = generate(Path(folder) / "bench.sqlite3", args.tasks)
        for label in ("flat", "outline"):
            if label == "outline":
                print(f"sub-items made: {add_outline(engine, plan_id)}")
            rows = best_of_three(lambda: list_task_rows(engine, plan_id))
            views = best_of_three(lambda: list_tasks(engine, plan_id))
            print(f"{label:<8} list_task_rows {rows:7.0f} ms   list_tasks {views:7.0f} ms")
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

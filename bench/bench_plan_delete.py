"""Time deleting a large plan (backup written, one audit row per row) and restoring it.

Run: .venv/bin/python bench/bench_plan_delete.py [--tasks 20000]

Setup (not timed): bench/gen_tasks.py's database of one plan with `--tasks` tasks and progress.
Timed: carapp.services.plan_backup.delete_plan (snapshot, JSON backup beside the database,
audit rows, delete cascading), then restore_deleted_plan from the file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_tasks import generate  # noqa: E402

from carapp.services.plan_backup import delete_plan, restore_deleted_plan  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Print how long deleting and restoring a plan of many tasks takes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=20000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        engine, plan_id = generate(Path(folder) / "bench.sqlite3", args.tasks)
        start = time.perf_counter()
        deleted = delete_plan(engine, "bench", plan_id)
        middle = time.perf_counter()
        restore_deleted_plan(engine, "bench", deleted.path)
        end = time.perf_counter()
        size = deleted.path.stat().st_size / 1e6
        print(f"{args.tasks} tasks, {len(deleted.snapshot['progress'])} progress records")
        print(f"delete_plan (backup {size:.1f} MB + audit + delete): {middle - start:.2f} s")
        print(f"restore_deleted_plan from the file: {end - middle:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

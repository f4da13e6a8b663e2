"""Print what the storage safety costs on a large database: opening, closing, backups, restore,
and concurrent writers.

Run: .venv/bin/python bench/bench_storage.py [--tasks 20000] [--writers 4] [--updates 50]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gen_tasks import generate  # noqa: E402
from carapp.db.engine import close_database  # noqa: E402
from carapp.db.migrate import open_database  # noqa: E402
from carapp.db.probe import quick_check  # noqa: E402
from carapp.services.backups import backup_before, backup_database, restore_database  # noqa: E402
from carapp.services.tasks import list_tasks, update_task  # noqa: E402


def timed(label: str, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    print(f"{label:<48} {1000 * (time.perf_counter() - start):9.1f} ms")
    return result


def writers(path: Path, task_id: str, count: int, updates: int) -> None:
    def one(number: int) -> None:
        engine = open_database(path)
        for i in range(updates):
            update_task(engine, "bench", task_id, output=f"{number}-{i}")
        close_database(engine)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--updates", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "carapp.sqlite3"
        engine, plan_id = generate(path, args.tasks)
        close_database(engine)
        size = path.stat().st_size / 1e6
        print(f"database: {args.tasks} tasks, {size:.1f} MB")
        engine = timed("open_database (probe, orphan clean-up)", lambda: open_database(path))
        timed("quick_check", lambda: quick_check(path))
        copy = timed("backup_database (quick_check + copy)", lambda: backup_database(engine))
        timed("backup_before (automatic, bounded)", lambda: backup_before(engine, "truoc-nhap"))
        timed("close_database (checkpoint + dispose)", lambda: close_database(engine))
        timed("restore_database (checks + copy kept)", lambda: restore_database(path, copy))
        engine = open_database(path)
        task_id = list_tasks(engine, plan_id)[0].id
        total = args.writers * args.updates
        start = time.perf_counter()
        writers(path, task_id, args.writers, args.updates)
        spent = time.perf_counter() - start
        revision = next(t for t in list_tasks(engine, plan_id) if t.id == task_id).revision
        print(
            f"{args.writers} writers x {args.updates} updates of one task: {spent:.2f} s, "
            f"{1000 * spent / total:.1f} ms per update, revision {revision} (expected {1 + total})"
        )
        close_database(engine)
    return 0


if __name__ == "__main__":
    sys.exit(main())

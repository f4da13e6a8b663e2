"""Time the GUI on a plan of 20,000 tasks (offscreen): open, show, search, scroll, overview.

Run: .venv/bin/python bench/bench_ui.py [--tasks 20000] [--keep DIR]

Uses carapp.ui.main_window.MainWindow when it imports, else the overview page alone. The task
table is the window's QTableView with the most rows; the search field is its QLineEdit whose
placeholder says "Tìm"; without one, search is timed through services.tasks.list_tasks.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_tasks import generate  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractSlider, QApplication, QLineEdit, QTableView, QWidget  # noqa: E402

from carapp.db.migrate import open_database  # noqa: E402
from carapp.domain.periods import period_for  # noqa: E402
from carapp.domain.text import fold  # noqa: E402
from carapp.services.overview import overview  # noqa: E402
from carapp.services.plans import list_plans  # noqa: E402
from carapp.services.tasks import list_tasks  # noqa: E402
from carapp.ui.overview import OverviewWidget  # noqa: E402

SEARCH = "thu tuc hanh chinh"
AS_OF = date(2026, 9, 1)
results: list[tuple[str, str]] = []


def report(name: str, value: str) -> None:
    """Print a figure at once (a slow step is still seen) and keep it for the summary."""
    results.append((name, value))
    print(f"{name:<58} {value}", flush=True)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def wait_until(app: QApplication, test: Callable[[], bool], timeout: float) -> bool:
    """Turn the event loop until `test` holds or `timeout` seconds passed."""
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        app.processEvents()
        if test():
            return True
        time.sleep(0.002)
    return False


def biggest_table(window: QWidget) -> QTableView | None:
    tables = [t for t in window.findChildren(QTableView) if t.model() is not None]
    return max(tables, key=lambda t: t.model().rowCount(), default=None)


def search_field(window: QWidget) -> QLineEdit | None:
    for edit in window.findChildren(QLineEdit):
        if "tim" in fold(edit.placeholderText()) and edit.isVisible():
            return edit
    return None


def show_window(app: QApplication, engine: Any, tasks: int) -> QWidget:
    """Build and show the main window, timed until its task table holds the plan's tasks."""
    started = time.perf_counter()
    try:
        from carapp.ui.main_window import MainWindow

        window: QWidget = MainWindow(engine)
        kind = "MainWindow"
    except Exception as exc:  # being written by someone else: fall back, say so
        print(f"MainWindow không dùng được ({type(exc).__name__}: {exc}); đo trang tổng hợp.")
        window, kind = OverviewWidget(engine), "OverviewWidget"
    built = time.perf_counter() - started
    window.resize(1400, 900)
    window.show()
    filled = wait_until(
        app, lambda: (t := biggest_table(window)) is not None and t.model().rowCount() >= tasks, 300
    )
    total = time.perf_counter() - started
    report(f"{kind}: build (constructor)", f"{built:.2f} s")
    table = biggest_table(window)
    rows = table.model().rowCount() if table else 0
    report(
        f"{kind}: build + show until table has {rows} rows",
        f"{total:.2f} s" + ("" if filled else " (not filled)"),
    )
    return window


def bench_search_in_window(app: QApplication, window: QWidget) -> bool:
    field, table = search_field(window), biggest_table(window)
    if field is None or table is None:
        return False
    model = table.model()
    field.setFocus()
    sync_times: list[float] = []
    later: list[float] = []  # keystrokes answered after their handling (a debounced search)
    for ch in SEARCH:
        before = model.rowCount()
        started = time.perf_counter()
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, field, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )
        app.processEvents()
        sync_times.append(time.perf_counter() - started)
        if model.rowCount() == before and wait_until(
            app, lambda b=before: model.rowCount() != b, 0.5
        ):
            later.append(time.perf_counter() - started)
    rows = model.rowCount()
    report(
        f"search keystroke in window, {len(SEARCH)} keys (mean / max), {rows} found",
        _ms(sync_times),
    )
    report(
        "  keystrokes whose rows changed only later (≤0.5 s)",
        f"{len(later)}" + (f", {_ms(later)}" if later else ""),
    )
    field.clear()
    wait_until(app, lambda: False, 0.3)
    return True


def bench_search_service(engine: Any, plan_id: str) -> None:
    times = []
    for end in range(1, len(SEARCH) + 1):
        elapsed, found = timed(
            lambda e=end: list_tasks(engine, plan_id, as_of=AS_OF, search=SEARCH[:e])
        )
        times.append(elapsed)
    report(
        f"search keystroke via list_tasks(search=…) (mean / max), {len(found)} found", _ms(times)
    )


def bench_scroll(app: QApplication, window: QWidget) -> None:
    table = biggest_table(window)
    if table is None:
        return
    app.processEvents()
    elapsed, _ = timed(
        lambda: (table.scrollToBottom(), app.processEvents(), table.viewport().repaint())
    )
    report("scroll task table to the end (scrollToBottom + repaint)", f"{elapsed * 1000:.0f} ms")
    table.scrollToTop()
    app.processEvents()
    bar = table.verticalScrollBar()
    steps = []
    for _ in range(200):
        started = time.perf_counter()
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
        table.viewport().repaint()
        steps.append(time.perf_counter() - started)
    report("page down in task table (mean / max over 200 pages)", _ms(steps))


def bench_overview(app: QApplication, engine: Any, plan_id: str) -> None:
    period = period_for(AS_OF)
    elapsed, result = timed(lambda: overview(engine, plan_id, period, AS_OF))
    report(f"overview() service, {result.total.total} tasks", f"{elapsed:.2f} s")
    page = OverviewWidget(engine)
    page.resize(1400, 1000)
    page.show()
    app.processEvents()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.timeout.connect(tick)
    heartbeat.start(10)
    done: list[float] = []
    page.overview_ready.connect(lambda _o: done.append(time.perf_counter()))
    started = time.perf_counter()
    page.refresh(plan_id, period, AS_OF)
    wait_until(app, lambda: bool(done), 120)
    heartbeat.stop()
    report("overview page: refresh until shown (worker thread)", f"{done[0] - started:.2f} s")
    report("overview page: longest GUI-thread stall meanwhile", f"{max(gaps) * 1000:.0f} ms")
    page.close()


def _ms(times: list[float]) -> str:
    return f"{sum(times) / len(times) * 1000:.1f} / {max(times) * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--keep", type=Path, help="thư mục giữ lại cơ sở dữ liệu đã tạo")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args.keep, args.tasks)
        print(f"\ndatabase: {args.keep}")
    else:
        with tempfile.TemporaryDirectory(prefix="carapp-bench-") as folder:
            run(Path(folder), args.tasks)
    return 0


def run(folder: Path, tasks: int) -> None:
    """Generate the plan in `folder` and time every step; window settings stay in `folder`."""
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    path = folder / f"bench-{tasks}.sqlite3"
    path.unlink(missing_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    elapsed, (engine, plan_id) = timed(lambda: generate(path, tasks))
    engine.dispose()
    report(f"generate {tasks} tasks (bench/gen_tasks.py)", f"{elapsed:.2f} s")

    def open_and_list() -> tuple[Any, int]:
        eng = open_database(path)
        return eng, len(list_tasks(eng, list_plans(eng)[0].id, as_of=AS_OF))

    elapsed, (engine, count) = timed(open_and_list)
    report(f"open database + list_tasks ({count} tasks)", f"{elapsed:.2f} s")
    window = show_window(app, engine, tasks)
    if not bench_search_in_window(app, window):
        bench_search_service(engine, plan_id)
    bench_scroll(app, window)
    bench_overview(app, engine, plan_id)
    window.close()
    app.processEvents()
    engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report("peak RSS (resource.getrusage)", f"{peak:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())

"""Start a window in this process and print, as JSON, when it first painted and filled its table.

Run by bench/bench_startup.py, one process per measurement:

    python bench/startup_probe.py bare T0
    python bench/startup_probe.py carapp T0 DB ROWS

T0 is the launcher's time.time() just before it started this process, so the figures include
the interpreter's own start. `bare` shows an empty PySide6 QMainWindow (the floor); `carapp`
runs carapp's real entry point (`carapp --db DB`, as `python -m carapp` does) and waits until
the main window's task table holds ROWS rows. Meanwhile a 5 ms heartbeat on the GUI thread
records the longest stall between first paint and the table filled.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PROGRAM = contextlib.ExitStack()
if sys.argv[1:2] == ["carapp"]:
    # What `carapp` does first: main() pauses the cycle collector (carapp.collector.program,
    # which run_gui settles once the window is shown), then imports carapp.cli.main's modules
    # and carapp.ui.app, before PySide6 below: the probe must not change carapp's start.
    try:
        from carapp import collector
    except ImportError:  # a checkout from before carapp.collector (--src, --against)
        pass
    else:
        PROGRAM.enter_context(collector.program())
    import carapp.cli.main
    import carapp.ui.app  # noqa: F401

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QWidget  # noqa: E402

TIMEOUT = 120.0  # seconds: give up (and say so) rather than hang the benchmark


class Probe(QObject):
    """Watch paint events and the task table; quit the application when the table is filled."""

    def __init__(self, app: QApplication, t0: float, rows: int) -> None:
        super().__init__()
        self.app, self.t0, self.rows = app, t0, rows
        self.figures: dict[str, float | int | str] = {}
        self.last_beat = 0.0
        self.longest_stall = 0.0
        app.installEventFilter(self)
        self.heartbeat = QTimer()
        self.heartbeat.setInterval(5)
        self.heartbeat.timeout.connect(self._beat)
        self.heartbeat.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and isinstance(watched.window(), QMainWindow)
        ):
            self.figures["first_paint"] = time.time() - self.t0
            self.figures["first_paint_cpu"] = time.process_time()
            self.app.removeEventFilter(self)
            self.last_beat = time.perf_counter()
        return False

    def _beat(self) -> None:
        now = time.perf_counter()
        if "first_paint" in self.figures:
            self.longest_stall = max(self.longest_stall, now - self.last_beat)
            self.last_beat = now
            if self._table_rows() >= self.rows:
                self._finish("filled")
        if time.time() - self.t0 > TIMEOUT:
            self._finish("timeout")

    def _table_rows(self) -> int:
        tables = [
            table
            for widget in self.app.topLevelWidgets()
            if isinstance(widget, QMainWindow)
            for table in widget.findChildren(QTableView)
            if table.model() is not None and table.isVisible()
        ]
        return max((t.model().rowCount() for t in tables), default=0)

    def _finish(self, outcome: str) -> None:
        self.heartbeat.stop()
        self.figures[outcome] = time.time() - self.t0
        self.figures[f"{outcome}_cpu"] = time.process_time()
        self.figures["longest_stall"] = self.longest_stall
        self.figures["table_rows"] = self._table_rows()
        self.figures["modules"] = len(sys.modules)
        print(json.dumps(self.figures), flush=True)
        for widget in self.app.topLevelWidgets():
            widget.close()
        self.app.quit()


def run_bare(t0: float) -> int:
    """Show an empty main window: the floor every Qt window pays."""
    app = QApplication(sys.argv[:1])
    probe = Probe(app, t0, 0)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1500, 940)
    window.show()
    app.exec()
    return 0 if probe.figures else 1


def run_carapp(t0: float, db: str, rows: int) -> int:
    """Start carapp as `carapp --db DB` does; the application object is made here first."""
    app = QApplication(sys.argv[:1])
    probe = Probe(app, t0, rows)
    from carapp.cli.main import main

    code = main(["--db", db])
    return code if probe.figures else 1


if __name__ == "__main__":
    kind, start = sys.argv[1], float(sys.argv[2])
    with PROGRAM:
        if kind == "bare":
            sys.exit(run_bare(start))
        sys.exit(run_carapp(start, sys.argv[3], int(sys.argv[4])))

"""Open the city tab on a (national) database and print how responsive the GUI thread stays.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/city_tab_probe.py --db URL [--period 2026-Q1]

Shows carapp's CityView alone (offscreen), a 5 ms heartbeat on the GUI thread recording the
longest stall, and prints: the time until the first picture is shown, the rows laid out (one
page) against the units in the picture, the GUI-thread time of fetching one more page, and of
three refreshes merged in place (as the poll does after another officer's import). Each
picture's stall includes its paint: events are processed SETTLE seconds after it arrives.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from carapp import collector  # noqa: E402
from carapp.db.migrate import open_database  # noqa: E402
from carapp.domain.periods import parse_period  # noqa: E402
from carapp.ui.city_view import CityView  # noqa: E402

SETTLE = 0.3  # seconds of events processed after each picture before its stall is read


class Heartbeat:
    """A 5 ms timer on the GUI thread; remembers the longest gap between two beats."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def reset(self) -> None:
        """Start a new measurement."""
        self.last, self.longest = time.perf_counter(), 0.0


def wait_for(app: QApplication, done: object, timeout: float = 600.0) -> float:
    """Process events until `done()` is true; return the seconds it took."""
    started = time.perf_counter()
    while not done():  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - started > timeout:
            raise SystemExit("Hết thời gian chờ.")
    return time.perf_counter() - started


def settle(app: QApplication, seconds: float = SETTLE) -> None:
    """Go on processing events for `seconds`: the paint after a picture counts with it."""
    end = time.perf_counter() + seconds
    wait_for(app, lambda: time.perf_counter() >= end)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--period", default="2026-Q1")
    args = parser.parse_args()
    program = collector.program()  # what `carapp` does at its start: the collector paused …
    program.__enter__()
    app = QApplication.instance() or QApplication([])
    engine = open_database(args.db, create=False)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "city.ini"), QSettings.Format.IniFormat)
    settings.setValue("city/period", args.period)
    beat = Heartbeat()
    started = time.perf_counter()
    view = CityView(engine, settings, "bench", lambda: date(2026, 3, 20))
    view.resize(1500, 950)
    view.show()
    collector.settle()  # as the program does once its window is shown (carapp.collector)
    view.set_period(parse_period(args.period))
    shown = wait_for(app, lambda: view.consolidation is not None and not view._computing)
    settle(app)  # the picture's paint and layout belong to it
    picture = view.consolidation
    assert picture is not None
    print(
        f"Bức tranh đầu tiên: {time.perf_counter() - started:.2f} s "
        f"(chờ tính {shown:.2f} s); luồng giao diện dừng lâu nhất {beat.longest * 1000:.0f} ms"
    )
    model = view.units_model
    print(f"  hiển thị {model.rowCount()} dòng / {len(picture.statuses)} đơn vị")
    beat.reset()
    t = time.perf_counter()
    model.fetchMore()
    print(
        f"Tải thêm một trang: {(time.perf_counter() - t) * 1000:.1f} ms ({model.rowCount()} dòng)"
    )
    view.units.selectRow(3)
    for n in range(1, 4):
        beat.reset()
        t = time.perf_counter()
        view.refresh()
        wait_for(app, lambda: not view._computing)
        settle(app)
        print(
            f"Làm mới lần {n} (cập nhật tại chỗ): {time.perf_counter() - t:.2f} s; luồng giao diện "
            f"dừng lâu nhất {beat.longest * 1000:.0f} ms; dòng chọn vẫn là "
            f"{view.units.selectionModel().selectedRows()[0].row()}"
        )
    view.wait()


if __name__ == "__main__":
    main()

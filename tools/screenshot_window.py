"""Make the user guide's screenshots of the welcome page and the main window at one screen size.

Run on a virtual screen of the size wanted (no window manager: the window opens as carapp sizes
it for that screen):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshot_window.py [OUT]
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshot_window.py [OUT]

Writes OUT/welcome-<W>x<H>.png (an empty database), OUT/import-preview-<W>x<H>.png (the import
dialog once a unit is set up and the sample Word appendix was read) and OUT/main-<W>x<H>.png (the
demo database with progress recorded on a few tasks in "6 tháng 2026"), OUT defaulting to
docs/screenshots. The user guide's pictures (resources/guide/img) are the 1366×768 ones.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from carapp.db.migrate import open_database  # noqa: E402
from carapp.domain.periods import parse_period  # noqa: E402
from carapp.services.progress import set_progress  # noqa: E402
from carapp.services.tasks import find_task  # noqa: E402

TODAY = date(2026, 3, 20)
SAMPLE_DOCX = (
    Path(__file__).resolve().parent.parent / "tests/fixtures/importers/bach-long-vi-phu-luc.docx"
)
H1 = parse_period("2026-H1")
RECORDS = [  # task number, status, percent, completed on
    ("1", "in_progress", 60, None),
    ("3", "done", 100, date(2026, 2, 27)),
    ("6", "done", 100, date(2026, 3, 15)),
    ("7", "in_progress", 40, None),
]


def _shoot(window: object, path: Path) -> None:
    from carapp.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.show()
    QTest.qWait(600)
    window.tasks.wait()
    QTest.qWait(300)
    window.grab().save(str(path))
    print(f"{path}  ({window.width()}×{window.height()})")


def _shoot_import_preview(engine: object, path: Path) -> None:
    """The import dialog once the unit is set up and its Word appendix was read."""
    from carapp.domain.periods import periods_between
    from carapp.services.units import create_unit
    from carapp.ui.import_dialog import ImportDialog

    create_unit(  # type: ignore[arg-type]
        engine,
        "chuyên viên",
        "BLV",
        "Ủy ban nhân dân đặc khu Bạch Long Vĩ",
        "special_zone",
        own=True,
    )
    dialog = ImportDialog(engine, None, periods_between(2026, 2030), H1)  # type: ignore[arg-type]
    dialog.resize(1200, 640)
    dialog.show()
    dialog.file.setText(str(SAMPLE_DOCX))
    dialog.read_button.click()
    while not dialog.read_button.isEnabled():
        QTest.qWait(100)
    QTest.qWait(300)
    dialog.grab().save(str(path))
    print(f"{path}  ({dialog.width()}×{dialog.height()})")
    dialog.close()


def main(out: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="carapp-anh-"))
    os.environ["XDG_DATA_HOME"] = str(folder / "data")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    app = QApplication(sys.argv)
    from carapp.services.demo import open_demo_database
    from carapp.ui.main_window import MainWindow

    size = app.primaryScreen().size()
    suffix = f"{size.width()}x{size.height()}"
    out.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)
    empty = open_database(folder / "carapp.sqlite3")
    welcome = MainWindow(empty, settings=settings, today=lambda: TODAY, who="chuyên viên")
    _shoot(welcome, out / f"welcome-{suffix}.png")
    welcome.close()
    _shoot_import_preview(empty, out / f"import-preview-{suffix}.png")
    demo = open_demo_database("chuyên viên")
    for number, status, percent, done in RECORDS:
        task = find_task(demo, number)
        set_progress(
            demo, "chuyên viên", task.id, H1, status=status, percent=percent, completed_on=done
        )
    window = MainWindow(demo, settings=settings, today=lambda: TODAY, who="chuyên viên")
    window.tasks.select_task(find_task(demo, "6").id)
    _shoot(window, out / f"main-{suffix}.png")
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))

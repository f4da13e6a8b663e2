"""The window's start path and the light commands import no printing, import or signing code.

Each check runs in a fresh interpreter, since this test process has imported everything. The
heavy modules are loaded on first use (a dialog, the city tab, an export); a change that puts
one of them back on the start path costs every user a second or more at each start.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parent.parent
HEAVY = (
    "reportlab",
    "openpyxl",
    "docx",
    "pyhanko",
    "asn1crypto",
    "aiohttp",
    "alembic",
    "sqlalchemy.dialects.postgresql",  # a unit's SQLite file needs no PostgreSQL code
    "psycopg",
    "carapp.export",
    "carapp.importers",
    "carapp.sync",
)
WINDOW = """
import json, linecache, sys
import carapp.cli.main, carapp.ui.app  # what `carapp` imports first, before PySide6
from PySide6.QtWidgets import QApplication
app = QApplication([])
from carapp.ui.app import prepare_database
from carapp.ui.main_window import MainWindow
window = MainWindow(prepare_database(sys.argv[1]))
window.show()
while window.tasks.loading or window.model.rowCount() == 0:
    app.processEvents()
app.processEvents()
read = [name for name in linecache.cache if not name.startswith("<")]
print(json.dumps({"modules": sorted(sys.modules), "read": read}))
window.close()
"""


def _environment() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _heavy(modules: list[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(f"{h}.") for h in HEAVY))


def _imported_by_command(*args: str) -> list[str]:
    """Return the modules `python -m carapp ARGS` imports (from its -X importtime report)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "carapp", *args],
        capture_output=True,
        text=True,
        env=_environment(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [
        line.split("|") for line in done.stderr.splitlines() if line.startswith("import time:")
    ]
    return [parts[2].strip() for parts in lines if len(parts) == 3]


def test_window_start_path_imports_no_heavy_module(sample_engine: Engine, db_path: Path) -> None:
    sample_engine.dispose()  # the database is up to date: opening it must not need Alembic
    done = subprocess.run(
        [sys.executable, "-c", WINDOW, str(db_path)],
        capture_output=True,
        text=True,
        env=_environment(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    modules = found["modules"]
    assert "carapp.ui.main_window" in modules and "carapp.ui.task_page" in modules
    assert _heavy(modules) == []
    assert "PySide6.QtCharts" not in modules  # the overview's chart is made when first shown
    # and the overview and plan-details pages themselves (MainWindow.overview, .plan_details)
    assert "carapp.ui.overview" not in modules and "carapp.ui.plan_details" not in modules
    assert "carapp.ui.welcome_page" not in modules  # only while there is no plan
    # PySide6 read no source of carapp's or SQLAlchemy's modules (carapp.ui.feature_scan)
    assert [f for f in found["read"] if "carapp" in f or "sqlalchemy" in f] == []


def test_no_module_switches_a_pyside6_feature_on() -> None:
    """carapp.ui.feature_scan tells PySide6 that no module uses `from __feature__ import`."""
    switch = re.compile(r"^\s*from __feature__ import", re.MULTILINE)
    sources = [p for p in (ROOT / "carapp").rglob("*.py") if switch.search(p.read_text())]
    assert sources == []


def test_task_list_and_plan_list_import_no_heavy_module(
    sample_engine: Engine, db_path: Path
) -> None:
    sample_engine.dispose()
    for command in (("task", "list"), ("plan", "list")):
        modules = _imported_by_command("--db", str(db_path), *command)
        assert "carapp.cli.commands_plan" in modules
        assert _heavy(modules) == [], command


def test_export_command_imports_the_exporter_but_not_signing(
    sample_engine: Engine, db_path: Path, tmp_path: Path
) -> None:
    sample_engine.dispose()
    out = tmp_path / "phu-luc.pdf"
    modules = _imported_by_command("--db", str(db_path), "export", "appendix", "-o", str(out))
    assert out.exists() and "reportlab" in modules
    assert [m for m in _heavy(modules) if not m.startswith(("reportlab", "carapp.export"))] == []


def test_the_verification_worker_imports_no_database_layer() -> None:
    """A spawned worker starts in ~0.5 s; SQLAlchemy and the models would add ~0.4 s to it."""
    code = "import json, sys, carapp.sync.verify_worker; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_environment()
    )
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout)
    assert [m for m in modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "PySide6")] == []

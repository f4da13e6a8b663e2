"""A whole-office smoke test of an installed or frozen carapp: `carapp smoke-test`.

It proves that what was installed (a wheel in a clean venv, or the PyInstaller bundle) has
everything it needs at run time — Qt and its platform plugin, the Alembic migrations, the
fonts, the crypto libraries — by doing what the two offices do, through the same commands:
the window opens offscreen on a new database, the city makes its keys and issues a unit key,
the unit imports an appendix (a .docx when given, else the bundled sample plan), prints it to
PDF with embedded fonts, builds a signed package; the city verifies and imports it and
answers with a receipt, which the unit imports. Throwaway keys and databases live in `folder`.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

PASSPHRASE = "smoke-test-passphrase"
UNIT = ("BLV", "Ủy ban nhân dân đặc khu Bạch Long Vĩ")


class SmokeFailure(RuntimeError):
    """A step of the smoke test failed; the message says which."""


def _cli(db: Path, *args: str) -> None:
    from carapp.cli.main import main

    code = main(["--db", str(db), *args])
    if code != 0:
        raise SmokeFailure(f"carapp {' '.join(args)} → mã thoát {code}")


def open_window(db: Path) -> None:
    """Open the main window offscreen on `db` and close it again."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from carapp.db.engine import close_database
    from carapp.ui.app import prepare_database
    from carapp.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    engine = prepare_database(str(db))
    window = MainWindow(engine)
    window.show()
    app.processEvents()
    window.close()
    app.processEvents()
    close_database(engine)


def embedded_fonts(pdf: bytes) -> tuple[int, list[str]]:
    """Return the number of embedded TrueType font programs and the names of fonts not embedded."""
    embedded = pdf.count(b"/FontFile2")
    base14 = sorted(
        {m.decode() for m in re.findall(rb"/BaseFont\s*/(Times-\w+|Helvetica\w*)", pdf)}
    )
    return embedded, base14


def _check_pdf(path: Path) -> None:
    embedded, base14 = embedded_fonts(path.read_bytes())
    if embedded == 0 or base14:
        raise SmokeFailure(
            f"{path.name}: phông không được nhúng ({base14 or 'không có FontFile2'})"
        )


def _offices(work: Path, docx: Path | None) -> tuple[Path, Path]:
    city, unit = work / "city.sqlite3", work / "unit.sqlite3"
    _cli(city, "pki", "init-city", "--out", str(work / "city.p12"))
    code, name = UNIT
    _cli(city, "pki", "issue-unit", code, "--out", str(work / "blv.p12"), "--name", name)
    if docx is None:
        _cli(unit, "sample", "load")
    else:
        _cli(unit, "import", "appendix", str(docx), "--unit", code, "--unit-name", name)
    _cli(unit, "mode", "unit", "--code", code, "--key", str(work / "blv.p12"))
    _cli(unit, "pki", "trust", "add-root", str(work / "city-goc.pem"))
    _cli(unit, "pki", "trust", "allow", "HP", str(work / "city-chung-thu.pem"))
    return city, unit


def _exchange(work: Path, city: Path, unit: Path) -> None:
    for folder in ("usb", "bien-nhan"):
        (work / folder).mkdir(exist_ok=True)
    _cli(unit, "package", "build", "--period", "2026-Q1", "-o", str(work / "usb"))
    package = next((work / "usb").glob("CCHC_*.zip"))
    _cli(city, "package", "verify", str(package))
    _cli(city, "package", "import", str(package), "--receipts", str(work / "bien-nhan"))
    receipt = next((work / "bien-nhan").glob("BIEN-NHAN_*.zip"))
    _cli(unit, "receipt", "import", str(receipt))


def run_smoke(folder: Path, docx: Path | None = None, say: Callable[[str], None] = print) -> None:
    """Run every step in `folder` (an existing, empty folder); raise SmokeFailure on the first failure."""
    os.environ["CARAPP_PASSPHRASE"] = PASSPHRASE
    os.environ["CARAPP_NEW_PASSPHRASE"] = PASSPHRASE
    start = time.perf_counter()
    steps: list[tuple[str, Callable[[], object]]] = [
        ("cửa sổ chính mở được (offscreen)", lambda: open_window(folder / "window.sqlite3")),
    ]
    offices: list[Path] = []
    steps += [
        ("thành phố cấp khóa; đơn vị nhập phụ lục", lambda: offices.extend(_offices(folder, docx))),
        (
            "in phụ lục ra PDF",
            lambda: _cli(offices[1], "export", "appendix", "-o", str(folder / "phu-luc.pdf")),
        ),
        ("phông chữ được nhúng trong PDF", lambda: _check_pdf(folder / "phu-luc.pdf")),
        ("gói ký số: lập, kiểm tra, nhập, biên nhận", lambda: _exchange(folder, *offices)),
    ]
    for label, step in steps:
        began = time.perf_counter()
        step()
        say(f"✓ {label} ({time.perf_counter() - began:.2f} s)")
    say(f"Kiểm tra nhanh thành công sau {time.perf_counter() - start:.1f} giây.")

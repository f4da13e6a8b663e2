"""Fixtures of the sync GUI tests: a unit and a city database with keys, two windows, dialogs.

The offices are set up with the services (`make_world`: the city ran init-city and issued BLV's
key; the unit trusts the city). Passphrases are typed into the dialogs' password fields; file
dialogs are replaced by what the officer would have chosen.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from carapp.ui.city_dialogs import ImportKeyDialog
from carapp.ui.city_view import CityView
from carapp.ui.main_window import MainWindow
from tests.services.test_sync_support import PASS, World, make_world, record_q1
from tests.ui.support import type_text

W = TypeVar("W", bound=QWidget)


@pytest.fixture
def world(tmp_path: Path) -> World:
    """Return the city and the unit (BLV, Quý I/2026 recorded on two tasks)."""
    made = make_world(tmp_path / "offices")
    record_q1(made.unit)
    return made


@pytest.fixture
def city_settings(tmp_path: Path, settings: QSettings) -> QSettings:
    """Return the city computer's own settings file (the unit's is `settings`)."""
    return QSettings(str(tmp_path / "city-ui.ini"), QSettings.Format.IniFormat)


def city_view(window: MainWindow) -> CityView:
    """Return the window's "Thành phố" tab, shown."""
    view = window.sync.city_view
    assert view is not None, "no city tab"
    window.tabs.setCurrentWidget(view)
    return view


def shown(kind: type[W]) -> W:
    """Return the one visible top-level widget of a kind (a dialog just opened)."""
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, f"{len(found)} {kind.__name__} shown"
    return found[0]


def press_button(buttons: QDialogButtonBox, text: str) -> None:
    """Click the dialog button with this text."""
    found = [b for b in buttons.buttons() if b.text() == text]
    assert found, f"no button “{text}”"
    found[0].click()


def choose_files(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """Make the next file dialogs answer with these files (or this folder)."""
    names = [str(p) for p in paths]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: (names, ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (names[0], ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: names[0])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (names[0], ""))


def import_through_view(
    qtbot: QtBot, view: CityView, receipts: Path, *, folder: bool = False
) -> list[int]:
    """Click "Nhập gói…", give the city's passphrase and the receipts folder; wait for the end.

    Returns the values the progress bar took.
    """
    values: list[int] = []
    view.bar.valueChanged.connect(values.append)
    (view.folder_button if folder else view.import_button).click()
    prompt = shown(ImportKeyDialog)
    assert prompt.key.key_file.path(), "the city's key file is not proposed"
    receipts.mkdir(exist_ok=True)  # a folder the officer chose: carapp never makes one
    prompt.receipts.set_path(str(receipts))
    type_text(prompt.key.passphrase, PASS)
    press_button(prompt.buttons, "Nhập")
    qtbot.waitUntil(lambda: view.import_button.isEnabled(), timeout=60_000)
    view.wait()
    return values


def tampered_copy(package: Path, folder: Path) -> Path:
    """Copy a package into `folder` with one byte of data.json flipped (a valid zip still)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / package.name
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "data.json":
                data = data[:100] + bytes([data[100] ^ 0x01]) + data[101:]
            copy.writestr(info, data)
    return target

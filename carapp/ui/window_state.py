"""Remember the window's layout between sessions (QSettings), per screen size.

An officer who works on a laptop (1366×768) and on a desk screen (1920×1080) wants each screen's
layout back: the keys carry the available size of the screen the window is on.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QTabWidget, QWidget


def available(widget: QWidget) -> QRect:
    """Return the free area (without task bars) of the screen the widget is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def screen_key(widget: QWidget) -> str:
    """Return the settings group of the screen the widget is on, e.g. "window-1366x728"."""
    size = available(widget).size()
    return f"window-{size.width()}x{size.height()}"


def _bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_layout(
    settings: QSettings,
    window: QMainWindow,
    splitters: dict[str, QSplitter],
    header: QHeaderView,
    tabs: QTabWidget,
) -> None:
    """Write the geometry, toolbars, splitters, table columns and open tab."""
    group = screen_key(window)
    settings.setValue(f"{group}/geometry", window.saveGeometry())
    settings.setValue(f"{group}/state", window.saveState())
    for name, splitter in splitters.items():
        settings.setValue(f"{group}/splitter-{name}", splitter.saveState())
    settings.setValue(f"{group}/task-columns", header.saveState())
    settings.setValue("window/tab", tabs.currentIndex())
    settings.sync()


def restore_geometry(settings: QSettings, window: QMainWindow) -> bool:
    """Put the window back where it was (before it is shown); False on a first start."""
    group = screen_key(window)
    geometry = _bytes(settings, f"{group}/geometry")
    if geometry is None:
        return False
    window.restoreGeometry(geometry)
    state = _bytes(settings, f"{group}/state")
    if state is not None:
        window.restoreState(state)
    return True


def restore_layout(
    settings: QSettings,
    window: QMainWindow,
    splitters: dict[str, QSplitter],
    header: QHeaderView,
    tabs: QTabWidget,
) -> bool:
    """Put splitters, columns and the open tab back (once shown); False if none were saved."""
    group = screen_key(window)
    restored = False
    for name, splitter in splitters.items():
        saved = _bytes(settings, f"{group}/splitter-{name}")
        if saved is not None:
            restored = splitter.restoreState(saved) or restored
    columns = _bytes(settings, f"{group}/task-columns")
    if columns is not None:
        header.restoreState(columns)
    tab = str(settings.value("window/tab", 0))
    tabs.setCurrentIndex(int(tab) if tab.isdigit() else 0)
    return restored

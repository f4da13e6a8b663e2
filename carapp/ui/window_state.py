"""Remember the window's layout between sessions (QSettings)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QTabWidget


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
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    for name, splitter in splitters.items():
        settings.setValue(f"window/splitter-{name}", splitter.saveState())
    settings.setValue("window/task-columns", header.saveState())
    settings.setValue("window/tab", tabs.currentIndex())
    settings.sync()


def restore_geometry(settings: QSettings, window: QMainWindow) -> bool:
    """Put the window back where it was (before it is shown); False on a first start."""
    geometry = _bytes(settings, "window/geometry")
    if geometry is None:
        return False
    window.restoreGeometry(geometry)
    state = _bytes(settings, "window/state")
    if state is not None:
        window.restoreState(state)
    return True


def restore_layout(
    settings: QSettings,
    splitters: dict[str, QSplitter],
    header: QHeaderView,
    tabs: QTabWidget,
) -> None:
    """Put splitters, columns and the open tab back (once shown, at the final size)."""
    for name, splitter in splitters.items():
        saved = _bytes(settings, f"window/splitter-{name}")
        if saved is not None:
            splitter.restoreState(saved)
    columns = _bytes(settings, "window/task-columns")
    if columns is not None:
        header.restoreState(columns)
    tab = str(settings.value("window/tab", 0))
    tabs.setCurrentIndex(int(tab) if tab.isdigit() else 0)

"""Reopen the main window on another database (a file opened, the demo, a restored copy)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from sqlalchemy import Engine

if TYPE_CHECKING:
    from carapp.ui.main_window import MainWindow


def reopen_on(window: MainWindow, engine: Engine) -> MainWindow:
    """Show a new main window on `engine` where `window` was, then close `window`.

    Every part of the window (tasks, overview, plan details, sync) is built on one engine, so a
    fresh window is the one way to be sure nothing still reads the previous file.
    """
    from carapp.ui.main_window import MainWindow

    successor = MainWindow(engine, settings=window.settings, today=window.today, who=window.who)
    successor.setGeometry(window.geometry())
    window.successor = successor
    if window.windowState() & Qt.WindowState.WindowMaximized:
        successor.showMaximized()
    else:
        successor.show()
    window.close()
    return successor

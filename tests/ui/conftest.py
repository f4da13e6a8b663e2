"""Fixtures of the GUI tests: settings in a temporary file, the main window on the sample."""

from tests.ui.support import settings, window

__all__ = ["settings", "window"]

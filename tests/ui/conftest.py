"""Fixtures of the GUI tests: settings in a temporary file, the main window on the sample."""

from tests.ui.support import settings, window
from tests.ui.sync_support import city_settings, world

__all__ = ["city_settings", "settings", "window", "world"]

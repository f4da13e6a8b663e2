"""Colours of the report categories: the word is always shown too, colour only helps the eye."""

from __future__ import annotations

from PySide6.QtGui import QColor

from carapp.domain.status import DerivedStatus

# (background, text) pairs with a contrast ratio above 7:1, readable when printed in grey.
_COLOURS: dict[DerivedStatus | None, tuple[str, str]] = {
    DerivedStatus.DONE_ON_TIME: ("#d4edda", "#14532d"),
    DerivedStatus.DONE_LATE: ("#e2e3f3", "#312e81"),
    DerivedStatus.IN_PROGRESS_ON_TIME: ("#d6eaf8", "#0c3b5e"),
    DerivedStatus.OVERDUE: ("#f8d7da", "#7f1d1d"),
    DerivedStatus.NOT_DUE: ("#f1f3f5", "#343a40"),
    None: ("#fff3cd", "#664d03"),
}
DUE_SOON_COLOURS = ("#ffe8cc", "#7c2d12")
WARNING_STYLE = "color: #7f1d1d; background: #fff3cd; padding: 3px; border-radius: 3px;"
UNDERSTOOD_STYLE = "color: #14532d; padding: 3px;"


def derived_background(derived: DerivedStatus | None) -> QColor:
    """Return the cell background of a report category (None: deadline not understood)."""
    return QColor(_COLOURS[derived][0])


def derived_foreground(derived: DerivedStatus | None) -> QColor:
    """Return the text colour of a report category."""
    return QColor(_COLOURS[derived][1])

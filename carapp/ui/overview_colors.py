"""The one place that says which colour each report category has, in tables and charts."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPixmap

from carapp.domain.status import DerivedStatus

# Traffic-light colours readable on white and on a grey-scale printout (dark enough).
_HEX: dict[DerivedStatus | None, str] = {
    DerivedStatus.DONE_ON_TIME: "#2e7d32",  # green
    DerivedStatus.DONE_LATE: "#b8860b",  # dark yellow
    DerivedStatus.IN_PROGRESS_ON_TIME: "#1565c0",  # blue
    DerivedStatus.OVERDUE: "#c62828",  # red
    DerivedStatus.NOT_DUE: "#9e9e9e",  # grey
    None: "#7b1fa2",  # purple: the deadline must be corrected before it can be judged
}


def category_color(category: DerivedStatus | None) -> QColor:
    """Return the colour of a report category (None: deadline not understood)."""
    return QColor(_HEX[category])


def category_swatch(category: DerivedStatus | None, size: int = 10) -> QPixmap:
    """Return a small square of a category's colour, for table headers."""
    pixmap = QPixmap(size, size)
    pixmap.fill(category_color(category))
    return pixmap

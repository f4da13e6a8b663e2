"""A line shown in the middle of an empty list saying what to do next."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyState(QLabel):
    """Centred over a view's viewport while `text_for()` gives a text (the list is empty)."""

    def __init__(self, view: QAbstractItemView, text_for: Callable[[], str]) -> None:
        super().__init__(view.viewport())
        self._view, self._text_for = view, text_for
        self.setObjectName("empty-state")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("color: palette(placeholder-text); padding: 16px;")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        model = view.model()
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.layoutChanged,
        ):
            signal.connect(self.update_text)
        view.viewport().installEventFilter(self)
        self.update_text()

    def update_text(self) -> None:
        """Show the text for the list as it is now, or nothing when it has rows."""
        text = self._text_for() if self._view.model().rowCount() == 0 else ""
        self.setText(text)
        self.setVisible(bool(text))
        self._place()

    def _place(self) -> None:
        self.setGeometry(self._view.viewport().rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

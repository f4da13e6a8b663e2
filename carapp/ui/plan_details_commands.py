"""Undoable edits of plan details: redo writes the new value through a service, undo the old."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from carapp.services.common import ServiceError

Writer = Callable[[Any], object]


class ServiceEdit(QUndoCommand):
    """One user edit, saved at once in one audited transaction by the service `write` calls.

    A write the service refuses leaves the database as it was; the command then marks itself
    obsolete so that the stack drops it, and `report` tells the user why.
    """

    def __init__(
        self,
        text: str,
        write: Writer,
        old: Any,
        new: Any,
        after: Callable[[], None],
        report: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._write, self._old, self._new = write, old, new
        self._after, self._report = after, report

    def redo(self) -> None:
        self._apply(self._new)

    def undo(self) -> None:
        self._apply(self._old)

    def _apply(self, value: Any) -> None:
        try:
            self._write(value)
        except ServiceError as exc:
            self.setObsolete(True)
            self._report(str(exc))
        self._after()

"""What an import tells the user: warnings and errors with a Vietnamese location."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["warning", "error"]


@dataclass(frozen=True)
class ImportIssue:
    """A problem found while reading a file: where (“Bảng 1, dòng 14”) and what, in Vietnamese."""

    severity: Severity
    where: str
    message: str

    def __str__(self) -> str:
        """Return the issue as one line for a list or a log."""
        return f"{self.where}: {self.message}" if self.where else self.message


class ImportFailure(Exception):  # noqa: N818 - the name the services and the GUI catch
    """The file cannot be imported at all; the message says what and where, in Vietnamese."""

    def __init__(self, message: str, where: str = "") -> None:
        """Keep the Vietnamese message and the location it refers to."""
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)

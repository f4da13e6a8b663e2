"""Checks shared by the readers: deadlines the domain parser does not understand."""

from __future__ import annotations

from carapp.domain import deadlines
from carapp.importers.issues import ImportIssue


def deadline_warning(text: str, where: str, subject: str) -> ImportIssue | None:
    """Return a warning when a deadline's words are not understood; the text is kept anyway."""
    if not text:
        return None
    try:  # looked up at call time: the parser is maintained in carapp.domain.deadlines
        understood = deadlines.parse_deadline(text).understood
    except NotImplementedError:
        return None
    except ValueError:
        understood = False
    if understood:
        return None
    message = (
        f"Không hiểu thời hạn “{text}” của {subject}; đã nhập nguyên văn, "
        "cần kiểm tra và sửa lại thời hạn."
    )
    return ImportIssue("warning", where, message)

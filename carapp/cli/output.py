"""Printing for the command line: aligned tables, messages to stderr, yes/no questions."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from datetime import date

from carapp.domain.os_errors import file_message
from carapp.domain.text import fold
from carapp.services.common import ServiceError


def fail(message: str) -> int:
    """Print an error for the user and return the exit code of a failed command."""
    print(f"Lỗi: {message}", file=sys.stderr)
    return 1


def day(value: date | None) -> str:
    """Return a date as dd/mm/yyyy, the way Vietnamese offices write it."""
    return value.strftime("%d/%m/%Y") if value else ""


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], limits: Sequence[int]) -> str:
    """Return rows as a plain-text table, each column cut to its limit."""
    cells = [[_cut(str(c), lim) for c, lim in zip(r, limits, strict=True)] for r in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = [_line(headers, widths), "  ".join("-" * w for w in widths)]
    lines += [_line(r, widths) for r in cells]
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()


def os_error_message(exc: OSError) -> str:
    """Return what went wrong with a file, in Vietnamese (never the system's English text)."""
    return file_message(exc)


def confirm(question: str, yes: bool, option: str = "--yes") -> bool:
    """Ask a yes/no question on a terminal; `yes` answers it; without a terminal, refuse."""
    if yes:
        return True
    if not sys.stdin.isatty():
        raise ServiceError(f"{question} Cần xác nhận: chạy lại với {option}.")
    try:
        answer = input(f"{question} [c/K] ").strip()
    except EOFError:  # Ctrl-D: no answer is no
        return False
    return fold(answer) in {"c", "co", "y", "yes", "dong y"}

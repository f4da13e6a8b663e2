"""Database failures a user can meet, each with a Vietnamese message saying what can be done."""

from __future__ import annotations

import sqlite3
from pathlib import Path

RESTORE_HINT = (
    "Hãy khôi phục từ một bản sao lưu: “carapp db backups” liệt kê các bản sao lưu tự động, "
    "“carapp db restore TỆP” khôi phục (trong cửa sổ: Tệp → Khôi phục…)."
)
BUSY_MESSAGE = (
    "Cơ sở dữ liệu đang bận (một chương trình khác đang ghi vào đó), "
    "chưa lưu được thay đổi; hãy thử lại sau ít phút."
)

# SQLite's primary result codes (sqlite3.h) that mean the same thing to a user.
_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_FULL = {13}  # SQLITE_FULL
_IO = {10, 14}  # SQLITE_IOERR, SQLITE_CANTOPEN
_READONLY = {8}  # SQLITE_READONLY


class DatabaseError(Exception):
    """A database that cannot be opened or used; the message is for the user, in Vietnamese."""


class DatabaseDamaged(DatabaseError):
    """The file is a database whose pages are damaged."""


def damaged_message(where: object = "") -> str:
    """Return the message for a damaged database file, with what the user can do."""
    return f"Cơ sở dữ liệu{_name(where)} bị hỏng, không đọc được. {RESTORE_HINT}"


def sqlite_code(exc: BaseException) -> int | None:
    """Return SQLite's primary result code behind a sqlite3 or SQLAlchemy error, if any."""
    original = getattr(exc, "orig", exc)
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(original).lower()
    if "malformed" in text or "not a database" in text:
        return 11
    if "locked" in text or "busy" in text:
        return 5
    return None


def is_busy(exc: BaseException) -> bool:
    """Tell whether an error means another connection holds the write lock."""
    return sqlite_code(exc) in _BUSY


def describe(exc: BaseException, where: object = "") -> str | None:
    """Return a Vietnamese message for a SQLite error a user can meet; None for other errors."""
    if not isinstance(getattr(exc, "orig", exc), sqlite3.Error):
        return None
    code, name = sqlite_code(exc), _name(where)
    if code in _CORRUPT:
        return damaged_message(where)
    if code in _BUSY:
        return BUSY_MESSAGE
    if code in _FULL:
        return f"Ổ đĩa đã đầy, không ghi được vào cơ sở dữ liệu{name}; chưa lưu gì."
    if code in _READONLY:
        return f"Cơ sở dữ liệu{name} chỉ đọc được, không ghi được; chưa lưu gì."
    if code in _IO:
        return f"Lỗi đọc/ghi ổ đĩa khi dùng cơ sở dữ liệu{name}; chưa lưu gì."
    return f"Lỗi cơ sở dữ liệu{name}; thao tác chưa được thực hiện."


def storage_reason(exc: BaseException) -> str | None:
    """Return why SQLite could not write to the disk ("ổ đĩa đã đầy" …), or None."""
    code = sqlite_code(exc)
    if code in _FULL:
        return "ổ đĩa đã đầy"
    if code in _READONLY:
        return "ổ đĩa hoặc tệp chỉ đọc được"
    if code in _IO:
        return "lỗi đọc/ghi ổ đĩa"
    return None


def _name(where: object) -> str:
    return f" “{where}”" if where else ""


def sidecar(path: Path, suffix: str) -> Path:
    """Return SQLite's companion file of `path` (suffix "-wal", "-shm" or "-journal")."""
    return path.with_name(path.name + suffix)

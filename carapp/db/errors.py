"""Database failures a user can meet, each with a Vietnamese message saying what can be done."""

from __future__ import annotations

import re
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

# PostgreSQL: SQLSTATEs after which running the same transaction again may succeed
# (serialization_failure, deadlock_detected, lock_not_available), SQLSTATE classes of a failed
# connection or login (08 connection exception, 28 invalid authorization, 3D no such database,
# 57 operator intervention: the server shutting down), and libpq's texts for the cases a user
# can fix (libpq reports login failures with no SQLSTATE).
_SERVER_RETRY = {"40001", "40P01", "55P03"}
_SERVER_CONNECTION = {"08", "28", "3D", "57"}
_SERVER_MESSAGES = (
    (
        "password authentication failed",
        "Sai mật khẩu (hoặc tên người dùng) của cơ sở dữ liệu{name}; chưa làm gì. "
        "Hãy kiểm tra lại mật khẩu trong địa chỉ --db hoặc CARAPP_DB.",
    ),
    (
        "no password supplied",
        "Máy chủ cơ sở dữ liệu{name} yêu cầu mật khẩu; hãy ghi mật khẩu vào địa chỉ "
        "(postgresql+psycopg://người-dùng:mật-khẩu@máy-chủ/tên) hoặc tệp ~/.pgpass.",
    ),
    (
        'database "',
        "Máy chủ chưa có cơ sở dữ liệu ghi trong địa chỉ{name}; chưa làm gì. Quản trị máy "
        "chủ tạo nó trước (createdb, xem README, mục PostgreSQL).",
    ),
    (
        'role "',
        "Máy chủ không có người dùng ghi trong địa chỉ{name}; chưa làm gì. Quản trị máy chủ "
        "tạo người dùng trước (createuser, xem README, mục PostgreSQL).",
    ),
    (
        "Connection refused",
        "Không kết nối được máy chủ cơ sở dữ liệu{name}: máy chủ chưa chạy hoặc không nhận "
        "kết nối; chưa làm gì. Hãy kiểm tra máy chủ PostgreSQL rồi thử lại.",
    ),
    (
        "No such file or directory",
        "Không kết nối được máy chủ cơ sở dữ liệu{name}: máy chủ chưa chạy; chưa làm gì. "
        "Hãy kiểm tra máy chủ PostgreSQL rồi thử lại.",
    ),
    (
        "failed to resolve host",
        "Không tìm thấy máy chủ cơ sở dữ liệu{name} (tên máy sai hoặc mất mạng); chưa làm gì.",
    ),
    (
        "timeout expired",
        "Máy chủ cơ sở dữ liệu{name} không trả lời; chưa làm gì. Hãy kiểm tra mạng rồi thử lại.",
    ),
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
    """Tell whether an error means another connection holds the write lock (or, on a server,
    that the transaction lost a serialization race or a deadlock and may be run again)."""
    if _is_server_error(exc):
        return _sqlstate(exc) in _SERVER_RETRY
    return sqlite_code(exc) in _BUSY


def _is_server_error(exc: BaseException) -> bool:
    # psycopg is not imported here (the start path must not load it): its errors are known
    # by their module.
    return type(getattr(exc, "orig", exc)).__module__.startswith("psycopg")


def _sqlstate(exc: BaseException) -> str:
    return str(getattr(getattr(exc, "orig", exc), "sqlstate", None) or "")


def is_connection_error(exc: BaseException) -> bool:
    """Tell whether an error means the database server could not be reached or refused us."""
    if not _is_server_error(exc):
        return False
    state = _sqlstate(exc)
    if state:
        return state[:2] in _SERVER_CONNECTION
    # libpq's own failures (refused, unknown host, login) carry no SQLSTATE
    return type(getattr(exc, "orig", exc)).__name__ == "OperationalError"


def server_message(exc: BaseException, where: object = "") -> str:
    """Return the Vietnamese message for an error of the PostgreSQL server or its connection."""
    text, name = str(getattr(exc, "orig", exc)), _name(where)
    if _sqlstate(exc) in _SERVER_RETRY:
        return BUSY_MESSAGE
    if not is_connection_error(exc):
        return f"Lỗi cơ sở dữ liệu{name}; thao tác chưa được thực hiện."
    for needle, message in _SERVER_MESSAGES:
        if needle in text:
            return message.format(name=name)
    return (
        f"Không kết nối được máy chủ cơ sở dữ liệu{name}; chưa làm gì. Hãy kiểm tra địa chỉ, "
        "mạng và máy chủ PostgreSQL (quản trị máy chủ xem nhật ký của máy chủ)."
    )


def describe(exc: BaseException, where: object = "") -> str | None:
    """Return a Vietnamese message for a database error a user can meet; None for others."""
    if _is_server_error(exc):
        return server_message(exc, where)
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


def broken_rule(exc: BaseException) -> tuple[str, str]:
    """Return (table, rule) of an integrity error: rule is "unique", "foreign" or "other".

    SQLite says it in its message ("UNIQUE constraint failed: progress_record.task_id, …"),
    PostgreSQL in the SQLSTATE and the error's diagnostics (its messages are translated).
    """
    original = getattr(exc, "orig", exc)
    if _is_server_error(exc):
        diag = getattr(original, "diag", None)
        table = str(getattr(diag, "table_name", "") or "")
        return table, {"23505": "unique", "23503": "foreign"}.get(_sqlstate(exc), "other")
    detail = str(original)
    tables = re.findall(r"([a-z_]+)\.[a-z_]+", detail)
    rule = "unique" if "UNIQUE" in detail else "foreign" if "FOREIGN KEY" in detail else "other"
    return (tables[0] if tables else ""), rule


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

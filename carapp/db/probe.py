"""Find out what a database file is without changing it or dropping this process's locks on it.

Closing any descriptor of a file releases every POSIX lock the process holds on it, including
SQLite's: a plain `open()`/`close()` of a database that another connection of this process
uses lets a second process believe it is the last user and delete the WAL under it. So the
file is read through SQLite (whose VFS shares descriptors between the connections of a process),
and the raw header is read only when no connection can be live (no `-shm` file). A WAL-mode
file with no live connection is read with `immutable=1`, which creates no `-wal`/`-shm` beside
another application's file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from carapp.db.errors import DatabaseDamaged, DatabaseError, damaged_message, sidecar

SQLITE_MAGIC = b"SQLite format 3\x00"
_WAL_VERSION = 2  # header bytes 18 and 19 of a WAL-mode database


class Kind(Enum):
    """What a database file holds."""

    MISSING = "missing"
    EMPTY = "empty"  # zero length, or SQLite with no table
    CARAPP = "carapp"
    FOREIGN = "foreign"  # SQLite tables that are not carapp's
    NOT_SQLITE = "not-sqlite"


@dataclass(frozen=True)
class Probe:
    """The kind of a file and, for a carapp database, its schema revision."""

    kind: Kind
    revision: str | None = None


def probe_file(path: Path) -> Probe:
    """Return what `path` holds; raise DatabaseDamaged for a damaged SQLite file."""
    if not path.exists():
        return Probe(Kind.MISSING)
    if path.stat().st_size == 0:
        return Probe(Kind.EMPTY)
    immutable = False
    if not sidecar(path, "-shm").exists():  # no live connection: reading the header is safe
        header = _read_header(path)
        if header[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
            return Probe(Kind.NOT_SQLITE)
        immutable = _closed_wal(path, header)
    return _probe_sqlite(path, immutable=immutable)


def reading_uri(path: Path) -> str:
    """Return a read-only URI for `path` that leaves no `-wal`/`-shm` beside a closed WAL file."""
    if sidecar(path, "-shm").exists():
        return read_only_uri(path)
    return read_only_uri(path, immutable=_closed_wal(path, _read_header(path)))


def _closed_wal(path: Path, header: bytes) -> bool:
    """Tell whether `path` is a WAL-mode file whose every change is in the file itself."""
    if len(header) < 20 or header[18] != _WAL_VERSION:
        return False
    wal = sidecar(path, "-wal")
    return not wal.exists() or wal.stat().st_size == 0


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(100)
    except OSError as exc:
        raise DatabaseError(f"Không đọc được tệp “{path}” ({exc.strerror}).") from exc


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """Return the URI opening `path` read-only through SQLite."""
    return path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def _probe_sqlite(path: Path, *, immutable: bool) -> Probe:
    try:
        conn = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True)
        try:
            return _classify(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code == 26:  # SQLITE_NOTADB
            return Probe(Kind.NOT_SQLITE)
        if code == 11:  # SQLITE_CORRUPT
            raise DatabaseDamaged(damaged_message(path)) from exc
        raise DatabaseError(f"Không mở được cơ sở dữ liệu “{path}” để kiểm tra.") from exc


def _classify(conn: sqlite3.Connection) -> Probe:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return Probe(Kind.EMPTY)
    if "alembic_version" not in tables:
        return Probe(Kind.FOREIGN)
    rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) != 1:  # e.g. a set-up killed halfway by an older carapp
        return Probe(Kind.FOREIGN)
    return Probe(Kind.CARAPP, str(rows[0][0]))


def quick_check(path: Path) -> list[str]:
    """Return SQLite's quick_check findings for `path` (["ok"] when the pages are whole)."""
    try:
        conn = sqlite3.connect(reading_uri(path), uri=True)
        try:
            return [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]

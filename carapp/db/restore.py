"""Put a backup back in place of a database, keeping a copy of what it replaces.

The backup is checked on a private copy first (SQLite, integrity_check, a schema revision this
carapp knows). A readable current database receives the backup through SQLite's backup API in
one transaction, which is safe while other connections have it open; a damaged or missing one
is moved aside and the checked copy renamed into place.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from carapp.db.backup import automatic_backup, backup_target, copy_to_temp, prune
from carapp.db.engine import BUSY_TIMEOUT_MS
from carapp.db.errors import DatabaseDamaged, DatabaseError, describe, sidecar
from carapp.db.probe import Kind, probe_file, quick_check
from carapp.fileio import current_umask


@dataclass(frozen=True)
class RestoreResult:
    """What a restore replaced, and where the replaced data went."""

    database: Path  # the file now holding the backup's data
    source: Path  # the backup restored
    revision: str  # the backup's schema revision (older ones are upgraded at the next opening)
    saved_copy: Path | None  # the previous content of `database`; None if there was none
    previous_damaged: bool  # the previous file was damaged: moved aside as it was


def restore_file(database: Path, source: Path, known: set[str]) -> RestoreResult:
    """Replace `database`'s content by the backup `source` (checked against `known` revisions)."""
    if database.resolve() == source.resolve():
        raise DatabaseError("Tệp sao lưu chính là cơ sở dữ liệu đang dùng; hãy chọn tệp khác.")
    revision = check_backup(source, known)
    database.parent.mkdir(parents=True, exist_ok=True)
    tmp = copy_to_temp(source, database)
    try:
        _check_integrity(tmp, source)
        saved, damaged = _keep_current(database)
        if saved is None or damaged:
            os.chmod(tmp, 0o666 & ~current_umask())
            os.replace(tmp, database)
        else:
            _copy_into(tmp, database)
    finally:
        tmp.unlink(missing_ok=True)
    return RestoreResult(database, source, revision, saved, damaged)


def check_backup(source: Path, known: set[str]) -> str:
    """Return the schema revision of `source` if it is a carapp database this app can open."""
    if not source.is_file():
        raise DatabaseError(f"Không tìm thấy tệp sao lưu “{source}”.")
    try:
        state = probe_file(source)
    except DatabaseDamaged as exc:
        raise DatabaseDamaged(f"Bản sao lưu “{source}” bị hỏng; hãy chọn bản khác.") from exc
    if state.kind is not Kind.CARAPP or state.revision is None:
        raise DatabaseError(f"Tệp “{source}” không phải là bản sao lưu cơ sở dữ liệu của carapp.")
    if state.revision not in known:
        raise DatabaseError(
            f"Bản sao lưu “{source}” do phiên bản carapp mới hơn tạo (lược đồ {state.revision}); "
            "hãy cập nhật carapp trước khi khôi phục."
        )
    return state.revision


def _check_integrity(copy: Path, source: Path) -> None:
    conn = sqlite3.connect(copy)
    try:
        findings = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError:
        findings = ["unreadable"]
    finally:
        conn.close()
    if findings != ["ok"]:
        raise DatabaseDamaged(f"Bản sao lưu “{source}” bị hỏng; hãy chọn bản khác.")


def _keep_current(database: Path) -> tuple[Path | None, bool]:
    """Keep a dated copy of the current database; return it and whether it was damaged."""
    if not database.exists() or database.stat().st_size == 0:
        return None, False
    try:
        readable = probe_file(database).kind is Kind.CARAPP and quick_check(database) == ["ok"]
    except DatabaseError:
        readable = False
    if readable:
        try:
            return automatic_backup(database, "truoc-khoi-phuc"), False
        except DatabaseError:
            pass  # pages unreadable by the backup API: keep the file as it is
    return _move_aside(database), True


def _move_aside(database: Path) -> Path:
    """Move a damaged database (and its WAL) into the backup folder, untouched."""
    target = backup_target(database, "truoc-khoi-phuc")
    wal = sidecar(database, "-wal")
    if wal.exists():
        os.replace(wal, sidecar(target, "-wal"))
    os.replace(database, target)
    sidecar(database, "-shm").unlink(missing_ok=True)
    prune(database)
    return target


def _copy_into(copy: Path, database: Path) -> None:
    """Write `copy`'s pages into the live `database` in one transaction (backup API)."""
    dst = sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000)
    src = sqlite3.connect(copy)
    try:
        page_size = dst.execute("PRAGMA page_size").fetchone()[0]
        if src.execute("PRAGMA page_size").fetchone()[0] != page_size:
            src.execute(f"PRAGMA page_size={int(page_size)}")  # a WAL target needs equal pages
            src.execute("VACUUM")
        src.backup(dst)
    except sqlite3.Error as exc:
        raise DatabaseError(
            describe(exc, database) or f"Không khôi phục được “{database}”; tệp vẫn như trước."
        ) from exc
    finally:
        src.close()
        dst.close()

"""Consistent copies of a SQLite database, and the bounded store of automatic backups.

Automatic backups live in a `sao-luu` folder next to the database, named
`<database stem>.<reason>.<YYYYmmdd-HHMMSS>[-n].sqlite3`; the newest `KEEP` of each database are
kept. Everything here works on files; `carapp.services.backups` is the use-case layer.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from carapp.db.errors import DatabaseError, describe, sidecar, storage_reason
from carapp.db.probe import reading_uri
from carapp.fileio import current_umask, write_error
from carapp.orphans import remember_folder

BACKUP_FOLDER = "sao-luu"
KEEP = 10
REASONS = {
    "truoc-nhap": "trước khi nhập tệp",
    "truoc-xoa": "trước khi xóa",
    "truoc-khoi-phuc": "trước khi khôi phục",
    "truoc-nang-cap": "trước khi nâng cấp",
}
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupFile:
    """One automatic backup of a database."""

    path: Path
    reason: str  # a key of REASONS
    taken_at: datetime
    size: int

    @property
    def reason_text(self) -> str:
        """Return the reason as the user reads it."""
        return REASONS.get(self.reason, self.reason)


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite database consistently (backup API) to a temporary name, then rename.

    The target's folder must exist. The copy has the user's normal permissions.
    """
    tmp = copy_to_temp(source, target)
    try:
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(str(write_error(exc, target))) from exc
    return target


def copy_to_temp(source: Path, target: Path) -> Path:
    """Copy `source` consistently to a new temporary file beside `target`; return its path."""
    remember_folder(target.parent)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise DatabaseError(str(write_error(exc, target))) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        _copy_pages(source, tmp)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        sidecar(tmp, "-journal").unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise DatabaseError(_copy_failed(exc, source, target)) from exc
        raise
    return tmp


def _copy_pages(source: Path, tmp: Path) -> None:
    src = sqlite3.connect(reading_uri(source), uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            # A copy is a file on its own: no -wal beside it, readable by any SQLite.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _copy_failed(exc: sqlite3.Error, source: Path, target: Path) -> str:
    # Writing the copy fails on the target's disk; anything else is about the source.
    written = storage_reason(exc)
    reason = f"{written[:1].upper()}{written[1:]} nơi ghi bản sao." if written else ""
    reason = reason or describe(exc, source) or ""
    return f"Không sao chép được “{source}” sang “{target}”. {reason}".strip()


def backup_folder(database: Path) -> Path:
    """Return the folder of `database`'s automatic backups."""
    return database.parent / BACKUP_FOLDER


def automatic_backup(database: Path, reason: str, *, now: datetime | None = None) -> Path:
    """Copy `database` into its backup folder, then keep only its newest KEEP backups."""
    target = backup_target(database, reason, now=now)
    backup_sqlite(database, target)
    prune(database)
    return target


def backup_target(database: Path, reason: str, *, now: datetime | None = None) -> Path:
    """Return a new name in `database`'s backup folder (made if missing) for a backup."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    folder = backup_folder(database)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise DatabaseError(str(write_error(exc, folder))) from exc
    stamp = (now or datetime.now()).strftime(_STAMP)
    target = folder / f"{database.stem}.{reason}.{stamp}.sqlite3"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{database.stem}.{reason}.{stamp}-{counter}.sqlite3"
    return target


def list_backups(database: Path) -> list[BackupFile]:
    """Return the automatic backups of `database`, newest first."""
    folder = backup_folder(database)
    pattern = re.compile(
        rf"^{re.escape(database.stem)}\.([a-z-]+)\.(\d{{8}}-\d{{6}})(?:-(\d+))?\.sqlite3$"
    )
    found = []
    for path in folder.glob("*.sqlite3") if folder.is_dir() else []:
        match = pattern.match(path.name)
        if match:
            taken = datetime.strptime(match[2], _STAMP)
            found.append(
                (taken, int(match[3] or 1), BackupFile(path, match[1], taken, _size(path)))
            )
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [item[2] for item in found]


def prune(database: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` automatic backups of `database`; return those deleted."""
    old = [b.path for b in list_backups(database)[keep:]]
    for path in old:
        for leftover in (path, sidecar(path, "-wal"), sidecar(path, "-shm")):
            leftover.unlink(missing_ok=True)
    return old


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0

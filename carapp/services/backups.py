"""Backups of the database: on request, automatically before risky operations, and restore.

Automatic backups go to the `sao-luu` folder next to the database (the newest 10 are kept);
`backup_before` is a no-op for databases that are not SQLite files: a PostgreSQL server's
backups are its administrator's job (README), and an import must not depend on pg_dump being
installed on every officer's PC. A backup on request of a PostgreSQL database is a pg_dump
(`carapp.db.server`); restoring one is left to pg_restore, whose command is given. The window
and the command line call these; the file work is in `carapp.db.backup` and `carapp.db.restore`.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from carapp.db import server
from carapp.db.backup import BackupFile, automatic_backup, backup_sqlite
from carapp.db.backup import list_backups as _list_backups
from carapp.db.engine import sqlite_path
from carapp.db.errors import DatabaseDamaged, DatabaseError, damaged_message
from carapp.db.migrate import known_revisions
from carapp.db.probe import quick_check
from carapp.db.restore import RestoreResult, restore_file
from carapp.fileio import check_folder, check_output_path, write_error
from carapp.services.common import ServiceError

__all__ = ["BackupFile", "RestoreResult"]

BACKUP_SUFFIXES = (".sqlite3", ".sqlite", ".db")


def database_file(engine: Engine) -> Path | None:
    """Return the SQLite file behind `engine`, None for other databases."""
    return sqlite_path(engine.url.render_as_string(hide_password=False))


def backup_database(engine: Engine, target: str | os.PathLike[str] | None = None) -> Path:
    """Copy the database consistently to `target` (a file, or a folder; default: beside it).

    A damaged database is refused rather than copied: a backup must be restorable. A
    PostgreSQL database is written by pg_dump (custom format; default: the backup folder).
    """
    if engine.dialect.name == "postgresql":
        return _dump(engine, target)
    path = _require_file(engine)
    if quick_check(path) != ["ok"]:
        raise DatabaseDamaged(damaged_message(path))
    return backup_sqlite(path, _target(path, target))


def _target(path: Path, target: str | os.PathLike[str] | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    default_name = f"{path.stem}-{stamp}.sqlite3"
    if target is None:
        return path.with_name(default_name)
    if Path(target).expanduser().is_dir():
        return check_folder(target) / default_name
    return check_output_path(target, BACKUP_SUFFIXES)


def _dump(engine: Engine, target: str | os.PathLike[str] | None) -> Path:
    url = engine.url
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    default_name = f"{url.database or 'carapp'}-{stamp}{server.SUFFIX}"
    if target is None:
        chosen = server.backup_folder() / default_name
    elif Path(target).expanduser().is_dir():
        chosen = check_folder(target) / default_name
    else:
        chosen = check_output_path(target, (server.SUFFIX,))
    return server.dump(url, chosen)


def restore_refusal(engine_or_url: Engine | str, source: str | os.PathLike[str]) -> str:
    """Return why carapp does not restore a PostgreSQL database itself, with the command to run."""
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else engine_or_url
    return (
        f"carapp không tự khôi phục cơ sở dữ liệu trên máy chủ PostgreSQL “{server.shown(url)}”: "
        "hãy đóng mọi cửa sổ carapp đang dùng nó, rồi (người quản trị máy chủ) chạy lệnh "
        f"{server.restore_command(url, Path(source).expanduser().resolve())}"
    )


def backup_before(engine: Engine, reason: str) -> Path | None:
    """Take a dated automatic backup before a risky operation; None when not a SQLite file.

    `reason` is a key of `carapp.db.backup.REASONS` ("truoc-nhap", "truoc-xoa",
    "truoc-khoi-phuc", "truoc-nang-cap"). A failure raises: the operation should not go on.
    """
    path = database_file(engine)
    if path is None or not path.exists():
        return None
    return automatic_backup(path, reason)


def list_backups(engine_or_path: Engine | Path) -> list[BackupFile]:
    """Return the automatic backups of a database, newest first."""
    if isinstance(engine_or_path, Path):
        return _list_backups(engine_or_path)
    path = database_file(engine_or_path)
    return [] if path is None else _list_backups(path)


def restore_database(
    current_path: str | os.PathLike[str], source_path: str | os.PathLike[str]
) -> RestoreResult:
    """Replace the database at `current_path` by the backup `source_path`, keeping a copy.

    The backup must be a whole carapp database of a known schema revision (an older one is
    upgraded at the next opening). Close the engines on the database afterwards.
    """
    current = Path(current_path).expanduser().resolve()
    try:
        return restore_file(current, Path(source_path).expanduser().resolve(), known_revisions())
    except OSError as exc:
        raise DatabaseError(str(write_error(exc, current))) from exc


def _require_file(engine: Engine) -> Path:
    path = database_file(engine)
    if path is None:
        raise ServiceError("Chỉ sao lưu được cơ sở dữ liệu SQLite dạng tệp.")
    return path

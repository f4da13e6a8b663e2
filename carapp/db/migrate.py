"""Open a database safely: check what it is, copy it aside, migrate it, refuse newer ones."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect

from carapp.db import revisions
from carapp.db.engine import make_engine, resolve_url, sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseError(Exception):
    """A database that cannot be opened; the message is for the user, in Vietnamese."""


def alembic_config(url: str) -> Config:
    """Return an Alembic configuration pointing at carapp's migration scripts."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    """Return the schema revision this version of carapp writes."""
    return revisions.head()


def known_revisions() -> set[str]:
    """Return every schema revision this version of carapp knows."""
    return set(revisions.script_revisions())


def current_revision(engine: Engine) -> str | None:
    """Return the schema revision stored in the database, None for an empty one."""
    with engine.connect() as conn:
        return revisions.stored_revision(conn)


def check_file(path: Path, *, must_exist: bool = False) -> None:
    """Refuse a file that is not SQLite or a folder where nothing can be written."""
    if path.is_dir():
        raise DatabaseError(f"“{path}” là một thư mục, không phải tệp cơ sở dữ liệu.")
    if path.exists():
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
        if path.stat().st_size and head != SQLITE_MAGIC:
            raise DatabaseError(f"Tệp “{path}” không phải là cơ sở dữ liệu của carapp (SQLite).")
        if not os.access(path, os.W_OK):
            raise DatabaseError(f"Không có quyền ghi vào tệp “{path}”.")
        return
    if must_exist:
        raise DatabaseError(f"Không tìm thấy tệp cơ sở dữ liệu “{path}”.")
    folder = _existing_parent(path)
    if not os.access(folder, os.W_OK):
        raise DatabaseError(f"Không thể tạo cơ sở dữ liệu tại “{path}”: thư mục chỉ đọc.")


def _existing_parent(path: Path) -> Path:
    folder = path.parent
    while not folder.exists():
        folder = folder.parent
    return folder


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite database consistently (backup API) to a temporary name, then rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(tmp, target)
    return target


def _backup_before_migration(path: Path, revision: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return backup_sqlite(path, path.with_name(f"{path.name}.truoc-nang-cap-{revision}-{stamp}.bak"))


def open_database(location: str | os.PathLike[str] | None = None, *, create: bool = True) -> Engine:
    """Return an engine on an up-to-date carapp database, migrating (after a copy) if needed."""
    url = resolve_url(location)
    path = sqlite_path(url)
    if path is not None:
        check_file(path, must_exist=not create)
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        _upgrade(engine, url, path)
    except Exception:
        engine.dispose()
        raise
    return engine


def _upgrade(engine: Engine, url: str, path: Path | None) -> None:
    try:
        revision = current_revision(engine)
        tables = set(inspect(engine).get_table_names())
    except Exception as exc:  # a damaged file surfaces here
        raise DatabaseError(f"Không đọc được cơ sở dữ liệu “{path or url}”: {exc}") from exc
    if revision is None and tables - {"alembic_version"}:
        raise DatabaseError(
            f"“{path or url}” có dữ liệu nhưng không phải cơ sở dữ liệu của carapp."
        )
    if revision is not None and revision not in known_revisions():
        raise DatabaseError(
            f"Cơ sở dữ liệu “{path or url}” được tạo bởi phiên bản carapp mới hơn "
            f"(lược đồ {revision}). Hãy cập nhật carapp để mở tệp này."
        )
    if revision == head_revision():
        return
    if revision is not None and path is not None:
        _backup_before_migration(path, revision)
    from alembic import command  # only now: importing Alembic costs ~0.2 s

    config = alembic_config(url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")

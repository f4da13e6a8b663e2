"""Open a database safely: check what it is, copy it aside, migrate it, refuse newer ones.

A file is classified (`carapp.db.probe`) before any connection that could change it is made:
another application's file, a text file or a damaged one is refused untouched; an empty or
missing one becomes a carapp database only when asked (`create`), built aside and renamed in.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect

from carapp.db import revisions
from carapp.db.backup import automatic_backup, backup_folder, backup_sqlite
from carapp.db.engine import check_url, close_database, make_engine, resolve_url, sqlite_path
from carapp.db.errors import DatabaseDamaged, DatabaseError
from carapp.db.migration_runner import (
    MigrationFailed,
    create_database,
    migrate_server,
    run_migrations,
)
from carapp.db.probe import Kind, Probe, probe_file
from carapp.db.server import dump, dump_target, shown
from carapp.orphans import clean_folders

__all__ = ["DatabaseDamaged", "DatabaseError", "MigrationFailed", "backup_sqlite"]

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_UPGRADE = "nâng cấp lược đồ"
_UPGRADE_THEN = "chạy “carapp db upgrade --backed-up” (kèm --db như trên)"


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
    """Refuse a folder, a file this user cannot write, or a folder where nothing can be made."""
    if path.is_dir():
        raise DatabaseError(f"“{path}” là một thư mục, không phải tệp cơ sở dữ liệu.")
    if path.exists():
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


def open_database(
    location: str | os.PathLike[str] | None = None, *, create: bool = True, backed_up: bool = False
) -> Engine:
    """Return an engine on an up-to-date carapp database, migrating (after a copy) if needed.

    `create` allows making a new database where there is no file or an empty one. On a
    PostgreSQL server the copy before a migration is a pg_dump, skipped when `backed_up` (the
    user made one), refused without pg_dump.
    """
    url = resolve_url(location)
    check_url(url)
    path = sqlite_path(url)
    if path is None:
        return _open_url(url, create=create, backed_up=backed_up)
    _prepare_file(path, create=create)
    clean_folders([path.parent, backup_folder(path)])
    return make_engine(url)


def _prepare_file(path: Path, *, create: bool) -> None:
    """Leave `path` a carapp database at the head revision, or raise without changing it."""
    state = probe_file(path)
    if state.kind in (Kind.MISSING, Kind.EMPTY):
        _refuse_unless_creating(path, state, create)
        check_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)  # the user data folder on a first start
        create_database(path, alembic_config)
        state = probe_file(path)
    check_file(path)
    _check_kind(path, state)
    if state.revision == head_revision():
        return
    automatic_backup(path, "truoc-nang-cap")
    url = f"sqlite:///{path}"
    run_migrations(alembic_config(url), url)


def _refuse_unless_creating(path: Path, state: Probe, create: bool) -> None:
    if create:
        return
    if state.kind is Kind.MISSING:
        raise DatabaseError(f"Không tìm thấy tệp cơ sở dữ liệu “{path}”.")
    raise DatabaseError(
        f"Tệp “{path}” trống, chưa phải là cơ sở dữ liệu của carapp; "
        "lệnh “carapp db init” tạo cơ sở dữ liệu mới."
    )


def _check_kind(path: Path | str, state: Probe) -> None:
    if state.kind is Kind.NOT_SQLITE:
        raise DatabaseError(f"Tệp “{path}” không phải là cơ sở dữ liệu của carapp (SQLite).")
    if state.kind is not Kind.CARAPP:
        raise DatabaseError(f"“{path}” có dữ liệu nhưng không phải cơ sở dữ liệu của carapp.")
    if state.revision not in known_revisions():
        raise DatabaseError(
            f"Cơ sở dữ liệu “{path}” được tạo bởi phiên bản carapp mới hơn "
            f"(lược đồ {state.revision}). Hãy cập nhật carapp để mở tệp này."
        )


def _open_url(url: str, *, create: bool, backed_up: bool) -> Engine:
    """Open a server database (or in-memory SQLite): check its revision, migrate it in place."""
    engine = make_engine(url)
    try:
        revision = _server_revision(engine, url)
        if revision is None and not create:
            raise DatabaseError(
                f"Cơ sở dữ liệu “{shown(url)}” còn trống, chưa phải của carapp; "
                "lệnh “carapp db init” tạo lược đồ của carapp trong đó."
            )
        if revision != head_revision():
            if revision is not None and engine.dialect.name == "postgresql" and not backed_up:
                dump(url, dump_target(url, "truoc-nang-cap"), before=_UPGRADE, then=_UPGRADE_THEN)
            migrate_server(engine, alembic_config(url))
    except Exception:
        close_database(engine)
        raise
    return engine


def _server_revision(engine: Engine, url: str) -> str | None:
    """Return the database's revision; refuse another application's or a newer carapp's."""
    with engine.connect() as conn:
        revision = revisions.stored_revision(conn)
        tables = set(inspect(conn).get_table_names())
    if revision is None and tables - {"alembic_version"}:
        _check_kind(shown(url), Probe(Kind.FOREIGN))
    if revision is not None:
        _check_kind(shown(url), Probe(Kind.CARAPP, revision))
    return revision

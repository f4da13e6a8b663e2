"""Run Alembic migrations all-or-nothing, and create a new database file atomically.

pysqlite does not begin a transaction before DDL, so a migration that fails halfway would leave
its first tables behind. The migration engine follows SQLAlchemy's recipe for SQLite
(`isolation_level = None` on the DBAPI connection, an explicit BEGIN on begin): every
statement of every pending migration, DDL and data, is in one transaction. Foreign keys are
off while the schema changes (SQLite's documented procedure for rebuilding tables: a copied
table must not fire ON DELETE actions) and checked before the commit.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool

from carapp.db.engine import BUSY_TIMEOUT_MS, MIGRATION_LOCK_KEY
from carapp.db.errors import (
    DatabaseError,
    is_busy,
    is_connection_error,
    sidecar,
    storage_reason,
)
from carapp.db.probe import Kind, probe_file
from carapp.fileio import current_umask

if TYPE_CHECKING:
    from alembic.config import Config


class MigrationFailed(DatabaseError):
    """A migration failed; the transaction was rolled back and the file is as it was."""


def migration_engine(url: str) -> Engine:
    """Return an engine whose transactions cover DDL too (explicit BEGIN IMMEDIATE)."""
    engine = create_engine(url, poolclass=NullPool)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # pysqlite leaves transactions to us
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def run_migrations(config: Config, url: str) -> None:
    """Upgrade the database at `url` to head in one transaction; MigrationFailed if it fails."""
    engine = migration_engine(url)
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            from alembic import command  # only when a schema must change: ~0.2 s to import

            command.upgrade(config, "head")
            _check_foreign_keys(conn)
    except DatabaseError:
        raise
    except Exception as exc:
        if is_busy(exc):
            raise DatabaseError(
                "Cơ sở dữ liệu đang được một chương trình khác dùng nên chưa nâng cấp được; "
                "hãy đóng chương trình đó (hoặc cửa sổ carapp khác) rồi thử lại."
            ) from exc
        reason = storage_reason(exc)
        raise MigrationFailed(
            "Không tạo hoặc nâng cấp được lược đồ cơ sở dữ liệu"
            + (f" ({reason})" if reason else "")
            + "; mọi thay đổi của lần này đã được hủy, tệp vẫn như trước."
        ) from exc
    finally:
        config.attributes.pop("connection", None)
        engine.dispose()


def migrate_server(engine: Engine, config: Config) -> None:
    """Upgrade a server database in place, in one transaction, one carapp at a time.

    PostgreSQL runs DDL inside transactions; an advisory lock held to the commit makes a
    second carapp migrating at the same moment wait, then find nothing left to do.
    """
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
            config.attributes["connection"] = conn
            from alembic import command  # only when a schema must change: ~0.2 s to import

            command.upgrade(config, "head")
    except DatabaseError:
        raise
    except Exception as exc:
        if is_connection_error(exc):
            raise
        raise MigrationFailed(
            "Không tạo hoặc nâng cấp được lược đồ cơ sở dữ liệu; mọi thay đổi của lần này đã "
            "được hủy, cơ sở dữ liệu vẫn như trước."
        ) from exc
    finally:
        config.attributes.pop("connection", None)


def _check_foreign_keys(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise MigrationFailed(
            f"Nâng cấp lược đồ làm hỏng {len(broken)} liên kết giữa các bảng; đã hủy, tệp vẫn "
            "như trước."
        )


def create_database(path: Path, config_for: Any) -> None:
    """Create a carapp database at `path` whole or not at all: built aside, then renamed in.

    `config_for(url)` returns the Alembic configuration for a URL. An existing `path` is
    replaced only while it is empty (zero length or no table).
    """
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        url = f"sqlite:///{tmp}"
        run_migrations(config_for(url), url)
        os.chmod(tmp, 0o666 & ~current_umask())
        _publish(tmp, path)
    finally:
        for leftover in (tmp, sidecar(tmp, "-journal"), sidecar(tmp, "-wal"), sidecar(tmp, "-shm")):
            leftover.unlink(missing_ok=True)


def _publish(tmp: Path, path: Path) -> None:
    """Rename the finished file into place, never over a database someone else just made."""
    if path.exists():
        if probe_file(path).kind is not Kind.EMPTY:
            return  # made meanwhile by another carapp: open_database checks it again
        os.replace(tmp, path)
    else:
        try:
            os.link(tmp, path)  # unlike a rename, fails if the name was taken meanwhile
        except FileExistsError:
            return
        except OSError:  # a file system without hard links
            os.replace(tmp, path)
    with contextlib.suppress(OSError):
        _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""Where the database lives and how every connection to it is configured."""

from __future__ import annotations

import logging
import os
import weakref
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url

DB_ENV = "CARAPP_DB"
DEFAULT_NAME = "carapp.sqlite3"
SUPPORTED = ("sqlite", "postgresql")
DRIVERS = ("pysqlite", "psycopg")  # the drivers carapp ships (psycopg 3 for PostgreSQL)
BUSY_TIMEOUT_MS = 5000  # how long a writer waits for another one's lock before giving up
# PostgreSQL: the advisory lock every carapp write transaction takes first (one writer at a
# time, as SQLite's BEGIN IMMEDIATE), and the one a schema change takes.
WRITE_LOCK_KEY = 0x63617277  # "carw"
MIGRATION_LOCK_KEY = 0x6361726D  # "carm"

_log = logging.getLogger(__name__)
_open_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


def default_path() -> Path:
    """Return the default database file in the user's data directory."""
    return Path(user_data_dir("carapp", appauthor=False)) / DEFAULT_NAME


def resolve_url(location: str | os.PathLike[str] | None = None) -> str:
    """Return a SQLAlchemy URL from --db, then CARAPP_DB, then the default file.

    A value containing "://" is taken as a SQLAlchemy URL; anything else is a file path.
    """
    value = os.fspath(location) if location is not None else os.environ.get(DB_ENV, "")
    if not value:
        value = os.fspath(default_path())
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def check_url(url: str) -> None:
    """Refuse a URL that is not a SQLite file or a PostgreSQL server's (psycopg) database."""
    from carapp.db.errors import DatabaseError

    try:
        parsed = make_url(url)
    except exc.ArgumentError as error:
        raise DatabaseError(f"Không hiểu địa chỉ cơ sở dữ liệu “{url}”.") from error
    if parsed.get_backend_name() not in SUPPORTED or parsed.get_driver_name() not in DRIVERS:
        raise DatabaseError(
            f"Không dùng được cơ sở dữ liệu “{parsed.render_as_string(hide_password=True)}”: "
            "carapp làm việc với tệp SQLite hoặc máy chủ PostgreSQL "
            "(postgresql+psycopg://người-dùng:mật-khẩu@máy-chủ/tên)."
        )


def display_name(location: str | os.PathLike[str] | URL | None) -> str:
    """Return how a user reads where the database is: its file, or its URL without password."""
    try:
        if isinstance(location, URL):
            location = location.render_as_string(hide_password=False)
        url = resolve_url(location)
        path = sqlite_path(url)
        return str(path) if path else make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL SQLAlchemy cannot read: the error itself says so
        return ""


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "memory" and mode != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine; on SQLite, WAL and foreign keys are set on every connection.

    Only call this on a file known to be carapp's (`open_database` checks first): the first
    connection switches the file to WAL.
    """
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_connect)
    _open_engines.add(engine)
    return engine


def close_database(engine: Engine) -> None:
    """Fold the WAL into the database file, then close every pooled connection.

    Afterwards a copy of the `.sqlite3` file alone holds every committed change. Harmless on
    other databases, on in-memory SQLite and when called twice.
    """
    _open_engines.discard(engine)
    if sqlite_path(engine.url.render_as_string(hide_password=False)) is not None:
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except exc.DBAPIError as error:  # a busy or damaged file: SQLite checkpoints on close
            _log.debug("WAL checkpoint skipped: %s", error)
    engine.dispose()


def close_all_databases() -> None:
    """Close every engine made by `make_engine` and still open (at the end of a command)."""
    for engine in list(_open_engines):
        close_database(engine)

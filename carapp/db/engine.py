"""Where the database lives and how every connection to it is configured."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DB_ENV = "CARAPP_DB"
DEFAULT_NAME = "carapp.sqlite3"


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


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "memory" and mode != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine; on SQLite, WAL and foreign keys are set on every connection."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_connect)
    return engine

"""The engine the tests run on: SQLite files (default) or a PostgreSQL server (`--engine`).

`pytest --engine=postgresql` (with CARAPP_TEST_PG, a SQLAlchemy URL of a server where the
user may create databases) runs the same tests against PostgreSQL: a template database is
migrated once per session and every database a test asks for (`new_database`) is a fresh
`CREATE DATABASE … TEMPLATE …` copy of it, dropped after the test. Tests about SQLite files by
nature carry the `sqlite_only` marker and are skipped there.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

PG_ENV = "CARAPP_TEST_PG"
ENGINES = ("sqlite", "postgresql")


class _State:
    engine = "sqlite"
    admin: Engine | None = None
    template = ""
    created: list[str] = []
    counter = 0


STATE = _State()


def on_postgresql() -> bool:
    """Tell whether this run is the PostgreSQL pass."""
    return STATE.engine == "postgresql"


def start(engine: str) -> None:
    """Choose the engine of the run; on PostgreSQL, migrate the session's template database."""
    STATE.engine = engine
    if engine != "postgresql":
        return
    server = os.environ.get(PG_ENV, "")
    if not server:
        raise RuntimeError(f"--engine=postgresql needs {PG_ENV} (a SQLAlchemy URL of a server)")
    STATE.admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    STATE.template = f"carapp_tpl_{os.getpid()}"
    _drop(STATE.template)
    _execute(f'CREATE DATABASE "{STATE.template}"')
    from carapp.db.engine import close_database
    from carapp.db.migrate import open_database

    close_database(open_database(_url(STATE.template)))


def finish() -> None:
    """Drop every database the session made, the template last."""
    if STATE.admin is None:
        return
    drop_created(0)
    _drop(STATE.template)
    STATE.admin.dispose()


def empty_database() -> str:
    """Return the URL of a new PostgreSQL database without any table (dropped after the test)."""
    STATE.counter += 1
    name = f"carapp_t{os.getpid()}_{STATE.counter}"
    _execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    STATE.created.append(name)
    return _url(name)


def new_database(folder: Path, name: str) -> str:
    """Return the location (a file path or a URL) of a fresh, migrated, empty database.

    On SQLite it is `folder/name.sqlite3`, made when first opened; on PostgreSQL a new
    database copied from the session's template.
    """
    if not on_postgresql():
        return str(folder / f"{name}.sqlite3")
    return _copy(STATE.template)


def clone_database(source: Engine, folder: Path, name: str) -> str:
    """Return the location of a copy of the database behind `source` (its connections closed)."""
    source.dispose()
    if not on_postgresql():
        target = folder / f"{name}.sqlite3"
        target.write_bytes(Path(str(source.url.database)).read_bytes())
        return str(target)
    return _copy(str(source.url.database))


def digest(engine: Engine) -> str:
    """Return a digest of everything the database holds (its connections closed first).

    On SQLite the file's bytes (and its WAL); on PostgreSQL every row of every table.
    """
    engine.dispose()
    if not on_postgresql():
        path = Path(str(engine.url.database))
        sha = hashlib.sha256(path.read_bytes())
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            sha.update(wal.read_bytes())
        return sha.hexdigest()
    with engine.connect() as conn:
        return _rows_digest(conn)


def _rows_digest(conn: Connection) -> str:
    sha = hashlib.sha256()
    tables = conn.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    ).scalars()
    for table in list(tables):
        sha.update(table.encode())
        for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')):
            sha.update(repr(tuple(row)).encode())
    return sha.hexdigest()


def drop_created(keep: int) -> None:
    """Drop the databases made since the first `keep` (those of one test)."""
    while len(STATE.created) > keep:
        _drop(STATE.created.pop())


def created_count() -> int:
    """Return how many databases the session has made and not dropped yet."""
    return len(STATE.created)


def _copy(template: str) -> str:
    STATE.counter += 1
    name = f"carapp_t{os.getpid()}_{STATE.counter}"
    _execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    STATE.created.append(name)
    return _url(name)


def _url(name: str) -> str:
    return make_url(os.environ[PG_ENV]).set(database=name).render_as_string(hide_password=False)


def _drop(name: str) -> None:
    _execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def execute_admin(sql: str) -> None:
    """Run one statement on the server outside any transaction (CREATE/DROP DATABASE)."""
    _execute(sql)


def _execute(sql: str) -> None:
    assert STATE.admin is not None
    with STATE.admin.connect() as conn:
        conn.execute(text(sql))


class WriteLockHolder:
    """Another program holding the database's write lock until `rollback` (or `close`)."""

    def __init__(self, location: str) -> None:
        if on_postgresql():
            import psycopg

            from carapp.db.engine import WRITE_LOCK_KEY
            from carapp.db.server import libpq_url

            self._conn: Any = psycopg.connect(libpq_url(location))
            self._conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
        else:
            self._conn = sqlite3.connect(location, isolation_level=None)
            self._conn.execute("BEGIN IMMEDIATE")

    def rollback(self) -> None:
        """Let the lock go."""
        self._conn.rollback()

    def close(self) -> None:
        """Let the lock go and disconnect."""
        self._conn.close()

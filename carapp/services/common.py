"""What every service shares: one transaction per user action, the user's name, errors."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from carapp.db import engine as db_engine
from carapp.db.errors import BUSY_MESSAGE, DatabaseError, describe, is_busy
from carapp.domain.os_errors import file_message
from carapp.fileio import OutputError

WRITE_LOCK_ATTEMPTS = 2  # one automatic retry when another writer held the lock too long
SQLITE_WRITE_LOCK = "BEGIN IMMEDIATE"
SERVER_WRITE_LOCK = f"SELECT pg_advisory_xact_lock({db_engine.WRITE_LOCK_KEY})"


class ServiceError(Exception):
    """A request that cannot be carried out; the message is for the user, in Vietnamese."""


class NotFound(ServiceError):
    """The named record does not exist."""


class DatabaseBusy(ServiceError):
    """Another program held the database's write lock longer than the wait allows."""

    def __init__(self, message: str = BUSY_MESSAGE) -> None:
        super().__init__(message)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """Yield a session whose work is committed together at the end, or not at all.

    The write lock is taken first (BEGIN IMMEDIATE on SQLite; on PostgreSQL the database's
    write lock, a transaction-level advisory lock every carapp writer takes), so the reads of
    the action and its writes see one state: no concurrent writer's change is lost (a revision
    counter read, then increased, stays exact); readers are never blocked. Waiting for the
    lock is the only point where "database is locked" (PostgreSQL: lock_timeout) can arise;
    nothing has run yet there, so it is retried once, then DatabaseBusy. A serialization
    failure or a deadlock reported by the server later also ends in DatabaseBusy.
    """
    with Session(engine, expire_on_commit=False) as session, session.begin():
        _lock_for_writing(session)
        try:
            yield session
            session.flush()
        except OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusy() from exc
            raise


def _lock_for_writing(session: Session) -> None:
    sqlite = session.get_bind().dialect.name == "sqlite"
    for attempt in range(1, WRITE_LOCK_ATTEMPTS + 1):
        try:
            if sqlite:
                session.connection().exec_driver_sql(SQLITE_WRITE_LOCK)
            else:
                _lock_server(session)
            return
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            if attempt == WRITE_LOCK_ATTEMPTS:
                raise DatabaseBusy() from exc


def _lock_server(session: Session) -> None:
    # In a savepoint: a lock wait that times out aborts only the savepoint, so the retry runs
    # in the same transaction. The lock, once taken, is held until the transaction ends.
    with session.begin_nested():
        conn = session.connection()
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {db_engine.BUSY_TIMEOUT_MS}")
        conn.exec_driver_sql(SERVER_WRITE_LOCK)


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """Yield a session for reads; objects stay usable after it closes."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        except OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusy() from exc
            raise


def user_message(exc: BaseException, where: object = "") -> str | None:
    """Return the Vietnamese message for an error a user can meet; None for a defect.

    One place for the command line and the window: the messages of carapp's own errors, of
    file errors, and of SQLite errors (`where` names the database) that services did not map.
    """
    if isinstance(exc, ServiceError | DatabaseError | OutputError) or _is_import_failure(exc):
        return str(exc)
    if isinstance(exc, OSError):
        return file_message(exc)
    return describe(exc, where)


def _is_import_failure(exc: BaseException) -> bool:
    # Not imported here: the importers pull in python-docx and openpyxl, which the start path
    # must not load. An ImportFailure can only exist once its module was imported.
    issues = sys.modules.get("carapp.importers.issues")
    return issues is not None and isinstance(exc, issues.ImportFailure)


def current_user() -> str:
    """Return the name written in the audit log for changes made on this machine."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (some service accounts)
        return "carapp"

"""What every service shares: one transaction per user action, the user's name, errors."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session


class ServiceError(Exception):
    """A request that cannot be carried out; the message is for the user, in Vietnamese."""


class NotFound(ServiceError):
    """The named record does not exist."""


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """Yield a session whose work is committed together at the end, or not at all."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """Yield a session for reads; objects stay usable after it closes."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


def current_user() -> str:
    """Return the name written in the audit log for changes made on this machine."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (some service accounts)
        return "carapp"

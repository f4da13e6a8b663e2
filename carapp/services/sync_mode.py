"""This database's role (unit or city) and its settings rows, without the signing libraries.

Every local edit asks the mode (`sync_ownership`), and the window asks it on start to know
whether to show the city tab; neither needs `cryptography` or pyHanko, which
`carapp.services.pki_store` (keys, trust) imports. The functions live here; pki_store
re-exports them for its callers.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from carapp.db.models import AuditEntry, Setting
from carapp.services.common import reading

MODE_KEY = "mode"
OWN_UNIT_KEY = "own_unit_code"
MODES = {"unit": "đơn vị", "city": "thành phố"}


def get_setting(session: Session, key: str, default: str = "") -> str:
    """Return a setting's value, or `default` when it was never set."""
    row = session.get(Setting, key)
    return row.value if row is not None else default


def put_setting(session: Session, who: str, key: str, value: str) -> bool:
    """Set a setting inside the caller's transaction, logging the change; return if it changed."""
    row = session.get(Setting, key)
    if row is not None and row.value == value:
        return False
    old = row.value if row is not None else None
    if row is None:
        row = Setting(key=key, value=value)
    else:
        row.value = value
    session.add(row)
    session.add(
        AuditEntry(
            who=who,
            action="create" if old is None else "update",
            entity="setting",
            entity_id=key,
            field="value",
            old=old,
            new=value,
        )
    )
    return True


def mode_of(session: Session) -> str:
    """Return this database's mode (``unit`` unless set to ``city``)."""
    mode = get_setting(session, MODE_KEY, "unit")
    return mode if mode in MODES else "unit"


def own_code_of(session: Session) -> str:
    """Return the code of the unit this database speaks for ('' when not set)."""
    return get_setting(session, OWN_UNIT_KEY)


def is_city(engine: Engine) -> bool:
    """Tell whether this database runs in city mode."""
    with reading(engine) as session:
        return mode_of(session) == "city"

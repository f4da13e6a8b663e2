"""Generic settings rows (key/value in the `setting` table): read one, write one with its audit."""

from __future__ import annotations

from sqlmodel import Session

from carapp.db.models import AuditEntry, Setting


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

"""A snapshot row as the database stores it, the counts of what changed, and the field audit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from carapp.services.common import ServiceError
from carapp.services.sync.snapshot_tables import TABLE_LABELS
from carapp.sync.payload_rows import db_row as db_row  # re-exported: the rows of a payload

_AUDIT_SKIP = {"id", "created_at", "updated_at", "revision", "search_key"}


# --- applying ---------------------------------------------------------------------------------


class SnapshotRefused(ServiceError):
    """A snapshot that may not be applied (it reaches into another unit's data)."""


@dataclass
class TableChanges:
    """How many rows of one table a snapshot created, changed, removed or left as they were."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


@dataclass
class ApplyStats:
    """What applying a snapshot did, per table."""

    unit_code: str
    tables: dict[str, TableChanges] = field(default_factory=dict)

    def summary(self) -> str:
        """Return e.g. "nhiệm vụ: 30 mới, 2 sửa; tiến độ: 5 mới" (unchanged tables left out)."""
        parts = []
        for table, label in TABLE_LABELS.items():
            c = self.tables.get(table)
            if c is None:
                continue
            bits = [
                f"{n} {word}"
                for n, word in ((c.created, "mới"), (c.updated, "sửa"), (c.deleted, "xóa"))
                if n
            ]
            if bits:
                parts.append(f"{label}: {', '.join(bits)}")
        return "; ".join(parts) or "không có thay đổi"


def _audit_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


PACKAGE_FIELD = "package"  # the field of the one audit entry of a row a package created


class FieldAudit:
    """Collects audit rows, written in one bulk insert.

    With a `source` (the SHA-256 of the package's manifest, the key of its package_body), a
    created row gets ONE entry, field "package", new value that key: the package body holds
    every field as it arrived, signed. Changed rows get one entry per changed field, and
    removed rows one per field they held (what they held is kept in the log itself: a removed
    row is the one thing no later package shows).
    """

    def __init__(self, who: str, at: datetime, source: str | None = None) -> None:
        self.who = who
        self.at = at
        self.source = source
        self.rows: list[dict[str, Any]] = []

    def _add(self, action: str, table: str, entity_id: str, name: str, old: Any, new: Any) -> None:
        self.rows.append(
            {
                "at": self.at,
                "who": self.who,
                "action": action,
                "entity": table,
                "entity_id": entity_id,
                "field": name,
                "old": _audit_text(old),
                "new": _audit_text(new),
            }
        )

    def created(self, table: str, row: Mapping[str, Any]) -> None:
        if self.source is not None:
            self._add("create", table, row["id"], PACKAGE_FIELD, None, self.source)
            return
        for name, value in row.items():
            if name not in _AUDIT_SKIP and value not in (None, "", "[]"):
                self._add("create", table, row["id"], name, None, value)

    def deleted(self, table: str, row: Mapping[str, Any]) -> None:
        for name, value in row.items():
            if name not in _AUDIT_SKIP and value not in (None, "", "[]"):
                self._add("delete", table, row["id"], name, value, None)

    def updated(self, table: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        for name, value in new.items():
            if name not in _AUDIT_SKIP and old.get(name) != value:
                self._add("update", table, new["id"], name, old.get(name), value)

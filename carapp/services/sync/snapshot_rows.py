"""A snapshot row as the database stores it, the counts of what changed, and the field audit."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel.sql.sqltypes import UTCDateTime

from carapp.domain.text import fold
from carapp.services.common import ServiceError
from carapp.services.sync.snapshot_tables import TABLE_LABELS, TABLES, table_columns

_JSON_LISTS = {"task": ("cooperating_unit_ids",), "progress_record": ("evidence",)}
_AUDIT_SKIP = {"id", "created_at", "updated_at", "revision", "search_key"}
_SEARCH_PARTS = ("number", "code", "content", "lead", "cooperating", "output")


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


def _parse_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def _conversions(table: str) -> list[tuple[str, str]]:
    """Return (column, how to convert its JSON value) for the columns of `table`."""
    kinds = []
    for column in table_columns(table):
        python_type = column.type.python_type
        if isinstance(column.type, UTCDateTime) or python_type is datetime:
            kind = "datetime"
        elif python_type is date:
            kind = "date"
        elif column.name in _JSON_LISTS.get(table, ()):
            kind = "json"
        elif python_type is float:
            kind = "float"
        else:
            kind = ""
        kinds.append((column.name, kind))
    return kinds


_CONVERSIONS = {table: _conversions(table) for table in TABLES}


def db_row(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """Return a payload row as the values of its table's columns."""
    out: dict[str, Any] = {}
    for name, kind in _CONVERSIONS[table]:
        value = row[name]
        if value is not None and kind:
            if kind == "datetime":
                value = _parse_datetime(value)
            elif kind == "date":
                value = date.fromisoformat(value)
            elif kind == "json":
                value = json.dumps(value, ensure_ascii=False)
            else:
                value = float(value)
        out[name] = value
    return out


def row_search_key(row: Mapping[str, Any]) -> str:
    """Return a task row's search key (its text fields, folded)."""
    return fold(" ".join(str(row[p] or "") for p in _SEARCH_PARTS))


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

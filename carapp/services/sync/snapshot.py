"""A unit's report snapshot (data.json of a report package): build it, and apply it at the city.

The snapshot is the full truth of what the unit owns: its plans with their sections, targets,
measurements, tasks and progress records (tasks the city assigned included, for their
progress). Every row carries its table's columns under the same names (carapp.sync.schema).

Applying one at the city (`apply_snapshot`, inside the caller's transaction):

- the sender is matched to the city's unit row by code (created when missing); unit ids named
  by tasks (lead and cooperating units) are mapped to the city's rows by code, or dropped when
  the city does not know that unit (the text as written is kept);
- nothing of another unit is touched: a row whose id exists at the city under another unit's
  plan makes the whole snapshot refused;
- rows are upserted by id, keeping the higher revision; the unit's rows missing from the
  snapshot are removed (the snapshot is the full truth of what it owns);
- an assigned task (origin ``city``) keeps the content, lead unit and deadline of the city's own
  task it implements, whatever the snapshot says: the city owns them, the unit its progress;
- every created, changed and removed field is written to the audit log in the same transaction.

Rows are read, inserted and updated with SQLAlchemy Core in bulk: 150 packages of 100 tasks
import in seconds, not minutes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Engine, Table, bindparam, delete, insert, select, update
from sqlmodel import Session
from sqlmodel.sql.sqltypes import UTCDateTime

from carapp.db.models import (
    AuditEntry,
    Measurement,
    Plan,
    ProgressRecord,
    Section,
    Target,
    Task,
    Unit,
    new_id,
    utcnow,
)
from carapp.domain.deadlines import parse_deadline
from carapp.domain.outline import outline_order
from carapp.domain.periods import ReportingPeriod
from carapp.domain.text import fold
from carapp.services.common import NotFound, ServiceError, reading
from carapp.services.sync.mode import own_code_of
from carapp.sync.schema import REPORT
from carapp.sync.validate import SchemaError

_T = {
    "plan": Plan.__table__,  # type: ignore[attr-defined]
    "section": Section.__table__,  # type: ignore[attr-defined]
    "target": Target.__table__,  # type: ignore[attr-defined]
    "measurement": Measurement.__table__,  # type: ignore[attr-defined]
    "task": Task.__table__,  # type: ignore[attr-defined]
    "progress_record": ProgressRecord.__table__,  # type: ignore[attr-defined]
}
UNIT: Table = Unit.__table__  # type: ignore[attr-defined]
AUDIT: Table = AuditEntry.__table__  # type: ignore[attr-defined]
# Payload list -> table, parents before children.
LISTS = (
    ("plans", "plan"),
    ("sections", "section"),
    ("targets", "target"),
    ("measurements", "measurement"),
    ("tasks", "task"),
    ("progress", "progress_record"),
)
TABLE_LABELS = {
    "plan": "kế hoạch",
    "section": "mục",
    "target": "chỉ tiêu",
    "measurement": "số liệu chỉ tiêu",
    "task": "nhiệm vụ",
    "progress_record": "tiến độ",
}
# Columns never sent: computed by the receiver (search_key), or local to the sender
# (archived_at: an archived plan is not sent at all).
_DERIVED = {
    "task": ("search_key",),
    "plan": ("archived_at",),
}
_JSON_LISTS = {"task": ("cooperating_unit_ids",), "progress_record": ("evidence",)}
_AUDIT_SKIP = {"id", "created_at", "updated_at", "revision", "search_key"}
_CHUNK = 500  # ids per IN (...) clause
# The columns of an assigned task the city owns (with the parsed deadline columns).
CITY_CONTENT = (
    "number",
    "code",
    "content",
    "lead",
    "cooperating",
    "output",
    "deadline_text",
    "assigning_document",
)
_SEARCH_PARTS = ("number", "code", "content", "lead", "cooperating", "output")


def _columns(table: str) -> list[Column[Any]]:
    skip = _DERIVED.get(table, ())
    return [c for c in _T[table].columns if c.name not in skip]


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


# --- building ---------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _evidence(raw: str | None) -> list[dict[str, str]]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return []
    keys = ("number", "issued_on", "title", "file")
    return [
        {k: str(item.get(k) or "") for k in keys}
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    ]


def _id_list(raw: str | None) -> list[str]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return []
    return [str(i) for i in items] if isinstance(items, list) else []


def _row_json(table: str, row: Mapping[Any, Any]) -> dict[str, Any]:
    out = {c.name: _json_value(row[c.name]) for c in _columns(table)}
    if table == "task":
        out["cooperating_unit_ids"] = _id_list(row["cooperating_unit_ids"])
    elif table == "progress_record":
        out["evidence"] = _evidence(row["evidence"])
    return out


def _unit_json(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "kind": row["kind"]}


def _owned_query(table: str, owner_id: str, *, archived: bool = True) -> Any:
    """Return a SELECT of every row of `table` under the plans owned by `owner_id` (without
    archived plans and their rows when `archived` is False)."""
    query = _owned_rows(table, owner_id)
    if not archived:
        query = query.where(_T["plan"].c.archived_at.is_(None))
    return query


def _owned_rows(table: str, owner_id: str) -> Any:
    plan, section, target, task = _T["plan"], _T["section"], _T["target"], _T["task"]
    t = _T[table]
    if table == "plan":
        return select(t).where(t.c.owner_unit_id == owner_id)
    if table == "section":
        return (
            select(t).join(plan, plan.c.id == t.c.plan_id).where(plan.c.owner_unit_id == owner_id)
        )
    if table == "target":
        return (
            select(t)
            .join(section, section.c.id == t.c.section_id)
            .join(plan, plan.c.id == section.c.plan_id)
            .where(plan.c.owner_unit_id == owner_id)
        )
    if table == "measurement":
        return (
            select(t)
            .join(target, target.c.id == t.c.target_id)
            .join(section, section.c.id == target.c.section_id)
            .join(plan, plan.c.id == section.c.plan_id)
            .where(plan.c.owner_unit_id == owner_id)
        )
    if table == "task":
        return (
            select(t).join(plan, plan.c.id == t.c.plan_id).where(plan.c.owner_unit_id == owner_id)
        )
    return (
        select(t)
        .join(task, task.c.id == t.c.task_id)
        .join(plan, plan.c.id == task.c.plan_id)
        .where(plan.c.owner_unit_id == owner_id)
    )


_ORDER = {
    "plan": ("start_year", "title", "id"),
    "section": ("plan_id", "position", "id"),
    "target": ("section_id", "position", "id"),
    "measurement": ("target_id", "period", "id"),
    "task": ("plan_id", "section_id", "position", "id"),
    "progress_record": ("task_id", "period", "id"),
}


def build_snapshot(engine: Engine, unit_code: str, period: ReportingPeriod) -> dict[str, Any]:
    """Return the report snapshot of everything `unit_code` owns, for `period`.

    Archived plans and their rows are left out. Raises NotFound when the unit is unknown,
    ServiceError when it owns no plan (archived ones aside) or its data
    would not pass the receiver's schema (the message says which row and why).
    """
    with reading(engine) as session:
        conn = session.connection()
        unit = conn.execute(select(UNIT).where(UNIT.c.code == unit_code)).mappings().first()
        if unit is None:
            raise NotFound(f"Không có đơn vị mã “{unit_code}” trong cơ sở dữ liệu.")
        data: dict[str, Any] = {"kind": "report", "unit": _unit_json(unit), "units": []}
        data["period"] = period.code
        for key, table in LISTS:
            t = _T[table]
            query = _owned_query(table, unit["id"], archived=False)
            query = query.order_by(*(t.c[c] for c in _ORDER[table]))
            data[key] = [_row_json(table, row) for row in conn.execute(query).mappings()]
        data["units"] = _referenced_units(conn, data)
    if not data["plans"]:
        raise ServiceError(f"Đơn vị {unit_code} chưa có kế hoạch nào để báo cáo.")
    try:
        REPORT(data, "$")
    except SchemaError as exc:
        raise ServiceError(_schema_message(data, exc)) from exc
    return data


def _schema_message(data: Mapping[str, Any], exc: SchemaError) -> str:
    return f"Dữ liệu chưa gửi được: {exc.path}: {exc.message_vi}."


def _referenced_units(conn: Any, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the units tasks name; references to units that no longer exist are dropped."""
    sender = data["unit"]["id"]
    wanted = {
        ref
        for task in data["tasks"]
        for ref in [task["lead_unit_id"], *task["cooperating_unit_ids"]]
        if ref and ref != sender
    }
    rows = [
        dict(r)
        for ids in _chunks(sorted(wanted))
        for r in conn.execute(select(UNIT).where(UNIT.c.id.in_(ids))).mappings()
    ]
    known = {r["id"] for r in rows} | {sender}
    for task in data["tasks"]:
        if task["lead_unit_id"] not in known:
            task["lead_unit_id"] = None
        task["cooperating_unit_ids"] = [u for u in task["cooperating_unit_ids"] if u in known]
    return [_unit_json(r) for r in sorted(rows, key=lambda r: r["code"])]


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
    for column in _columns(table):
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


_CONVERSIONS = {table: _conversions(table) for table in _T}


def _db_row(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
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


def _search_key(row: Mapping[str, Any]) -> str:
    return fold(" ".join(str(row[p] or "") for p in _SEARCH_PARTS))


def _audit_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


class _Audit:
    """Collects audit rows, written in one bulk insert."""

    def __init__(self, who: str, at: datetime) -> None:
        self.who = who
        self.at = at
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


def _sender_unit(conn: Any, audit: _Audit, unit: Mapping[str, Any]) -> str:
    """Return the city's id of the sending unit, adding the unit when the city lacks it."""
    found = conn.execute(select(UNIT.c.id).where(UNIT.c.code == unit["code"])).first()
    if found is not None:
        return str(found[0])
    taken = conn.execute(select(UNIT.c.id).where(UNIT.c.id == unit["id"])).first()
    now = utcnow()
    row = {
        "id": new_id() if taken else unit["id"],
        "created_at": now,
        "updated_at": now,
        "revision": 1,
        "code": unit["code"],
        "name": unit["name"],
        "kind": unit["kind"] or "office",
        "parent_id": None,
    }
    conn.execute(insert(UNIT), [row])
    audit.created("unit", row)
    return str(row["id"])


def _unit_map(conn: Any, data: Mapping[str, Any], sender_id: str) -> dict[str, str]:
    """Map the snapshot's unit ids to the city's unit ids, by code."""
    by_code = {u["code"]: u["id"] for u in data["units"]}
    found = conn.execute(select(UNIT.c.code, UNIT.c.id).where(UNIT.c.code.in_(list(by_code))))
    mapping = {by_code[code]: city_id for code, city_id in found}
    mapping[data["unit"]["id"]] = sender_id
    return mapping


def _existing(conn: Any, owner_id: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Return every row the sender owns at the city, by table and id."""
    return {
        table: {
            row["id"]: dict(row) for row in conn.execute(_owned_query(table, owner_id)).mappings()
        }
        for table in _T
    }


def _check_foreign(
    conn: Any, incoming: Mapping[str, list[dict[str, Any]]], own: Mapping[str, Mapping[str, Any]]
) -> None:
    """Refuse a snapshot reusing the id of a row the sender does not own."""
    for table, rows in incoming.items():
        ids = [r["id"] for r in rows if r["id"] not in own[table]]
        t = _T[table]
        for chunk in _chunks(ids):
            clash = conn.execute(select(t.c.id).where(t.c.id.in_(chunk))).first()
            if clash is not None:
                raise SnapshotRefused(
                    f"Gói có {TABLE_LABELS[table]} mã “{clash[0]}” trùng với dữ liệu không thuộc "
                    "đơn vị gửi; không nhận gói này."
                )


def _city_masters(conn: Any, session: Session, parents: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Return the city's own tasks (origin city, in a plan of this database's unit) by id."""
    own_code = own_code_of(session)
    ids = sorted(set(parents))
    if not own_code or not ids:
        return {}
    task, plan = _T["task"], _T["plan"]
    owner = select(UNIT.c.id).where(UNIT.c.code == own_code).scalar_subquery()
    masters: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        query = (
            select(task)
            .join(plan, plan.c.id == task.c.plan_id)
            .where(task.c.id.in_(chunk), task.c.origin == "city", plan.c.owner_unit_id == owner)
        )
        masters.update({r["id"]: dict(r) for r in conn.execute(query).mappings()})
    return masters


def _keep_city_content(
    rows: list[dict[str, Any]], masters: Mapping[str, Mapping[str, Any]], years: Mapping[str, Any]
) -> None:
    """Give assigned tasks the content of the city task they implement."""
    for row in rows:
        master = masters.get(row["parent_task_id"] or "") if row["origin"] == "city" else None
        if master is None:
            continue
        deadline_changed = master["deadline_text"] != row["deadline_text"]
        for name in CITY_CONTENT:
            row[name] = master[name]
        if deadline_changed:
            start, end = years[row["plan_id"]]
            parsed = parse_deadline(row["deadline_text"], start, end)
            month_day = parsed.due_month_day
            row.update(
                deadline_start=parsed.start,
                deadline_end=parsed.end,
                recurrence=parsed.recurrence.value,
                due_month_day=f"{month_day[0]:02d}-{month_day[1]:02d}" if month_day else "",
                deadline_understood=parsed.understood,
            )


def _prepare(
    data: Mapping[str, Any], owner_id: str, units: Mapping[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Return the payload's rows as column values of the city's tables."""
    incoming: dict[str, list[dict[str, Any]]] = {}
    for key, table in LISTS:
        rows = [_db_row(table, r) for r in data[key]]
        if table == "plan":
            for row in rows:
                row["owner_unit_id"] = owner_id
        elif table == "task":
            for row in rows:
                row["lead_unit_id"] = units.get(row["lead_unit_id"] or "")
                ids = json.loads(row["cooperating_unit_ids"])
                mapped = [units[i] for i in ids if i in units]
                row["cooperating_unit_ids"] = json.dumps(mapped, ensure_ascii=False)
        incoming[table] = rows
    return incoming


def apply_snapshot(session: Session, data: Mapping[str, Any], who: str) -> ApplyStats:
    """Apply a verified report snapshot inside the caller's transaction (see the module doc).

    Raises SnapshotRefused, writing nothing, when the snapshot reaches into another unit's data.
    """
    conn = session.connection()
    audit = _Audit(who, utcnow())
    code = data["unit"]["code"]
    if code == own_code_of(session):
        raise SnapshotRefused(f"Gói mang mã đơn vị {code} của chính cơ sở dữ liệu này.")
    owner_id = _sender_unit(conn, audit, data["unit"])
    own = _existing(conn, owner_id)
    incoming = _prepare(data, owner_id, _unit_map(conn, data, owner_id))
    _check_foreign(conn, incoming, own)
    years = {p["id"]: (p["start_year"], p["end_year"]) for p in incoming["plan"]}
    parents = [r["parent_task_id"] for r in incoming["task"] if r["origin"] == "city"]
    _keep_city_content(incoming["task"], _city_masters(conn, session, parents), years)
    for row in incoming["task"]:
        row["search_key"] = _search_key(row)
    stats = ApplyStats(code, {table: TableChanges() for table in _T})
    keep = {table: {r["id"] for r in rows} for table, rows in incoming.items()}
    # Records first (frees their (task, period) slots), then upserts parents before children,
    # then the removed tasks, targets, sections and plans, once moved rows point elsewhere.
    for table in ("progress_record", "measurement"):
        _remove(conn, audit, stats, table, own[table], keep[table])
    for table in _T:
        _upsert(conn, audit, stats.tables[table], table, incoming[table], own[table])
    for table in ("task", "target", "section", "plan"):
        _remove(conn, audit, stats, table, own[table], keep[table])
    if audit.rows:
        conn.execute(insert(AUDIT), audit.rows)
    return stats


def _remove(
    conn: Any,
    audit: _Audit,
    stats: ApplyStats,
    table: str,
    own: Mapping[str, Mapping[str, Any]],
    keep: set[str],
) -> None:
    gone = sorted(set(own) - keep)
    if not gone:
        return
    for row_id in gone:
        audit.deleted(table, own[row_id])
    t = _T[table]
    for chunk in _chunks(gone):
        conn.execute(delete(t).where(t.c.id.in_(chunk)))
    stats.tables[table].deleted += len(gone)


def _row_id(row: Mapping[str, Any]) -> str:
    return str(row["id"])


def _outline_parent(row: Mapping[str, Any]) -> str | None:
    return row.get("outline_parent_id")


def _upsert(
    conn: Any,
    audit: _Audit,
    changes: TableChanges,
    table: str,
    rows: list[dict[str, Any]],
    own: Mapping[str, Mapping[str, Any]],
) -> None:
    new, changed = [], []
    for row in rows:
        old = own.get(row["id"])
        if old is None:
            new.append(row)
            audit.created(table, row)
        elif row["revision"] > old["revision"] and any(old.get(k) != v for k, v in row.items()):
            changed.append(row)
            audit.updated(table, old, row)
        else:
            changes.unchanged += 1
    t = _T[table]
    if new and table == "task":  # a sub-item's outline parent must be there before it
        new = [r for r, _ in outline_order(new, _row_id, _outline_parent)]
    if new:
        conn.execute(insert(t), new)
    if changed:
        names = [c.name for c in t.columns if c.name != "id" and c.name in changed[0]]
        statement = (
            update(t)
            .where(t.c.id == bindparam("_id"))
            .values({name: bindparam(f"_v_{name}") for name in names})
        )
        params = [{"_id": r["id"], **{f"_v_{n}": r[n] for n in names}} for r in changed]
        conn.execute(statement, params)
    changes.created += len(new)
    changes.updated += len(changed)

"""Apply a unit's snapshot at the city, in bulk, inside the caller's transaction.

- the sender is matched to the city's unit row by code (created when missing); unit ids named
  by tasks (lead and cooperating units) are mapped to the city's rows by code, or dropped when
  the city does not know that unit (the text as written is kept);
- nothing of another unit is touched: a row whose id exists at the city under another unit's
  plan makes the whole snapshot refused;
- rows are upserted by id, keeping the higher revision; the unit's rows missing from the
  snapshot are removed (the snapshot is the full truth of what it owns);
- an assigned task (origin ``city``) keeps the content, lead unit and deadline of the city's own
  task it implements, whatever the snapshot says: the city owns them, the unit its progress;
- the audit log, in the same transaction: one entry per row created from a stored package body
  (naming that body), one per changed field, one per field of a removed row.

Rows are read, inserted and updated with SQLAlchemy Core in bulk: 150 packages of 100 tasks
import in seconds, not minutes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from carapp.db.models import (
    new_id,
    utcnow,
)
from carapp.domain.deadlines import parse_deadline
from carapp.domain.outline import outline_order
from carapp.services.sync.bulk_insert import insert_rows
from carapp.services.sync.mode import own_code_of
from carapp.services.sync.snapshot_rows import (
    ApplyStats,
    FieldAudit,
    SnapshotRefused,
    TableChanges,
)
from carapp.services.sync.snapshot_tables import (
    AUDIT,
    TABLE_LABELS,
    TABLES,
    UNIT,
    chunked,
    owned_query,
)
from carapp.sync.payload_rows import LISTS, db_row, search_key

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


def _sender_unit(conn: Any, audit: FieldAudit, unit: Mapping[str, Any]) -> tuple[str, bool]:
    """Return the city's id of the sending unit, and whether it was added (the city lacked it)."""
    found = conn.execute(select(UNIT.c.id).where(UNIT.c.code == unit["code"])).first()
    if found is not None:
        return str(found[0]), False
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
    return str(row["id"]), True


def _unit_map(conn: Any, data: Mapping[str, Any], sender_id: str) -> dict[str, str]:
    """Map the snapshot's unit ids to the city's unit ids, by code."""
    by_code = {u["code"]: u["id"] for u in data["units"]}
    if not by_code:
        return {data["unit"]["id"]: sender_id}
    found = conn.execute(select(UNIT.c.code, UNIT.c.id).where(UNIT.c.code.in_(list(by_code))))
    mapping = {by_code[code]: city_id for code, city_id in found}
    mapping[data["unit"]["id"]] = sender_id
    return mapping


def _existing(conn: Any, owner_id: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Return every row the sender owns at the city, by table and id."""
    return {
        table: {
            row["id"]: dict(row) for row in conn.execute(owned_query(table, owner_id)).mappings()
        }
        for table in TABLES
    }


def _check_foreign(
    conn: Any, incoming: Mapping[str, list[dict[str, Any]]], own: Mapping[str, Mapping[str, Any]]
) -> None:
    """Refuse a snapshot reusing the id of a row the sender does not own.

    Run only once an insert has failed (see apply_snapshot): such an id is a primary key
    already there, so the database refuses the row anyway; this names it.
    """
    for table, rows in incoming.items():
        ids = [r["id"] for r in rows if r["id"] not in own[table]]
        t = TABLES[table]
        for chunk in chunked(ids):
            clash = conn.execute(select(t.c.id).where(t.c.id.in_(chunk))).first()
            if clash is not None:
                raise SnapshotRefused(
                    f"Gói có {TABLE_LABELS[table]} mã “{clash[0]}” trùng với dữ liệu không thuộc "
                    "đơn vị gửi; không nhận gói này."
                )


def _city_masters(conn: Any, own_code: str, parents: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Return the city's own tasks (origin city, in a plan of this database's unit) by id."""
    ids = sorted(set(parents))
    if not own_code or not ids:
        return {}
    task, plan = TABLES["task"], TABLES["plan"]
    owner = select(UNIT.c.id).where(UNIT.c.code == own_code).scalar_subquery()
    masters: dict[str, dict[str, Any]] = {}
    for chunk in chunked(ids):
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
        row.pop("search_key", None)  # made again from the city's content
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
    data: Mapping[str, Any],
    owner_id: str,
    units: Mapping[str, str],
    converted: Mapping[str, list[dict[str, Any]]] | None,
) -> dict[str, list[dict[str, Any]]]:
    """Return the payload's rows as column values of the city's tables (`converted`: already
    converted by sync.payload_rows, e.g. in the verification worker; changed in place)."""
    incoming: dict[str, list[dict[str, Any]]] = {}
    for key, table in LISTS:
        rows = converted[table] if converted is not None else [db_row(table, r) for r in data[key]]
        if table == "plan":
            for row in rows:
                row["owner_unit_id"] = owner_id
        elif table == "task":
            for row in rows:
                row["lead_unit_id"] = units.get(row["lead_unit_id"] or "")
                if row["cooperating_unit_ids"] != "[]":
                    ids = json.loads(row["cooperating_unit_ids"])
                    mapped = [units[i] for i in ids if i in units]
                    row["cooperating_unit_ids"] = json.dumps(mapped, ensure_ascii=False)
        incoming[table] = rows
    return incoming


def apply_snapshot(
    session: Session,
    data: Mapping[str, Any],
    who: str,
    source: str | None = None,
    *,
    own_code: str | None = None,
    rows: Mapping[str, list[dict[str, Any]]] | None = None,
) -> ApplyStats:
    """Apply a verified report snapshot inside the caller's transaction (see the module doc).

    `source`: the key of the stored package body (its manifest SHA-256); created rows then get
    one audit entry naming it instead of one per field (snapshot_rows.FieldAudit).
    `own_code`: this database's own unit code, when the caller knows it already; `rows`: the
    payload's lists already converted (sync.payload_rows; `data` may then leave them out).
    Raises SnapshotRefused, writing nothing, when the snapshot reaches into another unit's data.
    """
    conn = session.connection()
    audit = FieldAudit(who, utcnow(), source)
    code = data["unit"]["code"]
    own_code = own_code_of(session) if own_code is None else own_code
    if code == own_code:
        raise SnapshotRefused(f"Gói mang mã đơn vị {code} của chính cơ sở dữ liệu này.")
    owner_id, added = _sender_unit(conn, audit, data["unit"])
    own = {table: {} for table in TABLES} if added else _existing(conn, owner_id)
    incoming = _prepare(data, owner_id, _unit_map(conn, data, owner_id), rows)
    years = {p["id"]: (p["start_year"], p["end_year"]) for p in incoming["plan"]}
    parents = [r["parent_task_id"] for r in incoming["task"] if r["origin"] == "city"]
    _keep_city_content(incoming["task"], _city_masters(conn, own_code, parents), years)
    for row in incoming["task"]:
        if "search_key" not in row:
            row["search_key"] = search_key(row)
    stats = ApplyStats(code, {table: TableChanges() for table in TABLES})
    try:
        with session.begin_nested():  # a savepoint: on PostgreSQL the query below needs one
            _write(session.connection(), audit, stats, incoming, own)
    except IntegrityError:
        _check_foreign(conn, incoming, own)  # a row of another unit: say which
        raise
    return stats


def _write(
    conn: Any,
    audit: FieldAudit,
    stats: ApplyStats,
    incoming: Mapping[str, list[dict[str, Any]]],
    own: Mapping[str, Mapping[str, Any]],
) -> None:
    """Remove, upsert and audit the sender's rows (see apply_snapshot)."""
    keep = {table: {r["id"] for r in rows} for table, rows in incoming.items()}
    # Records first (frees their (task, period) slots), then upserts parents before children,
    # then the removed tasks, targets, sections and plans, once moved rows point elsewhere.
    for table in ("progress_record", "measurement"):
        _remove(conn, audit, stats, table, own[table], keep[table])
    for table in TABLES:
        _upsert(conn, audit, stats.tables[table], table, incoming[table], own[table])
    for table in ("task", "target", "section", "plan"):
        _remove(conn, audit, stats, table, own[table], keep[table])
    if audit.rows:
        insert_rows(conn, AUDIT, audit.rows)


def _remove(
    conn: Any,
    audit: FieldAudit,
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
    t = TABLES[table]
    for chunk in chunked(gone):
        conn.execute(delete(t).where(t.c.id.in_(chunk)))
    stats.tables[table].deleted += len(gone)


def _row_id(row: Mapping[str, Any]) -> str:
    return str(row["id"])


def _outline_parent(row: Mapping[str, Any]) -> str | None:
    return row.get("outline_parent_id")


def _upsert(
    conn: Any,
    audit: FieldAudit,
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
    t = TABLES[table]
    if new and table == "task":  # a sub-item's outline parent must be there before it
        new = [r for r, _ in outline_order(new, _row_id, _outline_parent)]
    if new:
        insert_rows(conn, t, new)
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

"""Build a unit's report snapshot (data.json of a report package): everything the unit owns.

The snapshot is the full truth of what the unit owns: its plans with their sections, targets,
measurements, tasks and progress records (tasks the city assigned included, for their
progress). Every row carries its table's columns under the same names (carapp.sync.schema).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, select

from carapp.domain.periods import ReportingPeriod
from carapp.services.common import NotFound, ServiceError, reading
from carapp.services.sync.snapshot_tables import (
    TABLES,
    UNIT,
    chunked,
    owned_query,
    table_columns,
)
from carapp.sync.payload_rows import LISTS
from carapp.sync.schema import REPORT
from carapp.sync.validate import SchemaError

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
    out = {c.name: _json_value(row[c.name]) for c in table_columns(table)}
    if table == "task":
        out["cooperating_unit_ids"] = _id_list(row["cooperating_unit_ids"])
    elif table == "progress_record":
        out["evidence"] = _evidence(row["evidence"])
    return out


def _unit_json(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "kind": row["kind"]}


_ORDER = {
    "plan": ("start_year", "title", "id"),
    "section": ("plan_id", "position", "id"),
    "target": ("section_id", "position", "id"),
    "measurement": ("target_id", "period", "id"),
    "task": ("plan_id", "section_id", "position", "id"),
    "progress_record": ("task_id", "period", "id"),
}


def _schema_message(data: Mapping[str, Any], exc: SchemaError) -> str:
    return f"Dữ liệu chưa gửi được: {exc.path}: {exc.message_vi}."


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
            t = TABLES[table]
            query = owned_query(table, unit["id"], archived=False)
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
        for ids in chunked(sorted(wanted))
        for r in conn.execute(select(UNIT).where(UNIT.c.id.in_(ids))).mappings()
    ]
    known = {r["id"] for r in rows} | {sender}
    for task in data["tasks"]:
        if task["lead_unit_id"] not in known:
            task["lead_unit_id"] = None
        task["cooperating_unit_ids"] = [u for u in task["cooperating_unit_ids"] if u in known]
    return [_unit_json(r) for r in sorted(rows, key=lambda r: r["code"])]

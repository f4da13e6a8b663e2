"""A report payload's rows as the city's tables store them, without the database layer.

The verification worker (sync.verify_worker) converts a verified data.json here, so the main
process, which writes the packages one after the other, receives rows ready to insert: on 2
CPUs the writer is the slower of the two. The worker imports no SQLAlchemy (it would take
~0.4 s longer to start), so the columns of each table and how their JSON values convert are
spelled out below; tests/services/test_payload_rows.py checks them against the models.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from carapp.domain.text import fold

# (payload key, table) in the order parents come before children.
LISTS = (
    ("plans", "plan"),
    ("sections", "section"),
    ("targets", "target"),
    ("measurements", "measurement"),
    ("tasks", "task"),
    ("progress", "progress_record"),
)
_STAMPS = "id created_at:datetime updated_at:datetime revision"
_SPECS = {
    "plan": f"{_STAMPS} owner_unit_id kind title document_type number issued_on:date issuer "
    "parent_issuer place attached_to appendix_label appendix_title appendix_attached_to "
    "start_year end_year parent_reference parent_plan_id state sign_authority sign_post "
    "sign_name recipients",
    "section": f"{_STAMPS} plan_id position numeral title area",
    "target": f"{_STAMPS} section_id position text indicator comparator value:float unit "
    "baseline due",
    "measurement": f"{_STAMPS} target_id period actual_value:float note",
    "task": f"{_STAMPS} plan_id section_id position number code content lead lead_unit_id "
    "cooperating cooperating_unit_ids:json output deadline_text deadline_start:date "
    "deadline_end:date recurrence due_month_day deadline_understood assigning_document "
    "parent_task_id outline_parent_id marker is_heading origin",
    "progress_record": f"{_STAMPS} task_id period status percent description "
    "completed_on:date evidence:json difficulties proposals updated_by",
}
# table -> ((column, how its JSON value converts: "", datetime, date, json or float), …)
CONVERSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    table: tuple((name, kind) for name, _, kind in (w.partition(":") for w in spec.split()))
    for table, spec in _SPECS.items()
}
SEARCH_PARTS = ("number", "code", "content", "lead", "cooperating", "output")


def db_row(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """Return a payload row as the values of its table's columns."""
    out: dict[str, Any] = {}
    for name, kind in CONVERSIONS[table]:
        value = row[name]
        if value is not None and kind:
            if kind == "datetime":
                value = datetime.fromisoformat(value).astimezone(UTC)
            elif kind == "date":
                value = date.fromisoformat(value)
            elif kind == "json":
                value = json.dumps(value, ensure_ascii=False)
            else:
                value = float(value)
        out[name] = value
    return out


def search_key(row: Mapping[str, Any]) -> str:
    """Return a task row's search key (its text fields, folded)."""
    return fold(" ".join(str(row[p] or "") for p in SEARCH_PARTS))


def payload_rows(data: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Return every row of a verified report payload as column values, tasks with their key."""
    rows = {table: [db_row(table, r) for r in data[key]] for key, table in LISTS}
    for row in rows["task"]:
        row["search_key"] = search_key(row)
    return rows

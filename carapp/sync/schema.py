"""The data.json payloads of the three package kinds; the database side produces and consumes them.

Every payload is one JSON object whose "kind" equals the manifest's kind. Ids are canonical
lower-case UUIDs, dates ``YYYY-MM-DD``, instants ISO 8601 with a UTC offset, periods their code
(``2026-Q1``, ``2026-H1``, ``2026-Q3``, ``2026``), text NFC Unicode. Every object is closed:
unknown keys are rejected, every key is required (null where the column is nullable).

**report** — the full snapshot of what the sending unit owns (not a diff; replaying it is
idempotent: upsert by id, keep the higher ``revision``). Flat lists, one per table, linked by ids,
so the database side can bulk-insert each list. The keys of every row are the columns of its
table in carapp.db.models, with the same names and meaning (a snapshot is a faithful copy):

- ``unit``: {id, code, name, kind} of the sender; ``units[]``: the other units a task names
  (``lead_unit_id``, ``cooperating_unit_ids``), same keys, so the receiver can map them to its own
  unit rows by code; ``period``: the reporting period of the report.
- ``plans[]`` (at least one): record fields + owner_unit_id (= unit.id), kind
  (five_year|annual|propaganda|assignments), title, document_type, number ("95/KH-UBND"),
  issued_on|null, issuer, parent_issuer, place, attached_to, appendix_label, appendix_title,
  appendix_attached_to, start_year, end_year, parent_reference (text as written),
  parent_plan_id|null, state (draft|approved|superseded), sign_authority, sign_post, sign_name,
  recipients (one per line).
- ``sections[]``: record fields + plan_id, position, numeral ("I"), title, area (ReformArea).
- ``targets[]``: record fields + section_id, position, text, indicator, comparator
  (at_least|at_most|equal|reduce_by), value|null, unit, baseline (text as written), due.
- ``measurements[]``: record fields + target_id, period, actual_value|null, note.
- ``tasks[]``: record fields + plan_id, section_id, position, number (as printed), code, content,
  lead (text as written), lead_unit_id|null, cooperating (text as written),
  cooperating_unit_ids[], output, deadline_text, deadline_start|null, deadline_end|null,
  recurrence (Recurrence), due_month_day ("MM-DD" or ""), deadline_understood (boolean),
  assigning_document, parent_task_id|null (the city task it implements), origin (unit|city:
  a task the city assigned; the city owns its content, the unit its progress),
  outline_parent_id|null (the item or group heading of the same plan it sits under; format
  version 2 on, absent in version 1), marker ("-", "+", "a)", "" as printed), is_heading
  (a group heading: not a task).
- ``progress[]``: record fields + task_id, period, status (RecordedStatus), percent 0..100|null,
  description, completed_on|null, evidence[] of {number, issued_on, title, file} (all text, as
  stored: ``file`` is where the unit keeps the document, not a member of the package),
  difficulties, proposals, updated_by.

"Record fields" are id, revision (>= 1), created_at, updated_at. `validate_payload` also checks
that ids are unique, that every plan_id/section_id/target_id/task_id resolves inside the
snapshot (a task's section belongs to the task's plan), that every plan is owned by the sender,
that unit references resolve in ``unit``/``units``, that an outline parent is a task of the
snapshot in the same plan with no cycle, and that (task, period) and
(target, period) appear at most once.

**assignments** — city to unit: city_plan_id, city_plan_title, start_year, end_year, tasks[] of
{id, revision, parent_id|null (another task of the list), number, code, content, lead,
cooperating, output, deadline_text, assigning_document, area (ReformArea: the section it goes
in), unit_codes[] (at least one: the units that must carry it out)}.

**receipt** — answer to a received package: package_sha256, manifest_sha256, unit_code and
sequence of the package answered, received_at, result (accepted|already_imported|rejected),
step|null (the failed `Step` when rejected), message (Vietnamese, may be empty).
"""

from __future__ import annotations

from typing import Any

from carapp.domain.areas import ReformArea
from carapp.domain.deadlines import Recurrence
from carapp.domain.status import RecordedStatus
from carapp.sync.errors import Step
from carapp.sync.integrity import check_assignment_links, check_report_links
from carapp.sync.validate import (
    Check,
    SchemaError,
    array,
    integer,
    iso_date,
    iso_datetime,
    month_day,
    nullable,
    number,
    obj,
    one_of,
    period_code,
    sha256_hex,
    text,
    unit_code,
    uuid_text,
)

PLAN_KINDS = ("five_year", "annual", "propaganda", "assignments")
PLAN_STATES = ("draft", "approved", "superseded")
COMPARATORS = ("at_least", "at_most", "equal", "reduce_by")
ORIGINS = ("unit", "city")
RECEIPT_RESULTS = ("accepted", "already_imported", "rejected")

_ID = uuid_text()
_TEXT = text()
_SHORT = text(max_len=500)
_DATE = nullable(iso_date())
_YEAR = integer(minimum=1990, maximum=2200)


def _boolean(value: object, path: str) -> None:
    if not isinstance(value, bool):
        raise SchemaError(path, "phải là true hoặc false")


def _record(fields: dict[str, Check]) -> Check:
    common = {"id": _ID, "revision": integer(minimum=1), "created_at": iso_datetime()}
    return obj({**common, "updated_at": iso_datetime(), **fields})


_UNIT = obj(
    {"id": _ID, "code": unit_code(), "name": text(min_len=1, max_len=300), "kind": text(max_len=20)}
)
_PLAN = _record(
    {
        "owner_unit_id": _ID,
        "kind": one_of(PLAN_KINDS),
        "title": text(min_len=1),
        "document_type": _SHORT,
        "number": _SHORT,
        "issued_on": _DATE,
        "issuer": _SHORT,
        "parent_issuer": _SHORT,
        "place": _SHORT,
        "attached_to": _TEXT,
        "appendix_label": _SHORT,
        "appendix_title": _TEXT,
        "appendix_attached_to": _TEXT,
        "start_year": _YEAR,
        "end_year": _YEAR,
        "parent_reference": _TEXT,
        "parent_plan_id": nullable(_ID),
        "state": one_of(PLAN_STATES),
        "sign_authority": _SHORT,
        "sign_post": _SHORT,
        "sign_name": _SHORT,
        "recipients": _TEXT,
    }
)
_SECTION = _record(
    {
        "plan_id": _ID,
        "position": integer(minimum=0),
        "numeral": text(max_len=20),
        "title": _TEXT,
        "area": one_of(a.value for a in ReformArea),
    }
)
_TARGET = _record(
    {
        "section_id": _ID,
        "position": integer(minimum=0),
        "text": _TEXT,
        "indicator": _TEXT,
        "comparator": one_of(COMPARATORS),
        "value": nullable(number()),
        "unit": _SHORT,
        "baseline": _SHORT,
        "due": _SHORT,
    }
)
_MEASUREMENT = _record(
    {"target_id": _ID, "period": period_code(), "actual_value": nullable(number()), "note": _TEXT}
)
_TASK = _record(
    {
        "plan_id": _ID,
        "section_id": _ID,
        "position": integer(minimum=0),
        "number": text(max_len=50),
        "code": text(max_len=50),
        "content": text(min_len=1),
        "lead": _TEXT,
        "lead_unit_id": nullable(_ID),
        "cooperating": _TEXT,
        "cooperating_unit_ids": array(_ID, max_items=500),
        "output": _TEXT,
        "deadline_text": _SHORT,
        "deadline_start": _DATE,
        "deadline_end": _DATE,
        "recurrence": one_of(r.value for r in Recurrence),
        "due_month_day": month_day(),
        "deadline_understood": _boolean,
        "assigning_document": _TEXT,
        "parent_task_id": nullable(_ID),
        "origin": one_of(ORIGINS),
        "outline_parent_id": nullable(_ID),
        "marker": text(max_len=8),
        "is_heading": _boolean,
    }
)
# Format version 1 had no outline: its tasks read as top-level tasks without a marker.
_OUTLINE_DEFAULTS = {"outline_parent_id": None, "marker": "", "is_heading": False}
_EVIDENCE = obj({"number": _SHORT, "issued_on": _SHORT, "title": _TEXT, "file": text(max_len=2000)})
_PROGRESS = _record(
    {
        "task_id": _ID,
        "period": period_code(),
        "status": one_of(s.value for s in RecordedStatus),
        "percent": nullable(integer(minimum=0, maximum=100)),
        "description": _TEXT,
        "completed_on": _DATE,
        "evidence": array(_EVIDENCE, max_items=200),
        "difficulties": _TEXT,
        "proposals": _TEXT,
        "updated_by": _SHORT,
    }
)

REPORT = obj(
    {
        "kind": one_of(["report"]),
        "unit": _UNIT,
        "units": array(_UNIT, max_items=1000),
        "period": period_code(),
        "plans": array(_PLAN, min_items=1, max_items=100),
        "sections": array(_SECTION),
        "targets": array(_TARGET),
        "measurements": array(_MEASUREMENT),
        "tasks": array(_TASK),
        "progress": array(_PROGRESS),
    }
)

_ASSIGNED_TASK = obj(
    {
        "id": _ID,
        "revision": integer(minimum=1),
        "parent_id": nullable(_ID),
        "number": text(max_len=50),
        "code": text(max_len=50),
        "content": text(min_len=1),
        "lead": _TEXT,
        "cooperating": _TEXT,
        "output": _TEXT,
        "deadline_text": _SHORT,
        "assigning_document": _TEXT,
        "area": one_of(a.value for a in ReformArea),
        "unit_codes": array(unit_code(), min_items=1, max_items=1000),
    }
)
ASSIGNMENTS = obj(
    {
        "kind": one_of(["assignments"]),
        "city_plan_id": _ID,
        "city_plan_title": text(min_len=1),
        "start_year": _YEAR,
        "end_year": _YEAR,
        "tasks": array(_ASSIGNED_TASK, max_items=10_000),
    }
)

RECEIPT = obj(
    {
        "kind": one_of(["receipt"]),
        "package_sha256": sha256_hex(),
        "manifest_sha256": sha256_hex(),
        "unit_code": unit_code(),
        "sequence": integer(minimum=1),
        "received_at": iso_datetime(),
        "result": one_of(RECEIPT_RESULTS),
        "step": nullable(one_of(s.value for s in Step)),
        "message": _TEXT,
    }
)

SCHEMAS: dict[str, Check] = {"report": REPORT, "assignments": ASSIGNMENTS, "receipt": RECEIPT}


def validate_payload(kind: str, data: object, format_version: int = 2) -> dict[str, Any]:
    """Check `data` against the schema of `kind` and its internal links; return it typed.

    A report of format version 1 (before the outline) gets the outline's defaults first.
    """
    schema = SCHEMAS.get(kind)
    if schema is None:
        raise SchemaError("$", f"loại gói “{kind}” không được hỗ trợ")
    if kind == "report" and format_version < 2:
        _add_outline_defaults(data)
    schema(data, "$")
    assert isinstance(data, dict)
    if kind == "report":
        check_report_links(data)
    elif kind == "assignments":
        check_assignment_links(data)
    return data


def _add_outline_defaults(data: object) -> None:
    """Give each task of a version 1 report the outline columns it did not have."""
    tasks = data.get("tasks") if isinstance(data, dict) else None
    for task in tasks if isinstance(tasks, list) else []:
        if isinstance(task, dict):
            for key, value in _OUTLINE_DEFAULTS.items():
                task.setdefault(key, value)

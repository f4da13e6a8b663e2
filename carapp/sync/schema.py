"""The data.json payloads of the three package kinds; the database side produces and consumes them.

Every payload is one JSON object whose "kind" equals the manifest's kind. Ids are canonical
lower-case UUIDs, dates ``YYYY-MM-DD``, instants ISO 8601 with a UTC offset, periods their code
(``2026-Q1``, ``2026-H1``, ``2026-Q3``, ``2026``), text NFC Unicode. Every object is closed:
unknown keys are rejected, every key is required (null where the field is optional).

**report** — the full snapshot of what the sending unit owns (not a diff; replaying it is
idempotent: upsert by id, keep the higher ``revision``). Flat lists, one per table, linked by ids,
so the database side can bulk-insert each list:

- ``unit``: {id, code, name} of the sender; ``period``: the reporting period of the report.
- ``plans[]`` (at least one): record fields + kind (five_year|annual|propaganda|assignments),
  title, number_symbol ("95/QĐ-UBND"), issued_on|null, issuer, attached_to, start_year,
  end_year, parent_ref (text as written), parent_id|null, state (draft|approved|superseded).
- ``sections[]``: record fields + plan_id, position, numeral ("I"), title, area (ReformArea).
- ``targets[]``: record fields + section_id, text, indicator, comparator (>=|<=|=|>|<)|null,
  value|null, unit, baseline|null, due.
- ``measurements[]``: record fields + target_id, period, actual_value|null, note.
- ``tasks[]``: record fields + plan_id, section_id|null, position, number (as printed),
  code|null, content, lead_unit (text) + lead_unit_id|null, cooperating_units (text) +
  cooperating_unit_ids[], output, deadline_text, deadline_start|null, deadline_end|null,
  recurrence (Recurrence), assigning_document, parent_task_id|null (a city task it implements;
  may be outside the snapshot).
- ``progress[]``: record fields + task_id, period, status (RecordedStatus), percent 0..100|null,
  description, completed_on|null, evidence[] of {number, date|null, title, file|null (the name
  of a file carried in the same package)}, difficulties, proposals, updated_by.

"Record fields" are id, revision (>= 1), created_at, updated_at. `validate_payload` also checks
that ids are unique, that every plan_id/section_id/target_id/task_id resolves inside the
snapshot (a task's section belongs to the task's plan), and that (task, period) and
(target, period) appear at most once.

**assignments** — city to unit: city_plan_id, tasks[] of {id, revision, parent_id|null (another
task of the list), number, content, lead_unit, deadline_text, unit_codes[] (at least one)}.

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
    FILE_NAME_PATTERN,
    Check,
    SchemaError,
    array,
    integer,
    iso_date,
    iso_datetime,
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
COMPARATORS = (">=", "<=", "=", ">", "<")
RECEIPT_RESULTS = ("accepted", "already_imported", "rejected")

_ID = uuid_text()
_TEXT = text()
_SHORT = text(max_len=500)
_DATE = nullable(iso_date())
_YEAR = integer(minimum=1990, maximum=2200)


def _record(fields: dict[str, Check]) -> Check:
    common = {"id": _ID, "revision": integer(minimum=1), "created_at": iso_datetime()}
    return obj({**common, "updated_at": iso_datetime(), **fields})


_PLAN = _record(
    {
        "kind": one_of(PLAN_KINDS),
        "title": text(min_len=1),
        "number_symbol": _SHORT,
        "issued_on": _DATE,
        "issuer": _SHORT,
        "attached_to": _TEXT,
        "start_year": _YEAR,
        "end_year": _YEAR,
        "parent_ref": _TEXT,
        "parent_id": nullable(_ID),
        "state": one_of(PLAN_STATES),
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
        "text": _TEXT,
        "indicator": _TEXT,
        "comparator": nullable(one_of(COMPARATORS)),
        "value": nullable(number()),
        "unit": _SHORT,
        "baseline": nullable(number()),
        "due": _SHORT,
    }
)
_MEASUREMENT = _record(
    {"target_id": _ID, "period": period_code(), "actual_value": nullable(number()), "note": _TEXT}
)
_TASK = _record(
    {
        "plan_id": _ID,
        "section_id": nullable(_ID),
        "position": integer(minimum=0),
        "number": text(max_len=50),
        "code": nullable(text(max_len=50)),
        "content": text(min_len=1),
        "lead_unit": _TEXT,
        "lead_unit_id": nullable(_ID),
        "cooperating_units": _TEXT,
        "cooperating_unit_ids": array(_ID, max_items=500),
        "output": _TEXT,
        "deadline_text": _SHORT,
        "deadline_start": _DATE,
        "deadline_end": _DATE,
        "recurrence": one_of(r.value for r in Recurrence),
        "assigning_document": _TEXT,
        "parent_task_id": nullable(_ID),
    }
)
_EVIDENCE = obj(
    {
        "number": _SHORT,
        "date": _DATE,
        "title": _TEXT,
        "file": nullable(text(max_len=100, pattern=FILE_NAME_PATTERN)),
    }
)
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
        "unit": obj({"id": _ID, "code": unit_code(), "name": text(min_len=1, max_len=300)}),
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
        "content": text(min_len=1),
        "lead_unit": _TEXT,
        "deadline_text": _SHORT,
        "unit_codes": array(unit_code(), min_items=1, max_items=1000),
    }
)
ASSIGNMENTS = obj(
    {
        "kind": one_of(["assignments"]),
        "city_plan_id": _ID,
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


def validate_payload(kind: str, data: object) -> dict[str, Any]:
    """Check `data` against the schema of `kind` and its internal links; return it typed."""
    schema = SCHEMAS.get(kind)
    if schema is None:
        raise SchemaError("$", f"loại gói “{kind}” không được hỗ trợ")
    schema(data, "$")
    assert isinstance(data, dict)
    if kind == "report":
        check_report_links(data)
    elif kind == "assignments":
        check_assignment_links(data)
    return data

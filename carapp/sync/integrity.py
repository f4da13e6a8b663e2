"""Links inside a schema-valid payload: unique ids, references that resolve, no cycles."""

from __future__ import annotations

from typing import Any

from carapp.sync.validate import SchemaError, period_year

_Rows = list[dict[str, Any]]


def _ids(rows: _Rows, path: str, seen: set[str]) -> dict[str, dict[str, Any]]:
    by_id: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(rows):
        if row["id"] in seen:
            raise SchemaError(f"{path}[{i}].id", f"mã “{row['id']}” bị trùng")
        seen.add(row["id"])
        by_id[row["id"]] = row
    return by_id


def _refs(
    rows: _Rows, path: str, key: str, targets: dict[str, Any], nullable: bool = False
) -> None:
    for i, row in enumerate(rows):
        ref = row[key]
        if ref is None and nullable:
            continue
        if ref not in targets:
            raise SchemaError(f"{path}[{i}].{key}", f"tham chiếu “{ref}” không có trong gói")


def _once_per_period(rows: _Rows, path: str, key: str) -> None:
    seen: set[tuple[str, str]] = set()
    for i, row in enumerate(rows):
        pair = (row[key], row["period"])
        if pair in seen:
            raise SchemaError(f"{path}[{i}]", f"kỳ {pair[1]} đã có bản ghi khác cho “{pair[0]}”")
        seen.add(pair)


def _years(rows: _Rows, path: str) -> None:
    for i, row in enumerate(rows):
        if row["start_year"] > row["end_year"]:
            raise SchemaError(f"{path}[{i}].end_year", "năm kết thúc trước năm bắt đầu")


def _unit_links(data: dict[str, Any]) -> None:
    sender = data["unit"]
    units = {sender["id"]: sender}
    codes = {sender["code"]}
    for i, unit in enumerate(data["units"]):
        if unit["id"] in units or unit["code"] in codes:
            raise SchemaError(f"$.units[{i}]", f"đơn vị “{unit['code']}” bị trùng")
        units[unit["id"]] = unit
        codes.add(unit["code"])
    for i, plan in enumerate(data["plans"]):
        if plan["owner_unit_id"] != sender["id"]:
            raise SchemaError(f"$.plans[{i}].owner_unit_id", "kế hoạch không thuộc đơn vị gửi")
    for i, task in enumerate(data["tasks"]):
        for ref in [task["lead_unit_id"], *task["cooperating_unit_ids"]]:
            if ref is not None and ref not in units:
                raise SchemaError(f"$.tasks[{i}]", f"đơn vị “{ref}” không có trong gói")


def _periods_in_plans(data: dict[str, Any]) -> None:
    """Refuse a record whose period lies outside its plan's years, and a report period no plan covers."""
    plans = {p["id"]: p for p in data["plans"]}
    sections = {s["id"]: plans[s["plan_id"]] for s in data["sections"]}
    owners = [
        ("$.progress", data["progress"], {t["id"]: plans[t["plan_id"]] for t in data["tasks"]}),
        (
            "$.measurements",
            data["measurements"],
            {t["id"]: sections[t["section_id"]] for t in data["targets"]},
        ),
    ]
    for path, rows, plan_of in owners:
        key = "task_id" if path == "$.progress" else "target_id"
        for i, row in enumerate(rows):
            plan = plan_of[row[key]]
            _period_within(
                row["period"], plan["start_year"], plan["end_year"], f"{path}[{i}].period"
            )
    start = min(p["start_year"] for p in data["plans"])
    end = max(p["end_year"] for p in data["plans"])
    _period_within(data["period"], start, end, "$.period")


def _period_within(code: str, start: int, end: int, path: str) -> None:
    if not start <= period_year(code) <= end:
        years = str(start) if start == end else f"{start}–{end}"
        raise SchemaError(path, f"kỳ {code} nằm ngoài thời gian của kế hoạch ({years})")


def check_report_links(data: dict[str, Any]) -> None:
    """Reject duplicate ids, dangling references and doubled (row, period) records."""
    seen: set[str] = set()
    plans = _ids(data["plans"], "$.plans", seen)
    sections = _ids(data["sections"], "$.sections", seen)
    targets = _ids(data["targets"], "$.targets", seen)
    tasks = _ids(data["tasks"], "$.tasks", seen)
    _ids(data["measurements"], "$.measurements", seen)
    _ids(data["progress"], "$.progress", seen)
    _years(data["plans"], "$.plans")
    _refs(data["sections"], "$.sections", "plan_id", plans)
    _refs(data["targets"], "$.targets", "section_id", sections)
    _refs(data["measurements"], "$.measurements", "target_id", targets)
    _refs(data["tasks"], "$.tasks", "plan_id", plans)
    _refs(data["tasks"], "$.tasks", "section_id", sections)
    _refs(data["progress"], "$.progress", "task_id", tasks)
    for i, task in enumerate(data["tasks"]):
        if sections[task["section_id"]]["plan_id"] != task["plan_id"]:
            raise SchemaError(f"$.tasks[{i}].section_id", "nội dung thuộc kế hoạch khác")
    _outline_links(data["tasks"], tasks)
    _unit_links(data)
    _once_per_period(data["progress"], "$.progress", "task_id")
    _once_per_period(data["measurements"], "$.measurements", "target_id")
    _periods_in_plans(data)


def _outline_links(rows: _Rows, tasks: dict[str, dict[str, Any]]) -> None:
    """Reject an outline parent outside the snapshot, in another plan, or in a cycle."""
    path = "$.tasks"
    _refs(rows, path, "outline_parent_id", tasks, nullable=True)
    for i, task in enumerate(rows):
        parent = task["outline_parent_id"]
        if parent is not None and tasks[parent]["plan_id"] != task["plan_id"]:
            raise SchemaError(f"{path}[{i}].outline_parent_id", "nhiệm vụ cha thuộc kế hoạch khác")
    _no_cycles(rows, tasks, "outline_parent_id")


def _no_cycles(rows: _Rows, by_id: dict[str, dict[str, Any]], key: str) -> None:
    """Reject a chain of parents (by `key`) that comes back to itself."""
    done: set[str] = set()
    for i, row in enumerate(rows):
        on_chain: set[str] = set()
        current: str | None = row["id"]
        while current is not None and current not in done:
            if current in on_chain:
                raise SchemaError(f"$.tasks[{i}].{key}", "quan hệ cha–con bị vòng lặp")
            on_chain.add(current)
            current = by_id[current][key]
        done |= on_chain


def check_assignment_links(data: dict[str, Any]) -> None:
    """Reject duplicate task ids, parents outside the list and parent cycles."""
    if data["start_year"] > data["end_year"]:
        raise SchemaError("$.end_year", "năm kết thúc trước năm bắt đầu")
    tasks = _ids(data["tasks"], "$.tasks", set())
    _refs(data["tasks"], "$.tasks", "parent_id", tasks, nullable=True)
    depth: dict[str, int] = {}
    for i, task in enumerate(data["tasks"]):
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = task["id"]
        while current is not None and current not in depth:
            if current in on_chain:
                raise SchemaError(f"$.tasks[{i}].parent_id", "quan hệ cha–con bị vòng lặp")
            chain.append(current)
            on_chain.add(current)
            current = tasks[current]["parent_id"]
        base = 0 if current is None else depth[current] + 1
        for offset, task_id in enumerate(reversed(chain)):
            depth[task_id] = base + offset

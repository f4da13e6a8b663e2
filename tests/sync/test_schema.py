"""The data.json payload schemas and the strict JSON reading under them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from carapp.sync.schema import validate_payload
from carapp.sync.validate import SchemaError, load_json
from tests.sync.support import OFFICE_ID, PLAN_ID, TASK_ID, sample_report

CITY_PLAN = "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a50"
T1 = "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a51"
T2 = "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a52"


def _assigned(task_id: str, parent: str | None) -> dict[str, Any]:
    return {
        "id": task_id,
        "revision": 1,
        "parent_id": parent,
        "number": "1",
        "code": "",
        "content": "Triển khai dịch vụ công trực tuyến",
        "lead": "UBND các xã, phường, đặc khu",
        "cooperating": "",
        "output": "Báo cáo",
        "deadline_text": "Quý IV/2026",
        "assigning_document": "Kế hoạch số 238/KH-UBND",
        "area": "procedures",
        "unit_codes": ["BLV", "CHI"],
    }


def _assignments(*tasks: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "assignments",
        "city_plan_id": CITY_PLAN,
        "city_plan_title": "Kế hoạch cải cách hành chính thành phố năm 2026",
        "start_year": 2026,
        "end_year": 2026,
        "tasks": list(tasks),
    }


def test_sample_report_is_valid() -> None:
    assert validate_payload("report", sample_report()) == sample_report()


def test_assignments_with_parents_are_valid() -> None:
    data = _assignments(_assigned(T1, None), _assigned(T2, T1))
    assert validate_payload("assignments", data) is data


def test_assignment_parent_must_be_in_the_list() -> None:
    with pytest.raises(SchemaError, match="tham chiếu"):
        validate_payload("assignments", _assignments(_assigned(T2, T1)))


def test_assignment_parents_must_not_loop() -> None:
    with pytest.raises(SchemaError, match="vòng lặp"):
        validate_payload("assignments", _assignments(_assigned(T1, T2), _assigned(T2, T1)))
    with pytest.raises(SchemaError, match="vòng lặp"):
        validate_payload("assignments", _assignments(_assigned(T1, T1)))


def test_assignment_years_must_be_in_order() -> None:
    data = _assignments(_assigned(T1, None))
    data["start_year"] = 2027
    with pytest.raises(SchemaError, match="năm kết thúc"):
        validate_payload("assignments", data)


def test_assignment_area_is_closed() -> None:
    task = _assigned(T1, None)
    task["area"] = "sports"
    with pytest.raises(SchemaError, match="area"):
        validate_payload("assignments", _assignments(task))


def test_assignment_needs_target_units() -> None:
    task = _assigned(T1, None)
    task["unit_codes"] = []
    with pytest.raises(SchemaError, match="unit_codes"):
        validate_payload("assignments", _assignments(task))


def _broken(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    data = copy.deepcopy(sample_report())
    change(data)
    return data


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (_broken(lambda d: d["tasks"].append(copy.deepcopy(d["tasks"][0]))), "bị trùng"),
        (_broken(lambda d: d["sections"][0].update(id=TASK_ID)), "bị trùng"),
        (_broken(lambda d: d["sections"][0].update(plan_id=TASK_ID)), "tham chiếu"),
        (_broken(lambda d: d["tasks"][0].update(section_id=PLAN_ID)), "tham chiếu"),
        (_broken(lambda d: d["targets"][0].update(section_id=PLAN_ID)), "tham chiếu"),
        (_broken(lambda d: d["measurements"][0].update(target_id=PLAN_ID)), "tham chiếu"),
        (_broken(lambda d: d.update(plans=[])), "từ 1"),
        (_broken(lambda d: d["tasks"][0].update(id=TASK_ID.upper())), "UUID"),
        (_broken(lambda d: d["tasks"][0].update(revision=0)), "khoảng"),
        (_broken(lambda d: d["tasks"][0].update(position=True)), "số nguyên"),
        (_broken(lambda d: d["tasks"][0].update(deadline_end="31/03/2026")), "YYYY-MM-DD"),
        (_broken(lambda d: d["tasks"][0].update(deadline_end="2026-02-30")), "YYYY-MM-DD"),
        (_broken(lambda d: d["tasks"][0].update(recurrence="weekly")), "không hợp lệ"),
        (_broken(lambda d: d["targets"][0].update(value="100")), "phải là số"),
        (_broken(lambda d: d["progress"][0].update(period="2026-Q2")), "kỳ báo cáo"),
        (_broken(lambda d: d["progress"][0].update(evidence=[{"number": "1"}])), "thiếu"),
        (_broken(lambda d: d["sections"][0].update(area="sports")), "không hợp lệ"),
        (_broken(lambda d: d["unit"].update(code="blv")), "định dạng"),
        (_broken(lambda d: d["tasks"][0].update(content="")), "dài từ 1"),
        (_broken(lambda d: d["tasks"][0].update(number="1" * 51)), "dài từ 0 đến 50"),
        (_broken(lambda d: d["targets"][0].update(value=float("nan"))), "hữu hạn"),
        (_broken(lambda d: d["targets"][0].update(comparator=">=")), "at_least"),
        (_broken(lambda d: d["targets"][0].update(baseline=90)), "chuỗi"),
        (_broken(lambda d: d["tasks"][0].update(section_id=None)), "UUID"),
        (_broken(lambda d: d["tasks"][0].update(origin="province")), "không hợp lệ"),
        (_broken(lambda d: d["tasks"][0].update(deadline_understood=1)), "true hoặc false"),
        (_broken(lambda d: d["tasks"][0].update(due_month_day="15/12")), "định dạng"),
        (_broken(lambda d: d["tasks"][0].update(lead_unit_id=PLAN_ID)), "không có trong gói"),
        (_broken(lambda d: d["tasks"][0].update(cooperating_unit_ids=[PLAN_ID])), "không có"),
        (_broken(lambda d: d["plans"][0].update(owner_unit_id=OFFICE_ID)), "không thuộc"),
        (_broken(lambda d: d["plans"][0].update(start_year=2027)), "năm kết thúc"),
        (_broken(lambda d: d["plans"][0].pop("sign_name")), "thiếu trường"),
        (_broken(lambda d: d["units"].append(dict(d["units"][0]))), "bị trùng"),
        (_broken(lambda d: d["progress"][0]["evidence"][0].update(date="x")), "không được"),
    ],
)
def test_report_errors(data: dict[str, Any], why: str) -> None:
    with pytest.raises(SchemaError, match=why):
        validate_payload("report", data)


def _second_plan(d: dict[str, Any]) -> None:
    plan = copy.deepcopy(d["plans"][0])
    plan["id"] = "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1d99"
    d["plans"].append(plan)
    d["tasks"][0]["plan_id"] = plan["id"]


def test_task_section_must_belong_to_the_task_plan() -> None:
    with pytest.raises(SchemaError, match="kế hoạch khác"):
        validate_payload("report", _broken(_second_plan))


def test_one_progress_record_per_task_and_period() -> None:
    def double(d: dict[str, Any]) -> None:
        record = copy.deepcopy(d["progress"][0])
        record["id"] = "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1d98"
        d["progress"].append(record)

    with pytest.raises(SchemaError, match="kỳ 2026-Q1"):
        validate_payload("report", _broken(double))


def test_every_plan_column_travels() -> None:
    from carapp.db.models import Plan, ProgressRecord, Section, Target, Task

    data = sample_report()
    for table, rows in ((Section, "sections"), (Target, "targets")):
        assert set(data[rows][0]) == set(table.model_fields) - {"search_key"}, rows
    # An archived plan is never sent; the outline travels (format version 2).
    assert set(data["plans"][0]) == set(Plan.model_fields) - {"archived_at"}
    assert set(data["tasks"][0]) == set(Task.model_fields) - {"search_key"}
    assert set(data["progress"][0]) == set(ProgressRecord.model_fields)


def test_unknown_kind() -> None:
    with pytest.raises(SchemaError, match="không được hỗ trợ"):
        validate_payload("backup", {})


def test_receipt_result_is_closed() -> None:
    receipt = {
        "kind": "receipt",
        "package_sha256": "a" * 64,
        "manifest_sha256": "b" * 64,
        "unit_code": "BLV",
        "sequence": 3,
        "received_at": "2026-03-12T09:30:00Z",
        "result": "rejected",
        "step": "trust",
        "message": "Chứng thư số không tin cậy",
    }
    assert validate_payload("receipt", receipt)
    with pytest.raises(SchemaError, match="result"):
        validate_payload("receipt", {**receipt, "result": "maybe"})
    with pytest.raises(SchemaError, match="package_sha256"):
        validate_payload("receipt", {**receipt, "package_sha256": "A" * 64})


@pytest.mark.parametrize(
    "raw", [b'{"a": NaN}', b'{"a": Infinity}', b'{"a": 1, "a": 1}', b"\xef\xbb\xbf{}", b"\xc3("]
)
def test_strict_json(raw: bytes) -> None:
    with pytest.raises(SchemaError, match="không phải JSON"):
        load_json(raw, "data.json")


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(SchemaError):
        load_json(b"[" * 100_000 + b"]" * 100_000, "data.json")

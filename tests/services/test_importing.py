"""Importing appendices and reports into the database: preview, all-or-nothing apply, conflicts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import Session, select

from carapp.db.models import AuditEntry
from carapp.domain.periods import parse_period
from carapp.domain.status import RecordedStatus
from carapp.export.xlsx_baseline import add_baseline
from carapp.importers import ImportFailure
from carapp.services.common import ServiceError
from carapp.services.importing import apply_appendix, preview_appendix
from carapp.services.importing_report import apply_report, preview_report
from carapp.services.plans import list_plans
from carapp.services.progress import progress_for
from carapp.services.tasks import find_task, list_tasks, update_task
from carapp.services.units import create_unit
from tests.conftest import FIXTURES

SAMPLES = FIXTURES / "importers"
TRUTH = json.loads((SAMPLES / "bach-long-vi-phu-luc.json").read_text(encoding="utf-8"))


def _audit_count(engine) -> int:
    with Session(engine) as s:
        return len(s.exec(select(AuditEntry)).all())


@pytest.mark.parametrize("name", ["bach-long-vi-phu-luc.docx", "bach-long-vi-phu-luc.xlsx"])
def test_sample_appendix_becomes_a_plan_with_every_field(engine, name: str) -> None:
    create_unit(engine, "tester", "BLV", "Ủy ban nhân dân đặc khu Bạch Long Vĩ", "special_zone")
    preview = preview_appendix(engine, SAMPLES / name)
    assert preview.plan_id is None and len(preview.new_tasks) == 30
    result = apply_appendix(engine, "tester", preview)
    tasks = list_tasks(engine, result.plan_id)
    expected = [t for s in TRUTH["sections"] for t in s["tasks"]]
    got = [(t.number, t.content, t.lead, t.cooperating, t.output, t.deadline.text) for t in tasks]
    want = [
        (t["number"], t["content"], t["lead"], t["cooperating"], t["output"], t["deadline"])
        for t in expected
    ]
    assert got == want
    assert [t.section_numeral for t in tasks][-1] == "VII"


def test_damaged_file_imports_nothing(engine, tmp_path: Path) -> None:
    bad = tmp_path / "phu-luc.xlsx"
    bad.write_text("không phải bảng tính", encoding="utf-8")
    before = _audit_count(engine)
    with pytest.raises(ImportFailure):
        preview_appendix(engine, bad)
    assert _audit_count(engine) == before and list_plans(engine) == []


def _round_trip_book(path: Path, engine, edit: dict[str, str]) -> None:
    """Write a carapp-like workbook of the sample plan with hidden ids and a baseline."""
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp",
                  "Kết quả/Sản phẩm", "Thời gian hoàn thành", "ID"])  # fmt: skip
    baseline = {}
    numeral = None
    for view in list_tasks(engine):
        if view.section_numeral != numeral:
            numeral = view.section_numeral
            sheet.append([numeral, f"MỤC {numeral}"])
        values = [view.number, view.content, view.lead, view.cooperating, view.output,
                  view.deadline.text]  # fmt: skip
        baseline[view.id] = dict(zip(
            ("number", "content", "lead", "cooperating", "output", "deadline"), values, strict=True
        ))  # fmt: skip
        if view.number in edit:
            values[5] = edit[view.number]
        sheet.append([*values, view.id])
    add_baseline(book, baseline)
    book.save(path)


def test_round_trip_shows_changes_and_applies_them(sample_engine, tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    _round_trip_book(path, sample_engine, {"2": "Quý IV/2026"})
    preview = preview_appendix(sample_engine, path)
    assert preview.plan_id == list_plans(sample_engine)[0].id and preview.has_baseline
    assert [(c.field, c.database, c.file, c.conflict) for c in preview.changes] == [
        ("deadline", "2026-2027", "Quý IV/2026", False)
    ]
    assert preview.new_tasks == [] and preview.missing == []
    apply_appendix(sample_engine, "tester", preview)
    assert find_task(sample_engine, "2").deadline_text == "Quý IV/2026"


def test_local_change_since_export_is_kept_or_a_conflict(sample_engine, tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.xlsx"
    _round_trip_book(path, sample_engine, {"2": "Quý IV/2026"})
    task1, task2 = find_task(sample_engine, "1"), find_task(sample_engine, "2")
    update_task(sample_engine, "tester", task1.id, deadline_text="2026-2028")  # only local
    update_task(sample_engine, "tester", task2.id, deadline_text="2026")  # both places
    preview = preview_appendix(sample_engine, path)
    assert [(c.task_id, c.conflict) for c in preview.changes] == [(task2.id, True)]
    before = _audit_count(sample_engine)
    with pytest.raises(ServiceError, match="chưa được quyết định"):
        apply_appendix(sample_engine, "tester", preview)
    assert _audit_count(sample_engine) == before
    apply_appendix(sample_engine, "tester", preview, choices={(task2.id, "deadline"): "database"})
    assert find_task(sample_engine, "2").deadline_text == "2026"
    assert find_task(sample_engine, "1").deadline_text == "2026-2028"


def _report_book(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã nhiệm vụ", "Tên nhiệm vụ", "Đơn vị chủ trì", "Văn bản giao nhiệm vụ",
                  "Thời hạn", "Trạng thái thực hiện", "Mô tả kết quả thực hiện",
                  "Ngày hoàn thành thực tế"])  # fmt: skip
    sheet.append(["", "Niêm yết công khai kịp thời các quy định thủ tục hành chính liên quan đến "
                  "người dân, doanh nghiệp tạo điều kiện thuận lợi để cá nhân, tổ chức tiếp cận và "
                  "thực hiện", "Trung tâm Phục vụ hành chính công", "", "2026-2030",
                  "đã hoàn thành", "Đã niêm yết 120 thủ tục", "15/03/2026"])  # fmt: skip
    sheet.append(["", "Một nhiệm vụ không có trong kế hoạch", "Phòng Kinh tế", "", "", "Đang thực hiện",
                  "", ""])  # fmt: skip
    book.save(path)


def test_report_rows_matched_and_recorded_for_the_period(sample_engine, tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xlsx"
    _report_book(path)
    plan_id = list_plans(sample_engine)[0].id
    preview = preview_report(sample_engine, path, plan_id)
    assert [m.task.number if m.task else None for m in preview.matches] == ["6", None]
    q1 = parse_period("2026-Q1")
    assert apply_report(sample_engine, "tester", preview, q1) == 1
    record = progress_for(sample_engine, find_task(sample_engine, "6").id, q1)
    assert record is not None and record.status is RecordedStatus.DONE
    assert record.completed_on == date(2026, 3, 15)
    assert record.description == "Đã niêm yết 120 thủ tục"


def test_report_row_without_task_cannot_be_forced(sample_engine, tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xlsx"
    _report_book(path)
    preview = preview_report(sample_engine, path, list_plans(sample_engine)[0].id)
    before = _audit_count(sample_engine)
    with pytest.raises(ServiceError, match="chưa được ghép"):
        apply_report(sample_engine, "tester", preview, parse_period("2026-Q1"), selection={0, 1})
    assert _audit_count(sample_engine) == before

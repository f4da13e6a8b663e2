"""Report import: the period the file names, carapp's own report read back, a plan from a report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from carapp.db.models import AuditEntry
from carapp.domain.periods import parse_period
from carapp.domain.status import RecordedStatus
from carapp.export.xlsx_report import write_report_xlsx
from carapp.services.common import ServiceError, transaction
from carapp.services.documents import build_report
from carapp.services.importing_report import (
    PeriodMismatch,
    apply_report,
    apply_report_as_new_plan,
    preview_report,
)
from carapp.services.plans import get_plan, list_plans
from carapp.services.progress import progress_for, record_progress
from carapp.services.tasks import list_tasks
from carapp.services.units import create_unit

Q3 = parse_period("2026-Q3")
YEAR = parse_period("2026")


def _audit_count(engine: Engine) -> int:
    with Session(engine) as s:
        return len(s.exec(select(AuditEntry)).all())


def _export_report(engine: Engine, path: Path, period=Q3) -> Path:
    """Record some progress on the sample, then export its report as carapp does."""
    plan_id = list_plans(engine)[0].id
    tasks = list_tasks(engine, plan_id)
    with transaction(engine) as session:
        record_progress(session, "tester", tasks[0].id, period, status=RecordedStatus.DONE,
                        description="Đã rà soát 12 văn bản\nTổng số 3 văn bản bị bãi bỏ",
                        completed_on=date(2026, 8, 20))  # fmt: skip
        record_progress(session, "tester", tasks[5].id, period, status=RecordedStatus.IN_PROGRESS)
    write_report_xlsx(build_report(engine, plan_id, period, date(2026, 9, 10)), path)
    return path


def test_own_report_reads_back_as_exactly_its_tasks(sample_engine: Engine, tmp_path: Path) -> None:
    path = _export_report(sample_engine, tmp_path / "bao-cao.xlsx")
    plan_id = list_plans(sample_engine)[0].id
    tasks = list_tasks(sample_engine, plan_id)

    preview = preview_report(sample_engine, path, plan_id)

    assert [m.row.task_name for m in preview.matches] == [t.content for t in tasks]
    assert [m.task.id if m.task else None for m in preview.matches] == [t.id for t in tasks]
    statuses = [m.row.status for m in preview.matches]
    assert statuses[0] is RecordedStatus.DONE and statuses[5] is RecordedStatus.IN_PROGRESS
    assert statuses.count(None) == len(tasks) - 2
    assert preview.matches[0].row.description.endswith("Tổng số 3 văn bản bị bãi bỏ")
    assert preview.source.period == Q3
    assert any("Hết bảng nhiệm vụ" in issue.message for issue in preview.source.issues)


def test_report_of_another_period_is_refused_without_consent(
    sample_engine: Engine, tmp_path: Path
) -> None:
    path = _export_report(sample_engine, tmp_path / "bao-cao-quy-3.xlsx")
    preview = preview_report(sample_engine, path, list_plans(sample_engine)[0].id)
    before = _audit_count(sample_engine)

    with pytest.raises(PeriodMismatch) as caught:
        apply_report(sample_engine, "tester", preview, YEAR)

    assert "báo cáo kỳ Quý III/2026" in str(caught.value)
    assert "đang nhập vào kỳ Năm 2026" in str(caught.value)
    assert _audit_count(sample_engine) == before
    applied = apply_report(sample_engine, "tester", preview, YEAR, allow_period_mismatch=True)
    assert applied == 2
    task = list_tasks(sample_engine, preview.plan_id or "")[0]
    record = progress_for(sample_engine, task.id, YEAR)
    assert record is not None and record.status is RecordedStatus.DONE


def _cat_hai_report(path: Path) -> Path:
    """Write a report shaped like Cát Hải's: parts, task, lead, deadline, status, no plan."""
    book = Workbook()
    sheet = book.active
    sheet.append(["BÁO CÁO"])
    sheet.append(["Kết quả thực hiện nhiệm vụ chuyển đổi số 6 tháng đầu năm 2026"])
    sheet.append(["A. Nhiệm vụ theo Kế hoạch số 01-KH/BCĐ ngày 26/8/2025"])
    sheet.append(["Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Kết quả", "Mô tả",
                  "Ngày hoàn thành thực tế"])  # fmt: skip
    sheet.append(["Hoàn thành rà soát, cấu trúc lại các thủ tục hành chính chuyển từ thủ công "
                  "trên giấy sang môi trường điện tử.", "UBND đặc khu Cát Hải", "31/12/2025",
                  "Đã hoàn thành", "Đã công bố 369 thủ tục hành chính", "tháng 12/ 2025"])  # fmt: skip
    sheet.append(["Tiếp tục đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
                  "UBND đặc khu Cát Hải", "30/06/2026", "Đang thực hiện", "99,09% hồ sơ", ""])  # fmt: skip
    sheet.append(["B. Nhiệm vụ tại Phụ lục 3 Kế hoạch số 238/KH-UBND"])
    sheet.append(["Tổ chức ứng dụng trí tuệ nhân tạo dựa trên dữ liệu lớn", "Phòng Kinh tế",
                  "31/12/2026", "đã thực hiện", "", ""])  # fmt: skip
    book.save(path)
    return path


def test_report_without_a_plan_creates_the_plan_and_its_progress(
    engine: Engine, tmp_path: Path
) -> None:
    create_unit(engine, "tester", "CH", "Ủy ban nhân dân đặc khu Cát Hải", "special_zone")
    preview = preview_report(engine, _cat_hai_report(tmp_path / "cat-hai.xlsx"), None)
    assert preview.source.period == parse_period("2026-H1")

    result = apply_report_as_new_plan(
        engine, "tester", preview, parse_period("2026-H1"), owner_code="CH", title="Nhiệm vụ CĐS"
    )

    (plan,) = list_plans(engine)
    assert (plan.id, plan.title, result.tasks, result.recorded) == (
        result.plan_id, "Nhiệm vụ CĐS", 3, 3)  # fmt: skip
    full = get_plan(engine, plan.id)
    assert (full.start_year, full.end_year) == (2025, 2026)  # deadlines 2025-2026
    tasks = list_tasks(engine, plan.id)
    assert [(t.lead, t.deadline.text) for t in tasks] == [
        ("UBND đặc khu Cát Hải", "31/12/2025"),
        ("UBND đặc khu Cát Hải", "30/06/2026"),
        ("Phòng Kinh tế", "31/12/2026"),
    ]
    first = progress_for(engine, tasks[0].id, parse_period("2026-H1"))
    assert first is not None and first.status is RecordedStatus.DONE
    assert first.completed_on == date(2025, 12, 31)


def test_new_plan_covers_the_year_of_its_report(engine: Engine, tmp_path: Path) -> None:
    create_unit(engine, "tester", "CH", "Ủy ban nhân dân đặc khu Cát Hải", "special_zone")
    preview = preview_report(engine, _cat_hai_report(tmp_path / "cat-hai.xlsx"), None)
    q1_2027 = parse_period("2027-Q1")

    result = apply_report_as_new_plan(
        engine, "tester", preview, q1_2027, owner_code="CH", allow_period_mismatch=True
    )

    assert get_plan(engine, result.plan_id).end_year == 2027


def test_new_plan_from_a_report_of_another_period_needs_consent(
    engine: Engine, tmp_path: Path
) -> None:
    create_unit(engine, "tester", "CH", "Ủy ban nhân dân đặc khu Cát Hải", "special_zone")
    preview = preview_report(engine, _cat_hai_report(tmp_path / "cat-hai.xlsx"), None)

    with pytest.raises(PeriodMismatch):
        apply_report_as_new_plan(engine, "tester", preview, YEAR, owner_code="CH")

    assert list_plans(engine) == []


def test_a_completion_date_outside_the_plan_refuses_the_import_naming_the_row(
    sample_engine: Engine, tmp_path: Path
) -> None:
    path = _export_report(sample_engine, tmp_path / "bao-cao.xlsx")
    preview = preview_report(sample_engine, path, list_plans(sample_engine)[0].id)
    row = preview.matches[0].row
    row.completed_on = date(2040, 1, 1)  # read as written in a report
    before = _audit_count(sample_engine)
    with pytest.raises(ServiceError, match=f"{row.where}: Ngày hoàn thành 01/01/2040 nằm ngoài"):
        apply_report(sample_engine, "tester", preview, Q3)
    assert _audit_count(sample_engine) == before

"""The city's consolidated picture: received, on time, complete, counts per unit and area."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine

from carapp.db.migrate import open_database
from carapp.domain.areas import ReformArea
from carapp.domain.periods import PeriodKind
from carapp.domain.status import DerivedStatus
from carapp.services.plans import create_plan, create_section
from carapp.services.progress import set_progress
from carapp.services.sync import city, city_counts
from carapp.services.sync.city import consolidate, unit_statuses, unit_tasks
from carapp.services.sync.city_export import export_consolidated
from carapp.services.sync.due_dates import DEFAULT_DUE, due_date, due_dates, set_due_date
from carapp.services.sync.keys import issue_unit_key, load_key
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.report_package import build_report_package
from carapp.services.sync.setup import set_mode
from carapp.services.sync.trust import add_root, allow_certificate, read_certificate
from carapp.services.tasks import create_task, list_tasks
from carapp.services.units import create_unit, unit_by_code, update_unit
from carapp.sync.pki import Signer
from tests import databases
from tests.services.test_sync_support import (
    NOW,
    PASS,
    Q1,
    START,
    VIETNAM,
    WHO,
    World,
    make_world,
    record_q1,
)

BEFORE_DUE = date(2026, 3, 17)
AFTER_DUE = date(2026, 3, 25)


def _add_unit(world: World, code: str, name: str) -> tuple[Engine, Signer]:
    """A second unit: keys from the city, a small plan of three public-finance tasks."""
    issue_unit_key(
        world.city,
        WHO,
        world.ca,
        code,
        name,
        world.root / f"{code}.p12",
        PASS,
        kind="ward",
        years=20,
        now=START,
    )
    engine = open_database(databases.new_database(world.root, f"{code}"))
    unit = create_unit(engine, WHO, code, name, "ward")
    set_mode(engine, WHO, "unit", code)
    add_root(engine, WHO, read_certificate(world.keys.root_pem_file))
    allow_certificate(engine, WHO, "HP", read_certificate(world.keys.city_pem_file))
    plan = create_plan(
        engine,
        WHO,
        unit.id,
        title=f"Kế hoạch CCHC năm 2026 của {name}",
        start_year=2026,
        end_year=2026,
    )
    section = create_section(
        engine, WHO, plan.id, "I", "CẢI CÁCH TÀI CHÍNH CÔNG", ReformArea.PUBLIC_FINANCE
    )
    for content, deadline in (
        ("Công khai ngân sách", "31/01/2026"),
        ("Tự chủ tài chính", "Quý III/2026"),
        ("Thực hành tiết kiệm", "2026"),
    ):
        create_task(engine, WHO, section.id, content=content, deadline_text=deadline)
    return engine, load_key(world.root / f"{code}.p12", PASS)


def _send(world: World, engine: Engine, signer: Signer, at: datetime) -> None:
    built = build_report_package(engine, Q1, signer, world.folder("goi"), now=at)
    [result] = import_packages(
        world.city, [built.path], world.city_signer, receipts_dir=world.folder("bn"), now=at
    )
    assert result.status == "accepted", result.reason


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


def test_due_dates_are_settings(world: World) -> None:
    assert due_dates(world.city) == DEFAULT_DUE
    assert due_date(world.city, Q1) == date(2026, 3, 18)
    assert set_due_date(world.city, WHO, "q1", "20/03") == (3, 20)
    assert due_date(world.city, Q1) == date(2026, 3, 20)
    with pytest.raises(ValueError, match="ngày/tháng"):
        set_due_date(world.city, WHO, "Q1", "30/2")
    with pytest.raises(Exception, match="Loại kỳ"):
        set_due_date(world.city, WHO, "Q2", "18/6")
    assert due_dates(world.city)[PeriodKind.H1] == (6, 18)


def test_a_registered_unit_that_has_not_reported(world: World) -> None:
    [early] = unit_statuses(world.city, Q1, today=BEFORE_DUE)
    assert (early.code, early.registered, early.received) == ("BLV", True, False)
    assert (early.timeliness_label, early.completeness_label) == ("Chưa đến hạn", "Chưa có báo cáo")
    [late] = unit_statuses(world.city, Q1, today=AFTER_DUE)
    assert late.on_time is False and late.timeliness_label == "Quá hạn, chưa nhận"


def test_late_incomplete_then_complete(world: World) -> None:
    record_q1(world.unit)
    late = datetime(2026, 3, 19, 8, 0, tzinfo=VIETNAM)
    _send(world, world.unit, world.unit_signer, late)
    [status] = unit_statuses(world.city, Q1, today=AFTER_DUE)
    assert (status.timeliness_label, status.completeness_label) == ("Muộn", "Thiếu 28/30")
    assert status.last_period_label == "Quý I/2026" and status.last_sequence == 1
    assert "CCHC:BLV" in status.signer_subject
    for task in list_tasks(world.unit, period=Q1)[2:]:
        set_progress(world.unit, WHO, task.id, Q1, status="in_progress")
    _send(world, world.unit, world.unit_signer, late + timedelta(days=1))
    [status] = unit_statuses(world.city, Q1, today=AFTER_DUE)
    assert status.complete and status.completeness_label == "Đầy đủ"
    assert status.received_at == late  # the first package of the period decides timeliness
    assert status.timeliness_label == "Muộn" and status.last_sequence == 2


def test_counts_per_unit_and_area(world: World) -> None:
    chi, chi_key = _add_unit(world, "CHI", "Ủy ban nhân dân phường Chi Lăng")
    first = list_tasks(chi, period=Q1)[0]
    set_progress(chi, WHO, first.id, Q1, status="done", completed_on=date(2026, 2, 10))
    record_q1(world.unit)
    _send(world, world.unit, world.unit_signer, NOW)
    _send(world, chi, chi_key, NOW)
    picture = consolidate(world.city, Q1, today=AFTER_DUE)
    assert [s.code for s in picture.statuses] == ["BLV", "CHI"]
    rows = {r.code: r for r in picture.units}
    assert (rows["BLV"].total, rows["CHI"].total) == (30, 3)
    assert rows["CHI"].count(DerivedStatus.DONE_LATE) == 1  # due 31/01, done 10/02
    assert rows["CHI"].count(DerivedStatus.NOT_DUE) == 2
    assert picture.total.total == 33
    for category, count in picture.total.counts.items():
        assert count == rows["BLV"].count(category) + rows["CHI"].count(category)
    finance = next(a for a in picture.areas if a.area is ReformArea.PUBLIC_FINANCE)
    assert finance.total == 2 + 3
    assert [a.area for a in picture.areas][:6] == list(ReformArea)[:6]
    assert [t.content for t in unit_tasks(world.city, "CHI", Q1, today=AFTER_DUE)] == [
        "Công khai ngân sách",
        "Tự chủ tài chính",
        "Thực hành tiết kiệm",
    ]


def test_a_paced_picture_pauses_and_is_the_same(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's worker gives way while it counts (carapp.pacing): same picture."""
    chi, chi_key = _add_unit(world, "CHI", "Ủy ban nhân dân phường Chi Lăng")
    record_q1(world.unit)
    _send(world, world.unit, world.unit_signer, NOW)
    _send(world, chi, chi_key, NOW)
    monkeypatch.setattr(city_counts, "PACE_ROWS", 2)
    monkeypatch.setattr(city, "PACE_UNITS", 1)
    pauses: list[int] = []
    paced = consolidate(world.city, Q1, today=AFTER_DUE, pause=lambda: pauses.append(1))
    assert paced == consolidate(world.city, Q1, today=AFTER_DUE)
    assert len(pauses) >= 4  # grouped rows counted, then the two units' rows made twice


def test_consolidated_report_pdf_and_xlsx(world: World, tmp_path: Path) -> None:
    record_q1(world.unit)
    _send(world, world.unit, world.unit_signer, NOW)
    pdf = export_consolidated(world.city, Q1, "pdf", tmp_path / "tong-hop.pdf", today=AFTER_DUE)
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    for words in (
        "BÁO CÁO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Tổng hợp kết quả thực hiện cải cách hành chính",
        "quý I năm 2026",
        "Bạch Long Vĩ",
        "Đúng hạn",
        "Tổng số 30 nhiệm vụ",
        "Cải cách thể chế",
    ):
        assert words in " ".join(text.split()), words
    xlsx = export_consolidated(world.city, Q1, "xlsx", tmp_path / "tong-hop.xlsx", today=AFTER_DUE)
    sheet = load_workbook(xlsx).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Ủy ban nhân dân đặc khu Bạch Long Vĩ (BLV)" in values
    assert "Đúng hạn" in values and "Tổng cộng" in values
    assert any(v.startswith("Tổng số 30 nhiệm vụ") for v in values)
    assert not any("THEO TỈNH" in v for v in values)  # every unit under the city: no table III


def test_picture_per_province_and_area(world: World, tmp_path: Path) -> None:
    chi, chi_key = _add_unit(world, "CHI", "Ủy ban nhân dân phường Chi Lăng")
    create_unit(world.city, WHO, "KA", "Ủy ban nhân dân tỉnh Kiến An", "city")
    update_unit(world.city, WHO, unit_by_code(world.city, "CHI").id, parent_code="KA")
    _send(world, chi, chi_key, NOW)
    picture = consolidate(world.city, Q1, today=AFTER_DUE)
    provinces = {p.code: p for p in picture.provinces}
    assert list(provinces) == ["KA", "HP"]  # units without a province come under the city, last
    assert (provinces["KA"].name, provinces["KA"].units, provinces["KA"].received) == (
        "Ủy ban nhân dân tỉnh Kiến An",
        1,
        1,
    )
    assert provinces["KA"].tasks.total == 3 and provinces["HP"].tasks.total == 0  # BLV sent none
    assert (provinces["HP"].units, provinces["HP"].received_label) == (1, "0/1")
    assert {s.code: s.province for s in picture.statuses} == {"BLV": "HP", "CHI": "KA"}
    finance = next(a for a in picture.areas if a.area is ReformArea.PUBLIC_FINANCE)
    assert finance.total == 3  # only what was received counts
    xlsx = export_consolidated(world.city, Q1, "xlsx", tmp_path / "tinh.xlsx", today=AFTER_DUE)
    values = [str(c.value) for row in load_workbook(xlsx).active.iter_rows() for c in row]
    assert "III. TỔNG HỢP THEO TỈNH, THÀNH PHỐ (ĐƠN VỊ CẤP TRÊN)" in values
    assert "Ủy ban nhân dân tỉnh Kiến An" in values and "1/1" in values
    pdf = export_consolidated(world.city, Q1, "pdf", tmp_path / "tinh.pdf", today=AFTER_DUE)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert "TỔNG HỢP THEO TỈNH" in text and "Kiến An" in text

"""Appendix and progress report built from the database for printing."""

from __future__ import annotations

from datetime import date

from carapp.domain.periods import parse_period
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.services.documents import build_appendix, build_report, period_phrase, report_day
from carapp.services.plans import list_plans
from carapp.services.progress import set_progress
from carapp.services.tasks import find_task


def test_appendix_holds_every_task_in_order_with_ids(sample_engine) -> None:
    appendix = build_appendix(sample_engine, list_plans(sample_engine)[0].id)
    assert appendix.header.issuer == "ỦY BAN NHÂN DÂN ĐẶC KHU BẠCH LONG VĨ"
    assert appendix.title.startswith("DANH MỤC NHIỆM VỤ")
    assert [s.numeral for s in appendix.sections] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    tasks = [t for s in appendix.sections for t in s.tasks]
    assert [t.number for t in tasks] == [str(n) for n in range(1, 31)]
    assert all(t.id for t in tasks)


def test_report_carries_progress_and_derived_status(sample_engine) -> None:
    q1 = parse_period("2026-Q1")
    six = find_task(sample_engine, "6")
    set_progress(
        sample_engine,
        "tester",
        six.id,
        q1,
        status=RecordedStatus.DONE,
        completed_on=date(2026, 3, 10),
        description="Đã niêm yết 120 thủ tục",
        difficulties="Đường truyền yếu",
    )
    report = build_report(sample_engine, list_plans(sample_engine)[0].id, q1, date(2026, 3, 14))
    rows = {r.task.number: r for s in report.sections for r in s.rows}
    assert rows["6"].status is RecordedStatus.DONE
    assert rows["6"].derived is DerivedStatus.DONE_ON_TIME
    assert rows["6"].description == "Đã niêm yết 120 thủ tục"
    assert rows["6"].difficulties == "Đường truyền yếu"
    assert rows["1"].status is None and rows["1"].derived is DerivedStatus.NOT_DUE
    assert report.title.endswith("quý I năm 2026")
    assert report.signature.authority == "TM. ỦY BAN NHÂN DÂN"
    assert report.recipients[-1] == "Lưu: VT."


def test_period_wording_and_report_day() -> None:
    assert period_phrase(parse_period("2026-H1")) == "6 tháng đầu năm 2026"
    assert report_day(parse_period("2026-Q1"), date(2026, 11, 27)) == date(2026, 3, 14)
    assert report_day(parse_period("2026"), date(2026, 11, 27)) == date(2026, 11, 27)

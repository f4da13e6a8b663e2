"""Appendix and progress report built from the database for printing."""

from __future__ import annotations

from datetime import date

from carapp.domain.documents import SignatureBlock
from carapp.domain.periods import parse_period, period_phrase
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.export.wording import number_line, place_and_date
from carapp.services.documents import build_appendix, build_report, report_day
from carapp.services.plans import list_plans, update_plan
from carapp.services.progress import set_progress
from carapp.services.tasks import find_task


def test_appendix_holds_every_task_in_order_with_ids(sample_engine) -> None:
    appendix = build_appendix(sample_engine, list_plans(sample_engine)[0].id)
    # The plan's issuer is the unit's letterhead, printed on the unit's two lines.
    assert appendix.header.issuer == "ỦY BAN NHÂN DÂN\nĐẶC KHU BẠCH LONG VĨ"
    assert appendix.header.symbol == "KH-UBND"
    assert "kèm theo" not in appendix.attached_to.casefold()[len("kèm theo") :]
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


def test_report_number_and_date_are_left_blank_for_the_clerk(sample_engine) -> None:
    plan_id = list_plans(sample_engine)[0].id
    report = build_report(sample_engine, plan_id, parse_period("2026-Q1"), date(2026, 3, 14))
    assert (report.header.number, report.header.issued_on) == ("", None)
    assert number_line(report.header) == "Số:" + "\u00a0" * 12 + "/BC-UBND"
    assert place_and_date(report.header).startswith("Bạch Long Vĩ, ngày\u00a0")
    numbered = build_report(
        sample_engine, plan_id, parse_period("2026-Q1"), number="12", issued_on=date(2026, 3, 5)
    )
    assert number_line(numbered.header) == "Số: 12/BC-UBND"
    assert place_and_date(numbered.header) == "Bạch Long Vĩ, ngày 05 tháng 3 năm 2026"


def test_signature_comes_from_the_document_then_the_plan_then_the_unit(sample_engine) -> None:
    plan_id = list_plans(sample_engine)[0].id
    q1 = parse_period("2026-Q1")
    assert build_report(sample_engine, plan_id, q1).signature.lines() == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ]
    update_plan(
        sample_engine, "t", plan_id, sign_post="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", sign_name="Lê Văn C"
    )
    block = build_report(sample_engine, plan_id, q1).signature
    assert (block.lines(), block.signer) == (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Lê Văn C")
    chosen = SignatureBlock.parse("TM. ỦY BAN NHÂN DÂN|KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn A")
    block = build_report(sample_engine, plan_id, q1, signature=chosen).signature
    assert block.lines() == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert block.signer == "Nguyễn Văn A"

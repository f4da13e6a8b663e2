"""The header block above an appendix (issuing body, number, place and date) is read as printed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from carapp.db.models import Plan
from carapp.domain.documents import DocumentHeader
from carapp.importers import read_appendix
from carapp.services.importing import apply_appendix, preview_appendix
from carapp.services.units import create_unit

from .files import Builder, Sheet, Table

PARENT = "UBND THÀNH PHỐ HẢI PHÒNG"
ISSUER = "ỦY BAN NHÂN DÂN ĐẶC KHU BẠCH LONG VĨ"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER = "Số: 95/KH-UBND"
DATED = "Bạch Long Vĩ, ngày 03 tháng 9 năm 2025"
TITLE = "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"
ATTACHED = "(Kèm theo Kế hoạch số 95/KH-UBND ngày 03/9/2025 của UBND đặc khu Bạch Long Vĩ)"
COLUMNS = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"]
PLAN = Table([COLUMNS, ["I", "CẢI CÁCH THỂ CHẾ"], ["1", "Rà soát văn bản", "Văn phòng", "2026"]])
FULL = DocumentHeader(ISSUER, PARENT, "95/KH-UBND", "Bạch Long Vĩ", date(2025, 9, 3))


def _read(path: object) -> tuple[DocumentHeader, tuple[str, str, str]]:
    """Return the header and (label, title, attached_to) of an appendix file; expect no issue."""
    result = read_appendix(str(path))
    assert result.issues == []
    assert [t.content for t in result.tasks] == ["Rà soát văn bản"]
    appendix = result.appendix
    return appendix.header, (appendix.label, appendix.title, appendix.attached_to)


def test_header_as_lines_above_the_table(build: Builder, kind: str) -> None:
    above = [PARENT, ISSUER, NATION, MOTTO, NUMBER, DATED, "Phụ lục", TITLE, ATTACHED]

    header, lines = _read(build.table(kind, PLAN, above))

    assert header == FULL
    assert lines == ("Phụ lục", TITLE, ATTACHED)


def test_header_in_a_borderless_two_column_table(build: Builder) -> None:
    layout = Table(
        [
            [[PARENT, "ỦY BAN NHÂN DÂN", "ĐẶC KHU BẠCH LONG VĨ", "———"], [NATION, MOTTO, "———"]],
            [NUMBER, DATED],
        ]
    )
    path = build.docx("bang-tieu-de.docx", layout, "Phụ lục", TITLE, PLAN)

    header, lines = _read(path)

    assert header == FULL
    assert lines == ("Phụ lục", TITLE, "")


def test_header_table_with_a_row_per_line(build: Builder) -> None:
    layout = Table(
        [
            ["ỦY BAN NHÂN DÂN", NATION],
            ["ĐẶC KHU BẠCH LONG VĨ", MOTTO],
            [NUMBER, DATED],
        ]
    )
    path = build.docx("tung-dong.docx", layout, TITLE, PLAN)

    header, lines = _read(path)

    assert header == DocumentHeader(ISSUER, "", "95/KH-UBND", "Bạch Long Vĩ", date(2025, 9, 3))
    assert lines[1] == TITLE


def test_header_paragraphs_with_tabs_between_left_and_right(build: Builder) -> None:
    path = build.docx(
        "tab.docx",
        f"{PARENT}\t{NATION}",
        f"ỦY BAN NHÂN DÂN\t{MOTTO}",
        "ĐẶC KHU BẠCH LONG VĨ",
        f"{NUMBER}\t{DATED}",
        TITLE,
        PLAN,
    )

    header, lines = _read(path)

    assert header == FULL
    assert lines == ("Phụ lục", TITLE, "")


def test_excel_header_side_by_side_above_the_table(build: Builder) -> None:
    rows = [
        [PARENT, None, None, NATION],
        ["ỦY BAN NHÂN DÂN", None, None, MOTTO],
        ["ĐẶC KHU BẠCH LONG VĨ"],
        [NUMBER, None, None, DATED],
        [],
        ["PHỤ LỤC II"],
        [TITLE],
        *PLAN.rows,
    ]
    path = build.xlsx("ben-canh.xlsx", Sheet("Phụ lục", rows))

    header, lines = _read(path)

    assert header == FULL
    assert lines == ("PHỤ LỤC II", TITLE, "")


def test_issuer_without_parent_number_or_date(build: Builder, kind: str) -> None:
    header, lines = _read(
        build.table(kind, PLAN, ["ỦY BAN NHÂN DÂN", "ĐẶC KHU BẠCH LONG VĨ", TITLE])
    )

    assert header == DocumentHeader(ISSUER)
    assert lines == ("Phụ lục", TITLE, "")


def test_number_and_date_left_blank_are_not_guessed(build: Builder, kind: str) -> None:
    above = [
        ISSUER,
        NATION,
        "Số:       /KH-UBND",
        "Bạch Long Vĩ, ngày     tháng     năm 2025",
        TITLE,
    ]

    header, _ = _read(build.table(kind, PLAN, above))

    assert header == DocumentHeader(ISSUER, "", "", "Bạch Long Vĩ", None)


def test_date_without_place_and_number_without_date(build: Builder, kind: str) -> None:
    dated, _ = _read(build.table(kind, PLAN, [ISSUER, "ngày 15 tháng 01 năm 2026", TITLE]))
    numbered, _ = _read(build.table(kind, PLAN, [ISSUER, "Số: 12/KH-UBND", TITLE], f"so.{kind}"))

    assert dated == DocumentHeader(ISSUER, issued_on=date(2026, 1, 15))
    assert numbered == DocumentHeader(ISSUER, number="12/KH-UBND")


@pytest.mark.parametrize(
    "above",
    [
        [],
        ["Phụ lục", TITLE, ATTACHED],
        ["NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"],
    ],
)
def test_no_header_block_leaves_the_header_empty(
    build: Builder, kind: str, above: list[str]
) -> None:
    header, lines = _read(build.table(kind, PLAN, above))

    assert header == DocumentHeader(issuer="")
    assert lines[1] == (above[1] if len(above) > 1 else above[0] if above else "")


def test_kem_theo_line_is_not_read_as_number_or_date(build: Builder, kind: str) -> None:
    header, lines = _read(build.table(kind, PLAN, [ISSUER, "PHỤ LỤC", TITLE, ATTACHED]))

    assert header == DocumentHeader(ISSUER)
    assert lines == ("PHỤ LỤC", TITLE, ATTACHED)


def test_new_plan_takes_the_header_read_from_the_file(
    engine: Engine, build: Builder, kind: str
) -> None:
    create_unit(engine, "tester", "BLV", "Ủy ban nhân dân đặc khu Bạch Long Vĩ", "special_zone")
    path = build.table(kind, PLAN, [PARENT, ISSUER, NUMBER, DATED, TITLE])

    plan_id = apply_appendix(engine, "tester", preview_appendix(engine, path)).plan_id

    with Session(engine) as session:
        plan = session.get(Plan, plan_id)
        assert plan is not None
        got = (plan.issuer, plan.parent_issuer, plan.number, plan.place, plan.issued_on)
    assert got == (ISSUER, PARENT, "95/KH-UBND", "Bạch Long Vĩ", date(2025, 9, 3))


def test_new_plan_without_header_keeps_the_owner_as_issuer(
    engine: Engine, build: Builder, kind: str
) -> None:
    create_unit(engine, "tester", "BLV", "Ủy ban nhân dân đặc khu Bạch Long Vĩ", "special_zone")
    path = build.table(kind, PLAN, [TITLE])

    plan_id = apply_appendix(engine, "tester", preview_appendix(engine, path)).plan_id

    with Session(engine) as session:
        plan = session.get(Plan, plan_id)
        assert plan is not None
        got = (plan.issuer, plan.parent_issuer, plan.number, plan.place, plan.issued_on)
    assert got == ("ỦY BAN NHÂN DÂN ĐẶC KHU BẠCH LONG VĨ", "", "", "", None)

"""Sub-items and group headings: stored, listed, judged, counted, printed and read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import pytest
from sqlalchemy import Engine

from carapp.db.migrate import open_database
from carapp.domain.outline import printed_content
from carapp.domain.periods import parse_period
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.export.summary import summarise
from carapp.services.common import ServiceError
from carapp.services.documents import build_report
from carapp.services.exporting import export_document
from carapp.services.importing import apply_appendix, preview_appendix
from carapp.services.importing_report import preview_report
from carapp.services.overview import overview
from carapp.services.plan_backup import delete_plan, restore_deleted_plan
from carapp.services.progress import set_progress
from carapp.services.tasks import (
    TaskView,
    delete_task,
    find_task,
    list_task_rows,
    list_tasks,
    update_task,
)
from carapp.services.units import create_unit
from tests import databases
from tests.export.pdftext import Span, all_spans
from tests.outline_plan import OUTLINE, import_outline_plan

H1 = parse_period("2026-H1")
Q3 = parse_period("2026-Q3")


def _outline(views: list[TaskView]) -> list[tuple[object, ...]]:
    contents = {v.id: v.content for v in views}
    return [
        (
            v.number,
            v.marker,
            v.content,
            v.lead,
            v.deadline.text,
            v.is_heading,
            contents.get(v.outline_parent_id or ""),
            v.level,
        )
        for v in views
    ]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_sub_items_are_stored_with_their_parent_marker_and_own_fields(
    engine: Engine, tmp_path: Path, kind: str
) -> None:
    plan_id = import_outline_plan(engine, tmp_path, kind)

    assert _outline(list_tasks(engine, plan_id)) == OUTLINE
    rows = list_task_rows(engine, plan_id)
    assert _outline([r.view for r in rows]) == OUTLINE
    assert [r.view.parent_number for r in rows] == ["", "1", "1", "", "2", "2", ""]


def test_find_task_carries_the_outline(engine: Engine, tmp_path: Path) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    heading = find_task(engine, "2", plan_id)
    child = next(v for v in list_tasks(engine, plan_id) if v.content.startswith("Niêm yết"))

    assert heading.is_heading and child.outline_parent_id == heading.id


def _child(engine: Engine, plan_id: str, start: str) -> str:
    return next(v.id for v in list_tasks(engine, plan_id) if v.content.startswith(start))


def _heading(engine: Engine, plan_id: str, day: date, period: object = H1) -> TaskView:
    views = list_tasks(engine, plan_id, as_of=day, period=period)  # type: ignore[arg-type]
    return next(v for v in views if v.is_heading)


def test_a_heading_shows_the_roll_up_of_its_children(engine: Engine, tmp_path: Path) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    first, second = _child(engine, plan_id, "Niêm yết"), _child(engine, plan_id, "Cập nhật")
    day = date(2026, 3, 1)

    assert _heading(engine, plan_id, day).derived is DerivedStatus.NOT_DUE
    set_progress(engine, "t", first, H1, status=RecordedStatus.DONE, completed_on=day)
    assert _heading(engine, plan_id, day).derived is DerivedStatus.IN_PROGRESS_ON_TIME
    set_progress(engine, "t", second, H1, status=RecordedStatus.DONE, completed_on=day)
    assert _heading(engine, plan_id, day).derived is DerivedStatus.DONE_ON_TIME
    set_progress(engine, "t", second, H1, status=RecordedStatus.IN_PROGRESS, completed_on=None)
    overdue = _heading(engine, plan_id, date(2026, 10, 15), Q3)
    assert (overdue.derived, overdue.status) == (DerivedStatus.OVERDUE, None)


def test_sub_items_have_their_own_deadline_and_overdue(engine: Engine, tmp_path: Path) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    views = list_tasks(engine, plan_id, as_of=date(2026, 7, 15), period=Q3, overdue=True)

    assert [v.content for v in views] == [
        "Cắt giảm quy định kinh doanh",
        "Công khai thủ tục hành chính",
        "Niêm yết công khai tại bộ phận một cửa",
    ]


def test_progress_cannot_be_recorded_on_a_heading(engine: Engine, tmp_path: Path) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    heading = find_task(engine, "2", plan_id)

    with pytest.raises(ServiceError, match="dòng tiêu đề nhóm nhiệm vụ"):
        set_progress(engine, "t", heading.id, H1, status=RecordedStatus.DONE)


def test_a_heading_is_not_counted_as_a_task(engine: Engine, tmp_path: Path) -> None:
    plan_id = import_outline_plan(engine, tmp_path)

    seen = overview(engine, plan_id, H1, date(2026, 3, 1))
    report = build_report(engine, plan_id, H1, date(2026, 3, 1))

    assert seen.total.total == 6
    assert summarise(report).total.total == 6


def test_an_outline_parent_outside_the_plan_or_under_itself_is_refused(
    engine: Engine, tmp_path: Path
) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    heading = find_task(engine, "2", plan_id)
    child = _child(engine, plan_id, "Niêm yết")

    with pytest.raises(ServiceError, match="dưới chính nó"):
        update_task(engine, "t", heading.id, outline_parent_id=child)
    with pytest.raises(ServiceError, match="cùng kế hoạch"):
        update_task(engine, "t", child, outline_parent_id="khong-co")


def _printed_rows(path: Path) -> list[list[str]]:
    """Return the texts drawn on each line of the PDF's pages, left to right."""
    rows: dict[tuple[int, int], list[Span]] = {}
    for page, found in enumerate(all_spans(path)):
        for span in found:
            rows.setdefault((page, -round(span.y)), []).append(span)
    return [[s.text for s in sorted(row, key=lambda s: s.x)] for _, row in sorted(rows.items())]


@pytest.mark.parametrize("document", ["appendix", "report"])
def test_printing_puts_each_sub_item_on_its_own_row_with_its_lead_and_deadline(
    engine: Engine, tmp_path: Path, document: Literal["appendix", "report"]
) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    pdf = tmp_path / "in.pdf"

    export_document(engine, document, plan_id, "pdf", pdf, H1, date(2026, 3, 1))

    rows = _printed_rows(pdf)
    for number, marker, content, lead, deadline, *_ in OUTLINE:
        start = " ".join(printed_content(marker, content).split()[:4])  # a cell may wrap
        row = next(r for r in rows if any(text.startswith(start) for text in r))
        assert lead in row if lead else True
        assert deadline in row if deadline else True
        assert row[0] == number if number else row[0].startswith(printed_content(marker, ""))


def test_the_outline_survives_the_xlsx_round_trip(engine: Engine, tmp_path: Path) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    book = tmp_path / "phu-luc.xlsx"
    export_document(engine, "appendix", plan_id, "xlsx", book)

    again = preview_appendix(engine, book)
    assert (again.plan_id, again.new_tasks, again.changes) == (plan_id, [], [])

    other = open_database(databases.new_database(tmp_path, "khac"))
    create_unit(other, "t", "CH", "Ủy ban nhân dân đặc khu Cát Hải", "special_zone")
    copied = apply_appendix(other, "t", preview_appendix(other, book), owner_code="CH")
    assert _outline(list_tasks(other, copied.plan_id)) == OUTLINE
    other.dispose()


def test_a_printed_report_reads_back_onto_its_sub_items_never_a_heading(
    engine: Engine, tmp_path: Path
) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    child = _child(engine, plan_id, "Niêm yết")
    set_progress(
        engine, "t", child, H1, status=RecordedStatus.IN_PROGRESS, description="Đã niêm yết"
    )
    book = tmp_path / "bao-cao.xlsx"
    export_document(engine, "report", plan_id, "xlsx", book, H1, date(2026, 3, 1))

    preview = preview_report(engine, book, plan_id)

    matched = {m.task.content for m in preview.matches if m.task is not None}
    assert matched == {row[2] for row in OUTLINE if not row[5]}


def test_an_item_with_sub_items_is_not_deleted_with_them_unseen(
    engine: Engine, tmp_path: Path
) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    heading = find_task(engine, "2", plan_id)

    with pytest.raises(ServiceError, match="có 2 nhiệm vụ con"):
        delete_task(engine, "t", heading.id)
    for view in list_tasks(engine, plan_id):
        if view.outline_parent_id == heading.id:
            delete_task(engine, "t", view.id)
    delete_task(engine, "t", heading.id)
    assert len(list_tasks(engine, plan_id)) == 4


def test_a_sub_item_too_tall_for_one_row_reads_back_whole(engine: Engine, tmp_path: Path) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    child = _child(engine, plan_id, "Cắt giảm")
    long = "\n".join(f"- Cắt giảm thủ tục số {i} trong lĩnh vực kinh doanh" for i in range(40))
    lead = "\n".join(f"Tổ công tác số {i}" for i in range(30))
    update_task(engine, "t", child, content=long, lead=lead)
    book = tmp_path / "phu-luc.xlsx"
    export_document(engine, "appendix", plan_id, "xlsx", book)

    again = preview_appendix(engine, book)
    assert (again.new_tasks, again.changes) == ([], [])
    other = open_database(databases.new_database(tmp_path, "khac"))
    create_unit(other, "t", "CH", "Ủy ban nhân dân đặc khu Cát Hải", "special_zone")
    copied = apply_appendix(other, "t", preview_appendix(other, book), owner_code="CH")
    views = list_tasks(other, copied.plan_id)
    assert [(v.content, v.level) for v in views if v.marker == "-"][1] == (long, 1)
    other.dispose()


def test_a_deleted_plan_comes_back_with_its_outline(engine: Engine, tmp_path: Path) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    before = _outline(list_tasks(engine, plan_id))

    deleted = delete_plan(engine, "t", plan_id, folder=tmp_path / "xoa")
    restore_deleted_plan(engine, "t", deleted.path)

    assert _outline(list_tasks(engine, plan_id)) == before == OUTLINE


def test_sub_items_move_with_their_item_to_another_section(engine: Engine, tmp_path: Path) -> None:
    plan_id = import_outline_plan(engine, tmp_path)
    heading = find_task(engine, "2", plan_id)
    other = find_task(engine, "3", plan_id).section_id
    old = heading.section_id

    update_task(engine, "t", heading.id, section_id=other)
    moved = [v for v in list_tasks(engine, plan_id) if v.section_id == other]
    update_task(engine, "t", heading.id, section_id=old)

    contents = [v.content for v in moved]
    at = contents.index("Công khai thủ tục hành chính")
    assert contents[at : at + 3] == [
        "Công khai thủ tục hành chính",
        "Niêm yết công khai tại bộ phận một cửa",
        "Cập nhật Cổng dịch vụ công",
    ]
    assert _outline(list_tasks(engine, plan_id)) == OUTLINE

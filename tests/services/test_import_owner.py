"""The owner of an imported plan read from the letterhead, and lead bodies linked to units."""

from __future__ import annotations

from sqlalchemy import Engine

from carapp.domain.documents import DocumentHeader
from carapp.services.common import reading
from carapp.services.import_owner import known_owner, lead_matcher, unit_from_letterhead
from carapp.services.units import create_unit, set_own_unit

HP = "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"


def test_the_unit_is_read_from_the_letterhead() -> None:
    read = unit_from_letterhead(DocumentHeader("ỦY BAN NHÂN DÂN ĐẶC KHU BẠCH LONG VĨ", HP))
    assert read is not None
    assert (read.code, read.name, read.kind) == (
        "BLV",
        "Ủy ban nhân dân đặc khu Bạch Long Vĩ",
        "special_zone",
    )
    assert (read.letterhead, read.parent_body) == ("ỦY BAN NHÂN DÂN\nĐẶC KHU BẠCH LONG VĨ", HP)
    ward = unit_from_letterhead(DocumentHeader("UBND PHƯỜNG CHI LĂNG"))
    assert ward is not None and (ward.code, ward.name, ward.kind) == (
        "CL",
        "UBND phường Chi Lăng",
        "ward",
    )
    assert unit_from_letterhead(DocumentHeader("")) is None


def test_known_owner_is_the_named_unit_then_the_own_unit(engine: Engine) -> None:
    header = DocumentHeader("ỦY BAN NHÂN DÂN XÃ MAO ĐIỀN")
    assert known_owner(engine, header) is None
    create_unit(engine, "tester", "BLV", "UBND đặc khu Bạch Long Vĩ", "special_zone")
    create_unit(engine, "tester", "MD", "Uỷ ban nhân dân xã Mao Điền", "commune")
    set_own_unit(engine, "tester", "BLV")
    found = known_owner(engine, header)
    assert found is not None and found.code == "MD"  # "Uỷ"/"Ủy" and case set aside
    other = known_owner(engine, DocumentHeader("ỦY BAN NHÂN DÂN XÃ AN HƯNG"))
    assert other is not None and other.code == "BLV"


def test_lead_bodies_link_only_on_the_same_folded_name(engine: Engine) -> None:
    office = create_unit(engine, "tester", "MD-VP", "Văn phòng HĐND và UBND", "office")
    create_unit(engine, "tester", "MD-A", "Phòng Kinh tế", "office")
    create_unit(engine, "tester", "MD-B", "phòng kinh tế", "office")
    with reading(engine) as session:
        lead = lead_matcher(session)
        assert lead("VĂN PHÒNG HĐND VÀ ỦY BAN NHÂN DÂN") == office.id
        assert lead("Văn phòng HĐND") is None  # no guessing
        assert lead("Phòng Kinh tế") is None  # two units of that name: no link
        assert lead("") is None


def test_a_lead_changed_in_the_file_is_linked_too(sample_engine: Engine, tmp_path) -> None:
    from openpyxl import load_workbook

    from carapp.services.exporting import export_document
    from carapp.services.importing import apply_appendix, preview_appendix
    from carapp.services.plans import list_plans
    from carapp.services.tasks import find_task
    from carapp.services.units import unit_by_code

    path = tmp_path / "phu-luc.xlsx"
    export_document(sample_engine, "appendix", list_plans(sample_engine)[0].id, "xlsx", path)
    task = find_task(sample_engine, "1")
    book = load_workbook(path)
    cell = next(c for row in book["Phụ lục"].iter_rows() for c in row if c.value == task.lead)
    cell.value = "PHÒNG KINH TẾ"
    book.save(path)
    apply_appendix(sample_engine, "tester", preview_appendix(sample_engine, path))
    again = find_task(sample_engine, "1")
    assert (again.lead, again.lead_unit_id) == (
        "PHÒNG KINH TẾ",
        unit_by_code(sample_engine, "BLV-KT").id,
    )

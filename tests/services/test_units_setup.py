"""Units with their set-up (letterhead, place, signer), parents, and this database's own unit."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from carapp.domain.unit_kinds import kind_label, parse_kind
from carapp.services.audit import history
from carapp.services.common import ServiceError
from carapp.services.sync.setup import sync_settings
from carapp.services.units import (
    create_unit,
    delete_unit,
    own_unit,
    set_own_unit,
    unit_by_code,
    update_unit,
)

LETTERHEAD = "ỦY BAN NHÂN DÂN\nXÃ MAO ĐIỀN"


def test_a_unit_is_created_with_its_setup_and_made_own_without_a_key(engine: Engine) -> None:
    create_unit(engine, "tester", "HP", "Ủy ban nhân dân thành phố Hải Phòng", "thành phố")
    unit = create_unit(
        engine,
        "tester",
        "MD",
        "Ủy ban nhân dân xã Mao Điền",
        "xã",
        "HP",
        own=True,
        parent_body="ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
        letterhead=LETTERHEAD,
        place="Mao Điền",
        abbreviation="UBND",
        sign_authority="TM. ỦY BAN NHÂN DÂN",
        sign_post="CHỦ TỊCH",
        sign_name="Nguyễn Văn A",
    )
    stored = unit_by_code(engine, "MD")
    assert (stored.kind, stored.letterhead, stored.place, stored.sign_name) == (
        "commune",
        LETTERHEAD,
        "Mao Điền",
        "Nguyễn Văn A",
    )
    assert stored.parent_id == unit_by_code(engine, "HP").id
    assert own_unit(engine) is not None and sync_settings(engine).own_unit_code == "MD"
    logged = {(e.field, e.new) for e in history(engine, [unit.id])}
    assert ("letterhead", LETTERHEAD) in logged


def test_bad_code_kind_or_field_is_refused(engine: Engine) -> None:
    with pytest.raises(ServiceError, match="Mã đơn vị “md” không hợp lệ"):
        create_unit(engine, "tester", "md", "Xã Mao Điền", "commune")
    with pytest.raises(ServiceError, match="Loại đơn vị không hợp lệ: “làng”"):
        create_unit(engine, "tester", "MD", "Xã Mao Điền", "làng")
    with pytest.raises(ServiceError, match="Trường không hợp lệ: colour"):
        create_unit(engine, "tester", "MD", "Xã Mao Điền", "commune", colour="red")


def test_kinds_are_read_and_shown_in_vietnamese() -> None:
    assert parse_kind("đặc-khu") == parse_kind("Đặc khu") == parse_kind("special_zone")
    assert parse_kind("special_zone") == "special_zone"
    assert (parse_kind("XÃ"), parse_kind("phuong"), parse_kind("Sở")) == (
        "commune",
        "ward",
        "department",
    )
    assert kind_label("special_zone") == "Đặc khu"


def test_update_changes_setup_and_parent_but_never_makes_a_loop(engine: Engine) -> None:
    top = create_unit(engine, "tester", "HP", "Thành phố Hải Phòng", "city")
    zone = create_unit(engine, "tester", "BLV", "Đặc khu Bạch Long Vĩ", "special_zone", "HP")
    office = create_unit(engine, "tester", "BLV-VP", "Văn phòng", "office", "BLV")
    changed = update_unit(
        engine, "tester", zone.id, place="Bạch Long Vĩ", sign_post="CHỦ TỊCH", parent_code=""
    )
    assert set(changed) == {"place", "sign_post", "parent_id"}
    assert unit_by_code(engine, "BLV").parent_id is None
    with pytest.raises(ServiceError, match="trực thuộc chính đơn vị này"):
        update_unit(engine, "tester", zone.id, parent_code="BLV-VP")
    with pytest.raises(ServiceError, match="trực thuộc chính đơn vị này"):
        update_unit(engine, "tester", zone.id, parent_code="BLV")
    update_unit(engine, "tester", office.id, parent_code="HP", kind="Sở")
    moved = unit_by_code(engine, "BLV-VP")
    assert (moved.parent_id, moved.kind) == (top.id, "department")


def test_the_own_unit_is_not_removed(engine: Engine) -> None:
    unit = create_unit(engine, "tester", "MD", "Ủy ban nhân dân xã Mao Điền", "commune")
    set_own_unit(engine, "tester", "MD")
    with pytest.raises(ServiceError, match="đây là đơn vị của cơ sở dữ liệu này"):
        delete_unit(engine, "tester", unit.id)
    with pytest.raises(ServiceError, match="Không có đơn vị mã “ZZ”"):
        set_own_unit(engine, "tester", "ZZ")

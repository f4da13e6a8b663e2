"""Units: the city, special zones, communes, departments and their offices, with their set-up."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from carapp.db.models import Plan, Task, Unit
from carapp.domain.text import clean
from carapp.domain.unit_kinds import KINDS, UNIT_CODE_PATTERN, parse_kind
from carapp.services.audit import apply_changes, log_create, log_delete
from carapp.services.common import NotFound, ServiceError, reading, transaction
from carapp.services.settings import put_setting
from carapp.services.sync.mode import OWN_UNIT_KEY, own_code_of

__all__ = ["KINDS", "SETUP_FIELDS", "create_unit", "delete_unit", "list_units", "unit_by_code"]

# What a unit prints on its documents (see Unit in carapp.db.models).
SETUP_FIELDS = (
    "parent_body",
    "letterhead",
    "place",
    "abbreviation",
    "sign_authority",
    "sign_post",
    "sign_name",
)
_CODE = re.compile(UNIT_CODE_PATTERN)


def list_units(engine: Engine) -> list[Unit]:
    """Return every unit, by code."""
    with reading(engine) as session:
        return list(session.exec(select(Unit).order_by(col(Unit.code))).all())


def unit_by_code(engine: Engine, code: str) -> Unit:
    """Return the unit with this code, or raise NotFound with a clear message."""
    with reading(engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == code.strip())).first()
    if unit is None:
        raise NotFound(f"Không có đơn vị mã “{code}”.")
    return unit


def _find(session: Session, code: str) -> Unit:
    unit = session.exec(select(Unit).where(Unit.code == code.strip())).first()
    if unit is None:
        raise NotFound(f"Không có đơn vị mã “{code}”.")
    return unit


def _kind(kind: str) -> str:
    try:
        return parse_kind(kind)
    except ValueError as exc:
        raise ServiceError(str(exc)) from exc


def _setup(values: dict[str, Any]) -> dict[str, str]:
    unknown = set(values) - set(SETUP_FIELDS)
    if unknown:
        raise ServiceError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    return {k: clean(v) for k, v in values.items()}


def check_code(code: str) -> str:
    """Return a unit code as stored, or refuse one packages could not carry."""
    code = code.strip()
    if not _CODE.fullmatch(code):
        raise ServiceError(
            f"Mã đơn vị “{code}” không hợp lệ: dùng chữ in hoa không dấu, chữ số và “-”, "
            "2–16 ký tự (ví dụ BLV, MD, SNV-VP)."
        )
    return code


def create_unit(
    engine: Engine,
    who: str,
    code: str,
    name: str,
    kind: str = "office",
    parent_code: str = "",
    *,
    unit_id: str | None = None,
    own: bool = False,
    **setup: str,
) -> Unit:
    """Add a unit (with its set-up fields: letterhead, place, signer …); its code must be new.

    `unit_id` gives back the id of a unit added before (redoing an addition that was undone);
    `own` makes it this database's own unit in the same transaction.
    """
    with transaction(engine) as session:
        unit = add_unit(session, who, code, name, kind, parent_code, unit_id=unit_id, **setup)
        if own:
            put_setting(session, who, OWN_UNIT_KEY, unit.code)
        return unit


def add_unit(
    session: Session,
    who: str,
    code: str,
    name: str,
    kind: str = "office",
    parent_code: str = "",
    *,
    unit_id: str | None = None,
    **setup: str,
) -> Unit:
    """Add a unit inside the caller's transaction (see create_unit)."""
    if not code.strip() or not clean(name):
        raise ServiceError("Mã và tên đơn vị không được để trống.")
    code, kind, values = check_code(code), _kind(kind), _setup(setup)
    parent = _find(session, parent_code) if parent_code else None
    if session.exec(select(Unit).where(Unit.code == code)).first():
        raise ServiceError(f"Mã đơn vị “{code}” đã có.")
    if unit_id and session.get(Unit, unit_id) is not None:
        raise ServiceError(f"Đơn vị “{code}” đã có.")
    unit = Unit(code=code, name=clean(name), kind=kind, parent_id=parent.id if parent else None)
    for field, value in values.items():
        setattr(unit, field, value)
    if unit_id:
        unit.id = unit_id
    session.add(unit)
    session.flush()
    log_create(session, who, unit)
    return unit


def update_unit(engine: Engine, who: str, unit_id: str, **changes: Any) -> list[str]:
    """Change a unit's name, kind, parent (`parent_code`, "" for none) or set-up fields;
    `own=True` also makes it this database's own unit (in the same transaction)."""
    values = dict(changes)
    own = bool(values.pop("own", False))
    parent_code = values.pop("parent_code", None)
    name, kind = values.pop("name", None), values.pop("kind", None)
    fields: dict[str, Any] = _setup(values)
    if name is not None:
        if not clean(name):
            raise ServiceError("Tên đơn vị không được để trống.")
        fields["name"] = clean(name)
    if kind is not None:
        fields["kind"] = _kind(kind)
    with transaction(engine) as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị.")
        if parent_code is not None:
            fields["parent_id"] = _new_parent(session, unit, parent_code)
        changed = apply_changes(session, who, unit, fields)
        if own and put_setting(session, who, OWN_UNIT_KEY, unit.code):
            changed.append(OWN_UNIT_KEY)
        return changed


def _new_parent(session: Session, unit: Unit, parent_code: str) -> str | None:
    """Return the id of the unit's new parent, refusing one that sits under the unit itself."""
    if not parent_code.strip():
        return None
    parent: Unit | None = _find(session, parent_code)
    while parent is not None:
        if parent.id == unit.id:
            raise ServiceError(
                f"Không đặt được “{parent_code}” làm đơn vị cấp trên của “{unit.code}”: "
                "đơn vị đó trực thuộc chính đơn vị này."
            )
        parent = session.get(Unit, parent.parent_id) if parent.parent_id else None
    return _find(session, parent_code).id


def delete_unit(engine: Engine, who: str, unit_id: str) -> None:
    """Delete a unit nothing refers to (no plan, task, unit under it, not this database's own
    unit), logging what it held; otherwise say why not."""
    with transaction(engine) as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị.")
        reason = _in_use(session, unit)
        if reason:
            raise ServiceError(f"Không xóa được đơn vị “{unit.name}” ({unit.code}): {reason}.")
        log_delete(session, who, unit)
        session.delete(unit)


def _in_use(session: Session, unit: Unit) -> str:
    """Return why a unit cannot be deleted, or '' when nothing refers to it."""
    if session.exec(select(Plan.id).where(Plan.owner_unit_id == unit.id)).first():
        return "đơn vị này là chủ quản của kế hoạch"
    if session.exec(select(Task.id).where(Task.lead_unit_id == unit.id)).first():
        return "đơn vị này chủ trì nhiệm vụ trong kế hoạch"
    cooperating = col(Task.cooperating_unit_ids).contains(f'"{unit.id}"')
    if session.exec(select(Task.id).where(cooperating)).first():
        return "đơn vị này phối hợp thực hiện nhiệm vụ"
    if session.exec(select(Unit.id).where(Unit.parent_id == unit.id)).first():
        return "đơn vị này còn đơn vị trực thuộc"
    if own_code_of(session) == unit.code:
        return "đây là đơn vị của cơ sở dữ liệu này (đặt đơn vị khác bằng: carapp unit own MÃ)"
    return ""


def set_own_unit(engine: Engine, who: str, code: str) -> Unit:
    """Make a unit the one this database speaks for (no key file needed); return it."""
    with transaction(engine) as session:
        unit = _find(session, code)
        put_setting(session, who, OWN_UNIT_KEY, unit.code)
    return unit


def own_unit(engine: Engine) -> Unit | None:
    """Return the unit this database speaks for, or None when it is not set."""
    with reading(engine) as session:
        code = own_code_of(session)
        return session.exec(select(Unit).where(Unit.code == code)).first() if code else None

"""Units: the city, special zones, communes, departments and their offices."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import col, select

from carapp.db.models import Plan, Task, Unit
from carapp.domain.text import clean
from carapp.services.audit import apply_changes, log_create, log_delete
from carapp.services.common import NotFound, ServiceError, reading, transaction

KINDS = {
    "city": "Thành phố",
    "special_zone": "Đặc khu",
    "commune": "Xã",
    "ward": "Phường",
    "department": "Sở / Phòng",
    "office": "Cơ quan, đơn vị",
}


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


def create_unit(
    engine: Engine,
    who: str,
    code: str,
    name: str,
    kind: str = "office",
    parent_code: str = "",
    *,
    unit_id: str | None = None,
) -> Unit:
    """Add a unit; its code must be new. `unit_id` gives back the id of a unit added before
    (redoing an addition that was undone)."""
    code = code.strip()
    if not code or not clean(name):
        raise ServiceError("Mã và tên đơn vị không được để trống.")
    if kind not in KINDS:
        raise ServiceError(f"Loại đơn vị không hợp lệ: “{kind}”.")
    parent = unit_by_code(engine, parent_code) if parent_code else None
    with transaction(engine) as session:
        if session.exec(select(Unit).where(Unit.code == code)).first():
            raise ServiceError(f"Mã đơn vị “{code}” đã có.")
        if unit_id and session.get(Unit, unit_id) is not None:
            raise ServiceError(f"Đơn vị “{code}” đã có.")
        unit = Unit(code=code, name=clean(name), kind=kind, parent_id=parent.id if parent else None)
        if unit_id:
            unit.id = unit_id
        session.add(unit)
        log_create(session, who, unit)
    return unit


def update_unit(engine: Engine, who: str, unit_id: str, **changes: str) -> list[str]:
    """Change a unit's name or kind."""
    if set(changes) - {"name", "kind"}:
        raise ServiceError("Chỉ sửa được tên và loại đơn vị.")
    with transaction(engine) as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị.")
        return apply_changes(session, who, unit, {k: clean(v) for k, v in changes.items()})


def delete_unit(engine: Engine, who: str, unit_id: str) -> None:
    """Delete a unit nothing refers to (no plan, task or unit under it), logging what it held."""
    with transaction(engine) as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị.")
        label = f"Không xóa được đơn vị “{unit.name}” ({unit.code})"
        if session.exec(select(Plan.id).where(Plan.owner_unit_id == unit_id)).first():
            raise ServiceError(f"{label}: đơn vị này là chủ quản của kế hoạch.")
        if session.exec(select(Task.id).where(Task.lead_unit_id == unit_id)).first():
            raise ServiceError(f"{label}: đơn vị này chủ trì nhiệm vụ trong kế hoạch.")
        cooperating = col(Task.cooperating_unit_ids).contains(f'"{unit_id}"')
        if session.exec(select(Task.id).where(cooperating)).first():
            raise ServiceError(f"{label}: đơn vị này phối hợp thực hiện nhiệm vụ.")
        if session.exec(select(Unit.id).where(Unit.parent_id == unit_id)).first():
            raise ServiceError(f"{label}: đơn vị này còn đơn vị trực thuộc.")
        log_delete(session, who, unit)
        session.delete(unit)

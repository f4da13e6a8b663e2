"""A plan's life after import: rename it, archive it (out of lists, packages and counts, still
readable and printable) and bring it back."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from carapp.db.models import Plan, utcnow
from carapp.domain.text import clean
from carapp.services.audit import apply_changes
from carapp.services.common import NotFound, ServiceError, transaction
from carapp.services.sync.ownership import check_plan_change


def plan_for_change(session: Session, plan_id: str) -> Plan:
    """Return a plan this database may change, or say why not."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound("Không tìm thấy kế hoạch.")
    check_plan_change(session, plan_id)
    return plan


def rename_plan(engine: Engine, who: str, plan_id: str, title: str) -> bool:
    """Give a plan a new title; return whether it changed."""
    new = clean(title)
    if not new:
        raise ServiceError("Tên kế hoạch không được để trống.")
    with transaction(engine) as session:
        plan = plan_for_change(session, plan_id)
        return bool(apply_changes(session, who, plan, {"title": new}))


def archive_plan(engine: Engine, who: str, plan_id: str) -> bool:
    """Archive a plan; return False when it already was."""
    with transaction(engine) as session:
        plan = plan_for_change(session, plan_id)
        if plan.archived_at is not None:
            return False
        apply_changes(session, who, plan, {"archived_at": utcnow()})
    return True


def unarchive_plan(engine: Engine, who: str, plan_id: str) -> bool:
    """Bring an archived plan back into lists and packages; return False when it was not."""
    with transaction(engine) as session:
        plan = plan_for_change(session, plan_id)
        if plan.archived_at is None:
            return False
        apply_changes(session, who, plan, {"archived_at": None})
    return True

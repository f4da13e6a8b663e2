"""Delete a plan, keeping everything it held in a JSON file that can bring it back.

The file (``ke-hoach-da-xoa/<time>-<id>.json`` next to the SQLite database, or in the user data
folder for another database) holds the plan and every row under it — sections, targets,
measurements, tasks, progress records — with their ids, so that `restore_deleted_plan` puts the
same rows back. The window's undo calls the same pair with the snapshot dict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, select

from carapp.db.engine import sqlite_path
from carapp.db.models import (
    AuditEntry,
    Measurement,
    Plan,
    ProgressRecord,
    Section,
    Target,
    Task,
    Unit,
    utcnow,
)
from carapp.domain.os_errors import os_reason
from carapp.fileio import atomic_write_bytes
from carapp.services.audit import log_create, log_delete
from carapp.services.backups import backup_before
from carapp.services.common import ServiceError, transaction
from carapp.services.plan_lifecycle import plan_for_change
from carapp.services.plan_rows import parents_first, plan_rows, rows_from_json

FOLDER = "ke-hoach-da-xoa"
FORMAT = "carapp-ke-hoach-da-xoa"
# Payload list -> table, parents before children.
PARTS: tuple[tuple[str, type[SQLModel]], ...] = (
    ("sections", Section),
    ("targets", Target),
    ("measurements", Measurement),
    ("tasks", Task),
    ("progress", ProgressRecord),
)
_LABELS = {
    "sections": "mục",
    "targets": "chỉ tiêu",
    "measurements": "số liệu chỉ tiêu",
    "tasks": "nhiệm vụ",
    "progress": "tiến độ",
}


@dataclass(frozen=True)
class DeletedPlan:
    """A deleted plan: where its backup went and what it held (for restore_deleted_plan)."""

    path: Path
    snapshot: dict[str, Any]

    @property
    def title(self) -> str:
        """Return the deleted plan's title."""
        return str(self.snapshot["plan"]["title"])

    @property
    def task_count(self) -> int:
        """Return how many tasks the plan held."""
        return len(self.snapshot["tasks"])


def backup_folder(engine: Engine) -> Path:
    """Return the folder of deleted plans' backups: beside the SQLite file, else user data."""
    database = sqlite_path(engine.url.render_as_string(hide_password=False))
    base = database.parent if database else Path(user_data_dir("carapp", appauthor=False))
    return base / FOLDER


def plan_snapshot(session: Session, plan: Plan, who: str, at: datetime) -> dict[str, Any]:
    """Return everything a plan holds as JSON-ready data."""
    owner = session.get(Unit, plan.owner_unit_id)
    snapshot: dict[str, Any] = {
        "format": FORMAT,
        "version": 1,
        "deleted_at": at.isoformat(),
        "deleted_by": who,
        "owner": {
            "id": plan.owner_unit_id,
            "code": owner.code if owner else "",
            "name": owner.name if owner else "",
        },
        "plan": plan_rows(session, Plan, plan.id)[0],
    }
    for key, model in PARTS:
        snapshot[key] = plan_rows(session, model, plan.id)
    snapshot["tasks"] = parents_first(snapshot["tasks"])
    return snapshot


def _backup_path(folder: Path, plan: Plan, at: datetime) -> Path:
    return folder / f"{at.astimezone().strftime('%Y%m%d-%H%M%S')}-{plan.id[:8]}.json"


def _audit_rows(who: str, action: str, snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Return one audit row per row under the plan, naming the plan it went or came with."""
    plan_id, at = snapshot["plan"]["id"], utcnow()
    old, new = (plan_id, None) if action == "delete" else (None, plan_id)
    return [
        {
            "at": at,
            "who": who,
            "action": action,
            "entity": str(model.__tablename__),
            "entity_id": row["id"],
            "field": "plan_id",
            "old": old,
            "new": new,
        }
        for key, model in PARTS
        for row in snapshot[key]
    ]


def _note(who: str, action: str, plan_id: str, path: str) -> AuditEntry:
    return AuditEntry(
        who=who, action=action, entity="plan", entity_id=plan_id, field="backup_file", new=path
    )


def delete_plan(
    engine: Engine, who: str, plan_id: str, *, folder: Path | None = None
) -> DeletedPlan:
    """Delete a plan and everything under it in one audited transaction, after writing its
    backup; return the backup's path and the snapshot (restore_deleted_plan takes either)."""
    target = folder or backup_folder(engine)
    at = utcnow()
    path: Path | None = None
    backup_before(engine, "truoc-xoa")  # the whole database too, kept in the bounded store
    try:
        with transaction(engine) as session:
            plan = plan_for_change(session, plan_id)
            snapshot = plan_snapshot(session, plan, who, at)
            path = _write_backup(target, _backup_path(target, plan, at), snapshot)
            rows = _audit_rows(who, "delete", snapshot)
            if rows:
                session.execute(insert(AuditEntry.__table__), rows)  # type: ignore[attr-defined]
            log_delete(session, who, plan)
            session.add(_note(who, "delete", plan.id, str(path)))
            session.delete(plan)  # sections, tasks … go with it (ON DELETE CASCADE)
    except BaseException:
        if path is not None:
            path.unlink(missing_ok=True)
        raise
    return DeletedPlan(path, snapshot)


def _write_backup(folder: Path, path: Path, snapshot: dict[str, Any]) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(snapshot, ensure_ascii=False).encode("utf-8")
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise ServiceError(
            f"Không ghi được bản lưu kế hoạch vào “{folder}” ({os_reason(exc)}); chưa xóa gì."
        ) from exc
    return path


def read_backup(path: str | Path) -> dict[str, Any]:
    """Read a deleted plan's backup file, with a clear message when it is not one."""
    name = Path(path).name
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ServiceError(f"Không đọc được tệp “{name}”: {os_reason(exc)}.") from exc
    except ValueError as exc:
        raise ServiceError(f"Tệp “{name}” không phải bản lưu kế hoạch đã xóa (JSON).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ServiceError(f"Tệp “{name}” không phải bản lưu kế hoạch đã xóa của carapp.")
    return data


def restore_deleted_plan(engine: Engine, who: str, source: str | Path | dict[str, Any]) -> Plan:
    """Bring back a plan deleted by delete_plan, every row with its id, in one transaction.

    Refused (nothing written) when the plan is still there or its owner unit is gone.
    """
    data = source if isinstance(source, dict) else read_backup(source)
    try:
        with transaction(engine) as session:
            plan = _restore_plan(session, who, data)
            for key, model in PARTS:
                _restore_rows(session, key, model, data[key])
            rows = _audit_rows(who, "create", data)
            if rows:
                session.execute(insert(AuditEntry.__table__), rows)  # type: ignore[attr-defined]
    except (KeyError, TypeError, ValueError) as exc:
        raise ServiceError(
            "Bản lưu kế hoạch bị hỏng hoặc thiếu dữ liệu; chưa khôi phục gì."
        ) from exc
    return plan


def _restore_plan(session: Session, who: str, data: dict[str, Any]) -> Plan:
    values = dict(data["plan"])
    if session.get(Plan, values["id"]) is not None:
        raise ServiceError(
            f"Kế hoạch “{values['title']}” vẫn còn trong cơ sở dữ liệu; không cần khôi phục."
        )
    owner = _owner(session, data)
    values["owner_unit_id"] = owner.id
    plan = Plan.model_validate(values)  # one row: the ORM object, for log_create
    session.add(plan)
    log_create(session, who, plan)
    session.flush()
    return plan


def _owner(session: Session, data: dict[str, Any]) -> Unit:
    """Return the plan's owner unit: the same row, or the unit added again with its code."""
    owner = data["owner"]
    unit = session.get(Unit, owner["id"])
    if unit is None and owner.get("code"):
        unit = session.exec(select(Unit).where(Unit.code == owner["code"])).first()
    if unit is None:
        raise ServiceError(
            f"Đơn vị sở hữu kế hoạch ({owner.get('code')} — {owner.get('name')}) không còn "
            f"trong cơ sở dữ liệu: thêm lại đơn vị (carapp unit add {owner.get('code')} "
            '--name "…") rồi khôi phục; chưa khôi phục gì.'
        )
    return unit


def _restore_rows(
    session: Session, key: str, model: type[SQLModel], rows: list[dict[str, Any]]
) -> None:
    if not rows:
        return
    table = model.__table__  # type: ignore[attr-defined]
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), 500):
        clash = session.execute(
            sa_select(table.c.id).where(table.c.id.in_(ids[start : start + 500]))
        ).first()
        if clash is not None:
            raise ServiceError(
                f"Bản lưu có {_LABELS[key]} mã “{clash[0]}” trùng với dữ liệu đang có; "
                "chưa khôi phục gì."
            )
    values = rows_from_json(model, rows)
    if model is Task:
        units = {u for u in session.exec(select(Unit.id))}
        for row in values:
            if row["lead_unit_id"] not in units:
                row["lead_unit_id"] = None
    session.execute(insert(table), values)

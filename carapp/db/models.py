"""The tables of a carapp database (DESIGN.md, "Data model")."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def new_id() -> str:
    """Return a fresh UUID as text, so records from many units never collide."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Return the current time, aware, in UTC."""
    return datetime.now(UTC)


class Synced(SQLModel):
    """Columns every synced table carries: id, timestamps and a revision counter."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    revision: int = Field(default=1)


class Unit(Synced, table=True):
    """An administrative body: the city, a special zone, a commune, a department, an office."""

    code: str = Field(index=True, unique=True, max_length=32)
    name: str
    kind: str = Field(default="office", max_length=20)
    parent_id: str | None = Field(default=None, foreign_key="unit.id", ondelete="SET NULL")
    # The unit's own set-up, printed on its documents (defaults for each new plan and report):
    # the parent body above the issuer ("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"), the issuing body
    # as printed, one line per printed line ("ỦY BAN NHÂN DÂN\nĐẶC KHU BẠCH LONG VĨ"), the place
    # of the date line ("Bạch Long Vĩ"), the abbreviation after a document number ("UBND" in
    # "…/BC-UBND"), and the signature block (authority and deputy lines, post, signer's name).
    parent_body: str = ""
    letterhead: str = ""
    place: str = ""
    abbreviation: str = ""
    sign_authority: str = ""
    sign_post: str = ""
    sign_name: str = ""


class Plan(Synced, table=True):
    """A reform plan (Kế hoạch) with its header and appendix lines."""

    owner_unit_id: str = Field(foreign_key="unit.id", index=True, ondelete="RESTRICT")
    kind: str = Field(default="five_year", max_length=20)
    title: str
    document_type: str = Field(default="KẾ HOẠCH")
    number: str = ""
    issued_on: date | None = None
    issuer: str = ""
    parent_issuer: str = ""
    place: str = ""
    attached_to: str = ""
    appendix_label: str = "Phụ lục"
    appendix_title: str = ""
    appendix_attached_to: str = ""
    start_year: int
    end_year: int
    parent_reference: str = ""
    parent_plan_id: str | None = Field(default=None, index=True)
    state: str = Field(default="approved", max_length=20)
    sign_authority: str = ""
    sign_post: str = ""
    sign_name: str = ""
    recipients: str = ""
    # Set when the officer archives the plan: still readable and printable, but out of lists,
    # packages and counts.
    archived_at: datetime | None = None


class Section(Synced, table=True):
    """A section of a plan's appendix ("I", "CẢI CÁCH THỂ CHẾ") tied to a reform area."""

    plan_id: str = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    position: int
    numeral: str
    title: str
    area: str = Field(default="other", max_length=24)


class Target(Synced, table=True):
    """A measurable objective of a section ("… đạt tối thiểu 85%")."""

    section_id: str = Field(foreign_key="section.id", index=True, ondelete="CASCADE")
    position: int = 0
    text: str
    indicator: str = ""
    comparator: str = Field(default="at_least", max_length=16)
    value: float | None = None
    unit: str = ""
    baseline: str = ""
    due: str = ""


class Measurement(Synced, table=True):
    """The actual value of a target in one reporting period."""

    __table_args__ = (UniqueConstraint("target_id", "period"),)

    target_id: str = Field(foreign_key="target.id", index=True, ondelete="CASCADE")
    period: str = Field(max_length=8)
    actual_value: float | None = None
    note: str = ""


class Task(Synced, table=True):
    """A task (Nhiệm vụ) of a plan's appendix, every text as printed plus its parsed deadline."""

    plan_id: str = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    section_id: str = Field(foreign_key="section.id", index=True, ondelete="CASCADE")
    position: int
    number: str = ""
    code: str = ""
    content: str
    lead: str = ""
    lead_unit_id: str | None = Field(default=None, foreign_key="unit.id", ondelete="SET NULL")
    cooperating: str = ""
    cooperating_unit_ids: str = "[]"
    output: str = ""
    deadline_text: str = ""
    deadline_start: date | None = None
    deadline_end: date | None = None
    recurrence: str = Field(default="none", max_length=12)
    due_month_day: str = ""
    deadline_understood: bool = True
    assigning_document: str = ""
    parent_task_id: str | None = Field(default=None, index=True)
    # The outline inside the plan (apart from parent_task_id, the city task it implements): the
    # numbered item or group heading this sub-item sits under, the marker it was printed with
    # ("-", "+", "a)" or ""), and whether the row is a group heading (its status is the roll-up
    # of its children; it is not counted as a task).
    outline_parent_id: str | None = Field(
        default=None, foreign_key="task.id", index=True, ondelete="CASCADE"
    )
    marker: str = Field(default="", max_length=8)
    is_heading: bool = False
    origin: str = Field(default="unit", max_length=8)
    search_key: str = ""


class ProgressRecord(Synced, table=True):
    """What a task achieved in one reporting period; the latest period is its current state."""

    __tablename__ = "progress_record"

    __table_args__ = (UniqueConstraint("task_id", "period"),)

    task_id: str = Field(foreign_key="task.id", index=True, ondelete="CASCADE")
    period: str = Field(max_length=8, index=True)
    status: str = Field(default="not_started", max_length=16)
    percent: int | None = None
    description: str = ""
    completed_on: date | None = None
    evidence: str = "[]"
    difficulties: str = ""
    proposals: str = ""
    updated_by: str = ""


# Which task a progress record belonged to is kept in the audit only (records may be deleted):
# a task's history finds its records' ids through these partial indexes (migration 0004).
RECORD_TASK = "entity = 'progress_record' AND field = 'task_id'"


def _record_task_index(column: str) -> Index:
    # Migration 0004 makes the same partial index on PostgreSQL; `postgresql_where` here would
    # import SQLAlchemy's PostgreSQL dialects (asyncpg, pg8000 …) at every start of the window.
    return Index(f"ix_audit_entry_record_task_{column}", column, sqlite_where=text(RECORD_TASK))


class AuditEntry(SQLModel, table=True):
    """One field changed by one user action; append-only, written in the change's transaction."""

    __tablename__ = "audit_entry"
    __table_args__ = (_record_task_index("new"), _record_task_index("old"))

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    who: str = ""
    action: str = Field(default="update", max_length=8)
    entity: str = Field(max_length=24)
    entity_id: str = Field(index=True, max_length=36)
    field: str = ""
    old: str | None = None
    new: str | None = None


class PackageRecord(SQLModel, table=True):
    """A sync package sent or received, with its verification and receipt.

    One record per (direction, kind, unit, sequence): the database itself refuses a second
    one, so two officers importing the same folder at once import each package exactly once.
    """

    __tablename__ = "package_record"
    __table_args__ = (
        Index(
            "uq_package_record_sequence", "direction", "kind", "unit_code", "sequence", unique=True
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    direction: str = Field(max_length=4)
    kind: str = Field(default="report", max_length=12)
    unit_code: str = Field(index=True, max_length=32)
    sequence: int
    period: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    file_name: str = ""
    sha256: str = Field(default="", max_length=64)
    signer_subject: str = ""
    signer_fingerprint: str = ""
    verification: str = ""
    imported_at: datetime | None = None
    receipt_at: datetime | None = None
    receipt_sha256: str = ""


class PackageBody(SQLModel, table=True):
    """What a received package carried, kept as the record of what arrived (issue 13).

    Keyed by the SHA-256 of its manifest.json (`PackageRecord.sha256` of the import): the
    manifest, its CMS signature and the zlib-compressed data.json are enough to verify again,
    later and anywhere, that these rows came signed from that unit (the manifest lists the
    SHA-256 of data.json). Rows a package creates get one audit entry naming this key instead of
    one entry per field.
    """

    __tablename__ = "package_body"

    sha256: str = Field(primary_key=True, max_length=64)
    manifest: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    data_zlib: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    received_at: datetime = Field(default_factory=utcnow)


class Setting(SQLModel, table=True):
    """A named setting of this database (mode, own unit, reporting due dates …)."""

    key: str = Field(primary_key=True, max_length=64)
    value: str = ""

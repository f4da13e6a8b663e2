"""The packages this database sent and received, as the window and `package list` show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import col, select

from carapp.db.models import PackageRecord, Unit
from carapp.domain.vietnam_time import shown
from carapp.services.common import reading

# --- listings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageView:
    """A package sent or received, as lists show it."""

    direction: str
    kind: str
    unit_code: str
    unit_name: str
    sequence: int
    period: str
    file_name: str
    created_at: datetime
    signer_subject: str
    verification: str
    imported_at: datetime | None
    receipt_at: datetime | None

    @property
    def received(self) -> bool:
        """Tell whether the other side confirmed it (a receipt came back, or was sent)."""
        return self.receipt_at is not None

    @property
    def state_label(self) -> str:
        """Return "Đã nhận 10:30 12/03/2026" or "Chưa có biên nhận"."""
        if self.receipt_at is None:
            return "Chưa có biên nhận"
        return "Đã nhận " + shown(self.receipt_at)


def list_packages(engine: Engine, direction: str | None = None) -> list[PackageView]:
    """Return the packages sent (``out``), received (``in``) or both, newest first."""
    with reading(engine) as session:
        names = {u.code: u.name for u in session.exec(select(Unit))}
        query = select(PackageRecord)
        if direction:
            query = query.where(PackageRecord.direction == direction)
        rows = session.exec(query.order_by(col(PackageRecord.created_at).desc())).all()
    return [
        PackageView(
            r.direction,
            r.kind,
            r.unit_code,
            names.get(r.unit_code, ""),
            r.sequence,
            r.period,
            r.file_name,
            r.created_at,
            r.signer_subject,
            r.verification,
            r.imported_at,
            r.receipt_at,
        )
        for r in rows
    ]

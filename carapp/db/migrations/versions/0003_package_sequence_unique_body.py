"""one record per package sequence; received package bodies

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

- package_record: a unique index on (direction, kind, unit_code, sequence), so that two officers
  importing the same folder at the same time import each package exactly once — the database
  refuses the second record. An index, not a table constraint: SQLite adds it in place, where a
  batch "move and copy" would drop the old table. Records that are exact copies (same package,
  same manifest SHA-256: what such a race could leave before this revision) are removed first,
  keeping the earliest;
- package_body: what a received package carried (manifest, signature, data.json compressed),
  keyed by the manifest SHA-256, so rows a package creates need one audit entry, not one a field.

Portable Alembic operations only: it runs on SQLite and PostgreSQL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = ("direction", "kind", "unit_code", "sequence")


def _remove_exact_copies() -> None:
    record = sa.table(
        "package_record",
        sa.column("id"),
        sa.column("sha256"),
        sa.column("imported_at"),
        *(sa.column(name) for name in KEY),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(record.c.id, record.c.sha256, *(record.c[n] for n in KEY)).order_by(
            record.c.imported_at, record.c.id
        )
    ).all()
    seen: set[tuple[object, ...]] = set()
    copies = []
    for row in rows:
        key = tuple(row._mapping[n] for n in ("sha256", *KEY))
        if key in seen:
            copies.append(row.id)
        seen.add(key)
    if copies:
        bind.execute(sa.delete(record).where(record.c.id.in_(copies)))


def upgrade() -> None:
    _remove_exact_copies()
    op.create_index("uq_package_record_sequence", "package_record", list(KEY), unique=True)
    op.create_table(
        "package_body",
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("manifest", sa.LargeBinary(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("data_zlib", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )


def downgrade() -> None:
    op.drop_table("package_body")
    op.drop_index("uq_package_record_sequence", table_name="package_record")

"""a task's progress records found in the audit by index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

A task's history lists its progress records, deleted ones too, whose task is known only from
the audit entries `entity = 'progress_record' AND field = 'task_id'` (their `new` when created,
`old` when deleted). Without an index that lookup scanned the whole audit: 91–99 ms per
selected task on 20,000 tasks with 300,000 audit rows. Two partial indexes hold only those
entries (ids of 36 characters), so they stay small. Portable: SQLite and PostgreSQL both have
partial indexes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECORD_TASK = "entity = 'progress_record' AND field = 'task_id'"


def upgrade() -> None:
    for column in ("new", "old"):
        where = sa.text(RECORD_TASK)
        op.create_index(
            f"ix_audit_entry_record_task_{column}",
            "audit_entry",
            [column],
            sqlite_where=where,
            postgresql_where=where,
        )


def downgrade() -> None:
    for column in ("old", "new"):
        op.drop_index(f"ix_audit_entry_record_task_{column}", table_name="audit_entry")

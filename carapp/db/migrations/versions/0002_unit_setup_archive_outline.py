"""unit set-up, plan archive, task outline

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

- unit: the set-up printed on the unit's documents (parent body, issuing body lines, place,
  abbreviation, signature block);
- plan: archived_at (an archived plan leaves lists, packages and counts);
- task: the outline inside a plan (outline_parent_id, marker, is_heading), apart from
  parent_task_id (the city task a task implements).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIT_TEXTS = (
    "parent_body",
    "letterhead",
    "place",
    "abbreviation",
    "sign_authority",
    "sign_post",
    "sign_name",
)


def upgrade() -> None:
    # Plain ADD COLUMN everywhere (SQLite accepts a REFERENCES clause there): a batch "move and
    # copy" of a table drops the old one, which with foreign keys on runs the ON DELETE actions
    # of the rows pointing at it (progress records deleted, lead units set to NULL).
    for name in UNIT_TEXTS:
        op.add_column(
            "unit",
            sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""),
        )
    op.add_column("plan", sa.Column("archived_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE task ADD COLUMN outline_parent_id VARCHAR(36)"
            " REFERENCES task (id) ON DELETE CASCADE"
        )
    else:
        op.add_column(
            "task",
            sa.Column("outline_parent_id", sqlmodel.sql.sqltypes.AutoString(length=36)),
        )
        op.create_foreign_key(
            "fk_task_outline_parent_id_task",
            "task",
            "task",
            ["outline_parent_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.add_column(
        "task",
        sa.Column(
            "marker", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default=""
        ),
    )
    op.add_column(
        "task", sa.Column("is_heading", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.create_index("ix_task_outline_parent_id", "task", ["outline_parent_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_task_outline_parent_id", table_name="task")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("is_heading")
        batch_op.drop_column("marker")
        batch_op.drop_column("outline_parent_id")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        for name in reversed(UNIT_TEXTS):
            batch_op.drop_column(name)

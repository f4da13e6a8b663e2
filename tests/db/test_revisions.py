"""Revisions read without Alembic agree with Alembic's own reading of the scripts."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine

from carapp.db import revisions
from carapp.db.migrate import alembic_config


def test_scripts_and_head_as_alembic_reads_them() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert revisions.script_revisions() == {
        rev.revision: rev.down_revision for rev in script.walk_revisions()
    }
    assert revisions.head() == script.get_current_head()


def test_stored_revision_as_alembic_reads_it(engine: Engine) -> None:
    with engine.connect() as conn:
        assert (
            revisions.stored_revision(conn)
            == MigrationContext.configure(conn).get_current_revision()
        )
        assert revisions.stored_revision(conn) == revisions.head()


def test_a_new_file_has_no_revision() -> None:
    with create_engine("sqlite://").connect() as conn:
        assert revisions.stored_revision(conn) is None

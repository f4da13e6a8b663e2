"""The schema revisions carapp knows and the one a database holds, without importing Alembic.

Importing Alembic costs ~0.2 s (it pulls Mako and every dialect's DDL); opening an
up-to-date database needs none of it. The revisions are read from the migration scripts'
`revision = …` / `down_revision = …` lines (parsed, not run) and the database's from the
`alembic_version` table with a plain query. Alembic is imported only to migrate.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from sqlalchemy import Connection, inspect, text

VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
VERSION_TABLE = "alembic_version"


@functools.cache
def script_revisions() -> dict[str, str | None]:
    """Return {revision: down_revision} of every migration script."""
    found: dict[str, str | None] = {}
    for script in sorted(VERSIONS.glob("*.py")):
        values = _constants(ast.parse(script.read_text(encoding="utf-8")))
        revision = values.get("revision")
        if isinstance(revision, str):
            down = values.get("down_revision")
            found[revision] = down if isinstance(down, str) else None
    if not found:  # scripts shipped compiled only: ask Alembic
        found = _alembic_revisions()
    return found


def _constants(module: ast.Module) -> dict[str, object]:
    values: dict[str, object] = {}
    for node in module.body:
        target: ast.expr | None = None
        if isinstance(node, ast.AnnAssign):
            target = node.target
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and isinstance(value, ast.Constant):
            values[target.id] = value.value
    return values


def _alembic_revisions() -> dict[str, str | None]:
    from alembic.script import ScriptDirectory

    from carapp.db.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {rev.revision: rev.down_revision for rev in script.walk_revisions()}  # type: ignore[misc]


def head() -> str:
    """Return the newest revision: the one no other script names as its down revision."""
    revisions = script_revisions()
    downs = set(revisions.values())
    heads = [rev for rev in revisions if rev not in downs]
    if len(heads) != 1:
        raise RuntimeError(f"carapp's migrations must have one head, found {heads}")
    return heads[0]


def stored_revision(connection: Connection) -> str | None:
    """Return the revision recorded in the database, None when it has none (a new file)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    row = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return str(row[0]) if row is not None else None

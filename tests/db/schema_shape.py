"""The shape of a SQLite schema and the contents of its rows, to compare two databases."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any


def schema(path: Path) -> dict[str, Any]:
    """Return every table's columns, indexes, foreign keys (with ON DELETE) and the triggers."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        shape: dict[str, Any] = {t: _table(conn, t) for t in tables}
        shape["(triggers)"] = {
            name: _squash(sql)
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type='trigger'"
            )
        }
    return shape


def _table(conn: sqlite3.Connection, table: str) -> dict[str, Any]:
    # Columns by name (a batch migration may append where a fresh table lists them in order).
    columns = {
        name: (kind.upper(), bool(notnull), default, pk)
        for _cid, name, kind, notnull, default, pk in conn.execute(f'PRAGMA table_info("{table}")')
    }
    indexes = {
        (
            bool(unique),
            origin,
            tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{name}")')),
        )
        for _seq, name, unique, origin, _partial in conn.execute(f'PRAGMA index_list("{table}")')
    }
    keys = {
        (target, source, to, on_update, on_delete)
        for _id, _seq, target, source, to, on_update, on_delete, _match in conn.execute(
            f'PRAGMA foreign_key_list("{table}")'
        )
    }
    return {"columns": columns, "indexes": indexes, "foreign keys": keys}


def _squash(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip().lower()


def rows(path: Path, columns_of: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Return every table's rows, sorted, restricted to `columns_of[table]` when given."""
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        result = {}
        for table in tables:
            names = (columns_of or {}).get(table) or [
                r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')
            ]
            listed = ", ".join(f'"{n}"' for n in names)
            result[table] = sorted(
                conn.execute(f'SELECT {listed} FROM "{table}"').fetchall(), key=repr
            )
        return result


def column_names(path: Path) -> dict[str, list[str]]:
    """Return each table's column names."""
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}

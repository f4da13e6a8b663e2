"""services.sync.bulk_insert: the driver's executemany (COPY on PostgreSQL) stores what
SQLAlchemy's insert stores. Run on both engines (the `engine` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Table, insert, select
from sqlalchemy.exc import IntegrityError, StatementError

from carapp.db.migrate import open_database
from carapp.db.models import AuditEntry, Unit
from carapp.services.sync import bulk_insert
from carapp.services.sync.bulk_insert import insert_rows
from tests import databases

AUDIT: Table = AuditEntry.__table__  # type: ignore[attr-defined]
HANOI = timezone(timedelta(hours=7))


def _rows() -> list[dict[str, Any]]:
    return [
        {
            "at": datetime(2026, 3, 1, 8, 30, tzinfo=HANOI),
            "who": "BLV (gói số 1)",
            "action": "create",
            "entity": "task",
            "entity_id": f"t-{i}",
            "field": "package",
            "old": None,
            "new": "Đặc khu Bạch Long Vĩ",
        }
        for i in range(3)
    ]


def _stored(engine: Engine) -> list[tuple[Any, ...]]:
    columns = [c for c in AUDIT.columns if c.key != "id"]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*columns).order_by(AUDIT.c.entity_id))]


def _through_sqlalchemy(folder: Path, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    other = open_database(databases.new_database(folder, "other"))
    with other.begin() as conn:
        conn.execute(insert(AUDIT), rows)
    return _stored(other)


def _spy_fast_path(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    taken: list[bool] = []
    allowed = bulk_insert._fast_path_allowed

    def spy(*args: Any) -> bool:
        taken.append(allowed(*args))
        return taken[-1]

    monkeypatch.setattr(bulk_insert, "_fast_path_allowed", spy)
    return taken


def test_the_rows_are_stored_as_sqlalchemy_stores_them(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    expected = _through_sqlalchemy(tmp_path, _rows())
    taken = _spy_fast_path(monkeypatch)
    with engine.begin() as conn:
        insert_rows(conn, AUDIT, _rows())
    assert taken == [True]
    assert _stored(engine) == expected
    assert expected[0][0] == datetime(2026, 3, 1, 1, 30, tzinfo=UTC)  # aware, in UTC


def test_a_left_out_column_with_a_python_default_goes_through_sqlalchemy(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [{k: v for k, v in row.items() if k != "at"} for row in _rows()]
    taken = _spy_fast_path(monkeypatch)
    with engine.begin() as conn:
        insert_rows(conn, AUDIT, rows)
    assert taken == [False]
    assert all(stored[0] is not None for stored in _stored(engine))  # the default filled it


def test_rows_with_different_keys_are_refused_as_sqlalchemy_refuses_them(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows()
    del rows[1]["old"]
    taken = _spy_fast_path(monkeypatch)
    with pytest.raises(StatementError, match="old"), engine.begin() as conn:
        insert_rows(conn, AUDIT, rows)
    assert taken == [False]
    assert _stored(engine) == []


def test_nothing_to_insert_does_nothing(engine: Engine) -> None:
    with engine.begin() as conn:
        insert_rows(conn, AUDIT, [])
    assert _stored(engine) == []


def test_equal_values_of_different_types_are_converted_each_as_itself() -> None:
    """1, 1.0 and True are equal dict keys: a column mixing them is not memoised by value."""
    assert bulk_insert._processed_column([1, 1.0, True, None], repr) == ["1", "1.0", "True", "None"]
    assert bulk_insert._processed_column([1, 1, None], repr) == ["1", "1", "None"]


def test_unhashable_values_are_converted_one_by_one() -> None:
    assert bulk_insert._processed_column([[1], [2], None], str) == ["[1]", "[2]", "None"]


def test_a_broken_rule_is_sqlalchemys_integrity_error_on_either_engine(engine: Engine) -> None:
    """On PostgreSQL the rows go by COPY, which the driver reports in its own classes."""
    unit: Table = Unit.__table__  # type: ignore[attr-defined]
    now = datetime(2026, 3, 1, tzinfo=UTC)
    row = {
        "id": "11111111-2222-4333-8444-555555555555",
        "created_at": now,
        "updated_at": now,
        "revision": 1,
        "code": "BLV",
        "name": "Đặc khu Bạch Long Vĩ",
        "kind": "ward",
        "parent_id": None,
    }
    with pytest.raises(IntegrityError), engine.begin() as conn:
        insert_rows(conn, unit, [row, {**row, "code": "CHI"}])  # the same id twice
    with engine.connect() as conn:
        assert conn.execute(select(unit.c.id)).all() == []

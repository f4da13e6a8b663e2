"""sync.payload_rows: the worker's light table of columns matches the city's models."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel.sql.sqltypes import UTCDateTime

from carapp.services.sync.snapshot_tables import TABLES, table_columns
from carapp.sync import payload_rows

_JSON_LISTS = {"task": ("cooperating_unit_ids",), "progress_record": ("evidence",)}


def _from_models(table: str) -> list[tuple[str, str]]:
    kinds = []
    for column in table_columns(table):
        python_type = column.type.python_type
        if isinstance(column.type, UTCDateTime) or python_type is datetime:
            kind = "datetime"
        elif python_type is date:
            kind = "date"
        elif column.name in _JSON_LISTS.get(table, ()):
            kind = "json"
        elif python_type is float:
            kind = "float"
        else:
            kind = ""
        kinds.append((column.name, kind))
    return kinds


def test_the_columns_and_their_conversions_are_the_models() -> None:
    """A column added to a model (and to the payload) must be added to payload_rows too."""
    assert set(payload_rows.CONVERSIONS) == set(TABLES)
    for table in TABLES:
        assert list(payload_rows.CONVERSIONS[table]) == _from_models(table), table


def test_a_payload_row_is_converted_and_a_task_gets_its_search_key() -> None:
    task = {name: None for name, _ in payload_rows.CONVERSIONS["task"]}
    task.update(
        created_at="2026-03-01T08:30:00+07:00",
        deadline_start="2026-01-01",
        cooperating_unit_ids=["a"],
        number="1",
        content="Rà soát thủ tục hành chính",
    )
    data = {key: [] for key, _ in payload_rows.LISTS}
    data["tasks"] = [task]
    [row] = payload_rows.payload_rows(data)["task"]
    assert row["created_at"] == datetime.fromisoformat("2026-03-01T01:30:00+00:00")
    assert row["deadline_start"] == date(2026, 1, 1)
    assert row["cooperating_unit_ids"] == '["a"]'
    assert row["search_key"] == "1 ra soat thu tuc hanh chinh"

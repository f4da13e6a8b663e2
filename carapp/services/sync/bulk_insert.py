"""Insert many rows through the DB-API's executemany, without SQLAlchemy's per-row work.

`conn.execute(insert(table), rows)` has SQLAlchemy build and process a parameter set per row
(defaults, type processing, a dict per row): about a third of writing a city import's 56,000
data and audit rows. `insert_rows` compiles the INSERT once per table, column set and dialect
(SQLAlchemy still writes the SQL, in the dialect's own parameter style: portable to SQLite and
PostgreSQL), converts each value with the column type's own bind processor, and hands the rows
to the driver's executemany through `exec_driver_sql`, in the caller's transaction; on
PostgreSQL through COPY (see `_copy`).

The fast path only runs when it cannot differ from SQLAlchemy's: every row has the same keys,
all of them columns of the table, and every column left out has no Python-side default (the
database fills it, or it is NULL). Otherwise the rows go through `conn.execute` as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Plan:
    sql: str
    names: tuple[str, ...]  # the rows' keys, in the order the parameters are given
    processors: tuple[Processor, ...]
    positional: bool


_plans: dict[tuple[Table, tuple[str, ...], str, str], _Plan] = {}


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (dicts of column values) into `table`, in the caller's transaction."""
    if not rows:
        return
    names = tuple(rows[0])
    if not _fast_path_allowed(table, names, rows):
        conn.execute(insert(table), [dict(r) for r in rows])
        return
    plan = _plan(table, names, conn.dialect)
    getter = itemgetter(*plan.names)
    if len(plan.names) == 1:
        columns: list[Sequence[Any]] = [[row[plan.names[0]] for row in rows]]
    else:
        columns = list(zip(*map(getter, rows), strict=True))
    for i, process in enumerate(plan.processors):
        if process is not None:
            columns[i] = _processed_column(columns[i], process)
    values = list(zip(*columns, strict=True))
    if conn.dialect.name == "postgresql":
        _copy(conn, table, plan.names, values)
        return
    params = values if plan.positional else [dict(zip(plan.names, v, strict=True)) for v in values]
    conn.exec_driver_sql(plan.sql, params)


def _copy(conn: Connection, table: Table, names: Sequence[str], values: list[Any]) -> None:
    """Send the rows to PostgreSQL with COPY … FROM STDIN in the caller's transaction.

    An INSERT per row costs the server a statement each (executemany in psycopg's pipeline
    still sends one per row): a city import waited on the server for half its time. COPY checks
    the same constraints and fires the same triggers. Its errors are raised as SQLAlchemy's
    (IntegrityError …), as an INSERT's would be.
    """
    quote = conn.dialect.identifier_preparer
    columns = ", ".join(quote.quote(name) for name in names)
    sql = f"COPY {quote.format_table(table)} ({columns}) FROM STDIN"
    raw: Any = conn.connection.dbapi_connection
    module = conn.dialect.loaded_dbapi
    try:
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in values:
                copy.write_row(row)
    except module.Error as error:
        raise DBAPIError.instance(sql, None, error, module.Error, dialect=conn.dialect) from error


class _Memo(dict[Any, Any]):
    """`process(value)` once per distinct value (an audit's rows share one time, a unit's rows
    a handful of them; converting a datetime is the costly part): a dict hit costs no Python."""

    def __init__(self, process: Callable[[Any], Any]) -> None:
        super().__init__()
        self.process = process

    def __missing__(self, value: Any) -> Any:
        self[value] = result = self.process(value)
        return result


def _processed_column(column: Sequence[Any], process: Callable[[Any], Any]) -> list[Any]:
    """Return `process` of each value of a column, converting each distinct value once.

    Values are memoised by themselves only when the column holds one type (and None): 1, 1.0
    and True are equal keys but need not convert alike. Unhashable values (a JSON column's
    lists) are converted one by one.
    """
    if len(set(map(type, column)) - {type(None)}) <= 1:
        try:
            return list(map(_Memo(process).__getitem__, column))
        except TypeError:  # unhashable
            pass
    return [process(value) for value in column]


def _fast_path_allowed(
    table: Table, names: tuple[str, ...], rows: Sequence[Mapping[str, Any]]
) -> bool:
    columns = table.columns
    if not set(names) <= set(columns.keys()):
        return False
    if any(c.default is not None for c in columns if c.key not in names):
        return False
    size = len(names)
    return all(len(r) == size and tuple(r) == names for r in rows)


def _plan(table: Table, names: tuple[str, ...], dialect: Dialect) -> _Plan:
    key = (table, names, dialect.name, dialect.driver)
    plan = _plans.get(key)
    if plan is None:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
        order = tuple(compiled.positiontup or ()) if compiled.positional else names
        processors = tuple(
            table.columns[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order
        )
        plan = _Plan(compiled.string, order, processors, bool(compiled.positional))
        _plans[key] = plan
    return plan

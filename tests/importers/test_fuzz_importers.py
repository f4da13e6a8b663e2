"""Fuzz: any table written as .docx or .xlsx gives a result or an ImportFailure in Vietnamese.

Random tables (header-like and random cells, NFD text, control characters as Excel stores
them, huge texts, merged ranges to the table's end), read as a plan appendix and as a
progress report: never another exception. Longer runs: tools/fuzz.py.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carapp.domain.text import CONTROLS
from carapp.importers.appendix import read_appendix
from carapp.importers.issues import ImportFailure
from carapp.importers.report import read_progress_report
from tests.importers.files import Builder, Sheet, Table
from tests.reliability.fuzzing import FUZZ, looks_vietnamese, tables

pytestmark = pytest.mark.fuzz


def _write(kind: str, rows: list[list[str]], merges: list, folder: Path) -> Path:
    builder = Builder(folder)
    if kind == "docx":
        return builder.docx("bang.docx", "PHỤ LỤC", Table(rows, merges))
    return builder.xlsx("bang.xlsx", Sheet("Phụ lục", rows, merges))


@FUZZ
@given(table=tables(), kind=st.sampled_from(["docx", "xlsx"]), report=st.booleans())
def test_a_random_table_is_read_or_refused_in_vietnamese(
    table: tuple[list[list[str]], list], kind: str, report: bool
) -> None:
    rows, merges = table
    with tempfile.TemporaryDirectory() as folder:
        path = _write(kind, rows, merges, Path(folder))
        try:
            result = (read_progress_report if report else read_appendix)(path)
        except ImportFailure as failure:
            assert looks_vietnamese(failure.message), failure.message
            return
    for issue in result.issues:
        assert looks_vietnamese(issue.message), issue.message
    assert not [t for t in strings(result) if CONTROLS.search(t)]


def strings(value: object) -> list[str]:
    """Return every string inside a result (dataclasses, lists, tuples, dicts)."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in strings(getattr(value, f.name))]
    if isinstance(value, list | tuple | set):
        return [s for item in value for s in strings(item)]
    if isinstance(value, dict):
        return [s for pair in value.items() for s in strings(list(pair))]
    return []

"""Turn a Word (.docx) file's tables into grids, keeping the paragraphs printed above each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from carapp.importers.issues import ImportFailure, ImportIssue
from carapp.importers.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    columns_cut,
    number_text,
    too_many_cells,
)
from carapp.importers.table import Cell, Grid, GridRow, Origin, Source, cell_text

_P, _TBL, _SDT = qn("w:p"), qn("w:tbl"), qn("w:sdt")
# What a run's children print as; deleted text (w:delText) and field codes are left out.
_PRINTED = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
_PRINTED[qn("w:noBreakHyphen")] = "-"


def read_docx(path: Path, issues: list[ImportIssue]) -> Source:
    """Read every top-level table of a .docx file as a grid (columns and cells bounded)."""
    try:
        document = docx.Document(str(path))
        grids = list(_grids(document.element.body, _Budget(path.name, issues)))
    except ImportFailure:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged file
        raise ImportFailure(
            f"Tệp Word “{path.name}” bị hỏng hoặc không đúng định dạng .docx."
        ) from exc
    if not grids:
        raise ImportFailure(
            f"Tệp Word “{path.name}” không có bảng nào: danh mục nhiệm vụ phải nằm trong một bảng."
        )
    return Source(path.name, "docx", grids)


class _Budget:
    """Count the cells built across a file's tables; note tables cut at MAX_COLUMNS."""

    def __init__(self, name: str, issues: list[ImportIssue]) -> None:
        """Start counting for the file `name`; warnings go to `issues`."""
        self.name, self.issues, self.cells = name, issues, 0

    def spend(self, cells: int) -> None:
        """Count a row's cells; fail once the file holds more than MAX_CELLS."""
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise too_many_cells(self.name)

    def warn(self, where: str, message: str) -> None:
        """Record a warning about a place in the file."""
        self.issues.append(ImportIssue("warning", where, message))


def _grids(body: Any, budget: _Budget) -> Iterator[Grid]:
    """Yield the body's tables in order, each with the paragraphs since the previous table."""
    lines: list[str] = []
    index = 0
    for element in _blocks(body):
        if element.tag == _P:
            text = cell_text(_paragraph_text(element))
            if text:
                lines.append(text)
        else:
            index += 1
            yield Grid(f"Bảng {index}", _rows(element, f"Bảng {index}", budget), lines)
            lines = []


def _blocks(parent: Any) -> Iterator[Any]:
    """Yield paragraphs and tables in reading order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _rows(tbl: Any, label: str, budget: _Budget) -> list[GridRow]:
    """Return a table's rows with merged cells expanded and marked, at most MAX_COLUMNS wide."""
    rows: list[GridRow] = []
    above: dict[int, str] = {}  # text of the cell that starts a vertical merge, by column
    for number, tr in enumerate(tbl.tr_lst, start=1):
        where = f"{label}, dòng {number}"
        gap = _span(tr.grid_before, 0, where, budget, least=0)
        cells: list[Cell] = [Cell() for _ in range(gap)]
        for position, tc in enumerate(tr.tc_lst):
            column = len(cells)
            if column >= MAX_COLUMNS:
                _note_cut(tr.tc_lst[position:], column, label, budget)
                break
            merge = tc.vMerge
            if merge == "continue":
                first = Cell(above.get(column, ""), Origin.ABOVE)
            else:
                text = cell_text("\n".join(_paragraph_text(p) for p in tc.p_lst))
                first = Cell(text)
                above[column] = text
            cells.append(first)
            span = _span(tc.grid_span, column, where, budget)
            cells.extend(Cell(first.text, Origin.LEFT) for _ in range(span - 1))
        budget.spend(len(cells))
        rows.append(GridRow(number, cells))
    return rows


def _span(value: int, column: int, where: str, budget: _Budget, least: int = 1) -> int:
    """Return how many columns a cell (or a row's leading gap) takes, kept inside MAX_COLUMNS."""
    room = MAX_COLUMNS - column
    if value > room:
        message = f"Ô trải rộng {number_text(value)} cột (tệp bị lỗi): chỉ tính đến cột thứ "
        budget.warn(where, f"{message}{MAX_COLUMNS}.")
    return max(min(value, room), min(least, room))


def _note_cut(rest: list[Any], column: int, label: str, budget: _Budget) -> None:
    """Warn (once per table) when cells with text lie right of MAX_COLUMNS."""
    texts = any(_paragraph_text(p).strip() for tc in rest for p in tc.p_lst)
    note = columns_cut(label, column + len(rest))
    if texts and not any(issue.message == note for issue in budget.issues):
        budget.warn(label, note)


def _paragraph_text(paragraph: Any) -> str:
    """Return a paragraph's printed text, line breaks and tracked insertions included."""
    parts: list[str] = []
    for element in paragraph.iter(*_PRINTED):
        printed = _PRINTED[element.tag]
        parts.append(element.text or "" if printed is None else printed)
    return "".join(parts)

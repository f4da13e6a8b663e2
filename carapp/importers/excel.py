"""Turn an Excel (.xlsx) workbook's visible sheets into grids, one per sheet."""

from __future__ import annotations

import warnings
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from carapp.importers.baseline import BASELINE_SHEET
from carapp.importers.issues import ImportFailure, ImportIssue
from carapp.importers.limits import MAX_CELLS, MAX_COLUMNS, columns_cut, too_many_cells
from carapp.importers.table import Cell, Grid, GridRow, Origin, Source, cell_text


def read_xlsx(path: Path, issues: list[ImportIssue]) -> Source:
    """Read every visible worksheet of an .xlsx file as a grid; hidden sheets are noted."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and validations
            workbook = openpyxl.load_workbook(str(path), data_only=True)
        grids: list[Grid] = []
        for sheet in workbook.worksheets:
            label = f"Trang tính “{sheet.title}”"
            if sheet.title == BASELINE_SHEET and sheet.sheet_state == "veryHidden":
                continue  # carapp's own record of what it exported (see importers.baseline)
            if sheet.sheet_state != "visible":
                issues.append(ImportIssue("warning", label, "Trang tính đang ẩn: bỏ qua."))
                continue
            grids.append(Grid(label, _rows(sheet, label, issues)))
    except ImportFailure:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFailure(
            f"Tệp Excel “{path.name}” bị hỏng hoặc không đúng định dạng .xlsx."
        ) from exc
    if not any(row.texts() for grid in grids for row in grid.rows):
        raise ImportFailure(f"Tệp Excel “{path.name}” không có dữ liệu.")
    return Source(path.name, "xlsx", grids)


def _rows(sheet: Any, label: str, issues: list[ImportIssue]) -> list[GridRow]:
    """Return a sheet's rows holding values, with merged ranges expanded and marked.

    Only cells that exist are visited (openpyxl's max_row/max_column grow to the farthest cell,
    A1048576 or XFD1, however empty the rest): rows without values are left out, a run of them
    kept as one empty row (where a table ends), and columns past MAX_COLUMNS are not read.
    """
    values = _values(sheet, label, issues)
    if not values:
        return []
    width = max(column for row in values.values() for column in row)
    covered = _merged_slots(sheet, set(values), width)
    reach: dict[int, int] = {}  # a row's last slot covered by a merge (a title across the row)
    for row, column in covered:
        reach[row] = max(reach.get(row, 0), column)
    rows: list[GridRow] = []
    by_number: dict[int, GridRow] = {}
    for number in sorted(values):
        if rows and rows[-1].number < number - 1:
            rows.append(GridRow(rows[-1].number + 1, []))
        cells: list[Cell] = []
        for column in range(1, max(*values[number], reach.get(number, 0)) + 1):
            origin = covered.get((number, column))
            if origin is None:
                cells.append(Cell(cell_text(value_text(values[number].get(column)))))
                continue
            top, left, kind = origin
            source = by_number.get(top) if top < number else GridRow(number, cells)
            text = source.cells[left - 1].text if source and left - 1 < len(source.cells) else ""
            cells.append(Cell(text, kind))
        by_number[number] = GridRow(number, cells)
        rows.append(by_number[number])
    return rows


def _values(sheet: Any, label: str, issues: list[ImportIssue]) -> dict[int, dict[int, object]]:
    """Return the sheet's values by row and column, leaving out empty cells and far columns."""
    values: dict[int, dict[int, object]] = {}
    cells = 0
    farthest = 0
    for (row, column), cell in sheet._cells.items():  # the cells that exist, not the bounds
        if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
            continue
        if column > MAX_COLUMNS:
            farthest = max(farthest, column)
            continue
        values.setdefault(row, {})[column] = cell.value
        cells += 1
    if farthest:
        issues.append(ImportIssue("warning", label, columns_cut(label, farthest)))
    if cells * 2 > MAX_CELLS:
        raise too_many_cells(label)
    return values


def _merged_slots(
    sheet: Any, rows: set[int], width: int
) -> dict[tuple[int, int], tuple[int, int, Origin]]:
    """Map each slot of a row with values covered by a merged range to the range's first cell.

    Ranges are clipped to the rows and columns read, so that A1:XFD1048576 costs nothing.
    """
    covered: dict[tuple[int, int], tuple[int, int, Origin]] = {}
    for merged in sheet.merged_cells.ranges:
        last_column = min(merged.max_col, width)
        inside = [r for r in rows if merged.min_row <= r <= merged.max_row]
        if len(inside) * max(last_column - merged.min_col + 1, 0) > MAX_CELLS:
            raise too_many_cells(sheet.title)
        for row in inside:
            for column in range(merged.min_col, last_column + 1):
                if (row, column) == (merged.min_row, merged.min_col):
                    continue
                kind = Origin.ABOVE if column == merged.min_col else Origin.LEFT
                covered[(row, column)] = (merged.min_row, merged.min_col, kind)
    return covered


def value_text(value: object) -> str:
    """Return a cell value as the text the user sees (dates as dd/mm/yyyy, 1.0 as 1)."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

"""Turn an Excel (.xlsx) workbook's visible sheets into grids, one per sheet."""

from __future__ import annotations

import warnings
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from carapp.importers.baseline import BASELINE_SHEET
from carapp.importers.issues import ImportFailure, ImportIssue
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
            grids.append(Grid(label, _rows(sheet)))
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFailure(
            f"Tệp Excel “{path.name}” bị hỏng hoặc không đúng định dạng .xlsx."
        ) from exc
    if not any(row.texts() for grid in grids for row in grid.rows):
        raise ImportFailure(f"Tệp Excel “{path.name}” không có dữ liệu.")
    return Source(path.name, "xlsx", grids)


def _rows(sheet: Any) -> list[GridRow]:
    """Return a sheet's rows with merged ranges expanded and marked."""
    covered = _merged_slots(sheet)
    rows: list[GridRow] = []
    values = sheet.iter_rows(max_col=sheet.max_column, values_only=True)
    for number, row in enumerate(values, start=1):
        cells: list[Cell] = []
        for column, value in enumerate(row, start=1):
            origin = covered.get((number, column))
            if origin is None:
                cells.append(Cell(cell_text(value_text(value))))
            else:
                top, left, kind = origin
                text = rows[top - 1].cells[left - 1].text if top < number else cells[left - 1].text
                cells.append(Cell(text, kind))
        rows.append(GridRow(number, cells))
    return rows


def _merged_slots(sheet: Any) -> dict[tuple[int, int], tuple[int, int, Origin]]:
    """Map each slot covered by a merged range to the range's first cell and how it is covered."""
    covered: dict[tuple[int, int], tuple[int, int, Origin]] = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
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

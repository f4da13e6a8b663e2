"""Build Word and Excel files in code for the importer tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import openpyxl
from openpyxl.utils import get_column_letter

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"

# A cell: text (line breaks become Word line breaks), a list of paragraphs (Word), a number or None.
Row = Sequence[Any]
# A merged range: first row, first column, last row, last column (0-based, inclusive).
Merge = tuple[int, int, int, int]


@dataclass(frozen=True)
class Table:
    """A table to write: its rows and merged ranges."""

    rows: Sequence[Row]
    merges: Sequence[Merge] = ()


@dataclass(frozen=True)
class Sheet:
    """A worksheet to write: its title, rows, merged ranges, hidden columns and visibility."""

    title: str
    rows: Sequence[Row]
    merges: Sequence[Merge] = ()
    hidden_columns: Sequence[int] = ()
    hidden: bool = False


class Builder:
    """Write .docx and .xlsx files into a test's temporary folder."""

    def __init__(self, folder: Path) -> None:
        """Write into `folder`."""
        self.folder = folder

    def docx(self, name: str, *blocks: str | Table) -> Path:
        """Write a Word file of paragraphs (str) and tables, in order."""
        document = docx.Document()
        for block in blocks:
            if isinstance(block, str):
                document.add_paragraph(block)
            else:
                _add_table(document, block)
        path = self.folder / name
        document.save(str(path))
        return path

    def xlsx(self, name: str, *sheets: Sheet) -> Path:
        """Write an Excel workbook with the given sheets."""
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for spec in sheets:
            _add_sheet(workbook, spec)
        path = self.folder / name
        workbook.save(str(path))
        return path

    def table(self, kind: str, table: Table, above: Sequence[str] = (), name: str = "") -> Path:
        """Write one table as a .docx (lines above as paragraphs) or .xlsx (as rows above)."""
        name = name or f"bang.{kind}"
        if kind == "docx":
            return self.docx(name, *above, table)
        rows = [[line] for line in above] + list(table.rows)
        offset = len(above)
        merges = [(a + offset, b, c + offset, d) for a, b, c, d in table.merges]
        return self.xlsx(name, Sheet("Phụ lục", rows, merges))


def _add_table(document: Any, table: Table) -> None:
    """Append a table to a Word document, merging the given ranges."""
    width = max(len(row) for row in table.rows)
    grid = document.add_table(rows=len(table.rows), cols=width)
    for r, row in enumerate(table.rows):
        for c, value in enumerate(row):
            _fill(grid.cell(r, c), value)
    for first_row, first_col, last_row, last_col in table.merges:
        top = grid.cell(first_row, first_col)
        text = top.text
        top.merge(grid.cell(last_row, last_col))
        _fill(top, text)


def _fill(cell: Any, value: Any) -> None:
    """Write a value into a Word cell: a list becomes several paragraphs."""
    if value is None:
        return
    if isinstance(value, list):
        cell.text = value[0]
        for paragraph in value[1:]:
            cell.add_paragraph(paragraph)
    else:
        cell.text = str(value)


def _add_sheet(workbook: Any, spec: Sheet) -> None:
    """Add a worksheet to a workbook."""
    sheet = workbook.create_sheet(spec.title)
    for row in spec.rows:
        sheet.append(["\n".join(v) if isinstance(v, list) else v for v in row])
    for first_row, first_col, last_row, last_col in spec.merges:
        sheet.merge_cells(
            start_row=first_row + 1,
            start_column=first_col + 1,
            end_row=last_row + 1,
            end_column=last_col + 1,
        )
    for column in spec.hidden_columns:
        sheet.column_dimensions[get_column_letter(column + 1)].hidden = True
    if spec.hidden:
        sheet.sheet_state = "hidden"


def where(kind: str, row: int) -> str:
    """Return the location a message gives for a row of the single table `Builder.table` wrote."""
    return f"Bảng 1, dòng {row}" if kind == "docx" else f"Trang tính “Phụ lục”, dòng {row}"

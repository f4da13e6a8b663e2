"""Turn a Word (.docx) file's tables into grids, keeping the paragraphs printed above each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from carapp.importers.issues import ImportFailure
from carapp.importers.table import Cell, Grid, GridRow, Origin, Source, cell_text

_P, _TBL, _SDT = qn("w:p"), qn("w:tbl"), qn("w:sdt")
# What a run's children print as; deleted text (w:delText) and field codes are left out.
_PRINTED = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
_PRINTED[qn("w:noBreakHyphen")] = "-"


def read_docx(path: Path) -> Source:
    """Read every top-level table of a .docx file as a grid."""
    try:
        document = docx.Document(str(path))
        grids = list(_grids(document.element.body))
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged file
        raise ImportFailure(
            f"Tệp Word “{path.name}” bị hỏng hoặc không đúng định dạng .docx."
        ) from exc
    if not grids:
        raise ImportFailure(
            f"Tệp Word “{path.name}” không có bảng nào: danh mục nhiệm vụ phải nằm trong một bảng."
        )
    return Source(path.name, "docx", grids)


def _grids(body: Any) -> Iterator[Grid]:
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
            yield Grid(f"Bảng {index}", _rows(element), lines)
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


def _rows(tbl: Any) -> list[GridRow]:
    """Return a table's rows with merged cells expanded and marked."""
    rows: list[GridRow] = []
    above: dict[int, str] = {}  # text of the cell that starts a vertical merge, by column
    for number, tr in enumerate(tbl.tr_lst, start=1):
        cells: list[Cell] = [Cell() for _ in range(tr.grid_before)]
        for tc in tr.tc_lst:
            column = len(cells)
            merge = tc.vMerge
            if merge == "continue":
                first = Cell(above.get(column, ""), Origin.ABOVE)
            else:
                text = cell_text("\n".join(_paragraph_text(p) for p in tc.p_lst))
                first = Cell(text)
                above[column] = text
            cells.append(first)
            cells.extend(Cell(first.text, Origin.LEFT) for _ in range(tc.grid_span - 1))
        rows.append(GridRow(number, cells))
    return rows


def _paragraph_text(paragraph: Any) -> str:
    """Return a paragraph's printed text, line breaks and tracked insertions included."""
    parts: list[str] = []
    for element in paragraph.iter(*_PRINTED):
        printed = _PRINTED[element.tag]
        parts.append(element.text or "" if printed is None else printed)
    return "".join(parts)

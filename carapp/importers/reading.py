"""Walk a file's grids: find each header, skip repeated headers, yield the data rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carapp.domain.areas import ReformArea, area_of
from carapp.domain.text import fold
from carapp.importers.columns import Header, Mode, Role, header_at, is_column_numbering
from carapp.importers.issues import ImportFailure, ImportIssue
from carapp.importers.letterhead import is_letterhead
from carapp.importers.table import Grid, GridRow, Source

_NUMBERED = re.compile(r"\d+[.)]?|[IVXLC]+\.?")
# What follows a table in a document (or below it in a sheet): "Nơi nhận:", the signature block
# ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), and, after an empty row, a line of text such as a
# summary's title or a closing sentence ("Tổng số 30 nhiệm vụ; …").
_RECIPIENTS_OR_SIGNATURE = re.compile(r"(?:noi nhan\b|(?:tm|kt|tl|tuq|q)\. )")
_HEADING_LINE = re.compile(r"(?:[IVXLC]+|[A-Z])\s*[.):/-]\s*\S")

NO_HEADER = (
    "cần có cột “Nội dung công việc” (hoặc “Tên nhiệm vụ”, “Nhiệm vụ”) và ít nhất một cột "
    "khác như “STT”, “Đơn vị chủ trì”, “Thời gian hoàn thành”"
)


@dataclass
class DataRow:
    """A row below a header: its location, its value per role and its own texts."""

    where: str
    values: dict[Role, str]
    texts: list[str]
    # Roles whose cell starts in this row (not a copy of a cell merged down from above).
    own: frozenset[Role] = frozenset()
    # Roles whose cell is covered by a cell merged from the left (a title spanning the row).
    covered: frozenset[Role] = frozenset()

    def get(self, role: Role) -> str:
        """Return the row's text for a role, or '' when the table has no such column."""
        return self.values.get(role, "")


@dataclass
class TableRead:
    """A table with a recognised header: the lines above it and its data rows."""

    grid: Grid
    preamble: list[str]
    roles: set[Role] = field(default_factory=set)
    rows: list[DataRow] = field(default_factory=list)


def read_tables(source: Source, mode: Mode, issues: list[ImportIssue]) -> list[TableRead]:
    """Return the tables that have a recognised header; note the others; fail if none has.

    The texts of header-less tables before the first table (the document's header block, often
    a borderless two-column table) are put at the start of the first table's preamble.
    """
    tables: list[TableRead] = []
    header: Header | None = None
    leading: list[str] = []
    for grid in source.grids:
        start = _first_header(grid, mode)
        if start is not None:
            index, header = start
            tables.append(_read(grid, index, header, mode, issues))
            if len(tables) == 1:
                tables[0].preamble[:0] = leading
        elif not tables and is_letterhead(_by_column(grid)):
            leading += grid.preamble + _by_column(grid)
        elif header is not None and _continues(grid, tables[-1].grid, header):
            issues.append(_continued_note(grid, tables[-1].grid))
            tables.append(_read(grid, 0, Header(header.columns, 0), mode, issues))
        elif any(row.texts() for row in grid.rows):
            message = f"Không có dòng tiêu đề nhận ra được ({NO_HEADER}): bỏ qua bảng này."
            issues.append(ImportIssue("warning", grid.label, message))
            if not tables:
                leading += grid.preamble
    if not tables:
        raise ImportFailure(
            f"Không tìm thấy bảng nào có dòng tiêu đề nhận ra được trong tệp “{source.name}”: "
            f"{NO_HEADER}."
        )
    return tables


def _by_column(grid: Grid) -> list[str]:
    """Return a grid's texts column by column (the left part of a header block, then the right)."""
    return [row.own(column) for column in range(grid.width) for row in grid.rows if row.own(column)]


def _first_header(grid: Grid, mode: Mode) -> tuple[int, Header] | None:
    """Return the first header row of a grid and the header, or None."""
    for index in range(len(grid.rows)):
        header = header_at(grid, index, mode)
        if header is not None:
            return index, header
    return None


def _continues(grid: Grid, previous: Grid, header: Header) -> bool:
    """Return whether a table without header looks like the rest of the previous table."""
    if grid.width != previous.width or Role.NUMBER not in header.columns:
        return False
    column = header.columns[Role.NUMBER]
    return any(_NUMBERED.fullmatch(row.own(column)) for row in grid.rows)


def _continued_note(grid: Grid, previous: Grid) -> ImportIssue:
    """Return the note that a header-less table was read with the previous table's columns."""
    message = f"Không có dòng tiêu đề: đọc tiếp theo các cột của {previous.label.lower()}."
    return ImportIssue("warning", grid.label, message)


def _read(
    grid: Grid, index: int, header: Header, mode: Mode, issues: list[ImportIssue]
) -> TableRead:
    """Read a grid's data rows from its header on, switching header where a new one starts.

    Rows after the table's end (see `_ends_table`) are skipped, with a note, until a new header.
    """
    above = [text for row in grid.rows[:index] for text in row.texts()]
    table = TableRead(grid, grid.preamble + above, set(header.columns))
    position = index + header.height
    ended, blank = False, False
    while position < len(grid.rows):
        row = grid.rows[position]
        again = header_at(grid, position, mode)
        if again is not None:  # a header repeated on a later page, or a new one
            header, ended = again, False
            table.roles |= set(header.columns)
            position += again.height
            continue
        position += 1
        if not ended and _ends_table(row, blank):
            ended = True
            message = "Hết bảng nhiệm vụ: phần từ dòng này (tổng hợp, chữ ký, nơi nhận) không đọc."
            issues.append(ImportIssue("warning", grid.where(row), message))
        blank = row.is_empty()
        if not ended and row.texts() and not is_column_numbering(row):
            values, texts = header.values(row), row.texts()
            own, covered = header.own_roles(row), header.covered_roles(row)
            table.rows.append(DataRow(grid.where(row), values, texts, own, covered))
    return table


def _ends_table(row: GridRow, after_blank: bool) -> bool:
    """Return whether a row is the first of what follows a table rather than a row of it."""
    texts = row.texts()
    if not texts:
        return False
    if _RECIPIENTS_OR_SIGNATURE.match(fold(texts[0])):
        return True
    if not after_blank or len(texts) != 1 or _HEADING_LINE.match(texts[0]):
        return False
    return area_of(texts[0]) is ReformArea.OTHER  # a reform area's name heads a section

"""Read a plan's appendix (the task table) from a Word or Excel file into plain data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from carapp.domain.areas import area_of
from carapp.domain.documents import Appendix, SectionRow, TaskRow
from carapp.domain.outline import is_marker, marker_style, printed_content, split_marker
from carapp.domain.text import fold
from carapp.importers.checks import deadline_warning
from carapp.importers.columns import Mode, Role
from carapp.importers.headings import heading_of
from carapp.importers.issues import ImportFailure, ImportIssue
from carapp.importers.letterhead import read_letterhead
from carapp.importers.outline import Line, is_heading_row, resolve
from carapp.importers.reading import DataRow, TableRead, read_tables
from carapp.importers.sources import open_source
from carapp.importers.table import one_line

# Fields a row without a number adds to the task above it (content is handled apart).
_EXTRA_FIELDS = {
    "lead": Role.LEAD,
    "cooperating": Role.COOPERATING,
    "output": Role.OUTPUT,
    "deadline": Role.DEADLINE,
    "code": Role.CODE,
    "assigning_document": Role.ASSIGNING,
}


@dataclass
class AppendixImport:
    """What was read from an appendix file: the appendix, its issues and the file's kind."""

    appendix: Appendix
    issues: list[ImportIssue] = field(default_factory=list)
    kind: str = ""  # "docx" or "xlsx"

    @property
    def tasks(self) -> list[TaskRow]:
        """Return every task in order, across sections."""
        return [task for section in self.appendix.sections for task in section.tasks]


def read_appendix(path: str | Path) -> AppendixImport:
    """Read the task table of a .docx or .xlsx appendix; raise ImportFailure if impossible."""
    issues: list[ImportIssue] = []
    source = open_source(path, issues)
    tables = read_tables(source, Mode.PLAN, issues)
    builder = _PlanBuilder(issues)
    for table in tables:
        builder.read(table)
    builder.finish()
    if not builder.located:
        raise ImportFailure(
            "Bảng chỉ có dòng tiêu đề, không có nhiệm vụ nào.", tables[0].grid.label
        )
    for task, where in builder.located:
        warning = deadline_warning(task.deadline, where, _subject(task))
        if warning is not None:
            issues.append(warning)
    header, rest = read_letterhead(tables[0].preamble)
    label, title, attached_to = describe_preamble(rest)
    appendix = Appendix(header, title, attached_to, label, builder.sections)
    return AppendixImport(appendix, issues, source.kind)


def describe_preamble(lines: list[str]) -> tuple[str, str, str]:
    """Return (label, title, attached_to) from the lines printed above the table."""
    keys = [fold(line) for line in lines]
    labels = [i for i, key in enumerate(keys) if _is_label(key)]
    titles = [i for i, key in enumerate(keys) if key.startswith("danh muc")]
    first = (labels or titles or [max(0, len(lines) - 4)])[-1]
    label, title, attached_to = "Phụ lục", "", ""
    for line, key in zip(lines[first:], keys[first:], strict=True):
        text = one_line(line)
        if _is_label(key):
            label = text
        elif key.lstrip("(").startswith("kem theo") and not attached_to:
            attached_to = text
        elif not attached_to and _is_capitals(text):
            title = f"{title} {text}".strip()
    return label, title, attached_to


def _is_label(key: str) -> bool:
    """Return whether a folded line is the appendix label ("Phụ lục", "PHỤ LỤC II")."""
    return key.startswith("phu luc") and len(key) <= 20


def _is_capitals(text: str) -> bool:
    """Return whether a line is written in capitals (titles are)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _subject(task: TaskRow) -> str:
    """Return how messages name a task ("nhiệm vụ 14", "nhiệm vụ con “Rà soát…”")."""
    if task.number:
        return f"nhiệm vụ {task.number}"
    if task.parent is not None:
        return f"nhiệm vụ con “{_beginning(task.content)}”"
    return "nhiệm vụ không số"


def _beginning(text: str, words: int = 6) -> str:
    """Return the first words of a text, to name a row in a message."""
    parts = one_line(text).split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# The field columns a title row is merged across.
_SPANNED = {Role.LEAD, Role.COOPERATING, Role.OUTPUT, Role.DEADLINE}
_SUB_NUMBER = re.compile(r"\d+(?:\.\d+)*\.?")


def _numbered_under(number: str, root: str) -> bool:
    """Return whether a printed number is a sub-number of the root's ("1.2" under "1")."""
    stem = root.rstrip(".")
    rest = number.removeprefix(f"{stem}.")
    return bool(stem) and rest != number and bool(rest) and bool(_SUB_NUMBER.fullmatch(rest))


def _folded_row(line: Line) -> str:
    """Return how a warning names a continuation row and why it was folded."""
    start = _beginning(printed_content(line.marker, line.content))
    if not start:
        return "Dòng không có số thứ tự và không có nội dung"
    if line.cut:
        return f"Dòng “{start}” là phần tiếp theo của ô quá dài (cùng mã nhiệm vụ)"
    return f"Dòng không có số thứ tự “{start}” không có đơn vị chủ trì, thời hạn hay sản phẩm riêng"


@dataclass
class _Block:
    """A root task and the rows without a number read after it, not yet resolved."""

    root: TaskRow
    lines: list[Line] = field(default_factory=list)
    numbered: bool = True  # False for a row without a number that starts a section
    spanning: bool = False  # a title merged across the row, without a number
    where: str = ""


class _PlanBuilder:
    """Collect sections and tasks row by row, across all tables of the file."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        """Start with no section; issues are appended to the given list."""
        self.issues = issues
        self.sections: list[SectionRow] = []
        self.located: list[tuple[TaskRow, str]] = []
        self.block: _Block | None = None
        self.last_id = ""  # the id column of the row read last (carapp's own workbooks)
        self.fields: set[Role] = set()  # the field columns of the table being read

    def read(self, table: TableRead) -> None:
        """Add a table's rows; a later table continues the sections of the earlier ones."""
        numbered = Role.NUMBER in table.roles
        self.fields = table.roles & _SPANNED
        for row in table.rows:
            self._add(row, numbered)

    def finish(self) -> None:
        """Resolve the last block: call once every table is read."""
        self._close()

    def _add(self, row: DataRow, numbered: bool) -> None:
        """Add one row as a section, a task, or a row under the task above it."""
        heading = heading_of(row)
        if heading is not None:
            self._close()
            self.sections.append(SectionRow(heading[0], heading[1], area_of(heading[1])))
            return
        number, content = one_line(row.get(Role.NUMBER)), row.get(Role.CONTENT)
        row_id = one_line(row.get(Role.ID))
        cut = bool(row_id) and row_id == self.last_id  # the rest of a cell carapp cut
        self.last_id = row_id
        marker = ""
        if is_marker(number):  # "-" or "a)" in the number column marks a sub-item
            marker, number = split_marker(number)[0], ""
            again, rest = split_marker(content)  # the marker printed in both cells: once
            content = rest if again and marker_style(again) == marker_style(marker) else content
        elif not number:
            marker, content = split_marker(content)
        if not number and not marker and content and self._spans(row):
            self._root(row, "", content, numbered=True)  # an unnumbered group title
            if self.block is not None:
                self.block.spanning = True
        elif self.block is not None and _numbered_under(number, self.block.root.number):
            self.block.lines.append(Line(row, "", content, cut, number))
        elif not cut and (
            number or (content and not marker and not numbered and not row.get(Role.ID))
        ):
            self._root(row, number, content, numbered=True)
        elif self.block is not None and (cut or not self._starts_unnumbered_sibling(row, marker)):
            self.block.lines.append(Line(row, marker, content, cut))
        elif content:
            self._root(row, "", content, numbered=False, marker=marker)
            self._warn(
                row,
                "Dòng không có số thứ tự và không có nhiệm vụ nào phía trên trong mục: "
                "đã nhập thành một nhiệm vụ riêng, cần kiểm tra lại.",
            )
        else:
            self._warn(row, "Dòng không có số thứ tự và nội dung: bỏ qua.")

    def _spans(self, row: DataRow) -> bool:
        """Return whether the row's content is merged across every field column (a title)."""
        return bool(self.fields) and self.fields <= row.covered and not row.get(Role.ID)

    def _starts_unnumbered_sibling(self, row: DataRow, marker: str) -> bool:
        """Return whether an unmarked row with fields follows a task that had no number either."""
        assert self.block is not None
        line = Line(row, marker, "")
        return not self.block.numbered and not marker and line.own_fields

    def _root(
        self, row: DataRow, number: str, content: str, *, numbered: bool, marker: str = ""
    ) -> None:
        """Close the block above and start a new one with this row as its root task."""
        self._close()
        task = self._task(row, number, content, marker)
        if task is not None:
            self.block = _Block(task, numbered=numbered, where=row.where)

    def _close(self) -> None:
        """Resolve the current block into sub-items and continuations."""
        block, self.block = self.block, None
        if block is None:
            return
        resolve(block.root, block.lines, self._sub_item, self._fold)
        if block.spanning and not block.root.is_heading:
            self.issues.append(
                ImportIssue(
                    "warning",
                    block.where,
                    f"Dòng gộp ô “{_beginning(block.root.content)}” không có số thứ tự và không "
                    "có nhiệm vụ con: đã nhập thành một nhiệm vụ riêng, cần kiểm tra lại.",
                )
            )

    def _task(self, row: DataRow, number: str, content: str, marker: str = "") -> TaskRow | None:
        """Add a task to the current section, in the order read."""
        if not content:
            self._warn(row, f"Dòng có số thứ tự {number} nhưng không có nội dung: bỏ qua.")
            return None
        if not self.sections:
            self.sections.append(SectionRow("", ""))
        section = self.sections[-1]
        if number and any(task.number == number for task in section.tasks):
            where = f"mục {section.numeral}" if section.numeral else "cùng mục"
            self._warn(row, f"Số thứ tự {number} lặp lại trong {where}.")
        task = TaskRow(number, content, id=one_line(row.get(Role.ID)) or None, marker=marker)
        for name, role in _EXTRA_FIELDS.items():
            setattr(task, name, row.get(role))
        task.deadline, task.code = one_line(task.deadline), one_line(task.code)
        task.is_heading = is_heading_row(row)  # final once its block is resolved
        section.tasks.append(task)
        self.located.append((task, row.where))
        return task

    def _sub_item(self, line: Line, parent: TaskRow) -> TaskRow:
        """Add a row without a number as a task under `parent`."""
        task = self._task(line.row, line.number, line.content, line.marker)
        assert task is not None  # a sub-item always has content: see _fold
        task.parent = parent
        return task

    def _fold(self, line: Line, task: TaskRow) -> None:
        """Add a continuation row to the task above it, each text on a new line, and say so."""
        self._warn(line.row, f"{_folded_row(line)}: đã ghép vào {_subject(task)} phía trên.")
        task.content = _joined(task.content, printed_content(line.marker, line.content))
        for name, role in _EXTRA_FIELDS.items():
            setattr(task, name, _joined(getattr(task, name), line.row.get(role)))
        task.deadline, task.code = one_line(task.deadline), one_line(task.code)
        task.is_heading = task.is_heading and is_heading_row(line.row)

    def _warn(self, row: DataRow, message: str) -> None:
        """Record a warning about a row."""
        self.issues.append(ImportIssue("warning", row.where, message))


def _joined(old: str, new: str) -> str:
    """Return old and new on separate lines; a value repeated by a merged cell is kept once."""
    if not new or new == old:
        return old
    return f"{old}\n{new}" if old else new

"""Read a plan's appendix (the task table) from a Word or Excel file into plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from carapp.domain.areas import area_of
from carapp.domain.documents import Appendix, SectionRow, TaskRow
from carapp.domain.text import fold
from carapp.importers.checks import deadline_warning
from carapp.importers.columns import Mode, Role
from carapp.importers.headings import heading_of, is_bullet
from carapp.importers.issues import ImportFailure, ImportIssue
from carapp.importers.letterhead import read_letterhead
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
    """Return how messages name a task ("nhiệm vụ 14")."""
    return f"nhiệm vụ {task.number}" if task.number else "nhiệm vụ không số"


class _PlanBuilder:
    """Collect sections and tasks row by row, across all tables of the file."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        """Start with no section; issues are appended to the given list."""
        self.issues = issues
        self.sections: list[SectionRow] = []
        self.located: list[tuple[TaskRow, str]] = []

    def read(self, table: TableRead) -> None:
        """Add a table's rows; a later table continues the sections of the earlier ones."""
        numbered = Role.NUMBER in table.roles
        for row in table.rows:
            self._add(row, numbered)

    def _add(self, row: DataRow, numbered: bool) -> None:
        """Add one row as a section, a task, or a part of the task above it."""
        heading = heading_of(row)
        if heading is not None:
            self.sections.append(SectionRow(heading[0], heading[1], area_of(heading[1])))
            return
        number, content = one_line(row.get(Role.NUMBER)), row.get(Role.CONTENT)
        if is_bullet(number) and content:  # "-" in the number column marks a sub-item
            number, content = "", f"{number} {content}"
        if number or row.get(Role.ID) or (content and not numbered and not is_bullet(content)):
            self._task(row, number, content)
        elif self._current_tasks():
            self._append(row, content, note=not is_bullet(content))
        elif content:
            self._task(row, "", content)
            self._warn(
                row,
                "Dòng không có số thứ tự và không có nhiệm vụ nào phía trên trong mục: "
                "đã nhập thành một nhiệm vụ riêng, cần kiểm tra lại.",
            )
        else:
            self._warn(row, "Dòng không có số thứ tự và nội dung: bỏ qua.")

    def _task(self, row: DataRow, number: str, content: str) -> None:
        """Start a new task in the current section."""
        if not content:
            self._warn(row, f"Dòng có số thứ tự {number} nhưng không có nội dung: bỏ qua.")
            return
        if not self.sections:
            self.sections.append(SectionRow("", ""))
        section = self.sections[-1]
        if number and any(task.number == number for task in section.tasks):
            where = f"mục {section.numeral}" if section.numeral else "cùng mục"
            self._warn(row, f"Số thứ tự {number} lặp lại trong {where}.")
        task = TaskRow(number, content, id=one_line(row.get(Role.ID)) or None)
        for name, role in _EXTRA_FIELDS.items():
            setattr(task, name, row.get(role))
        task.deadline, task.code = one_line(task.deadline), one_line(task.code)
        section.tasks.append(task)
        self.located.append((task, row.where))

    def _append(self, row: DataRow, content: str, note: bool) -> None:
        """Add a row without a number to the task above it, each text on a new line."""
        task = self._current_tasks()[-1]
        task.content = _joined(task.content, content)
        for name, role in _EXTRA_FIELDS.items():
            setattr(task, name, _joined(getattr(task, name), row.get(role)))
        if note:
            self._warn(row, f"Dòng không có số thứ tự: đã ghép vào {_subject(task)} phía trên.")

    def _current_tasks(self) -> list[TaskRow]:
        """Return the tasks of the current section (none before the first section)."""
        return self.sections[-1].tasks if self.sections else []

    def _warn(self, row: DataRow, message: str) -> None:
        """Record a warning about a row."""
        self.issues.append(ImportIssue("warning", row.where, message))


def _joined(old: str, new: str) -> str:
    """Return old and new on separate lines; a value repeated by a merged cell is kept once."""
    if not new or new == old:
        return old
    return f"{old}\n{new}" if old else new

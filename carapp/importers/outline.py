"""Decide what the rows without a printed number under an item are: sub-items or continuations.

A block is a numbered row (its root) and the rows without a number that follow it, up to the
next numbered row or section. An unnumbered title merged across every field column starts a
block too (carapp.importers.appendix), as a group heading. The rules, applied to each block once it is complete:

- A row with its own lead unit, deadline, output or code (a cell written in that row, not a
  copy of a cell merged down from above) is a sub-item, and so is a row carrying carapp's task id.
- A row printed with a marker ("-", "+", "•", "a)", "a." …) is a sub-item when it has sub-items
  itself, or when a row of the same list (same parent, same kind of marker) is one: parallel
  items of one list are the same kind of thing.
- A row numbered under the root ("1.1", "1.2" under "1"; "1.1.1" under "1.1") is a sub-item
  keeping its number.
- Nesting follows the markers: a row whose kind of marker (or depth of sub-number) is already
  open goes back to that level; a new kind goes one level deeper ("+" under "-"); an unmarked
  row goes to the level of the unmarked rows, else right under the root.
- Every other row is a continuation: its texts are added to the task just above it (its
  content on a new line behind its marker), with a warning naming the row, every time.
- The root (and any sub-item) with sub-items and no lead, cooperating unit, output, deadline
  or code of its own is a group heading: not a task, its status is its children's roll-up.
  With fields of its own it is a task that has sub-items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from carapp.domain.documents import TaskRow
from carapp.domain.outline import marker_style
from carapp.importers.columns import Role
from carapp.importers.reading import DataRow

# A row with one of these written in itself is a task of its own.
OWN_FIELDS = frozenset({Role.LEAD, Role.OUTPUT, Role.DEADLINE, Role.CODE})
# A root with none of these (even merged from above) and sub-items is a group heading.
HEADING_EMPTY = (
    Role.LEAD,
    Role.COOPERATING,
    Role.OUTPUT,
    Role.DEADLINE,
    Role.CODE,
    Role.ASSIGNING,
)


@dataclass
class Line:
    """A row without a number under a root: its marker, its content and where it sits."""

    row: DataRow
    marker: str
    content: str
    # In carapp's own workbook, a row carrying the id of the task above is the rest of a cell
    # too tall for one row, which carapp cut: always a continuation.
    cut: bool = False
    number: str = ""  # a sub-number printed under its item ("1.1" under "1")
    parent: Line | None = None
    children: list[Line] = field(default_factory=list)

    @property
    def own_fields(self) -> bool:
        """Return whether the row has a lead, deadline, output or code of its own, or an id."""
        return bool(self.row.own & OWN_FIELDS) or (bool(self.row.get(Role.ID)) and not self.cut)

    @property
    def candidate(self) -> bool:
        """Return whether the row may be a sub-item (a continuation has neither sign, or no text)."""
        signs = bool(self.marker) or bool(self.number) or self.own_fields
        return bool(self.content) and not self.cut and signs

    @property
    def style(self) -> str:
        """Return the kind of list the row belongs to: its marker's, or its sub-number's depth."""
        if self.number:
            return f"#{self.number.rstrip('.').count('.')}"
        return marker_style(self.marker) if self.marker else ""

    def substantive(self) -> bool:
        """Return whether the row is numbered, has fields of its own or a sub-item that has."""
        own = self.own_fields or bool(self.number)
        return own or any(child.substantive() for child in self.children)


def is_heading_row(row: DataRow) -> bool:
    """Return whether a row has content only: no lead, cooperating unit, output, deadline."""
    return not any(row.get(role) for role in HEADING_EMPTY)


def nest(lines: list[Line]) -> None:
    """Give each candidate line its parent (None: right under the root) by its marker."""
    open_levels: list[Line] = []  # the candidate lines open at depth 1, 2, …
    for line in lines:
        if not line.candidate:
            continue
        style = line.style
        styles = [open_line.style for open_line in open_levels]
        if style in styles:
            del open_levels[styles.index(style) :]
        elif not style:
            open_levels.clear()
        line.parent = open_levels[-1] if open_levels else None
        if line.parent is not None:
            line.parent.children.append(line)
        open_levels.append(line)


def kept(lines: list[Line]) -> set[int]:
    """Return the indexes of the lines that are sub-items (tasks or headings)."""
    substantive = {id(line) for line in lines if line.candidate and line.substantive()}
    lists = {(id(line.parent), line.style) for line in lines if id(line) in substantive}
    return {
        index
        for index, line in enumerate(lines)
        if id(line) in substantive
        or (line.candidate and line.style and (id(line.parent), line.style) in lists)
    }


Fold = Callable[[Line, TaskRow], None]
Make = Callable[[Line, TaskRow], TaskRow]


def resolve(root: TaskRow, lines: list[Line], make: Make, fold: Fold) -> None:
    """Turn a complete block into sub-items (via make) and continuations (via fold), in order."""
    nest(lines)
    keep = kept(lines)
    tasks: dict[int, TaskRow] = {}
    last = root
    for index, line in enumerate(lines):
        if index not in keep:
            fold(line, last)
            continue
        parent = tasks.get(id(line.parent), root) if line.parent else root
        last = tasks[id(line)] = make(line, parent)
    has_children = {id(task.parent) for task in tasks.values()}
    for task in (root, *tasks.values()):  # is_heading was set when the row had content only
        task.is_heading = task.is_heading and id(task) in has_children

"""The outline inside a plan: sub-item markers, outline order and a group heading's roll-up.

A task may sit under a numbered item or a group heading of the same plan. Sub-items are printed
with a marker ("-", "+", "•", "a)", "a.", or none); the marker is kept apart from the content so
that the content reads as written and the marker prints as the source showed it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from carapp.domain.status import DerivedStatus

# A marker at the start of a text, followed by white space (or the end of the cell): dashes,
# plus, bullets, or a lower-case letter of the Vietnamese list ("a)", "b.", "đ)").
_MARKER = re.compile(r"(?P<marker>[-–—+•*]|[a-zđ][).])(?:\s+|$)")
_DASHES = {"–": "-", "—": "-"}
_LETTERED = re.compile(r"[a-zđ](?P<close>[).])")


def split_marker(text: str) -> tuple[str, str]:
    """Return (marker, the rest) of a text printed as a sub-item ("- Rà soát" -> "-", "Rà soát").

    An en or em dash is kept as printed. A text without a marker gives ("", text).
    """
    match = _MARKER.match(text)
    if match is None:
        return "", text
    return match["marker"], text[match.end() :]


def is_marker(text: str) -> bool:
    """Return whether a whole cell is only a marker ("-", "+", "a)") as a number column shows."""
    marker, rest = split_marker(text.strip())
    return bool(marker) and not rest


def marker_style(marker: str) -> str:
    """Return the kind of list a marker belongs to: "a)" and "b)" are one, "-" and "–" too."""
    lettered = _LETTERED.fullmatch(marker)
    if lettered:
        return f"a{lettered['close']}"
    return _DASHES.get(marker, marker)


def printed_content(marker: str, content: str) -> str:
    """Return a sub-item's content as printed: the marker, a space, the content."""
    return f"{marker} {content}" if marker else content


T = TypeVar("T")


def outline_order(
    items: Sequence[T], key: Callable[[T], str], parent: Callable[[T], str | None]
) -> list[tuple[T, int]]:
    """Return items with their depth, each followed by its sub-items (see outline_indexes)."""
    keys = [key(item) for item in items]
    order = outline_indexes(keys, [parent(item) for item in items])
    return [(items[index], depth) for index, depth in order]


def outline_indexes(keys: Sequence[str], parents: Sequence[str | None]) -> list[tuple[int, int]]:
    """Return (index, depth) of each item, each followed by its sub-items, in the given order.

    Items whose parent is not among them stay at the top level (depth 0). Cycles cannot come
    from the services or packages (both refuse them) but are cut, never looped, and their
    items are kept, at the end.
    """
    if not any(parents):
        return [(index, 0) for index in range(len(keys))]
    known = set(keys)
    children: dict[str | None, list[int]] = {}
    for index, above in enumerate(parents):
        children.setdefault(above if above in known else None, []).append(index)
    ordered: list[tuple[int, int]] = []
    seen: set[int] = set()
    # The top level first; then whatever a cycle kept out of reach (never lose a row).
    for start in [children.get(None, []), range(len(keys))]:
        stack = [(index, 0) for index in reversed(start) if index not in seen]
        while stack:
            index, depth = stack.pop()
            if index in seen:
                continue
            seen.add(index)
            ordered.append((index, depth))
            below = children.get(keys[index])
            if below:
                stack.extend((child, depth + 1) for child in reversed(below))
    return ordered


_DONE = (DerivedStatus.DONE_ON_TIME, DerivedStatus.DONE_LATE)


def rollup_status(children: Iterable[DerivedStatus | None]) -> DerivedStatus | None:
    """Return a group heading's category from its children's (the heading is not a task).

    The rule, in this order:
    - no child: None (nothing to judge);
    - any child overdue: overdue (the group is late as soon as one part is);
    - any child whose deadline is unknown: None (the group cannot be judged);
    - every child done: done late if any was late, else done on time;
    - any child done or in progress: in progress within the deadline;
    - otherwise (every child not yet due): not yet due.
    """
    statuses = list(children)
    if not statuses:
        return None
    if DerivedStatus.OVERDUE in statuses:
        return DerivedStatus.OVERDUE
    if None in statuses:
        return None
    if all(s in _DONE for s in statuses):
        late = DerivedStatus.DONE_LATE in statuses
        return DerivedStatus.DONE_LATE if late else DerivedStatus.DONE_ON_TIME
    if any(s is not DerivedStatus.NOT_DUE for s in statuses):
        return DerivedStatus.IN_PROGRESS_ON_TIME
    return DerivedStatus.NOT_DUE

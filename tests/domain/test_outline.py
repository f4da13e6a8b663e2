"""Sub-item markers, the outline order and a group heading's roll-up."""

from __future__ import annotations

import pytest

from carapp.domain.outline import (
    is_marker,
    marker_style,
    outline_order,
    rollup_status,
    split_marker,
)
from carapp.domain.status import DerivedStatus as D


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Rà soát", ("-", "Rà soát")),
        ("– Rà soát", ("–", "Rà soát")),
        ("+ Cắt giảm", ("+", "Cắt giảm")),
        ("• Niêm yết", ("•", "Niêm yết")),
        ("a) Tuyên truyền", ("a)", "Tuyên truyền")),
        ("đ) Đối thoại", ("đ)", "Đối thoại")),
        ("b. Tọa đàm", ("b.", "Tọa đàm")),
        ("Rà soát", ("", "Rà soát")),
        ("-Rà soát", ("", "-Rà soát")),  # no space: a word, not a marker
        ("v.v. các việc khác", ("", "v.v. các việc khác")),
        ("2026-2030", ("", "2026-2030")),
    ],
)
def test_split_marker(text: str, expected: tuple[str, str]) -> None:
    assert split_marker(text) == expected


def test_markers_alone_and_their_kinds() -> None:
    assert [is_marker(t) for t in ("-", "a)", " + ", "1", "Rà soát", "")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert marker_style("a)") == marker_style("b)") != marker_style("a.")
    assert marker_style("–") == marker_style("-") != marker_style("+")


def test_outline_order_puts_sub_items_under_their_parent_and_cuts_cycles() -> None:
    items = [("c", "a"), ("a", None), ("b", None), ("d", "c"), ("x", "y"), ("p", "q"), ("q", "p")]
    order = outline_order(items, lambda i: i[0], lambda i: i[1])
    assert [(i[0], depth) for i, depth in order] == [
        ("a", 0),
        ("c", 1),
        ("d", 2),
        ("b", 0),
        ("x", 0),  # its parent is not listed: top level
        ("p", 0),  # p and q point at each other: kept, at the end, the cycle cut
        ("q", 1),
    ]


@pytest.mark.parametrize(
    ("children", "rolled"),
    [
        ([], None),
        ([D.DONE_ON_TIME, D.OVERDUE, D.NOT_DUE], D.OVERDUE),
        ([D.OVERDUE, None], D.OVERDUE),
        ([D.DONE_ON_TIME, None], None),
        ([D.DONE_ON_TIME, D.DONE_ON_TIME], D.DONE_ON_TIME),
        ([D.DONE_ON_TIME, D.DONE_LATE], D.DONE_LATE),
        ([D.DONE_ON_TIME, D.NOT_DUE], D.IN_PROGRESS_ON_TIME),
        ([D.IN_PROGRESS_ON_TIME, D.NOT_DUE], D.IN_PROGRESS_ON_TIME),
        ([D.NOT_DUE, D.NOT_DUE], D.NOT_DUE),
    ],
)
def test_a_heading_rolls_up_its_children(children: list[D | None], rolled: D | None) -> None:
    assert rollup_status(children) is rolled

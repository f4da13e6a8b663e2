"""Manual page breaks of the workbooks: a section row never ends a page, blocks are not cut."""

from __future__ import annotations

from carapp.export.xlsx_pages import page_starts


def test_a_section_row_at_a_page_foot_moves_to_the_next_page() -> None:
    heights = [20.0] * 3 + [10.0] * 20  # rows 1-3: header, row 3 the table's header row
    # 100 pt a page: rows 1..7 fill page 1 (60 + 40); row 7 is a section row.
    assert page_starts(heights, 3, set(), 100.0)[0] == 8
    assert page_starts(heights, 3, {7}, 100.0)[0] == 7


def test_a_block_goes_whole_to_the_next_page() -> None:
    heights = [10.0] * 30
    starts = page_starts(heights, 1, set(), 100.0, blocks=[(8, 14)])
    assert starts[0] == 8  # the block would have been cut after row 10
    assert all(not 8 < s <= 14 for s in starts)

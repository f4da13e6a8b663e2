"""Hypothesis strategies and settings shared by the fuzz tests and tools/fuzz.py.

CARAPP_FUZZ_EXAMPLES sets how many examples each property tries (small in the test suite;
tools/fuzz.py raises it for a long run).
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("CARAPP_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="CARAPP_FUZZ_EXAMPLES" not in os.environ,  # the suite is repeatable
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)

HEADERS = [
    "STT",
    "TT",
    "Nội dung công việc",
    "Nội dung",
    "Tên nhiệm vụ",
    "Đơn vị chủ trì",
    "Cơ quan chủ trì",
    "Đơn vị phối hợp",
    "Kết quả/ Sản phẩm",
    "Thời gian hoàn thành",
    "Thời hạn",
    "Mã nhiệm vụ",
    "Kết quả thực hiện",
    "Trạng thái thực hiện",
    "Ngày hoàn thành thực tế",
    "Văn bản giao nhiệm vụ",
]
WORDS = [
    "I",
    "II",
    "CẢI CÁCH THỂ CHẾ",
    "1",
    "2",
    "a)",
    "-",
    "+ Rà soát",
    "Rà soát, kiểm tra văn bản quy phạm pháp luật",
    "Văn phòng UBND",
    "2026-2030",
    "206-2030",
    "Quý IV/2026",
    "31/12/2026",
    "tháng 13/2026",
    "Hằng năm",
    "Đã hoàn thành",
    "đang thực hiện",
    "99,09%",
    "",
]
# Control characters cannot be stored in a .docx or .xlsx as such (XML 1.0 forbids them);
# Excel writes them as _xHHHH_ escapes, which is what a file from elsewhere holds.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

texts = st.text(
    alphabet=st.characters(
        codec="utf-8",
        categories=("L", "M", "N", "P", "S", "Z", "Cc"),
    ),
    max_size=60,
)
cells: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(HEADERS),
    st.sampled_from(WORDS),
    texts,
    texts.map(lambda t: unicodedata.normalize("NFD", t)),
    st.sampled_from(WORDS).map(lambda t: unicodedata.normalize("NFD", t)),
    st.tuples(st.sampled_from(WORDS[:12]), st.integers(100, 20_000)).map(
        lambda p: (p[0] + " ") * (p[1] // max(len(p[0]), 1))
    ),
)


def storable(text: str) -> str:
    """Return `text` as a .docx or .xlsx can hold it: control characters as _xHHHH_."""
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


@st.composite
def tables(draw: Any) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Return a table: rows of cells (often a header row first) and merged ranges."""
    width = draw(st.integers(1, 8))
    height = draw(st.integers(1, 9))
    rows = [[storable(draw(cells)) for _ in range(width)] for _ in range(height)]
    if draw(st.booleans()):
        rows.insert(0, [draw(st.sampled_from(HEADERS)) for _ in range(width)])
    merges = []
    for _ in range(draw(st.integers(0, 3))):
        top = draw(st.integers(0, len(rows) - 1))
        left = draw(st.integers(0, width - 1))
        bottom = draw(st.integers(top, len(rows) - 1))  # huge spans: to the table's end
        right = draw(st.integers(left, width - 1))
        box = (top, left, bottom, right)
        if box[:2] != box[2:] and not any(_overlap(box, m) for m in merges):
            merges.append(box)
    return rows, merges


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def looks_vietnamese(message: str) -> bool:
    """Return whether a message is written for a Vietnamese reader (diacritics, no codes)."""
    english = ("Traceback", "Error", "Exception", "None", "object", "invalid")
    own = re.sub("“[^”]*”", "“”", message)  # what the file says, quoted, may be anything
    return any(ord(ch) > 127 for ch in own) and not any(w in own for w in english)

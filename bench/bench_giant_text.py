"""Time printing one appendix task whose content is giant: 45,000 and 90,000 characters, 1 MB.

Run: .venv/bin/python bench/bench_giant_text.py [--sizes 45000 90000 1000000]

Cutting a giant cell into continuation rows must cost time linear in the text: the figures
for 90,000 characters should be about twice those for 45,000.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from carapp.domain.areas import ReformArea  # noqa: E402
from carapp.domain.documents import Appendix, DocumentHeader, SectionRow, TaskRow  # noqa: E402
from carapp.export import write_appendix_pdf, write_appendix_xlsx  # noqa: E402

WORDS = "Rà soát, kiểm tra, hệ thống hóa văn bản quy phạm pháp luật của đặc khu năm 2026. "


def giant_appendix(size: int) -> Appendix:
    """Return a one-task appendix whose content is `size` characters of Vietnamese prose."""
    text = (WORDS * (size // len(WORDS) + 1))[:size]
    task = TaskRow(number="1", content=text, lead="Văn phòng UBND", deadline="2026-2030")
    section = SectionRow("I", "CẢI CÁCH THỂ CHẾ", ReformArea.INSTITUTIONS, tasks=[task])
    header = DocumentHeader(issuer="Ủy ban nhân dân đặc khu Bạch Long Vĩ", number="95/KH-UBND")
    return Appendix(header=header, title="DANH MỤC NHIỆM VỤ", sections=[section])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[45_000, 90_000, 1_000_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            appendix = giant_appendix(size)
            for name, write in (("pdf", write_appendix_pdf), ("xlsx", write_appendix_xlsx)):
                path = Path(folder) / f"giant-{size}.{name}"
                start = time.perf_counter()
                write(appendix, path)
                seconds = time.perf_counter() - start
                print(
                    f"{size:>9,} characters  {name:4}  {seconds:6.2f} s  {path.stat().st_size:>10,} bytes"
                )


if __name__ == "__main__":
    main()

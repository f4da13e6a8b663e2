"""Import hostile or odd files and print, for each, the time, the peak memory and the outcome.

Run: .venv/bin/python bench/bench_hostile.py [--timeout 120] [--only NAME …]

Each file is built in a temporary folder (tests/importers/hostile.py) and imported in a child
process, both as an appendix and as a report, so that each figure is that file's own: wall
time, and peak resident memory from resource.getrusage in the child. The aim: every file ends
within seconds and under 300 MB, with a Vietnamese message or a correct import.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.importers import hostile  # noqa: E402

CASES: dict[str, Callable[[Path], Path]] = {
    "docx gridSpan 2147483648": lambda d: hostile.docx_grid_span(d / "a.docx", "2147483648"),
    "docx gridSpan -5": lambda d: hostile.docx_grid_span(d / "b.docx", "-5"),
    "docx 100.000 dòng": lambda d: hostile.docx_rows(d / "c.docx", 100_000),
    "docx 100.000 dòng gộp dọc": lambda d: hostile.docx_rows(d / "d.docx", 100_000, True),
    "docx 10.000 cột": lambda d: hostile.docx_columns(d / "e.docx", 10_000),
    "docx 9.000 dòng (hợp lệ)": lambda d: hostile.docx_rows(d / "c2.docx", 9_000),
    "docx nén kiểu 99": lambda d: hostile.unsupported_zip(d / "f.docx", "docx", method=99),
    "docx zip phiên bản 9.9": lambda d: hostile.unsupported_zip(d / "f2.docx", "docx", version=99),
    "xlsx ô XFD1": lambda d: hostile.xlsx_far_cell(d / "g.xlsx", "XFD1"),
    "xlsx ô A1048576": lambda d: hostile.xlsx_far_cell(d / "h.xlsx", "A1048576"),
    "xlsx ô XFD1048576": lambda d: hostile.xlsx_far_cell(d / "i.xlsx", "XFD1048576"),
    "xlsx gộp A3:XFD1048576": lambda d: hostile.xlsx_merged(d / "l.xlsx", "A3:XFD1048576"),
    "xlsx 100.000 dòng": lambda d: hostile.xlsx_rows(d / "j.xlsx", 100_000),
    "xlsx 9.000 dòng (hợp lệ)": lambda d: hostile.xlsx_rows(d / "j2.xlsx", 9_000),
    "xlsx nén kiểu 99": lambda d: hostile.unsupported_zip(d / "k.xlsx", "xlsx", method=99),
}

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from carapp.importers import ImportFailure, read_appendix, read_progress_report
started = time.perf_counter()
outcome = []
for reader in (read_appendix, read_progress_report):
    try:
        result = reader({path!r})
        count = len(result.tasks) if hasattr(result, "tasks") else len(result.rows)
        outcome.append(f"đọc được {{count}} dòng, {{len(result.issues)}} cảnh báo")
    except ImportFailure as exc:
        outcome.append("từ chối: " + exc.message)
    except Exception as exc:  # what the bench is there to find
        outcome.append(f"LỖI {{type(exc).__name__}}: {{exc}}")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps([time.perf_counter() - started, peak, outcome], ensure_ascii=False))
"""


def _run(path: Path, timeout: float) -> str:
    """Import a file in a child process; return the figures and the outcome as one line."""
    code = CHILD.format(root=str(ROOT), path=str(path))
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return f"QUÁ {timeout:.0f} s (dừng)"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return f"tiến trình chết sau {time.perf_counter() - started:.1f} s: {last}"
    seconds, peak, outcome = json.loads(done.stdout.strip().splitlines()[-1])
    return f"{seconds:6.2f} s, {peak:6.0f} MB | phụ lục: {outcome[0]} | báo cáo: {outcome[1]}"


def main() -> None:
    """Build each hostile file and print how importing it went."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name, build in CASES.items():
            if args.only and not any(word in name for word in args.only):
                continue
            path = build(Path(folder))
            size = path.stat().st_size / 1024
            print(f"{name:<28} ({size:8.0f} KB): {_run(path, args.timeout)}", flush=True)


if __name__ == "__main__":
    main()

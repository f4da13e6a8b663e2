"""Read back what carapp wrote into its own workbook, to tell the user's edits from local ones."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from openpyxl import load_workbook

BASELINE_SHEET = "carapp"
BASELINE_MARK = "carapp-baseline"


def read_baseline(path: str | Path) -> dict[str, dict[str, str]]:
    """Return {task id: exported field values} from a carapp workbook; {} for any other file."""
    try:
        if not zipfile.is_zipfile(path):
            return {}
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # not a workbook: the reader proper reports why
        return {}
    try:
        if BASELINE_SHEET not in book.sheetnames:
            return {}
        rows = book[BASELINE_SHEET].iter_rows(values_only=True)
        first = next(rows, None)
        if not first or first[0] != BASELINE_MARK:
            return {}
        baseline: dict[str, dict[str, str]] = {}
        for row in rows:
            if row and isinstance(row[0], str) and isinstance(row[1], str):
                values = json.loads(row[1])
                if isinstance(values, dict):
                    baseline[row[0]] = {str(k): str(v) for k, v in values.items()}
        return baseline
    finally:
        book.close()

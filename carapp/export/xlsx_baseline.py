"""Keep, inside an exported workbook, the values as exported: the base of a later round trip."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

BASELINE_SHEET = "carapp"
BASELINE_MARK = "carapp-baseline"


def add_baseline(book: Any, rows: Mapping[str, Mapping[str, str]]) -> None:
    """Add a very hidden sheet holding each task id's exported values as JSON."""
    sheet = book.create_sheet(BASELINE_SHEET)
    sheet.sheet_state = "veryHidden"
    sheet.append([BASELINE_MARK, 1])
    for task_id, values in rows.items():
        sheet.append([task_id, json.dumps(dict(values), ensure_ascii=False)])

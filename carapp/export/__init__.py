"""Writers of the printed documents: the appendix and the progress report, as PDF and Excel.

Each takes plain data (carapp.domain.documents), writes its file atomically and reports
progress through an optional `progress(done, total)` callback. No Qt, no database here.

The writers are imported when first asked for (PEP 562 `__getattr__`): a PDF export need not
load openpyxl, nor an Excel export reportlab.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carapp.export.pdf_appendix import write_appendix_pdf
    from carapp.export.pdf_report import write_report_pdf
    from carapp.export.xlsx_appendix import write_appendix_xlsx
    from carapp.export.xlsx_report import write_report_xlsx

WRITERS = {
    "write_appendix_pdf": "carapp.export.pdf_appendix",
    "write_report_pdf": "carapp.export.pdf_report",
    "write_appendix_xlsx": "carapp.export.xlsx_appendix",
    "write_report_xlsx": "carapp.export.xlsx_report",
}

__all__ = ["write_appendix_pdf", "write_appendix_xlsx", "write_report_pdf", "write_report_xlsx"]


def __getattr__(name: str) -> Any:
    """Import a writer's module the first time the writer is asked for."""
    if name in WRITERS:
        return getattr(importlib.import_module(WRITERS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Write the city's consolidated report of a period: read the picture, hand it to the layout."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine

from carapp.domain.periods import ReportingPeriod
from carapp.export.pdf_city import write_consolidated_pdf
from carapp.export.xlsx_city import write_consolidated_xlsx
from carapp.services.sync.city import consolidate

Format = Literal["pdf", "xlsx"]


def export_consolidated(
    engine: Engine,
    period: ReportingPeriod,
    fmt: Format,
    path: str | os.PathLike[str],
    *,
    today: date | None = None,
) -> Path:
    """Build the city's consolidated report of `period` and write it as PDF or Excel."""
    consolidation = consolidate(engine, period, today=today)
    if fmt == "pdf":
        write_consolidated_pdf(consolidation, path)
    else:
        write_consolidated_xlsx(consolidation, path)
    return Path(path)

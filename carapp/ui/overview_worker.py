"""Compute the overview off the GUI thread (a plan can hold 20,000 tasks)."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QObject, QRunnable, Signal
from sqlalchemy import Engine

from carapp.domain.periods import ReportingPeriod
from carapp.services.common import ServiceError
from carapp.services.overview import overview

log = logging.getLogger(__name__)


class OverviewSignals(QObject):
    """Results of overview workers, delivered on the thread this object lives in (the GUI's).

    Each carries the request number it answers, so that a stale answer can be dropped.
    """

    finished = Signal(int, object)
    failed = Signal(int, str)


class OverviewWorker(QRunnable):
    """Run services.overview.overview once and report through `signals`."""

    def __init__(
        self,
        signals: OverviewSignals,
        request: int,
        engine: Engine,
        plan_id: str,
        period: ReportingPeriod,
        as_of: date,
    ) -> None:
        super().__init__()
        self._signals, self._request = signals, request
        self._args = (engine, plan_id, period, as_of)

    def run(self) -> None:
        try:
            result = overview(*self._args)
        except ServiceError as exc:
            self._signals.failed.emit(self._request, str(exc))
        except Exception as exc:  # reported to the user, never lost
            log.exception("overview failed")
            self._signals.failed.emit(
                self._request, f"Không tính được số liệu tổng hợp: {type(exc).__name__}: {exc}"
            )
        else:
            self._signals.finished.emit(self._request, result)

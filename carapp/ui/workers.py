"""Run slow work on a thread pool; results come back as signals on the GUI thread."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from carapp.services.common import user_message


class JobSignals(QObject):
    """Signals of one job; they live on the GUI thread, so slots run there."""

    finished = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """Call a function off the GUI thread; it must not touch any widget."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.signals = JobSignals()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:
            self.signals.failed.emit(failure_message(exc))
        else:
            self.signals.finished.emit(result)


def failure_message(exc: Exception) -> str:
    """Return the Vietnamese message for a failed job (the same as the command line's)."""
    message = user_message(exc)
    if message is not None:
        return message
    # A defect: the details go to the log, the user learns that the work was not done.
    traceback.print_exception(exc)
    return f"Lỗi trong chương trình, công việc chưa làm được ({type(exc).__name__})."


class Jobs(QObject):
    """Start jobs on a private pool and keep them alive until they report."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._running: set[Job] = set()

    def start(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
    ) -> Job:
        """Run `work` off the GUI thread, then `done(result)` or `failed(message)` on it."""
        job = Job(work)
        job.setAutoDelete(False)
        job.signals.finished.connect(done)
        job.signals.failed.connect(failed)
        job.signals.finished.connect(lambda _result, j=job: self._running.discard(j))
        job.signals.failed.connect(lambda _message, j=job: self._running.discard(j))
        self._running.add(job)
        self.pool.start(job)
        return job

    def busy(self) -> bool:
        """Return whether a job is still running or waiting for its signals."""
        return bool(self._running)

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for every job to finish (on closing, and in tests)."""
        return bool(self.pool.waitForDone(msecs))

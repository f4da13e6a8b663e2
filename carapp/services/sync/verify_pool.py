"""Verify many received packages at once, in worker processes (one per CPU but one: workers()).

Checking a package is CPU work (CMS and PAdES signatures, hashes, JSON schema) that needs no
database, so a batch is spread over ``workers()`` processes started with "spawn": the
window runs the import in a worker thread with Qt loaded, and a forked copy of a Qt process is
unsafe; a spawned one starts clean and imports only carapp.sync.verify_worker. A small batch
(fewer than SERIAL_BELOW packages, 24) or a one-CPU machine is checked here, one by one, since
starting processes would cost more than it saves.

`verify_all` returns the results in input order whatever order the workers finish in;
`progress` is called as each package is done. `verify_stream` yields each result as soon as it
is known (the packages are handed to the workers in input order, so they come back roughly in
that order), which lets the caller write the first packages while the workers check the rest. A worker that dies (a crash in a library, killed, out of memory)
breaks its pool: the packages not finished are checked again in smaller pools, halving the
group each time, so the package that kills a worker alone becomes that package's refusal
("lỗi không mong đợi") and every other package still gets its own verdict.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from carapp.services.sync import package_checks
from carapp.services.sync.batch import UNEXPECTED_REASON, UNEXPECTED_STEP
from carapp.services.sync.results import REJECTED, ImportResult, Progress
from carapp.sync.manifest import Kind
from carapp.sync.pki import TrustStore
from carapp.sync.verify_worker import (
    Arrived,
    Failed,
    arrived,
    start_worker,
    verify_each,
    verify_one,
)

SERIAL_BELOW = 24  # packages: fewer are checked here (a worker takes ~0.5–1.5 s to start)
PER_CALL = 3  # packages per call to a worker in a big batch: fewer round trips, still streamed
HEAD = 10  # packages checked here while the workers start (~0.5 s): the writer's first chunk
CRASHED = "tiến trình kiểm tra gói bị dừng đột ngột"

Checked = Arrived | ImportResult
Worker = Callable[[Path], Arrived | Failed]


def workers() -> int:
    """Return how many processes verify a batch: one per CPU but the one the import writes on.

    The main process writes the verified packages while the workers check the next ones
    (services/sync/import_pipeline), so it takes a CPU of its own: on 2 CPUs, one worker and the
    writer finish sooner, with ~1 s less CPU, than two workers competing with the writer. On one
    CPU there is no worker: the batch is checked in the main process.
    """
    return max((os.cpu_count() or 1) - 1, 0)


def verify_all(
    paths: Sequence[Path],
    trust: TrustStore,
    kind: Kind | None,
    at: datetime,
    progress: Progress | None = None,
    *,
    worker: Worker = verify_one,
    processes: int | None = None,
) -> list[Checked]:
    """Verify every package; return, in input order, an Arrived or the refusal of each."""
    ticks = _Ticks(progress, len(paths))
    results: dict[int, Checked] = {}
    for index, outcome in verify_stream(paths, trust, kind, at, worker=worker, processes=processes):
        results[index] = outcome
        ticks.tick()
    return [results[i] for i in range(len(paths))]


def verify_stream(
    paths: Sequence[Path],
    trust: TrustStore,
    kind: Kind | None,
    at: datetime,
    *,
    worker: Worker = verify_one,
    processes: int | None = None,
    idle: Callable[[], None] | None = None,
) -> Iterator[tuple[int, Checked]]:
    """Yield (position in `paths`, an Arrived or the refusal) of each package, as each is done.

    `idle` is called before waiting for the workers with nothing else to do (the caller may
    then write what it holds back).
    """
    count = processes or workers()
    if count < 1 or len(paths) < SERIAL_BELOW:
        yield from _serial(paths, trust, kind, at)
        return
    done: set[int] = set()
    setup = (trust, kind, at)
    yield from _in_pools(list(range(len(paths))), paths, setup, count, (worker, idle), done)


def _serial(
    paths: Sequence[Path], trust: TrustStore, kind: Kind | None, at: datetime
) -> Iterator[tuple[int, Checked]]:
    for index, path in enumerate(paths):
        yield index, _check_here(path, trust, kind, at)


class _Ticks:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def tick(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)


def _in_pools(
    group: list[int],
    paths: Sequence[Path],
    setup: tuple[TrustStore, Kind | None, datetime],
    count: int,
    hooks: tuple[Worker, Callable[[], None] | None],
    done: set[int],
) -> Iterator[tuple[int, Checked]]:
    """Verify `group` in one pool; after a crash, the unfinished ones again in halves.

    Whenever no call has come back when the caller asks for the next result (it has written
    all it could), the main process checks the next call not started itself (see `_Calls`).
    A stand-in `worker` (tests) is never run here.
    """
    trust, kind, at = setup
    worker, idle = hooks
    context = multiprocessing.get_context("spawn")
    initargs = (trust, kind.value if kind else None, at)
    size = min(count, len(group))
    pool = ProcessPoolExecutor(
        size, mp_context=context, initializer=start_worker, initargs=initargs
    )
    share = worker is verify_one
    head, rest = (group[:HEAD], group[HEAD:]) if share else ([], group)
    step = PER_CALL if len(rest) > PER_CALL * size else 1
    calls = _Calls(pool, worker, paths, [rest[s : s + step] for s in range(0, len(rest), step)])
    try:
        for index in head:  # while the workers start
            done.add(index)
            yield index, _check_here(paths[index], trust, kind, at)
        for index, outcome in calls.results(share, idle):
            done.add(index)
            if outcome is None:  # checked here
                yield index, _check_here(paths[index], trust, kind, at)
            else:
                yield index, _result(paths[index], outcome)
    finally:  # the last results are in: the import goes on while the workers exit
        pool.shutdown(wait=False, cancel_futures=True)
    left = [i for i in group if i not in done]
    if not left:
        return
    if len(group) == 1:
        done.add(group[0])
        yield group[0], _result(paths[group[0]], Failed("", "", CRASHED))
        return
    half = max(1, len(left) // 2)
    for part in (left[:half], left[half:]):
        if part:
            yield from _in_pools(part, paths, setup, count, hooks, done)


class _Calls:
    """The calls of a batch, all given to the pool; the caller may take back one not started.

    On 2 CPUs the main process writes while one worker checks; it waits ~0.5 s for the worker
    to start and, later, whenever the writing catches up with the checking. Meanwhile it
    takes back the next call the pool has not started (a cancelled future) and checks it
    itself: both CPUs stay busy, and the worker always has its next calls queued.
    """

    def __init__(
        self,
        pool: ProcessPoolExecutor,
        worker: Worker,
        paths: Sequence[Path],
        batches: list[list[int]],
    ) -> None:
        self.running: dict[Future[list[Arrived | Failed]], list[int]] = {
            pool.submit(verify_each, worker, [paths[i] for i in b]): b for b in batches
        }
        self.queue = deque(self.running)  # in submission order: the next to take back first

    def results(
        self, share: bool, idle: Callable[[], None] | None = None
    ) -> Iterator[tuple[int, Arrived | Failed | None]]:
        """Yield (index, outcome) as each call ends; outcome None: the caller checks it.

        With nothing to take back, `idle` is called once before waiting for the workers.
        """
        idled = False
        while self.running:
            finished, _ = wait(self.running, timeout=0, return_when=FIRST_COMPLETED)
            if not finished:
                taken = self._take_back() if share else None
                if taken is not None:
                    yield from ((index, None) for index in taken)
                    continue
                if idle is not None and not idled:
                    idle()
                    idled = True
                    continue
                finished, _ = wait(self.running, return_when=FIRST_COMPLETED)
            idled = False
            for future in finished:
                batch = self.running.pop(future)
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    return  # what is not done is checked again (see _in_pools)
                except Exception as exc:  # e.g. a result that could not be sent back
                    outcomes = [Failed("", "", f"{type(exc).__name__}: {exc}"[:500])] * len(batch)
                yield from zip(batch, outcomes, strict=True)
            self._forget()
        self.queue.clear()

    def _forget(self) -> None:
        """Drop the futures that came back from the front of the queue: each holds its
        results (a national batch kept all 3,321 verified packages alive)."""
        while self.queue and self.queue[0] not in self.running:
            self.queue.popleft()

    def _take_back(self) -> list[int] | None:
        """Cancel the first call the pool has not started; return its packages."""
        self._forget()
        for future in self.queue:  # the first ones are running or queued in the pool
            if future in self.running and future.cancel():
                return self.running.pop(future)
        return None


def _check_here(path: Path, trust: TrustStore, kind: Kind | None, at: datetime) -> Checked:
    checked = package_checks.verify_safely(path, trust, kind, at)
    return checked if isinstance(checked, ImportResult) else arrived(checked)


def _result(path: Path, outcome: Arrived | Failed) -> Checked:
    if isinstance(outcome, Arrived):
        return outcome
    if outcome.detail:
        return ImportResult(
            path, REJECTED, UNEXPECTED_REASON, UNEXPECTED_STEP, detail=outcome.detail
        )
    return replace(ImportResult(path, REJECTED), reason=outcome.reason, step=outcome.step)

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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
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
) -> Iterator[tuple[int, Checked]]:
    """Yield (position in `paths`, an Arrived or the refusal) of each package, as each is done."""
    count = processes or workers()
    if count < 1 or len(paths) < SERIAL_BELOW:
        yield from _serial(paths, trust, kind, at)
        return
    done: set[int] = set()
    yield from _in_pools(list(range(len(paths))), paths, (trust, kind, at), count, worker, done)


def _serial(
    paths: Sequence[Path], trust: TrustStore, kind: Kind | None, at: datetime
) -> Iterator[tuple[int, Checked]]:
    for index, path in enumerate(paths):
        checked = package_checks.verify_safely(path, trust, kind, at)
        yield index, (checked if isinstance(checked, ImportResult) else arrived(checked))


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
    worker: Worker,
    done: set[int],
) -> Iterator[tuple[int, Checked]]:
    """Verify `group` in one pool; after a crash, the unfinished ones again in halves."""
    trust, kind, at = setup
    context = multiprocessing.get_context("spawn")
    initargs = (trust, kind.value if kind else None, at)
    size = min(count, len(group))
    pool = ProcessPoolExecutor(
        size, mp_context=context, initializer=start_worker, initargs=initargs
    )
    try:
        step = PER_CALL if len(group) > PER_CALL * size else 1
        batches = [group[start : start + step] for start in range(0, len(group), step)]
        futures = {pool.submit(verify_each, worker, [paths[i] for i in b]): b for b in batches}
        for future in as_completed(futures):
            batch = futures[future]
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                continue
            except Exception as exc:  # e.g. a result that could not be sent back
                outcomes = [Failed("", "", f"{type(exc).__name__}: {exc}"[:500])] * len(batch)
            for index, outcome in zip(batch, outcomes, strict=True):
                done.add(index)
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
            yield from _in_pools(part, paths, setup, count, worker, done)


def _result(path: Path, outcome: Arrived | Failed) -> Checked:
    if isinstance(outcome, Arrived):
        return outcome
    if outcome.detail:
        return ImportResult(
            path, REJECTED, UNEXPECTED_REASON, UNEXPECTED_STEP, detail=outcome.detail
        )
    return replace(ImportResult(path, REJECTED), reason=outcome.reason, step=outcome.step)

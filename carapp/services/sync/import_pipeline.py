"""Check and write at once: order a batch by its manifests, write chunks as they are verified.

Writing a package waits only for the packages before it in the batch's order (batch: unit,
sequence, newest first, manifest hash), and that order is known before any cryptography: each
package's manifest.json is read cheaply (package_skip.read_manifest, the bytes the skip-by-hash
check reads anyway) and parsed. The packages go to the verification workers in that order
(verify_pool.verify_stream) and the main process writes a chunk (package_write) as soon as its
packages are verified, while the workers check the next ones.

Why the order stays the one of the verified contents:

- a package whose manifest cannot be read or parsed cheaply goes to the workers FIRST, and
  nothing is written before all of those are verified: the ones that pass then take their place
  in the order by their verified manifest, as if they had been read cheaply;
- a verified package is written at its cheap key only when its verified manifest gives the same
  key. Otherwise (its file was replaced during the import: a zip holding two manifest.json is
  refused by safezip) it is written after all the others, in content order; the sequence rule
  (package_write and the database's unique index) still judges it;
- a package refused by verification writes nothing, as before.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from sqlalchemy import Engine

from carapp import collector
from carapp.services.backups import backup_before
from carapp.services.sync.batch import Key, Taken, batch_order, content_key, package_key
from carapp.services.sync.package_write import CHUNK, Context, Item, write_chunk
from carapp.services.sync.results import ImportResult
from carapp.services.sync.verify_pool import Checked
from carapp.sync.manifest import parse_manifest
from carapp.sync.verify_worker import Arrived

Stream = Iterable[tuple[int, Checked]]


def cheap_keys(manifests: Mapping[int, bytes | None], todo: Sequence[int]) -> dict[int, Key]:
    """Return the content key of each package in `todo` whose manifest.json parses."""
    keys: dict[int, Key] = {}
    for index in todo:
        raw = manifests.get(index)
        if raw is None:
            continue
        try:
            keys[index] = content_key(parse_manifest(raw), hashlib.sha256(raw).hexdigest())
        except Exception:  # the full verification will say what is wrong
            continue
    return keys


def check_queue(todo: Sequence[int], keys: Mapping[int, Key]) -> list[int]:
    """Return the order the packages are verified in: unreadable manifests first, then by key."""
    first = [i for i in todo if i not in keys]
    return first + sorted((i for i in todo if i in keys), key=keys.__getitem__)


class Flow:
    """Take verification results as they come; write every chunk whose packages are ready."""

    def __init__(
        self,
        engine: Engine,
        files: Sequence[Path],
        queue: Sequence[int],
        keys: Mapping[int, Key],
        context: Context,
    ) -> None:
        self.engine, self.files, self.keys, self.context = engine, files, keys, context
        self.waiting = {i for i in queue if i not in keys}  # write nothing before these
        self.pending = list(queue)
        self.checked: dict[int, Checked] = {}
        self.results: dict[int, ImportResult] = {}
        self.order: list[int] | None = None
        self.cursor = 0
        self.chunk: list[Item] = []
        self.late: list[Item] = []
        self.taken = Taken()
        self.backed_up = False
        self.report: Callable[[int], None] = lambda _count: None

    def run(self, stream: Stream, progress: Callable[[int], None]) -> dict[int, ImportResult]:
        """Consume `stream` (position in the queue, outcome); report units done (2 a package)."""
        units = 0

        def report(count: int) -> None:
            nonlocal units
            units += count
            progress(units)

        self.report = report

        self._ready()
        with collector.paused():  # collected after each chunk instead (_flush)
            self._consume(stream, report)
        return self.results

    def _consume(self, stream: Stream, report: Callable[[int], None]) -> None:
        for position, outcome in stream:
            index = self.pending[position]
            self.checked[index] = outcome
            self.waiting.discard(index)
            report(2 if isinstance(outcome, ImportResult) else 1)
            if isinstance(outcome, ImportResult):
                self.results[index] = outcome
            self._ready()
            self._advance(report)
        self._flush(report)
        late = batch_order(self.late)
        for start in range(0, len(late), CHUNK):
            self.chunk = late[start : start + CHUNK]
            self._flush(report)

    def idle(self) -> None:
        """Write the packages ready in order now, fewer than a chunk: checking is behind."""
        self._flush(self.report)

    def _ready(self) -> None:
        if self.order is not None or self.waiting:
            return
        arrived = [i for i, c in self.checked.items() if i not in self.keys and _ok(c)]
        self.order = sorted([*self.keys, *arrived], key=self._key)

    def _key(self, index: int) -> Key:
        key = self.keys.get(index)
        if key is not None:
            return key
        outcome = self.checked[index]
        assert isinstance(outcome, Arrived)
        return package_key(outcome.package)

    def _advance(self, report: Callable[[int], None]) -> None:
        order = self.order or []
        while self.cursor < len(order) and order[self.cursor] in self.checked:
            index = order[self.cursor]
            self.cursor += 1
            outcome = self.checked.pop(index)  # not kept once written: a national batch is big
            if not isinstance(outcome, Arrived):
                continue
            item = (index, self.files[index], outcome)
            if index in self.keys and package_key(outcome.package) != self.keys[index]:
                self.late.append(item)
                continue
            self.chunk.append(item)
            if len(self.chunk) >= CHUNK:
                self._flush(report)

    def _flush(self, report: Callable[[int], None]) -> None:
        if not self.chunk:
            return
        if not self.backed_up:
            backup_before(self.engine, "truoc-nhap")
            self.backed_up = True
        self.results.update(write_chunk(self.engine, self.chunk, self.context, self.taken))
        report(len(self.chunk))
        self.chunk = []
        gc.collect(1)  # the chunk's cycles (its session's), young objects only: cheap


def _ok(outcome: Checked) -> bool:
    return isinstance(outcome, Arrived)

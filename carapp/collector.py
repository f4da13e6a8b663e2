"""Python's cycle collector around carapp's start and its big loads.

Loading SQLAlchemy, SQLModel, pydantic, PySide6 and carapp makes some 500,000 objects and no
garbage, yet every automatic collection meanwhile walks all of them, and the collection Python
runs at exit walks them once more: together ~0.15–0.2 s of CPU on each start and command.
So the program (the `carapp` script and `python -m carapp`, not a test calling
carapp.cli.main.main with its arguments) pauses the collector while it loads (`program`);
`settle`, once the command's module is loaded or the window is shown, moves everything made so
far to the permanent generation (gc.freeze: never walked again, still freed by reference
counting) and lets the collector run again over what comes after; at exit everything is
frozen, so the last collection has nothing to walk.

`quiet` keeps the collector away while a worker builds tens of thousands of rows (each full
collection would walk them all and hold the GIL: a frozen GUI thread), then freezes them. It
counts, so that two loads at once, or a load while the program starts, never turn the
collector back on under each other.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Holds:
    """Who holds the collector off: the start (until `settle`) and the loads running."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.starting = False
        self.loads = 0
        self.was_on = True  # a caller that had turned the collector off keeps it off

    def holding(self) -> bool:
        return self.starting or self.loads > 0

    def hold(self) -> None:
        """Turn the collector off, remembering whether it was on (the lock is held)."""
        if not self.holding():
            self.was_on = gc.isenabled()
        gc.disable()

    def resume(self) -> None:
        """Turn the collector back on when nothing holds it off any more (the lock is held)."""
        if not self.holding() and self.was_on:
            gc.enable()


_holds = _Holds()


@contextmanager
def program() -> Iterator[None]:
    """Pause the collector while the program loads (until `settle`); freeze all at exit."""
    with _holds.lock:
        _holds.hold()
        _holds.starting = True
    try:
        yield
    finally:
        with _holds.lock:
            _holds.starting = False
            gc.freeze()  # the collection at exit then walks nothing


def settle() -> None:
    """Freeze what the start loaded and let the collector run again (once, in the program)."""
    with _holds.lock:
        if _holds.starting:
            _holds.starting = False
            gc.freeze()
            _holds.resume()


@contextmanager
def paused() -> Iterator[None]:
    """Keep the collector off while a document is laid out, then let it run again.

    Printing 1,000 tasks makes a million short-lived objects and few cycles: the collections
    meanwhile cost a few per cent of the export; the next one after it sweeps what is left.
    """
    with _held(freeze=False):
        yield


@contextmanager
def quiet() -> Iterator[None]:
    """Keep the collector off while many objects are made, then freeze them.

    A full collection walks every object and holds the GIL meanwhile: with 20,000 tasks
    loaded each one froze the GUI thread for 0.3–0.5 s, during the load and at random later.
    Rows hold no reference cycles, so freezing them costs no memory.
    """
    with _held(freeze=True):
        yield


@contextmanager
def _held(*, freeze: bool) -> Iterator[None]:
    """Hold the collector off for one load (loads may overlap); freeze what it made if asked."""
    with _holds.lock:
        _holds.hold()
        _holds.loads += 1
    try:
        yield
    finally:
        with _holds.lock:
            _holds.loads -= 1
            if freeze:
                gc.freeze()
            _holds.resume()

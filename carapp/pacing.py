"""Long pure-Python work on a worker thread, paced so that the GUI thread gets the GIL.

A thread running Python keeps the GIL until another thread asks for it, and then for up to the
switch interval (5 ms); the GUI thread asks for it at every call into Python (each cell it
paints, each timer), so while a worker loops over a national picture's 90,000 rows the window
waited 30–40 ms at a time. A worker that gives way now and then (a sleep lets the GIL go for
certain) keeps the GUI thread's waits short; its own work takes a few per cent longer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
Pause = Callable[[], None]
TURN = 0.0005  # seconds the worker stands aside each time


def give_way() -> None:
    """Let any other thread take the GIL (for TURN seconds)."""
    time.sleep(TURN)


def paced(items: Iterable[T], pause: Pause | None, every: int) -> Iterator[T]:
    """Yield `items`, calling `pause` after each `every` of them (no pause: just the items)."""
    if pause is None:
        yield from items
        return
    count = 0
    for item in items:
        yield item
        count += 1
        if count == every:
            pause()
            count = 0

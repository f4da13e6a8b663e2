"""carapp.pacing: long worker loops give the GUI thread a turn at the GIL."""

from __future__ import annotations

import sys
import threading
import time

from carapp import pacing


def test_paced_yields_every_item_and_pauses_after_each_group() -> None:
    calls: list[int] = []
    seen: list[int] = []
    for item in pacing.paced(range(10), lambda: calls.append(len(seen)), 3):
        seen.append(item)
    assert seen == list(range(10))
    assert calls == [3, 6, 9]  # after each third item
    assert list(pacing.paced(iter("abc"), None, 1)) == ["a", "b", "c"]  # no pause asked


def longest_wait_of_another_thread(pause: pacing.Pause | None) -> float:
    """Busy-loop 0.3 s in Python (pausing every ~5 ms of work when asked) while another thread
    wants to run Python every 0.2 ms; return the longest time it was kept waiting."""
    ran: list[float] = []
    stop = threading.Event()

    def other() -> None:
        while not stop.is_set():
            ran.append(time.perf_counter())
            time.sleep(0.0002)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.1)  # the holder keeps the GIL 100 ms unless it gives way
    thread = threading.Thread(target=other)
    thread.start()
    try:
        time.sleep(0.01)
        started = time.perf_counter()
        for _ in pacing.paced(range(600), pause, 10):
            busy_until = time.perf_counter() + 0.0005
            while time.perf_counter() < busy_until:
                pass
        ended = time.perf_counter()
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(interval)
    during = [t for t in ran if started <= t <= ended]
    return max(b - a for a, b in zip([started, *during], [*during, ended], strict=True))


def test_give_way_lets_another_thread_run_python() -> None:
    assert longest_wait_of_another_thread(None) > 0.08  # the switch interval, without pacing
    assert longest_wait_of_another_thread(pacing.give_way) < 0.05

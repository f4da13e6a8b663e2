"""carapp.collector: the cycle collector paused while the program loads, off during big loads."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from carapp import collector
from carapp.cli.main import main


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    """Give the test process its collector back as it was, nothing left frozen."""
    was_on = gc.isenabled()
    yield
    gc.unfreeze()
    if was_on:
        gc.enable()
    else:
        gc.disable()


def test_program_pauses_until_settled_then_freezes_what_it_loaded() -> None:
    gc.enable()
    with collector.program():
        assert not gc.isenabled()
        collector.settle()
        assert gc.isenabled() and gc.get_freeze_count() > 0
        collector.settle()  # once only
        assert gc.isenabled()
    assert gc.isenabled()


def test_a_load_during_the_start_keeps_the_collector_off_until_both_are_done() -> None:
    gc.enable()
    with collector.program():
        with collector.quiet():
            collector.settle()  # the window is shown while a worker still loads
            assert not gc.isenabled()
        assert gc.isenabled()
    with collector.quiet(), collector.quiet():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    with collector.quiet():
        pass
    assert not gc.isenabled()


def test_main_without_arguments_runs_as_the_program(
    sample_engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample_engine.dispose()
    gc.enable()
    gc.unfreeze()
    monkeypatch.setattr(sys, "argv", ["carapp", "--db", str(db_path), "plan", "list"])
    assert main() == 0
    assert gc.isenabled() and gc.get_freeze_count() > 0  # settled, then frozen for the exit
    gc.unfreeze()
    assert main(["--db", str(db_path), "plan", "list"]) == 0
    assert gc.get_freeze_count() == 0  # a call with arguments leaves the collector alone


def test_paused_turns_the_collector_back_on_without_freezing() -> None:
    gc.enable()
    gc.unfreeze()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0

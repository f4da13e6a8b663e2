"""Concurrent writers: no lost revision increment; a lock held too long gives a Vietnamese message."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, event

from carapp.cli.main import main
from carapp.db import engine as db_engine
from carapp.db.engine import close_database
from carapp.db.migrate import open_database
from carapp.services.common import SERVER_WRITE_LOCK, SQLITE_WRITE_LOCK, DatabaseBusy
from carapp.services.tasks import find_task, get_task, update_task
from tests.databases import WriteLockHolder

WRITERS = 4
UPDATES = 30


def test_concurrent_writers_lose_no_revision_increment(sample_engine: Engine, db_url: str) -> None:
    task_id = find_task(sample_engine, "6").id
    assert get_task(sample_engine, task_id).revision == 1
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        engine = open_database(db_url)  # each writer its own engine, as separate programs
        try:
            start.wait()
            for i in range(UPDATES):
                update_task(engine, f"nguoi-{number}", task_id, output=f"{number}-{i}")
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            close_database(engine)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert get_task(sample_engine, task_id).revision == 1 + WRITERS * UPDATES


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_engine, "BUSY_TIMEOUT_MS", 50)


def _hold_write_lock(location: str) -> WriteLockHolder:
    return WriteLockHolder(location)


def _count_lock_attempts(engine: Engine) -> list[str]:
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _seen(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement in (SQLITE_WRITE_LOCK, SERVER_WRITE_LOCK):
            seen.append(statement)

    return seen


def test_a_lock_held_too_long_is_retried_once_then_said_in_vietnamese(
    sample_engine: Engine, db_url: str, short_wait: None
) -> None:
    close_database(sample_engine)  # new connections take the short wait
    task_id = find_task(sample_engine, "6").id
    attempts = _count_lock_attempts(sample_engine)
    holder = _hold_write_lock(db_url)
    try:
        with pytest.raises(DatabaseBusy, match="Cơ sở dữ liệu đang bận.*hãy thử lại"):
            update_task(sample_engine, "tester", task_id, output="không lưu")
    finally:
        holder.rollback()
        holder.close()
    assert len(attempts) == 2
    assert get_task(sample_engine, task_id).output != "không lưu"


def test_the_retry_succeeds_when_the_lock_is_released_meanwhile(
    sample_engine: Engine, db_url: str, short_wait: None
) -> None:
    close_database(sample_engine)
    task_id = find_task(sample_engine, "6").id
    holder = _hold_write_lock(db_url)

    @event.listens_for(sample_engine, "handle_error")
    def _release(_context):  # type: ignore[no-untyped-def]
        holder.rollback()  # the other program finishes after our first wait

    update_task(sample_engine, "tester", task_id, output="đã lưu")
    holder.close()
    assert get_task(sample_engine, task_id).output == "đã lưu"


def test_the_command_line_says_busy_without_a_traceback(
    sample_engine: Engine, db_url: str, short_wait: None, capsys: pytest.CaptureFixture[str]
) -> None:
    close_database(sample_engine)
    holder = _hold_write_lock(db_url)
    try:
        code = main(
            ["--db", db_url, "progress", "set", "6", "--period", "2026-Q1", "--percent", "50"]
        )
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert code == 1 and "Cơ sở dữ liệu đang bận" in err and "locked" not in err

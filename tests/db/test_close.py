"""After a clean exit, a copy of the .sqlite3 file alone (no -wal) holds every change."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine

from carapp.cli.main import main
from carapp.db.engine import close_database
from carapp.db.migrate import open_database
from carapp.services.tasks import find_task, update_task


def copy_alone(path: Path, folder: Path) -> Path:
    """Copy only the database file, as a user copying it to a USB stick would."""
    folder.mkdir()
    return Path(shutil.copy(path, folder / path.name))


def query(path: Path, sql: str) -> object:
    with sqlite3.connect(path) as conn:
        value = conn.execute(sql).fetchone()[0]
    conn.close()
    return value


def test_after_a_command_the_file_alone_holds_every_change(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "sample", "load"]) == 0
    assert (
        main(
            ["--db", str(db_path), "progress", "set", "6", "--period", "2026-Q1", "--percent", "40"]
        )
        == 0
    )
    copy = copy_alone(db_path, tmp_path / "usb")
    assert query(copy, "SELECT COUNT(*) FROM task") == 30
    assert query(copy, "SELECT percent FROM progress_record") == 40


def test_a_command_that_fails_still_closes_its_database(
    sample_engine: Engine, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    update_task(sample_engine, "tester", find_task(sample_engine, "6").id, output="mới")
    close_database(sample_engine)
    assert main(["--db", str(db_path), "progress", "set", "99", "--percent", "10"]) == 1
    assert not db_path.with_name(db_path.name + "-wal").exists()


def test_close_database_folds_the_wal_into_the_file(sample_engine: Engine, tmp_path: Path) -> None:
    task_id = find_task(sample_engine, "6").id
    update_task(sample_engine, "tester", task_id, output="trong tệp")
    other = open_database(tmp_path / "carapp.sqlite3")  # a second engine, still open
    close_database(sample_engine)
    copy = copy_alone(tmp_path / "carapp.sqlite3", tmp_path / "usb")
    assert query(copy, f"SELECT output FROM task WHERE id = '{task_id}'") == "trong tệp"
    close_database(other)
    close_database(other)  # twice is harmless
    close_database(open_database("sqlite://"))  # in-memory: nothing to fold

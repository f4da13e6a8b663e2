"""Opening never changes a file that is not carapp's, and never drops this process's locks."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from carapp.cli.main import main
from carapp.db.engine import close_database
from carapp.db.migrate import DatabaseError, open_database


def _foreign(path: Path, journal: str) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={journal}")
    conn.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    conn.execute("INSERT INTO customers VALUES (1, 'An')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_another_applications_file_is_refused_byte_for_byte_unchanged(
    tmp_path: Path, journal: str
) -> None:
    path = tmp_path / "khac.sqlite3"
    before = _foreign(path, journal)
    listing = _siblings(path)
    with pytest.raises(DatabaseError, match="không phải cơ sở dữ liệu của carapp"):
        open_database(path)
    assert path.read_bytes() == before  # header bytes 18-19 not switched to WAL
    assert _siblings(path) == listing  # no -wal/-shm left beside it


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("content", [b"", "sqlite"])
def test_db_check_on_an_empty_file_does_not_make_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | str
) -> None:
    path = tmp_path / "trong.sqlite3"
    if content == "sqlite":  # a valid SQLite file without any table
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA user_version=7")
        conn.close()
        assert path.stat().st_size > 0
    else:
        path.write_bytes(b"")
    before = path.read_bytes()
    code, _, err = _run(capsys, "--db", str(path), "db", "check")
    assert code == 1 and "trống" in err and "carapp db init" in err
    assert path.read_bytes() == before
    code, out, _ = _run(capsys, "--db", str(path), "db", "init")
    assert code == 0 and "sẵn sàng" in out
    assert _run(capsys, "--db", str(path), "db", "check")[0] == 0


def _corrupt(path: Path, tables: list[str]) -> None:
    """Write garbage over the root pages of `tables`, as a failing disk would."""
    with sqlite3.connect(path) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0]
            for t in tables
        ]
    conn.close()
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(bytes((i * 37 + 11) % 256 for i in range(size)))


@pytest.fixture
def damaged(sample_engine, db_path: Path) -> Path:
    close_database(sample_engine)
    _corrupt(db_path, ["plan", "task", "unit"])
    return db_path


@pytest.mark.parametrize(
    "command", [["db", "check"], ["plan", "list"], ["db", "backup"], ["task", "list"]]
)
def test_a_damaged_database_is_reported_with_what_to_do(
    damaged: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, _, err = _run(capsys, "--db", str(damaged), *command)
    assert code == 1
    assert "bị hỏng" in err and "carapp db restore" in err
    assert "Traceback" not in err and "malformed" not in err


def test_a_damaged_schema_is_refused_at_opening(db_path: Path, engine) -> None:
    close_database(engine)
    with db_path.open("r+b") as handle:  # page 1 after the header: the schema table
        handle.seek(100)
        handle.write(b"\xff" * 3000)
    with pytest.raises(DatabaseError, match="bị hỏng"):
        open_database(db_path)


OTHER_WRITER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("INSERT INTO setting (key, value) VALUES (hex(randomblob(8)), 'khac')")
conn.commit()
conn.close()
"""


def test_opening_keeps_the_locks_of_another_connection_of_this_process(db_path: Path) -> None:
    """Another engine of this process keeps writing while the file is opened again and a second
    process writes and closes (the last closer deletes the WAL if our locks were dropped)."""
    holder = open_database(db_path)
    conn = holder.connect()
    conn.execute(text("SELECT COUNT(*) FROM setting")).all()
    for i in range(8):
        close_database(open_database(db_path))
        conn.execute(text("INSERT INTO setting (key, value) VALUES (:k, 'giu')"), {"k": f"k{i}"})
        conn.commit()  # acknowledged
        subprocess.run([sys.executable, "-c", OTHER_WRITER, str(db_path)], check=True)
    conn.close()
    close_database(holder)
    with sqlite3.connect(db_path) as check:
        ours = check.execute("SELECT COUNT(*) FROM setting WHERE value = 'giu'").fetchone()[0]
        theirs = check.execute("SELECT COUNT(*) FROM setting WHERE value = 'khac'").fetchone()[0]
    assert (ours, theirs) == (8, 8)

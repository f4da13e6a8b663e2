"""Temporary files an interrupted write left are removed at the next start, and only those."""

from __future__ import annotations

import os
import time
from pathlib import Path

from carapp.db.engine import close_database
from carapp.db.migrate import open_database
from carapp.fileio import atomic_write_bytes
from carapp.orphans import recent_folders, remove_orphans

OURS = [
    ".bao-cao.pdf.k3j_x9a2.tmp",  # atomic_file
    ".carapp.sqlite3.ab12cd34.tmp",  # a set-up or a copy
    ".carapp.sqlite3.ab12cd34.tmp-journal",
    ".CCHC_BLV_2026-Q1_0001.zip.tmp",  # the older backup_sqlite name
]
NOT_OURS = [
    "bao-cao.pdf",
    "notes.tmp",
    ".hidden",
    ".~lock.bao-cao.xlsx#",
    ".bao-cao.pdf.TOO-LONG-RANDOM.tmp.bak",
]


def _make(folder: Path, names: list[str], age: float) -> None:
    stamp = time.time() - age
    for name in names:
        (folder / name).write_bytes(b"x")
        os.utime(folder / name, (stamp, stamp))


def test_only_our_old_temporary_files_are_removed(tmp_path: Path) -> None:
    _make(tmp_path, OURS + NOT_OURS, age=120)
    fresh = ".dang-ghi.pdf.zz99zz99.tmp"
    _make(tmp_path, [fresh], age=5)  # a write in progress elsewhere
    removed = remove_orphans(tmp_path)
    assert sorted(p.name for p in removed) == sorted(OURS)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NOT_OURS + [fresh])


def test_opening_cleans_the_database_backup_and_recently_written_folders(
    tmp_path: Path, db_path: Path
) -> None:
    close_database(open_database(db_path))
    exports = tmp_path / "xuat"
    exports.mkdir()
    atomic_write_bytes(exports / "bao-cao.pdf", b"%PDF")
    assert exports in recent_folders()
    backups = tmp_path / "sao-luu"
    backups.mkdir()
    for folder in (tmp_path, exports, backups):
        _make(folder, [".carapp.sqlite3.ab12cd34.tmp", ".phu-luc.xlsx.q1w2e3r4.tmp"], age=120)
    close_database(open_database(db_path))
    for folder in (tmp_path, exports, backups):
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")], folder
    assert (exports / "bao-cao.pdf").exists()

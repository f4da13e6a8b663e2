"""A full disk, for each operation a user runs: a Vietnamese message, nothing half-written.

The disk is a real tmpfs filled to the last byte (root only: elsewhere these tests skip), and
the command line runs in its own process, so that anything printed on the way out (a zip file
complaining when collected, a logging warning) is seen too.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from carapp.cli.main import main
from tests.conftest import FIXTURES
from tests.reliability.support import SmallDisk, cli, small_disk

DOCX = FIXTURES / "importers" / "bach-long-vi-phu-luc.docx"
PASS = "mat-khau-thu-nghiem"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the sample plan, set up as a unit with a signing key."""
    folder = tmp_path_factory.mktemp("loaded")
    db = folder / "unit.sqlite3"
    city = folder / "city.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARAPP_PASSPHRASE", PASS)
        patch.setenv("CARAPP_NEW_PASSPHRASE", PASS)
        patch.chdir(folder)
        for args in (
            (city, "pki", "init-city", "--out", "city.p12"),
            (city, "pki", "issue-unit", "BLV", "--out", "blv.p12", "--name", "Đặc khu BLV"),
            (db, "sample", "load"),
            (db, "mode", "unit", "--code", "BLV", "--key", str(folder / "blv.p12")),
        ):
            assert main(["--db", str(args[0]), *args[1:]]) == 0, args
    return db


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    try:
        with small_disk(tmp_path / "disk") as mounted:
            yield mounted
    except PermissionError:
        pytest.skip("a tmpfs can only be mounted as root")


def database_on(disk: SmallDisk, loaded: Path) -> Path:
    db = disk.path / "d.sqlite3"
    shutil.copy(loaded, db)
    return db


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def progress_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM progress_record").fetchone()[0])


@pytest.mark.parametrize(
    "args",
    [
        ("progress", "set", "1", "--period", "2026-Q1", "--status", "đang thực hiện"),
        ("import", "appendix", str(DOCX), "--title", "Kế hoạch mới"),
    ],
    ids=["progress-set", "import-apply"],
)
def test_a_write_to_a_database_on_a_full_disk(
    disk: SmallDisk, loaded: Path, args: tuple[str, ...]
) -> None:
    db = database_on(disk, loaded)
    before = progress_count(db)
    assert cli(db, "plan", "list").code == 0  # its -wal and -shm exist, as when in use
    disk.fill()
    cli(db, *args).assert_refused_in_vietnamese()
    disk.free()
    assert integrity(db) == "ok" and progress_count(db) == before
    assert cli(db, "plan", "list").out.count("BLV") == 1  # no new plan half-imported
    assert not [n for n in disk.names() if n.endswith(".tmp")]


@pytest.mark.parametrize("suffix", ["pdf", "xlsx"])
def test_an_export_to_a_full_disk(disk: SmallDisk, loaded: Path, suffix: str) -> None:
    disk.fill()
    outcome = cli(loaded, "export", "appendix", "-o", str(disk.path / f"phu-luc.{suffix}"))
    outcome.assert_refused_in_vietnamese()
    assert "ổ đĩa đã đầy" in outcome.err
    assert disk.names() == set()


def test_a_package_built_onto_a_full_disk(
    disk: SmallDisk, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk.fill()
    monkeypatch.setenv("CARAPP_PASSPHRASE", PASS)
    outcome = cli(loaded, "package", "build", "--period", "2026-Q1", "-o", str(disk.path))
    outcome.assert_refused_in_vietnamese()
    assert "đầy" in outcome.err
    assert disk.names() == set()


def test_a_passphrase_nobody_can_type_is_asked_for_in_vietnamese(loaded: Path) -> None:
    outcome = cli(loaded, "package", "build", "--period", "2026-Q1")
    outcome.assert_refused_in_vietnamese()
    assert "--passphrase-file" in outcome.err


def test_a_backup_onto_a_full_disk(disk: SmallDisk, loaded: Path) -> None:
    disk.fill()
    outcome = cli(loaded, "db", "backup", str(disk.path / "ban-sao.sqlite3"))
    outcome.assert_refused_in_vietnamese()
    assert "đầy nơi ghi bản sao" in outcome.err
    assert disk.names() == set()


def test_a_database_created_on_a_full_disk(disk: SmallDisk) -> None:
    disk.fill()
    outcome = cli(disk.path / "moi.sqlite3", "db", "init")
    outcome.assert_refused_in_vietnamese()
    assert "ổ đĩa đã đầy" in outcome.err
    assert disk.names() == set()


@pytest.mark.parametrize("suffix", ["pdf", "xlsx"])
def test_an_export_to_a_read_only_disk_or_onto_a_folder(
    tmp_path: Path, loaded: Path, suffix: str
) -> None:
    try:
        with small_disk(tmp_path / "ro", options=",ro") as disk:
            outcome = cli(loaded, "export", "appendix", "-o", str(disk.path / f"x.{suffix}"))
            outcome.assert_refused_in_vietnamese()
            assert "quyền ghi" in outcome.err or "chỉ đọc" in outcome.err
    except PermissionError:
        pytest.skip("a tmpfs can only be mounted as root")
    folder = tmp_path / f"phu-luc.{suffix}"
    folder.mkdir()
    outcome = cli(loaded, "export", "appendix", "-o", str(folder), "--force")
    outcome.assert_refused_in_vietnamese()
    assert "là một thư mục" in outcome.err

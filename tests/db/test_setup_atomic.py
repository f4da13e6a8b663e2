"""First set-up and migrations are all or nothing; the copy taken before one can be restored."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.config import Config

from carapp.cli.main import main
from carapp.db import migrate
from carapp.db.engine import close_database
from carapp.db.migrate import DatabaseError, head_revision, open_database
from carapp.orphans import remove_orphans
from tests.conftest import FIXTURES

REPO = Path(__file__).resolve().parents[2]
ALEMBIC_CONFIG = migrate.alembic_config
HEAD = head_revision()

EXTRA_REVISION = '''
"""A test revision after the head."""
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "{head}"


def upgrade():
    op.create_table("nua_chung", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE setting SET value = 'doi' WHERE key = 'marker'")
    op.add_column("task", sa.Column("extra", sa.Text, nullable=True))
    {failure}
'''


def add_revision(monkeypatch: pytest.MonkeyPatch, folder: Path, failure: str = "") -> None:
    """Make carapp see one more revision, 9000, whose upgrade ends with `failure`."""
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.py"):
        old.unlink()
    name = "9000_fails.py" if failure else "9000_works.py"
    (folder / name).write_text(
        EXTRA_REVISION.format(head=HEAD, failure=failure or "pass"),
        encoding="utf-8",
    )
    locations = os.pathsep.join([str(migrate.MIGRATIONS / "versions"), str(folder)])

    def config(url: str) -> Config:
        cfg = ALEMBIC_CONFIG(url)
        cfg.set_main_option("path_separator", "os")
        cfg.set_main_option("version_locations", locations)
        return cfg

    monkeypatch.setattr(migrate, "alembic_config", config)
    # carapp reads its revisions from its own scripts without Alembic: add the extra one there.
    known = migrate.known_revisions() | {"9000"}
    monkeypatch.setattr(migrate, "head_revision", lambda: "9000")
    monkeypatch.setattr(migrate, "known_revisions", lambda: known)


def schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    conn.close()
    return rows


def marker(path: Path) -> tuple[str, str]:
    with sqlite3.connect(path) as conn:
        value = conn.execute("SELECT value FROM setting WHERE key = 'marker'").fetchone()[0]
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    return value, version


def test_a_migration_failing_halfway_leaves_schema_and_data_as_before_and_a_retry_works(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = open_database(db_path)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('marker', 'giu')")
    close_database(engine)
    before = schema(db_path)
    add_revision(monkeypatch, tmp_path / "extra", failure="raise RuntimeError('halfway')")
    with pytest.raises(DatabaseError, match="tệp vẫn như trước"):
        open_database(db_path)
    assert schema(db_path) == before
    assert marker(db_path) == ("giu", HEAD)
    add_revision(monkeypatch, tmp_path / "extra")
    close_database(open_database(db_path))
    assert marker(db_path) == ("doi", "9000")
    assert "nua_chung" in {name for name, _ in schema(db_path)}


def test_a_new_database_whose_set_up_fails_is_not_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_revision(monkeypatch, tmp_path / "extra", failure="raise RuntimeError('halfway')")
    folder = tmp_path / "moi"
    folder.mkdir()
    with pytest.raises(DatabaseError):
        open_database(folder / "carapp.sqlite3")
    assert list(folder.iterdir()) == []


KILLER = """
import os, signal, sys
sys.path.insert(0, {repo!r})
{patch}
from carapp.cli.main import main
main(["--db", sys.argv[1], *sys.argv[2:]])
"""
KILL_IN_MIGRATION = """
from alembic import op
create_table = op.create_table
def dying(name, *args, **kwargs):
    create_table(name, *args, **kwargs)
    if name == "plan":  # some tables made, more to come
        os.kill(os.getpid(), signal.SIGKILL)
op.create_table = dying
"""
KILL_IN_SAMPLE = """
import carapp.services.sample as sample
add_section = sample._add_section
def dying(*args, **kwargs):
    add_section(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
sample._add_section = dying
"""


def killed(path: Path, patch: str, *command: str) -> None:
    script = KILLER.format(repo=str(REPO), patch=patch)
    result = subprocess.run(
        [sys.executable, "-c", script, str(path), *command], capture_output=True, text=True
    )
    assert result.returncode == -9, result.stderr


def test_a_kill_during_db_init_leaves_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "carapp.sqlite3"
    killed(path, KILL_IN_MIGRATION, "db", "init")
    assert not path.exists()
    orphans = [p for p in tmp_path.iterdir() if p.name.startswith(".carapp.sqlite3.")]
    assert orphans  # the half-built copy, under its temporary name
    assert main(["--db", str(path), "db", "init"]) == 0
    assert main(["--db", str(path), "db", "check"]) == 0
    later = max(p.stat().st_mtime for p in orphans) + 120
    assert set(remove_orphans(tmp_path, now=later)) == set(orphans)


def test_a_kill_during_sample_load_leaves_a_whole_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "carapp.sqlite3"
    killed(path, KILL_IN_SAMPLE, "sample", "load")
    assert main(["--db", str(path), "db", "check"]) == 0
    assert _plans(path) == 0  # the load was one transaction: none of it is there
    assert main(["--db", str(path), "sample", "load"]) == 0
    assert _plans(path) == 1


def _plans(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count: int = conn.execute("SELECT COUNT(*) FROM plan").fetchone()[0]
    conn.close()
    return count


def test_the_copy_taken_before_an_upgrade_is_restorable_by_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cu.sqlite3"
    shutil.copy(FIXTURES / "db" / "rev-0001.sqlite3", path)
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "db", "backups"]) == 0
    out = capsys.readouterr().out
    assert "trước khi nâng cấp" in out
    [backup] = (tmp_path / "sao-luu").glob("cu.truoc-nang-cap.*.sqlite3")
    assert main(["--db", str(path), "db", "restore", str(backup), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Đã khôi phục" in out and "lược đồ 0001" in out and "nâng cấp khi mở" in out
    assert marker_version(path) == "0001"
    assert main(["--db", str(path), "plan", "list"]) == 0
    assert marker_version(path) == HEAD


def marker_version(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        version: str = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    return version

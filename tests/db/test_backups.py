"""Backups: on request, automatic and bounded before risky operations, and restore."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from carapp.cli.main import main
from carapp.db.backup import KEEP, automatic_backup, list_backups
from carapp.db.engine import close_database
from carapp.db.errors import DatabaseDamaged, DatabaseError
from carapp.db.migrate import open_database
from carapp.services.backups import backup_before, backup_database, restore_database
from carapp.services.plans import list_plans
from tests.db.test_opening import _corrupt


def _settings(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        rows = dict(conn.execute("SELECT key, value FROM setting").fetchall())
    conn.close()
    return rows


def _set(engine: Engine, key: str, value: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("INSERT OR REPLACE INTO setting (key, value) VALUES (:k, :v)"),
            {"k": key, "v": value},
        )


def test_backup_database_copies_a_live_database_whole(engine: Engine, tmp_path: Path) -> None:
    _set(engine, "marker", "trong-wal")  # still in the WAL: the copy must hold it
    target = backup_database(engine, tmp_path / "sao.sqlite3")
    assert target == tmp_path / "sao.sqlite3"
    assert _settings(target)["marker"] == "trong-wal"
    assert not (tmp_path / "sao.sqlite3-wal").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_backup_refuses_wrong_suffix_and_missing_folder(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="đuôi"):
        backup_database(engine, tmp_path / "sao.pdf")
    with pytest.raises(ValueError, match="không tồn tại"):
        backup_database(engine, tmp_path / "khong-co" / "sao.sqlite3")
    folder_target = backup_database(engine, tmp_path)
    assert folder_target.parent == tmp_path and folder_target.suffix == ".sqlite3"


def test_automatic_backups_are_dated_and_bounded(engine: Engine, db_path: Path) -> None:
    start = datetime(2026, 11, 30, 8, 0, 0)
    for i in range(KEEP + 3):
        _set(engine, "n", str(i))
        automatic_backup(db_path, "truoc-nhap", now=start + timedelta(minutes=i))
    kept = list_backups(db_path)
    assert len(kept) == KEEP
    assert [b.taken_at for b in kept] == [start + timedelta(minutes=i) for i in range(12, 2, -1)]
    assert _settings(kept[0].path)["n"] == str(KEEP + 2)
    assert kept[0].reason_text == "trước khi nhập tệp"
    assert kept[0].path.parent == db_path.parent / "sao-luu"


def test_backups_of_another_database_in_the_folder_are_not_counted(
    engine: Engine, db_path: Path
) -> None:
    other = open_database(db_path.with_name("carapp-demo.sqlite3"))
    for i in range(KEEP):
        automatic_backup(db_path.with_name("carapp-demo.sqlite3"), "truoc-xoa")
        automatic_backup(db_path, "truoc-nhap", now=datetime(2026, 1, 1, 0, 0, i))
    close_database(other)
    assert len(list_backups(db_path)) == KEEP
    assert len(list_backups(db_path.with_name("carapp-demo.sqlite3"))) == KEEP


def test_backup_before_is_a_no_op_off_sqlite_files() -> None:
    memory = open_database("sqlite://")
    assert backup_before(memory, "truoc-nhap") is None
    close_database(memory)


def test_restore_keeps_a_copy_and_live_engines_see_the_restored_data(
    sample_engine: Engine, db_path: Path, tmp_path: Path
) -> None:
    _set(sample_engine, "marker", "luc-sao-luu")
    saved = backup_database(sample_engine, tmp_path / "sao.sqlite3")
    _set(sample_engine, "marker", "sau-do")
    _set(sample_engine, "them", "sau-do")
    result = restore_database(db_path, saved)
    assert result.database == db_path and result.source == saved
    assert result.saved_copy is not None and not result.previous_damaged
    assert _settings(result.saved_copy)["marker"] == "sau-do"
    assert _settings(db_path)["marker"] == "luc-sao-luu"
    with sample_engine.connect() as conn:  # the engine kept open sees the restored content
        assert conn.execute(text("SELECT value FROM setting WHERE key='marker'")).scalar() == (
            "luc-sao-luu"
        )
        assert conn.execute(text("SELECT COUNT(*) FROM setting WHERE key='them'")).scalar() == 0
    assert [b.path for b in list_backups(db_path)] == [result.saved_copy]


def test_restore_refuses_what_is_not_a_whole_carapp_database(
    engine: Engine, db_path: Path, tmp_path: Path
) -> None:
    _set(engine, "marker", "giu")
    close_database(engine)
    before = db_path.read_bytes()
    text_file = tmp_path / "ghi-chu.sqlite3"
    text_file.write_text("không phải", encoding="utf-8")
    foreign = tmp_path / "khac.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE x (a)")
    conn.close()
    newer = tmp_path / "moi-hon.sqlite3"
    newer.write_bytes(before)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    damaged = tmp_path / "hong.sqlite3"
    damaged.write_bytes(before)
    _corrupt(damaged, ["setting", "task"])
    cases = [
        (tmp_path / "khong-co.sqlite3", "Không tìm thấy"),
        (text_file, "không phải là bản sao lưu"),
        (foreign, "không phải là bản sao lưu"),
        (newer, "mới hơn"),
        (damaged, "bị hỏng"),
    ]
    for source, message in cases:
        with pytest.raises(DatabaseError, match=message):
            restore_database(db_path, source)
    assert db_path.read_bytes() == before
    assert list_backups(db_path) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_restore_over_a_damaged_database_moves_it_aside_untouched(
    sample_engine: Engine, db_path: Path, tmp_path: Path
) -> None:
    saved = backup_database(sample_engine, tmp_path / "sao.sqlite3")
    close_database(sample_engine)
    _corrupt(db_path, ["plan", "task"])
    damaged_bytes = db_path.read_bytes()
    with pytest.raises(DatabaseDamaged):
        backup_database(open_database(db_path), tmp_path / "lan-hai.sqlite3")
    result = restore_database(db_path, saved)
    assert result.previous_damaged and result.saved_copy is not None
    assert result.saved_copy.read_bytes() == damaged_bytes
    restored = open_database(db_path)
    assert [p.title for p in list_plans(restored)]
    close_database(restored)


def test_cli_restore_asks_first_and_says_what_it_replaced(
    sample_engine: Engine, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = backup_database(sample_engine, tmp_path / "sao.sqlite3")
    close_database(sample_engine)
    code = main(["--db", str(db_path), "db", "restore", str(saved)])
    err = capsys.readouterr().err
    assert code == 1 and "--yes" in err  # no terminal to ask: nothing replaced
    assert list_backups(db_path) == []
    assert main(["--db", str(db_path), "db", "restore", str(saved), "--yes"]) == 0
    out = capsys.readouterr().out
    [copy] = list_backups(db_path)
    assert "Đã khôi phục" in out and str(copy.path) in out
    assert main(["--db", str(db_path), "db", "backups"]) == 0
    out = capsys.readouterr().out
    assert "trước khi khôi phục" in out and "carapp db restore" in out

"""Opening databases: creation, pragmas, refusals, backups and upgrades of old revisions."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from carapp.db.engine import resolve_url
from carapp.db.migrate import DatabaseError, head_revision, open_database
from tests.conftest import FIXTURES
from tests.db.schema_shape import column_names, rows, schema


def test_new_database_has_wal_foreign_keys_and_head_revision(db_path: Path) -> None:
    engine = open_database(db_path)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            == head_revision()
        )


def test_foreign_keys_are_enforced(engine) -> None:
    with engine.begin() as conn, pytest.raises(Exception, match="FOREIGN KEY"):
        conn.execute(
            text(
                "INSERT INTO section (id, created_at, updated_at, revision, plan_id, position,"
                " numeral, title, area) VALUES ('s', '2026-01-01', '2026-01-01', 1, 'nope', 1,"
                " 'I', 'x', 'other')"
            )
        )


def test_audit_log_is_append_only(sample_engine) -> None:
    with sample_engine.begin() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("DELETE FROM audit_entry"))
    with sample_engine.begin() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("UPDATE audit_entry SET who = 'x'"))


def test_url_and_env_select_the_database(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CARAPP_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'env.sqlite3'}"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    engine = open_database(f"sqlite:///{tmp_path / 'url.sqlite3'}")
    engine.dispose()
    assert (tmp_path / "url.sqlite3").exists()


def test_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="không phải là cơ sở dữ liệu"):
        open_database(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(DatabaseError, match="không phải cơ sở dữ liệu của carapp"):
        open_database(path)


def test_newer_database_is_refused_and_unchanged(db_path: Path) -> None:
    open_database(db_path).dispose()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="phiên bản carapp mới hơn"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_read_only_folder_is_refused(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    # Root ignores folder permissions: make the check see what an ordinary user would.
    monkeypatch.setattr("carapp.db.migrate.os.access", lambda *_a, **_k: False)
    try:
        with pytest.raises(DatabaseError, match="chỉ đọc"):
            open_database(folder / "x.sqlite3")
        assert not (folder / "x.sqlite3").exists()
    finally:
        folder.chmod(0o755)


def test_read_only_file_is_refused(db_path: Path, monkeypatch) -> None:
    open_database(db_path).dispose()
    monkeypatch.setattr("carapp.db.migrate.os.access", lambda *_a, **_k: False)
    with pytest.raises(DatabaseError, match="Không có quyền ghi"):
        open_database(db_path)


def test_missing_file_with_create_false_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="Không tìm thấy"):
        open_database(tmp_path / "absent.sqlite3", create=False)


REVISION_FIXTURES = sorted((FIXTURES / "db").glob("rev-*.sqlite3"))


@pytest.mark.parametrize("fixture", REVISION_FIXTURES, ids=lambda p: p.stem)
def test_every_released_revision_upgrades_and_keeps_rows(fixture: Path, tmp_path: Path) -> None:
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    before = _row_counts(copy)
    engine = open_database(copy)
    engine.dispose()
    after = _row_counts(copy)
    assert {t: after.get(t) for t in before} == before
    outline = _outline(copy)
    # The sample's 30 tasks, plus (from rev 0002 on) three sub-items over two levels.
    assert before["task"] == 30 + len(outline) and before["progress_record"] > 0
    assert len(outline) in (0, 3)
    with sqlite3.connect(copy) as conn:
        assert (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        )


@pytest.mark.parametrize("fixture", REVISION_FIXTURES, ids=lambda p: p.stem)
def test_an_upgraded_revision_has_the_schema_of_a_fresh_database_and_every_row(
    fixture: Path, tmp_path: Path
) -> None:
    """Same tables, columns, indexes, foreign keys (ON DELETE too) and triggers as a database
    made new; every value of every row kept (columns the upgrade added aside)."""
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    columns = column_names(copy)
    before = rows(copy)
    open_database(copy).dispose()
    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh).dispose()
    assert schema(copy) == schema(fresh)
    after = rows(copy, columns)
    assert {t: after[t] for t in before if t != "alembic_version"} == {
        t: v for t, v in before.items() if t != "alembic_version"
    }


def _outline(path: Path) -> list[tuple[str, str]]:
    """Return (marker, content) of the sub-items of a database whose schema has the outline."""
    with sqlite3.connect(path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(task)")}
        if "outline_parent_id" not in columns:
            return []
        query = "SELECT marker, content FROM task WHERE outline_parent_id IS NOT NULL"
        return sorted(conn.execute(query).fetchall())


def test_a_revision_fixture_exists_for_the_head() -> None:
    assert any(head_revision() in p.name for p in REVISION_FIXTURES)


def test_upgrade_copies_the_file_aside_first(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.sqlite3"
    open_database(path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('marker', 'giữ lại')")
    made_by = head_revision()
    monkeypatch.setattr("carapp.db.migrate.head_revision", lambda: "9999-pretend")
    monkeypatch.setattr("carapp.db.migrate.known_revisions", lambda: {made_by, "9999-pretend"})
    monkeypatch.setattr("alembic.command.upgrade", lambda *a, **k: None)  # imported on use
    open_database(path).dispose()
    backups = list((tmp_path / "sao-luu").glob("old.truoc-nang-cap.*.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert (
            conn.execute("SELECT value FROM setting WHERE key='marker'").fetchone()[0] == "giữ lại"
        )


def _row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_upgrade_to_0003_keeps_one_of_exact_copies_of_a_package_record(tmp_path: Path) -> None:
    """Copies a race could leave before the unique index (same package, same sequence)."""
    copy = tmp_path / "rev-0002.sqlite3"
    shutil.copy(FIXTURES / "db" / "rev-0002.sqlite3", copy)
    columns = "id, direction, kind, unit_code, sequence, period, created_at, file_name, sha256, "
    columns += "signer_subject, signer_fingerprint, verification, imported_at, receipt_sha256"
    rows = [
        (
            "a",
            "in",
            "report",
            "BLV",
            1,
            "2026-Q1",
            "2026-03-01",
            "x.zip",
            "s1",
            "",
            "",
            "",
            "2026-03-02",
            "",
        ),
        (
            "b",
            "in",
            "report",
            "BLV",
            1,
            "2026-Q1",
            "2026-03-01",
            "x.zip",
            "s1",
            "",
            "",
            "",
            "2026-03-03",
            "",
        ),
        (
            "c",
            "in",
            "report",
            "BLV",
            2,
            "2026-Q1",
            "2026-03-01",
            "y.zip",
            "s2",
            "",
            "",
            "",
            "2026-03-04",
            "",
        ),
    ]
    with sqlite3.connect(copy) as conn:
        conn.executemany(
            f"INSERT INTO package_record ({columns}) VALUES ({', '.join('?' * 14)})", rows
        )
    open_database(copy).dispose()
    with sqlite3.connect(copy) as conn:
        kept = conn.execute("SELECT id FROM package_record ORDER BY id").fetchall()
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO package_record SELECT 'd', direction, kind, unit_code, "
                "sequence, period, created_at, file_name, 's9', signer_subject, "
                "signer_fingerprint, verification, imported_at, receipt_at, "
                "receipt_sha256 FROM package_record WHERE id = 'c'"
            )
    assert kept == [("a",), ("c",)]

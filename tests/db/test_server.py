"""A city database on a PostgreSQL server: opening, migrating after a pg_dump, errors, backups.

Tests marked postgresql_only run in the PostgreSQL pass (`--engine=postgresql`, see README);
the others need no server.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.exc import OperationalError

from carapp.cli.main import main
from carapp.db import server
from carapp.db.errors import describe, is_busy
from carapp.db.migrate import DatabaseError, alembic_config, head_revision, open_database
from carapp.services.common import user_message
from tests import databases

postgresql_only = pytest.mark.postgresql_only
SECRET = "mat-khau-bi-mat"


def test_audit_log_is_append_only_on_both_engines(sample_engine: Engine) -> None:
    with sample_engine.begin() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("DELETE FROM audit_entry"))
    with sample_engine.begin() as conn, pytest.raises(Exception, match="append-only"):
        conn.execute(text("UPDATE audit_entry SET who = 'x'"))
    with sample_engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM audit_entry")).scalar()


def _at_revision_0001() -> str:
    url = databases.empty_database()
    engine = create_engine(url)
    with engine.begin() as conn:
        config = alembic_config(url)
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(text("INSERT INTO setting (key, value) VALUES ('dau-vet', 'cu')"))
    engine.dispose()
    return url


def _revision(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        revision = str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar())
    engine.dispose()
    return revision


@postgresql_only
def test_an_upgrade_on_postgresql_takes_a_pg_dump_first() -> None:
    url = _at_revision_0001()
    engine = open_database(url)
    engine.dispose()
    assert _revision(url) == head_revision()
    [dump] = server.backup_folder().glob("*.truoc-nang-cap.*.dump")
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True)
    assert listing.returncode == 0 and "TABLE DATA public setting" in listing.stdout


@postgresql_only
def test_without_pg_dump_the_upgrade_is_refused_with_the_command_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _at_revision_0001()
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump there
    with pytest.raises(DatabaseError) as refused:
        open_database(url)
    message = str(refused.value)
    assert "Không tìm thấy lệnh pg_dump" in message and "chưa nâng cấp lược đồ" in message
    assert "pg_dump --format=custom --file=" in message and "db upgrade --backed-up" in message
    assert _revision(url) == "0001"
    open_database(url, backed_up=True).dispose()
    assert _revision(url) == head_revision()


def _shape(url: str) -> dict[str, Any]:
    """Return every table's columns (type, nullability, default), keys, indexes and triggers."""
    engine = create_engine(url)
    found: dict[str, Any] = {}
    with engine.connect() as conn:
        look = inspect(conn)
        for table in sorted(look.get_table_names()):
            columns = {
                c["name"]: (str(c["type"]), c["nullable"], c.get("default"))
                for c in look.get_columns(table)
            }
            keys = sorted(
                (tuple(k["constrained_columns"]), k["referred_table"], str(k.get("options")))
                for k in look.get_foreign_keys(table)
            )
            indexes = sorted(
                (i["name"], tuple(i["column_names"]), i["unique"]) for i in look.get_indexes(table)
            )
            uniques = sorted(tuple(u["column_names"]) for u in look.get_unique_constraints(table))
            found[table] = (columns, keys, indexes, uniques)
        found["triggers"] = sorted(
            conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()
        )
    engine.dispose()
    return found


@postgresql_only
def test_an_upgraded_postgresql_database_has_the_schema_of_a_fresh_one() -> None:
    url = _at_revision_0001()
    open_database(url, backed_up=True).dispose()
    fresh = databases.empty_database()
    open_database(fresh).dispose()
    assert _shape(url) == _shape(fresh)


@postgresql_only
def test_a_migrated_postgresql_database_matches_the_models(engine: Engine) -> None:
    """Types, nullability, keys and indexes of revisions 0001 + 0002 as the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import carapp.db.models  # noqa: F401  (registers the tables)

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


@postgresql_only
def test_db_init_creates_the_schema_in_an_empty_database(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = databases.empty_database()
    assert main(["--db", url, "db", "upgrade"]) == 1
    assert "còn trống" in capsys.readouterr().err
    assert main(["--db", url, "db", "init"]) == 0
    assert _revision(url) == head_revision()
    assert main(["--db", url, "db", "check"]) == 0
    out = capsys.readouterr().out
    assert "Toàn vẹn: ok" in out and "Lưu ý" not in out  # the test cluster sorts as SQLite


@postgresql_only
def test_db_check_warns_when_the_server_sorts_text_unlike_sqlite(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    from sqlalchemy.engine import make_url

    name = f"{make_url(db_url).database}_icu"
    databases.execute_admin(
        f"CREATE DATABASE \"{name}\" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'vi'"
    )
    try:
        url = make_url(db_url).set(database=name).render_as_string(hide_password=False)
        assert main(["--db", url, "db", "init"]) == 0
        assert main(["--db", url, "db", "check"]) == 0
        out = capsys.readouterr().out
        assert "Lưu ý: cơ sở dữ liệu sắp xếp chữ theo “vi”" in out
    finally:
        from carapp.db.engine import close_all_databases

        close_all_databases()
        databases.execute_admin(f'DROP DATABASE "{name}" WITH (FORCE)')


@postgresql_only
def test_db_backup_is_a_pg_dump_and_restore_gives_the_command(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    assert main(["--db", db_url, "sample", "load"]) == 0
    target = tmp_path / "thanh-pho.dump"
    assert main(["--db", db_url, "db", "backup", str(target)]) == 0
    assert target.read_bytes().startswith(b"PGDMP")
    assert main(["--db", db_url, "db", "restore", str(target)]) == 1
    err = capsys.readouterr().err
    assert "không tự khôi phục" in err and "pg_restore --clean --if-exists" in err
    assert str(target) in err


def _password_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(password=SECRET).render_as_string(hide_password=False)


@postgresql_only
def test_a_missing_database_or_user_is_said_in_vietnamese_without_the_password(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    from sqlalchemy.engine import make_url

    missing = make_url(_password_url(db_url)).set(database="khong_co").render_as_string(False)
    assert main(["--db", missing, "plan", "list"]) == 1
    err = capsys.readouterr().err
    assert "Máy chủ chưa có cơ sở dữ liệu" in err and SECRET not in err and "***" in err
    nobody = make_url(db_url).set(username="khong_ai").render_as_string(hide_password=False)
    assert main(["--db", nobody, "plan", "list"]) == 1
    assert "Máy chủ không có người dùng" in capsys.readouterr().err


def test_a_server_that_is_down_is_said_in_vietnamese_without_the_password(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"postgresql+psycopg://can-bo:{SECRET}@/carapp?host={tmp_path}"  # no server there
    assert main(["--db", url, "plan", "list"]) == 1
    err = capsys.readouterr().err
    assert "máy chủ chưa chạy" in err and "Traceback" not in err
    assert SECRET not in err and "can-bo:***@" in err


def test_a_wrong_password_and_an_unknown_engine_are_said_in_vietnamese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    failed = psycopg.OperationalError(
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
        'FATAL:  password authentication failed for user "can-bo"'
    )
    wrapped = OperationalError("SELECT 1", {}, failed)
    assert "Sai mật khẩu" in (user_message(wrapped, "máy chủ") or "")
    assert main(["--db", "mysql://can-bo@may-chu/carapp", "plan", "list"]) == 1
    assert "tệp SQLite hoặc máy chủ PostgreSQL" in capsys.readouterr().err


@pytest.mark.parametrize(
    "error", [psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected]
)
def test_a_serialization_failure_or_a_deadlock_is_busy(error: type[Exception]) -> None:
    wrapped = OperationalError("UPDATE task", {}, error("could not serialize access"))
    assert is_busy(wrapped)
    assert "Cơ sở dữ liệu đang bận" in (describe(wrapped) or "")


def test_a_backup_command_never_holds_the_password() -> None:
    url = f"postgresql+psycopg://can-bo:{SECRET}@may-chu:5433/thanh_pho"
    line = server.dump_command(url, Path("/tmp/x.dump"))
    assert SECRET not in " ".join(line) and line[-1] == "postgresql://can-bo@may-chu:5433/thanh_pho"
    assert SECRET not in server.restore_command(url, "x.dump")
    assert os.environ.get("PGPASSWORD") != SECRET


@postgresql_only
def test_an_import_on_postgresql_takes_no_automatic_backup_and_goes_on(engine: Engine) -> None:
    from carapp.services.backups import backup_before
    from carapp.services.importing import apply_appendix, preview_appendix
    from carapp.services.plans import list_plans
    from carapp.services.units import create_unit
    from tests.services.test_importing import SAMPLES

    create_unit(engine, "tester", "BLV", "Ủy ban nhân dân đặc khu Bạch Long Vĩ", "special_zone")
    apply_appendix(
        engine, "tester", preview_appendix(engine, SAMPLES / "bach-long-vi-phu-luc.xlsx")
    )
    assert len(list_plans(engine)) == 1
    assert backup_before(engine, "truoc-nhap") is None
    assert not server.backup_folder().exists()


def test_an_unforeseen_connection_failure_is_said_without_english() -> None:
    failed = psycopg.OperationalError("SSL SYSCALL error: EOF detected")
    message = describe(OperationalError("SELECT 1", {}, failed), "máy chủ") or ""
    assert message.startswith("Không kết nối được máy chủ cơ sở dữ liệu “máy chủ”")
    assert "SSL" not in message

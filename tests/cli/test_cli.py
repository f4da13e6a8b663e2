"""The command line, run as a user would run it (in-process for speed, once as a subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from carapp.cli.main import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def loaded(capsys, db_url: str) -> str:
    assert run(capsys, "--db", db_url, "sample", "load")[0] == 0
    return db_url


def test_overdue_as_of_lists_exactly_the_ended_windows(capsys, loaded: str) -> None:
    code, out, _ = run(
        capsys, "--db", str(loaded), "task", "list", "--overdue", "--as-of", "2027-03-01"
    )
    assert code == 0 and ": 0 nhiệm vụ" in out
    run(
        capsys,
        "--db",
        str(loaded),
        "progress",
        "set",
        "2",
        "--period",
        "2026-Q1",
        "--status",
        "đang thực hiện",
    )
    code, out, _ = run(
        capsys, "--db", str(loaded), "task", "list", "--overdue", "--as-of", "2028-01-01"
    )
    assert ": 1 nhiệm vụ" in out and "Quá hạn" in out


def test_progress_set_then_list_shows_it(capsys, loaded: str) -> None:
    code, out, _ = run(
        capsys,
        "--db",
        str(loaded),
        "progress",
        "set",
        "6",
        "--period",
        "2026-Q1",
        "--status",
        "Đã hoàn thành",
        "--completed-on",
        "15/03/2026",
    )
    assert code == 0 and "Quý I/2026" in out
    _, out, _ = run(
        capsys,
        "--db",
        str(loaded),
        "task",
        "list",
        "--period",
        "2026-Q1",
        "--as-of",
        "20/03/2026",
        "--search",
        "niem yet",
    )
    assert "Hoàn thành đúng hạn" in out and ": 1 nhiệm vụ" in out


def test_plan_and_unit_list(capsys, loaded: str) -> None:
    _, out, _ = run(capsys, "--db", str(loaded), "plan", "list")
    assert "Bạch Long Vĩ" in out and "30" in out
    _, out, _ = run(capsys, "--db", str(loaded), "unit", "list")
    assert "BLV" in out


def test_sample_load_is_idempotent(capsys, loaded: str) -> None:
    _, out, _ = run(capsys, "--db", str(loaded), "sample", "load")
    assert "đã có" in out


def test_bad_inputs_get_clear_messages(capsys, loaded: str, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", str(loaded), "progress", "set", "99", "--percent", "10")
    assert code == 1 and "Không tìm thấy nhiệm vụ “99”" in err
    code, _, err = run(
        capsys, "--db", str(loaded), "progress", "set", "6", "--status", "bay lên trời"
    )
    assert code == 1 and "Không hiểu trạng thái" in err
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("hello")
    code, _, err = run(capsys, "--db", str(bogus), "plan", "list")
    assert code == 1 and "không phải là cơ sở dữ liệu" in err
    assert bogus.read_text() == "hello"
    with pytest.raises(SystemExit):
        main(["--db", str(loaded), "task", "list", "--as-of", "31/02/2027"])
    assert "Ngày không hợp lệ" in capsys.readouterr().err


def test_db_check(capsys, loaded: str) -> None:
    code, out, _ = run(capsys, "--db", str(loaded), "db", "check")
    assert code == 0 and "Toàn vẹn: ok" in out and "Khóa ngoại lỗi: 0" in out


@pytest.mark.sqlite_only("a backup file opened as a database; tests/db/test_server.py: pg_dump")
def test_db_backup_and_upgrade_of_files(capsys, loaded: str, tmp_path: Path) -> None:
    target = tmp_path / "backup.sqlite3"
    code, out, _ = run(capsys, "--db", str(loaded), "db", "backup", str(target))
    assert code == 0 and target.exists()
    code, out, _ = run(capsys, "--db", str(target), "plan", "list")
    assert "Bạch Long Vĩ" in out
    code, _, err = run(capsys, "--db", str(tmp_path / "none.sqlite3"), "db", "upgrade")
    assert code == 1 and "Không tìm thấy" in err


def test_python_m_carapp_and_env_variable(tmp_path: Path) -> None:
    env = {"CARAPP_DB": str(tmp_path / "env.sqlite3"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "carapp", "sample", "load"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env.sqlite3").exists()

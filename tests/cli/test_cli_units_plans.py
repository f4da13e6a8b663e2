"""`carapp unit …` and `carapp plan …`: managing units and a plan's life from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carapp.cli.main import main
from carapp.db.migrate import open_database
from carapp.services.units import unit_by_code


def run(capsys: pytest.CaptureFixture[str], db: str | Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], db: str | Path, *args: str) -> str:
    code, out, err = run(capsys, db, *args)
    assert code == 0, (args, err)
    return out


@pytest.fixture
def loaded(capsys: pytest.CaptureFixture[str], db_url: str) -> str:
    ok(capsys, db_url, "sample", "load")
    return db_url


def _plan_id(capsys: pytest.CaptureFixture[str], db: str | Path) -> str:
    out = ok(capsys, db, "plan", "list", "--all")
    return out.splitlines()[2].split()[0]


def test_unit_add_edit_own_and_remove(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    out = ok(
        capsys, db_url, "unit", "add", "BLV", "--name", "Ủy ban nhân dân đặc khu Bạch Long Vĩ",
        "--kind", "đặc-khu", "--letterhead-line", "ỦY BAN NHÂN DÂN",
        "--letterhead-line", "ĐẶC KHU BẠCH LONG VĨ", "--abbreviation", "UBND",
    )  # fmt: skip
    assert "(Đặc khu)" in out
    engine = open_database(db_url)
    assert unit_by_code(engine, "BLV").letterhead == "ỦY BAN NHÂN DÂN\nĐẶC KHU BẠCH LONG VĨ"
    ok(capsys, db_url, "unit", "add", "HP", "--name", "Thành phố Hải Phòng", "--kind", "city")
    out = ok(capsys, db_url, "unit", "edit", "BLV", "--parent", "HP", "--sign-name", "Ng Văn C")
    assert "2 nội dung thay đổi" in out
    out = ok(capsys, db_url, "unit", "list")
    assert "Đặc khu" in out and "special_zone" not in out and "Thành phố" in out
    assert "Chưa đặt đơn vị của cơ sở dữ liệu này" in out
    assert "BLV — Ủy ban nhân dân" in ok(capsys, db_url, "unit", "own", "BLV")
    out = ok(capsys, db_url, "unit", "show", "BLV")
    assert "Cơ quan ban hành (tiêu đề): ỦY BAN NHÂN DÂN / ĐẶC KHU BẠCH LONG VĨ" in out
    assert "Cấp trên: HP — Thành phố Hải Phòng" in out and "Người ký: Ng Văn C" in out
    assert "Đây là đơn vị của cơ sở dữ liệu này." in out
    code, _, err = run(capsys, db_url, "unit", "remove", "HP")
    assert code == 1 and err.startswith("Lỗi: ") and "còn đơn vị trực thuộc" in err
    code, _, err = run(capsys, db_url, "unit", "remove", "BLV")
    assert code == 1 and "đây là đơn vị của cơ sở dữ liệu này" in err
    ok(capsys, db_url, "unit", "edit", "BLV", "--parent", "")
    assert "Đã xóa đơn vị HP" in ok(capsys, db_url, "unit", "remove", "HP")
    with pytest.raises(SystemExit):
        main(["--db", db_url, "unit", "add", "X1", "--name", "X", "--kind", "làng"])
    assert "Lỗi: --kind: Loại đơn vị không hợp lệ: “làng”" in capsys.readouterr().err
    code, _, err = run(capsys, db_url, "unit", "add", "x1", "--name", "X")
    assert code == 1 and "không hợp lệ" in err


def test_rename_archive_and_list_all(
    capsys: pytest.CaptureFixture[str], loaded: str, tmp_path: Path
) -> None:
    plan = _plan_id(capsys, loaded)
    out = ok(capsys, loaded, "plan", "rename", plan, "Kế hoạch CCHC 2026-2030")
    assert "Kế hoạch CCHC 2026-2030" in out
    assert "Đã lưu trữ" in ok(capsys, loaded, "plan", "archive", plan)
    out = ok(capsys, loaded, "plan", "list")
    assert "Chưa có kế hoạch nào" in out and "1 kế hoạch đã lưu trữ" in out
    out = ok(capsys, loaded, "plan", "list", "--all")
    assert "lưu trữ" in out and "Kế hoạch CCHC 2026-2030" in out
    assert ": 0 nhiệm vụ" in ok(capsys, loaded, "task", "list")
    assert ": 30 nhiệm vụ" in ok(capsys, loaded, "task", "list", "--plan", plan)
    (tmp_path / "in").mkdir()
    pdf = tmp_path / "in" / "phu-luc.pdf"
    ok(capsys, loaded, "export", "appendix", "--plan", plan, "-o", str(pdf))
    assert pdf.exists()
    assert "trở lại sử dụng" in ok(capsys, loaded, "plan", "unarchive", plan)
    assert "Kế hoạch CCHC 2026-2030" in ok(capsys, loaded, "plan", "list")


def test_delete_asks_first_leaves_a_backup_and_restore_brings_it_back(
    capsys: pytest.CaptureFixture[str], loaded: str
) -> None:
    plan = _plan_id(capsys, loaded)
    code, _, err = run(capsys, loaded, "plan", "delete", plan)
    assert code == 1 and "Cần xác nhận: chạy lại với --yes" in err
    assert "Bạch Long Vĩ" in ok(capsys, loaded, "plan", "list")
    out = ok(capsys, loaded, "plan", "delete", plan, "--yes")
    assert "Đã xóa kế hoạch" in out and "(30 nhiệm vụ)" in out
    backup = Path(next(ln for ln in out.splitlines() if ln.startswith("Bản lưu: "))[9:])
    assert backup.parent.name == "ke-hoach-da-xoa" and backup.suffix == ".json"
    assert f"plan restore {backup}" in out
    assert json.loads(backup.read_text(encoding="utf-8"))["plan"]["id"].startswith(plan)
    assert "Chưa có kế hoạch nào" in ok(capsys, loaded, "plan", "list", "--all")
    out = ok(capsys, loaded, "plan", "restore", str(backup))
    assert "Đã khôi phục kế hoạch" in out
    assert ": 30 nhiệm vụ" in ok(capsys, loaded, "task", "list")
    code, _, err = run(capsys, loaded, "plan", "restore", str(backup))
    assert code == 1 and "vẫn còn trong cơ sở dữ liệu" in err


def test_a_terminal_is_asked_before_deleting(
    capsys: pytest.CaptureFixture[str], loaded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = _plan_id(capsys, loaded)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "k")
    code, out, _ = run(capsys, loaded, "plan", "delete", plan)
    assert code == 1 and "Không xóa gì." in out
    monkeypatch.setattr("builtins.input", lambda _prompt: "có")
    assert "Đã xóa kế hoạch" in ok(capsys, loaded, "plan", "delete", plan)

"""`carapp import …` from the command line."""

from __future__ import annotations

from pathlib import Path

from carapp.cli.main import main
from tests.conftest import FIXTURES

DOCX = FIXTURES / "importers" / "bach-long-vi-phu-luc.docx"


def test_dry_run_writes_nothing_then_import_creates_plan(capsys, db_url: str) -> None:
    assert main(["--db", db_url, "sample", "load"]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "import", "appendix", str(DOCX), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Đọc được 30 nhiệm vụ" in out and "chưa ghi gì" in out
    main(["--db", db_url, "plan", "list"])
    assert capsys.readouterr().out.count("BLV ") == 1
    assert main(["--db", db_url, "import", "appendix", str(DOCX), "--title", "Kế hoạch B"]) == 0
    assert "thêm 30 nhiệm vụ" in capsys.readouterr().out


def test_unrelated_file_gets_a_clear_message(capsys, db_url: str, tmp_path: Path) -> None:
    fake = tmp_path / "ke-hoach.docx"
    fake.write_bytes(b"plain text, not a Word file")
    assert main(["--db", db_url, "import", "appendix", str(fake)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Lỗi:") and "“ke-hoach.docx” không phải tệp Word" in err


def _exported_q3_report(capsys, db_url: str, tmp_path: Path) -> Path:
    """Load the sample and export its Quý III/2026 report as .xlsx."""
    assert main(["--db", db_url, "sample", "load"]) == 0
    out = tmp_path / "bao-cao-q3.xlsx"
    args = ["export", "report", "--format", "xlsx", "--period", "2026-Q3", "-o", str(out)]
    assert main(["--db", db_url, *args]) == 0
    capsys.readouterr()
    return out


def test_report_dry_run_lists_the_tasks_and_the_period(capsys, db_url: str, tmp_path: Path) -> None:
    report = _exported_q3_report(capsys, db_url, tmp_path)

    assert main(["--db", db_url, "import", "report", str(report), "--dry-run"]) == 0

    out = capsys.readouterr().out
    assert "Kỳ báo cáo ghi trong tệp: Quý III/2026" in out
    assert "Trang tính “Báo cáo”, dòng 13  1 " in out  # the position is printed whole
    assert "Rà soát, kiểm tra, hệ thống văn bản" in out and "Văn phòng UBND" in out
    assert out.count("mã ID") == 30 and "chưa ghi gì" in out


def test_report_into_another_period_is_stopped_naming_the_option(
    capsys, db_url: str, tmp_path: Path
) -> None:
    report = _exported_q3_report(capsys, db_url, tmp_path)
    command = ["--db", db_url, "import", "report", str(report), "--period", "2026"]

    assert main(command) == 1
    err = capsys.readouterr().err
    assert "Tệp là báo cáo kỳ Quý III/2026" in err and "--period là Năm 2026" in err
    assert "--force-period" in err and "chưa ghi gì" in err

    assert main([*command, "--force-period"]) == 0
    assert "cho kỳ Năm 2026" in capsys.readouterr().out


def test_report_creates_a_new_plan(capsys, db_url: str, tmp_path: Path) -> None:
    report = _exported_q3_report(capsys, db_url, tmp_path)
    command = ["--db", db_url, "import", "report", str(report), "--new-plan"]

    assert main([*command, "--unit", "BLV", "--title", "Kế hoạch từ báo cáo"]) == 0

    assert "với 30 nhiệm vụ" in capsys.readouterr().out
    main(["--db", db_url, "plan", "list"])
    assert "Kế hoạch từ báo cáo" in capsys.readouterr().out

"""`carapp import …` from the command line."""

from __future__ import annotations

from pathlib import Path

from carapp.cli.main import main
from tests.conftest import FIXTURES

DOCX = FIXTURES / "importers" / "bach-long-vi-phu-luc.docx"


def test_dry_run_writes_nothing_then_import_creates_plan(capsys, db_path: Path) -> None:
    assert main(["--db", str(db_path), "sample", "load"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "import", "appendix", str(DOCX), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Đọc được 30 nhiệm vụ" in out and "chưa ghi gì" in out
    main(["--db", str(db_path), "plan", "list"])
    assert capsys.readouterr().out.count("BLV ") == 1
    assert (
        main(["--db", str(db_path), "import", "appendix", str(DOCX), "--title", "Kế hoạch B"]) == 0
    )
    assert "thêm 30 nhiệm vụ" in capsys.readouterr().out


def test_unrelated_file_gets_a_clear_message(capsys, db_path: Path, tmp_path: Path) -> None:
    fake = tmp_path / "ke-hoach.docx"
    fake.write_bytes(b"plain text, not a Word file")
    assert main(["--db", str(db_path), "import", "appendix", str(fake)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Lỗi:") and "“ke-hoach.docx” không phải tệp Word" in err

"""Files the command line writes: never over an existing file without --force, the suffix says
the format, and a missing folder is an error (never created)."""

from __future__ import annotations

from pathlib import Path

import pytest

from carapp.cli.main import main


def run(capsys: pytest.CaptureFixture[str], db: str | Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def loaded(capsys: pytest.CaptureFixture[str], db_url: str) -> str:
    assert run(capsys, db_url, "sample", "load")[0] == 0
    return db_url


def test_an_existing_file_is_kept_unless_force(
    capsys: pytest.CaptureFixture[str], loaded: str, tmp_path: Path
) -> None:
    target = tmp_path / "phu-luc.pdf"
    target.write_bytes(b"do not lose me")
    code, _, err = run(capsys, loaded, "export", "appendix", "-o", str(target))
    assert code == 1 and "đã có: thêm --force để ghi đè" in err
    assert target.read_bytes() == b"do not lose me"
    code, _, err = run(capsys, loaded, "export", "appendix", "-o", str(target), "--force")
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")


def test_the_suffix_gives_or_must_match_the_format(
    capsys: pytest.CaptureFixture[str], loaded: str, tmp_path: Path
) -> None:
    xlsx = tmp_path / "phu-luc.xlsx"
    assert run(capsys, loaded, "export", "appendix", "-o", str(xlsx))[0] == 0
    assert xlsx.read_bytes()[:2] == b"PK"  # an Excel file, read from the suffix
    code, _, err = run(
        capsys, loaded, "export", "appendix", "--format", "pdf", "-o", str(tmp_path / "a.xlsx")
    )
    assert code == 1 and "“a.xlsx” không khớp định dạng pdf" in err
    code, _, err = run(capsys, loaded, "export", "appendix", "-o", str(tmp_path / "a.odt"))
    assert code == 1 and "đặt đuôi .pdf hoặc .xlsx hoặc .docx" in err
    assert not (tmp_path / "a.xlsx").exists() and not (tmp_path / "a.odt").exists()


def test_a_missing_folder_is_an_error(
    capsys: pytest.CaptureFixture[str], loaded: str, tmp_path: Path
) -> None:
    missing = tmp_path / "chua-co" / "bao-cao.pdf"
    code, _, err = run(
        capsys, loaded, "export", "report", "--period", "2026-Q1", "-o", str(missing)
    )
    assert code == 1 and "Thư mục" in err and "không tồn tại" in err
    assert not missing.parent.exists()
    code, _, err = run(
        capsys, loaded, "package", "build", "--period", "2026-Q1", "-o", str(tmp_path / "usb")
    )
    assert code == 1 and "không tồn tại" in err and not (tmp_path / "usb").exists()


def test_a_folder_given_as_the_output_is_named_as_a_folder(
    capsys: pytest.CaptureFixture[str], loaded: str, tmp_path: Path
) -> None:
    for folder in ("/", str(tmp_path)):
        code, _, err = run(capsys, loaded, "export", "appendix", "-o", folder)
        assert code == 1 and f"“{folder}” là một thư mục, không phải tên tệp." in err

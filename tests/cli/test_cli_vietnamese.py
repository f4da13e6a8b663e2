"""The command line speaks Vietnamese, argparse's own words too, and ends quietly on a closed
pipe."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from carapp.cli.main import main

# argparse's English words, as they would appear in usage, help and error messages.
ENGLISH = re.compile(
    r"\b(usage|options|optional arguments|positional arguments|error|show this help|"
    r"required|invalid choice|unrecognized|expected|argument|arguments|choose from|"
    r"help message|exit)\b",
    re.IGNORECASE,
)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out + err


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("plan", "--help"),
        ("unit", "add", "--help"),
        ("export", "report", "--help"),
    ],
)
def test_help_has_no_english_word_of_argparse(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code, text = _run(capsys, *args)
    assert code == 0
    assert text.startswith("Cách dùng: carapp")
    assert "Tùy chọn:" in text and "in hướng dẫn này rồi thoát" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "frob"), "LỆNH: không có lựa chọn 'frob'"),
        (("--frob",), "không hiểu tham số: --frob"),
        (("plan", "list", "--frob"), "không hiểu tham số: --frob"),
        (("unit", "add", "MD"), "còn thiếu tham số bắt buộc: --name"),
        (("plan", "rename"), "còn thiếu tham số bắt buộc: KẾ-HOẠCH, TÊN-MỚI"),
        (("task", "list", "--plan"), "--plan: cần một giá trị"),
        (("progress", "set", "1", "--percent", "nhiều"), "--percent: giá trị không hợp lệ"),
        (("export", "report", "--format", "docx"), "--format: không có lựa chọn 'docx'"),
    ],
)
def test_errors_say_loi_in_vietnamese(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, text = _run(capsys, *args)
    assert code == 2
    assert "Cách dùng: carapp" in text and f"Lỗi: {message}" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_argparse_is_english_again_outside_carapp(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    _run(capsys, "--help")
    assert "usage:" in argparse.ArgumentParser(prog="x").format_usage()


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    env = {**os.environ, "CARAPP_DB": str(tmp_path / "pipe.sqlite3"), "PYTHONPATH": os.getcwd()}
    load = [sys.executable, "-m", "carapp", "sample", "load"]
    assert subprocess.run(load, env=env, capture_output=True).returncode == 0
    listing = subprocess.Popen(
        [sys.executable, "-m", "carapp", "task", "list"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert listing.stdout is not None and listing.stderr is not None
    first = listing.stdout.readline()
    listing.stdout.close()  # like `| head -1`
    err = listing.stderr.read().decode("utf-8")
    listing.wait()
    assert first.decode("utf-8").startswith("Tính tại ngày")
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert err == ""


def test_a_file_error_is_told_in_vietnamese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(["--db", str(tmp_path / "x.sqlite3"), "plan", "restore", str(tmp_path / "no.json")])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("Lỗi: ") and "không có tệp hoặc thư mục này" in err

"""The built wheel, installed (not editable) into a clean venv, prints, imports, signs, verifies."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils missing")
def test_wheel_in_a_clean_venv_runs_the_whole_office(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "wheel_check.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"carapp installed at {tmp_path / 'venv'}" in done.stdout
    assert "Kiểm tra nhanh thành công" in done.stdout
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "smoke" / "phu-luc.pdf")], capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in row and "LiberationSerif" in row for row in fonts), fonts

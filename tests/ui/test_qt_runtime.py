"""The Qt binding carapp runs on survives a long session (many calls of Qt setters)."""

from __future__ import annotations

import os
import subprocess
import sys

LONG_SESSION = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for i in range(50_000):
    label.setText(str(i))
print("ok")
"""


def test_many_qt_calls_do_not_abort_the_process() -> None:
    # PySide6 6.12.0 on CPython 3.11 loses a reference to None on every call of a method that
    # returns nothing; the interpreter aborts after a few thousand such calls.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", LONG_SESSION], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-500:]

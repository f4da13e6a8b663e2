"""Helpers of the reliability tests: the CLI in a subprocess, a small full disk (tmpfs)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Outcome:
    """What a command printed and returned."""

    code: int
    out: str
    err: str

    def assert_refused_in_vietnamese(self) -> None:
        """The command failed with one Vietnamese "Lỗi: …" message, no Python traceback."""
        assert self.code != 0, self.out
        assert self.err.startswith("Lỗi: "), self.err
        for english in ("Traceback", "Error", "Exception", "sqlalche.me"):
            assert english not in self.err, self.err


def cli(db: Path, *args: str, cwd: Path | None = None, timeout: float = 120) -> Outcome:
    """Run `python -m carapp --db DB ARGS` as a user would, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "carapp", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


@dataclass(frozen=True)
class SmallDisk:
    """A tmpfs of a few megabytes that can be filled up to the last byte."""

    path: Path

    def fill(self) -> None:
        """Write a filler file until the disk is full (ENOSPC), to the last byte."""
        fd = os.open(self.path / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            for size in (65536, 4096, 1):
                try:
                    while os.write(fd, b"\0" * size):
                        pass
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)

    def free(self) -> None:
        """Remove the filler file."""
        (self.path / "filler").unlink(missing_ok=True)

    def names(self) -> set[str]:
        """Return the names in the disk's folders, filler left out."""
        return {str(p.relative_to(self.path)) for p in self.path.rglob("*")} - {"filler"}


@contextmanager
def small_disk(folder: Path, size: str = "4m", options: str = "") -> Iterator[SmallDisk]:
    """Mount a tmpfs of `size` at `folder` (root only; the caller skips otherwise)."""
    folder.mkdir()
    mount = shutil.which("mount")
    done = subprocess.run(
        [mount or "mount", "-t", "tmpfs", "-o", f"size={size}{options}", "tmpfs", str(folder)],
        capture_output=True,
    )
    if done.returncode != 0:
        raise PermissionError("cannot mount a tmpfs here")
    try:
        yield SmallDisk(folder)
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)

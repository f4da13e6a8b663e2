"""Build carapp's wheel, install it (not editable) into a new, clean venv, run its smoke test.

    python tools/wheel_check.py [WORK-FOLDER] [--docx FILE]

The venv is made without system site-packages; pip fetches carapp's dependencies through its
usual configuration (here the local wheel indexes, no network needed once they are cached), so
nothing of the checkout or of the project's own venv is visible. The smoke test runs from a
folder outside the checkout; every step must pass and the appendix PDF must embed its fonts.
Prints the installed carapp's location and the times taken; exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DOCX = Path("/work/shared/reference/samples/bach-long-vi-phu-luc.docx")


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build_wheel(out: Path) -> Path:
    """Build the wheel of the checkout into `out` and return its path."""
    _run(sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "-q", "-w", out)
    return next(out.glob("carapp-*.whl"))


def install_clean(wheel: Path, venv: Path) -> Path:
    """Make a venv with no system site-packages, install the wheel; return its python."""
    _run(sys.executable, "-m", "venv", venv)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run(python, "-m", "pip", "install", "-q", wheel)
    return python


def check(work: Path, docx: Path | None) -> dict[str, float]:
    """Do the whole check in `work`; return the seconds each phase took."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    wheel = build_wheel(work / "wheel")
    times["build"] = time.perf_counter() - start
    start = time.perf_counter()
    python = install_clean(wheel, work / "venv")
    times["install"] = time.perf_counter() - start
    where = _run(
        python,
        "-c",
        "import carapp, sys; print(carapp.__file__); print(sys.flags.no_site)",
        cwd=work,
    )
    if str(work / "venv") not in where.splitlines()[0]:
        raise SystemExit(f"carapp imported from {where!r}, not from the clean venv")
    print(f"carapp installed at {where.splitlines()[0]}")
    carapp = python.parent / ("carapp.exe" if os.name == "nt" else "carapp")
    smoke = [carapp, "smoke-test", "-o", work / "smoke"]
    if docx is not None:
        smoke += ["--docx", docx]
    start = time.perf_counter()
    print(_run(*smoke, cwd=work), end="")
    times["smoke"] = time.perf_counter() - start
    return times


def main() -> int:
    """Run the check in the given folder or a temporary one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", nargs="?")
    parser.add_argument("--docx", default=str(SAMPLE_DOCX) if SAMPLE_DOCX.exists() else None)
    args = parser.parse_args()
    docx = Path(args.docx) if args.docx else None
    if args.work:
        times = check(Path(args.work).resolve(), docx)
    else:
        with tempfile.TemporaryDirectory(prefix="carapp-wheel-") as tmp:
            times = check(Path(tmp), docx)
    print(", ".join(f"{k} {v:.1f} s" for k, v in times.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

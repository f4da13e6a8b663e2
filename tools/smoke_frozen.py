"""Run the frozen build's own smoke test offscreen; print its size and cold start time.

    python tools/smoke_frozen.py [dist/carapp]

The bundle runs with a scrubbed environment (no PYTHONPATH, no venv) from a temporary
folder, so nothing of the checkout can stand in for what the bundle lacks. Prints the bundle
size, the time of the first `carapp --version` after the build (cold: process start, the
bundle's Python and the command line imported), of a second one (warm), then the smoke test
(whose first step opens the window offscreen on a new database). Exits non-zero on failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bundle_size(folder: Path) -> int:
    """Return the bytes of every file under `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _env(home: Path) -> dict[str, str]:
    keep = {"PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TEMP", "TMP"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), USERPROFILE=str(home))
    return env


def _timed(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return elapsed, done.stdout


def main() -> int:
    """Smoke-test the bundle given (default dist/carapp)."""
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist" / "carapp").resolve()
    exe = folder / ("carapp.exe" if os.name == "nt" else "carapp")
    print(f"Bundle {folder}: {bundle_size(folder) / 2**20:.0f} MB")
    with tempfile.TemporaryDirectory(prefix="carapp-frozen-") as tmp:
        home = Path(tmp)
        env = _env(home)
        cold, version = _timed([str(exe), "--version"], env, home)
        warm, _ = _timed([str(exe), "--version"], env, home)
        print(f"{version.strip()}: cold start {cold:.2f} s, warm {warm:.2f} s")
        smoke, out = _timed([str(exe), "smoke-test", "-o", str(home / "smoke")], env, home)
        print("\n".join(line for line in out.splitlines() if line.startswith(("✓ ", "Kiểm tra"))))
        print(f"smoke test (whole process) {smoke:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run the property-based fuzz tests long: importers and the package verifier.

Run: .venv/bin/python tools/fuzz.py [--examples 2000] [--seed N]

The same properties as tests/importers/test_fuzz_importers.py and
tests/services/test_fuzz_packages.py (a Vietnamese verdict, never another exception, nothing
written), with many more examples and a fresh random seed unless one is given. Prints each
test's outcome and the time taken; exit status 1 when a property failed (hypothesis prints the
smallest failing example).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = [
    "tests/importers/test_fuzz_importers.py",
    "tests/services/test_fuzz_packages.py",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per property")
    parser.add_argument("--seed", type=int, help="hypothesis seed (default: random)")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CARAPP_FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-x"]
    command += ["-W", "ignore::hypothesis.errors.HypothesisWarning"]
    if args.seed is not None:
        command.append(f"--hypothesis-seed={args.seed}")
    start = time.perf_counter()
    done = subprocess.run([*command, *TESTS], cwd=ROOT, env=env)
    seconds = time.perf_counter() - start
    properties = 3  # importers: one property; packages: two
    print(f"{properties} properties × {args.examples} examples: {seconds:.0f} s")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())

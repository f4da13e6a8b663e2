"""Kill carapp with SIGKILL at random moments and check that nothing is lost or half-written.

Run: .venv/bin/python tools/kill_campaign.py [--runs 300] [--seed 1] [--keep DIR]

Each run starts one command line in its own process — a progress edit, an appendix import,
a PDF or Excel export, a backup, or a package import at the city — and kills it (kill -9) at a
random moment of its usual duration. Then it checks:
- the database passes `PRAGMA integrity_check`;
- every acknowledged write (the command returned 0 and printed its confirmation) is there,
  and an import is whole or absent (a plan of all its tasks, or none);
- no half file exists at an output name: a file there opens whole (PDF, workbook, SQLite,
  zip); only the temporary `.<name>.<random>.tmp` may remain, which carapp's next start removes;
- a command that was not killed printed no Python traceback.
It prints one line per run and a summary: runs, killed, lost, corrupt, half files, tracebacks.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from carapp.cli.main import main as carapp_main  # noqa: E402

DOCX = ROOT / "tests" / "fixtures" / "importers" / "bach-long-vi-phu-luc.docx"
PASS = "mat-khau-chien-dich"
TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
PERIODS = ["2026-Q1", "2026-H1", "2026-Q3", "2026", "2027-Q1", "2027-H1"]


@dataclass
class Tally:
    """What the campaign found."""

    runs: int = 0
    killed: int = 0
    acknowledged: int = 0
    lost: int = 0
    corrupt: int = 0
    half_files: int = 0
    tracebacks: int = 0
    by_operation: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def problem(self, kind: str, text: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.problems.append(f"{kind}: {text}")

    def clean(self) -> bool:
        return not (self.lost or self.corrupt or self.half_files or self.tracebacks)

    def summary(self) -> str:
        ops = ", ".join(f"{k} {v}" for k, v in sorted(self.by_operation.items()))
        return (
            f"runs {self.runs} (killed {self.killed}, acknowledged {self.acknowledged}): "
            f"lost {self.lost}, corrupt {self.corrupt}, half files {self.half_files}, "
            f"tracebacks {self.tracebacks}  [{ops}]"
        )


@dataclass
class World:
    """The databases, keys and files the campaign works on."""

    folder: Path
    unit: Path
    city_pristine: Path
    package: Path
    out: Path
    env: dict[str, str]
    plan: str  # the sample plan's id (imports add plans of the same task numbers)
    # task number -> descriptions written: acknowledged (last one) and unacknowledged since
    acked: dict[str, str] = field(default_factory=dict)
    pending: dict[str, set[str]] = field(default_factory=dict)


def set_up(folder: Path) -> World:
    """Make a unit database with the sample plan, a city, and one genuine package."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CARAPP_PASSPHRASE": PASS}
    env["CARAPP_NEW_PASSPHRASE"] = PASS
    old = {k: os.environ.get(k) for k in ("CARAPP_PASSPHRASE", "CARAPP_NEW_PASSPHRASE")}
    os.environ.update(CARAPP_PASSPHRASE=PASS, CARAPP_NEW_PASSPHRASE=PASS)
    here = Path.cwd()
    os.chdir(folder)
    try:
        unit, city = folder / "unit.sqlite3", folder / "city-goc.sqlite3"
        (folder / "goi").mkdir()
        steps: list[tuple[Path, list[str]]] = [
            (city, ["pki", "init-city", "--out", "city.p12"]),
            (city, ["pki", "issue-unit", "BLV", "--out", "blv.p12", "--name", "Đặc khu BLV"]),
            (unit, ["sample", "load"]),
            (unit, ["mode", "unit", "--code", "BLV", "--key", "blv.p12"]),
            (unit, ["progress", "set", "1", "--period", "2026-Q1", "--status", "đang thực hiện"]),
            (unit, ["package", "build", "--period", "2026-Q1", "-o", "goi"]),
        ]
        for db, args in steps:
            with contextlib.redirect_stdout(io.StringIO()):
                code = carapp_main(["--db", str(db), *args])
            if code != 0:
                raise SystemExit(f"set-up failed at {args}")
    finally:
        os.chdir(here)
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    [package] = (folder / "goi").glob("*.zip")
    out = folder / "out"
    out.mkdir()
    with sqlite3.connect(unit) as conn:
        [(plan,)] = conn.execute("SELECT id FROM plan").fetchall()
    return World(folder, unit, city, package, out, env, plan)


def run_killed(world: World, db: Path, args: list[str], after: float) -> tuple[bool, int, str, str]:
    """Run the CLI; SIGKILL it `after` seconds in. Return (killed, rc, stdout, stderr)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "carapp", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=world.env,
        cwd=world.folder,
    )
    try:
        out, err = process.communicate(timeout=after)
        return False, process.returncode, out, err
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate()
        return True, process.returncode, out, err


def integrity(db: Path) -> str:
    """Return SQLite's verdict on `db` (opening it also replays its WAL, as carapp would)."""
    try:
        with sqlite3.connect(db) as conn:
            return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.Error as exc:
        return f"cannot open: {exc}"


def whole_file(path: Path) -> bool:
    """Return whether a file at an output name is complete (it opens as what it claims)."""
    try:
        if path.suffix == ".pdf":
            data = path.read_bytes()
            return data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
        if path.suffix in {".xlsx", ".zip"}:
            with zipfile.ZipFile(path) as archive:
                return archive.testzip() is None
        if path.suffix == ".sqlite3":
            return integrity(path) == "ok"
    except (OSError, zipfile.BadZipFile):
        return False
    return True


def check_outputs(tally: Tally, folder: Path, label: str) -> None:
    """Count a half file: any file at an output name that is not whole."""
    for path in folder.rglob("*"):
        if path.is_file() and not TEMPORARY.match(path.name) and not whole_file(path):
            tally.problem("half_files", f"{label}: {path.name}")


# --- the operations ---------------------------------------------------------------------


def op_progress(world: World, tally: Tally, run: int, after: float) -> bool:
    number = str(run % 30 + 1)
    text = f"lần ghi {run}"
    period = PERIODS[run % len(PERIODS)]
    args = ["progress", "set", number, "--plan", world.plan, "--period", period]
    args += ["--description", text]
    killed, code, out, err = run_killed(world, world.unit, args, after)
    key = f"{number}@{period}"
    acked = not killed and code == 0 and "Đã ghi tiến độ" in out
    if acked:
        world.acked[key] = text
        world.pending[key] = set()
    else:
        world.pending.setdefault(key, set()).add(text)
    finish(world, tally, "progress", killed, code, err, acked)
    check_progress(world, tally)
    return killed


def check_progress(world: World, tally: Tally) -> None:
    """Each task and period holds its last acknowledged text, or a later unacknowledged one."""
    with sqlite3.connect(world.unit) as conn:
        rows = conn.execute(
            "SELECT t.number, p.period, p.description FROM progress_record p "
            "JOIN task t ON t.id = p.task_id JOIN plan ON plan.id = t.plan_id "
            "WHERE plan.id = ?",
            (world.plan,),
        ).fetchall()
    found = {f"{n}@{p}": d for n, p, d in rows}
    for key, text in world.acked.items():
        if found.get(key) != text and found.get(key) not in world.pending.get(key, set()):
            tally.problem(
                "lost", f"progress {key}: {text!r} acknowledged, {found.get(key)!r} found"
            )


def op_import(world: World, tally: Tally, run: int, after: float) -> bool:
    title = f"Chiến dịch {run}"
    args = ["import", "appendix", str(DOCX), "--title", title]
    killed, code, out, err = run_killed(world, world.unit, args, after)
    acked = not killed and code == 0 and "thêm 30 nhiệm vụ" in out
    finish(world, tally, "import", killed, code, err, acked)
    with sqlite3.connect(world.unit) as conn:
        counts = conn.execute(
            "SELECT count(t.id) FROM plan LEFT JOIN task t ON t.plan_id = plan.id "
            "WHERE plan.title = ? GROUP BY plan.id",
            (title,),
        ).fetchall()
    if acked and counts != [(30,)]:
        tally.problem("lost", f"import {title!r} acknowledged, found {counts}")
    if not acked and counts not in ([], [(30,)]):
        tally.problem("corrupt", f"import {title!r} half applied: {counts}")
    return killed


def op_export(world: World, tally: Tally, run: int, after: float) -> bool:
    suffix = "pdf" if run % 2 else "xlsx"
    target = world.out / f"phu-luc-{run}.{suffix}"
    args = ["export", "appendix", "--plan", world.plan, "-o", str(target)]
    killed, code, out, err = run_killed(world, world.unit, args, after)
    acked = not killed and code == 0
    finish(world, tally, f"export-{suffix}", killed, code, err, acked)
    if acked and not (target.exists() and whole_file(target)):
        tally.problem("lost", f"export {target.name} acknowledged but missing or broken")
    return killed


def op_backup(world: World, tally: Tally, run: int, after: float) -> bool:
    target = world.out / f"ban-sao-{run}.sqlite3"
    killed, code, out, err = run_killed(world, world.unit, ["db", "backup", str(target)], after)
    acked = not killed and code == 0
    finish(world, tally, "backup", killed, code, err, acked)
    if acked and not (target.exists() and integrity(target) == "ok"):
        tally.problem("lost", f"backup {target.name} acknowledged but missing or broken")
    return killed


def op_package_import(world: World, tally: Tally, run: int, after: float) -> bool:
    city = world.folder / f"city-{run}.sqlite3"
    shutil.copy(world.city_pristine, city)
    receipts = world.out / f"bien-nhan-{run}"
    receipts.mkdir()
    args = ["package", "import", str(world.package), "--receipts", str(receipts)]
    killed, code, out, err = run_killed(world, city, args, after)
    acked = not killed and code == 0
    finish(world, tally, "package-import", killed, code, err, acked)
    verdict = integrity(city)
    if verdict != "ok":
        tally.problem("corrupt", f"city {city.name}: {verdict}")
        return killed
    with sqlite3.connect(city) as conn:
        records = conn.execute("SELECT count(*) FROM package_record").fetchone()[0]
    if acked and (records == 0 or not list(receipts.glob("*.zip"))):
        tally.problem("lost", f"package import {run} acknowledged: {records} records")
    for leftover in city.parent.glob(f"{city.name}*"):
        leftover.unlink()
    return killed


OPERATIONS: dict[str, Callable[[World, Tally, int, float], bool]] = {
    "progress": op_progress,
    "import": op_import,
    "export": op_export,
    "backup": op_backup,
    "package-import": op_package_import,
}


def finish(
    world: World, tally: Tally, name: str, killed: bool, code: int, err: str, acked: bool
) -> None:
    """Count the run; a finished command must not have printed a traceback."""
    tally.runs += 1
    tally.by_operation[name] += 1
    tally.killed += killed
    tally.acknowledged += acked
    if not killed and ("Traceback" in err or code not in (0, 1)):
        tally.problem("tracebacks", f"{name}: rc {code}: {err.strip()[-300:]}")
    verdict = integrity(world.unit)
    if verdict != "ok":
        tally.problem("corrupt", f"unit database after {name}: {verdict}")


def durations(world: World) -> dict[str, float]:
    """Time each operation once, unkilled, to choose kill moments within its life."""
    found = {}
    for name, operation in OPERATIONS.items():
        start = time.perf_counter()
        operation(world, Tally(), -1 - len(found), 600.0)
        found[name] = time.perf_counter() - start
    return found


def campaign(runs: int, seed: int, folder: Path, echo: Callable[[str], None] = print) -> Tally:
    """Run `runs` killed commands in `folder`; return what was found."""
    world = set_up(folder)
    lives = durations(world)
    echo("usual durations: " + ", ".join(f"{k} {v:.1f} s" for k, v in lives.items()))
    rng = random.Random(seed)
    tally = Tally()
    names = list(OPERATIONS)
    for run in range(runs):
        name = names[run % len(names)] if run < len(names) else rng.choice(names)
        # Mostly within the command's life; every fifth run is let finish, so that acknowledged
        # writes are there to check whatever the machine's load.
        after = (3.0 if run % 5 == 4 else rng.uniform(0.2, 1.2)) * lives[name]
        start = time.perf_counter()
        killed = OPERATIONS[name](world, tally, run, after)
        if not killed:  # follow the machine's load: the last finished runs set the life
            lives[name] = 0.5 * lives[name] + 0.5 * (time.perf_counter() - start)
        check_outputs(tally, world.out, f"run {run}")
        state = "killed" if killed else f"finished, acknowledged {tally.acknowledged}"
        echo(f"{run:4d} {name:15s} kill at {after:5.2f} s  {state}")
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    start = time.perf_counter()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        tally = campaign(args.runs, args.seed, args.keep)
    else:
        with tempfile.TemporaryDirectory() as folder:
            tally = campaign(args.runs, args.seed, Path(folder))
    for line in tally.problems:
        print(line)
    print(tally.summary())
    print(f"{time.perf_counter() - start:.0f} s")
    return 0 if tally.clean() else 1


if __name__ == "__main__":
    sys.exit(main())

"""Start time, memory and command-line speed of carapp beside their floors, whole processes.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_startup.py [--runs 5]
     [--tasks 20000] [--export-tasks 1000] [--src DIR] [--against DIR] [--keep DIR]
     [--no-libreoffice]

Every figure is the median of --runs paired runs (each round runs every command once, in turn,
so a busy moment of the machine touches all of them alike). Whole processes are timed from
outside: wall time and peak RSS by /usr/bin/time -f "%e %M" (Debian package `time`); the
window's first paint and "table filled" by bench/startup_probe.py, counted from the moment the
process was started. Floors: a bare PySide6 window; PySide6 + SQLModel imported; LibreOffice
converting the same appendix (.xlsx written by carapp) to PDF with a warm profile.
`--src DIR` measures another checkout of carapp (e.g. the commit before a change); `--against
DIR` measures a second one in the same rounds (taking turns), for paired figures.

Compiled bytecode goes to a cache of its own (PYTHONPYCACHEPREFIX in the databases' folder),
filled by one untimed warm-up round, so PYTHONDONTWRITEBYTECODE in the caller's environment
cannot make every run compile its sources. Beside each wall time the process's CPU time is
printed: on a machine shared with other work, CPU time moves far less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
START_PATH = "import carapp.ui.app, carapp.ui.main_window"


@dataclass
class Figures:
    """Every value measured for one figure, one per run."""

    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.values.setdefault(name, []).append(value)

    def median(self, name: str) -> float:
        found = self.values.get(name)
        return statistics.median(found) if found else float("nan")


@dataclass(frozen=True)
class Setup:
    """Where things are: the carapp sources measured, the databases, the environment."""

    src: Path
    folder: Path
    sample: Path
    big: Path
    export_db: Path
    big_rows: int
    env: dict[str, str]


def timed_process(command: Sequence[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run a command under /usr/bin/time; return (seconds, CPU seconds, peak RSS in MB, stdout)."""
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    seconds, user, system, kilobytes = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), float(user) + float(system), int(kilobytes) / 1024, done.stdout


def probe(setup: Setup, figures: Figures, name: str, *args: str) -> None:
    """Run bench/startup_probe.py; record first paint, table filled, stall and peak RSS."""
    command = [PY, str(HERE / "startup_probe.py"), args[0], repr(time.time()), *args[1:]]
    _seconds, _cpu, peak, out = timed_process(command, setup.env)
    found = json.loads(out.strip().splitlines()[-1])
    if "timeout" in found:
        raise RuntimeError(f"{name}: the table was never filled ({found})")
    figures.add(f"{name}: first paint", found["first_paint"])
    figures.add(f"{name}: first paint CPU", found["first_paint_cpu"])
    figures.add(f"{name}: table filled", found["filled"])
    figures.add(f"{name}: table filled CPU", found["filled_cpu"])
    figures.add(f"{name}: longest GUI stall", found["longest_stall"])
    figures.add(f"{name}: peak RSS", peak)


def whole(setup: Setup, figures: Figures, name: str, command: Sequence[str]) -> None:
    """Time a whole process and record its wall time and peak RSS."""
    seconds, cpu, peak, _out = timed_process(command, setup.env)
    figures.add(f"{name}: time", seconds)
    figures.add(f"{name}: time CPU", cpu)
    figures.add(f"{name}: peak RSS", peak)


def carapp(setup: Setup, db: Path, *args: str) -> list[str]:
    return [PY, "-m", "carapp", "--db", str(db), *args]


def libreoffice(setup: Setup, xlsx: Path) -> list[str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
    profile = (setup.folder / "lo-profile").as_uri()
    out = setup.folder / "libreoffice"
    return [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"] + [
        "--outdir",
        str(out),
        str(xlsx),
    ]


def prepare(src: Path, folder: Path, tasks: int, export_tasks: int) -> Setup:
    """Make the sample, the large and the export databases (once; kept with --keep)."""
    env = dict(os.environ, PYTHONPATH=str(src), QT_QPA_PLATFORM="offscreen")
    env["XDG_CONFIG_HOME"] = str(folder / "config")  # window layout of these runs only
    env["PYTHONPYCACHEPREFIX"] = str(folder / f"pycache-{src.name}")
    for name in ("CARAPP_DB", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    setup = Setup(
        src,
        folder,
        folder / "sample.sqlite3",
        folder / f"tasks-{tasks}.sqlite3",
        folder / f"tasks-{export_tasks}.sqlite3",
        tasks,
        env,
    )
    if not setup.sample.exists():
        subprocess.run(carapp(setup, setup.sample, "sample", "load"), env=env, check=True)
    for path, count in ((setup.big, tasks), (setup.export_db, export_tasks)):
        if not path.exists():
            command = [PY, str(HERE / "gen_tasks.py"), str(path), "--tasks", str(count)]
            subprocess.run(command, env=env, check=True, capture_output=True)
    return setup


def import_times(setup: Setup, code: Sequence[str], top: int = 15) -> list[tuple[int, str]]:
    """Return the `top` modules by cumulative import time (µs) of `python -X importtime`."""
    done = subprocess.run(
        [PY, "-X", "importtime", *code], env=setup.env, capture_output=True, text=True, check=False
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:top]


def print_import_times(setup: Setup) -> None:
    for title, code in (
        (f"python -X importtime -c '{START_PATH}'", ["-c", START_PATH]),
        ("python -X importtime -m carapp task list (sample)", carapp(setup, setup.sample)[1:]),
    ):
        if code[0] == "-m":
            code = [*code, "task", "list"]
        print(f"\n{title}: top 15 by cumulative time")
        for micro, name in import_times(setup, code):
            print(f"  {micro / 1000:8.1f} ms  {name}")


def one_round(setup: Setup, figures: Figures, xlsx: Path | None) -> None:
    """Run every measured process once."""
    probe(setup, figures, "bare PySide6 window", "bare")
    whole(
        setup,
        figures,
        "import PySide6 + SQLModel",
        [PY, "-c", "import PySide6.QtWidgets, sqlmodel"],
    )
    probe(setup, figures, "carapp window, sample (30 tasks)", "carapp", str(setup.sample), "30")
    big = f"carapp window, {setup.big_rows:,} tasks"
    probe(setup, figures, big, "carapp", str(setup.big), str(setup.big_rows))
    whole(setup, figures, "carapp task list (sample)", carapp(setup, setup.sample, "task", "list"))
    pdf = setup.folder / "phu-luc.pdf"
    export = carapp(
        setup, setup.export_db, "export", "appendix", "--format", "pdf", "-o", str(pdf), "--force"
    )
    whole(setup, figures, "carapp export appendix --format pdf", export)
    if xlsx is not None:
        whole(setup, figures, "LibreOffice xlsx -> pdf", libreoffice(setup, xlsx))


def verdict(value: float, limit: float) -> str:
    return "đạt" if value <= limit else "CHƯA ĐẠT"


def _seconds(figures: Figures, name: str) -> str:
    wall, cpu = figures.median(name), figures.median(f"{name} CPU")
    return f"{wall:5.2f} s  (CPU {cpu:4.2f} s)"


def _rows(figures: Figures, big: str) -> list[tuple[str, str, str]]:
    m = figures.median
    bare = m("bare PySide6 window: first paint")
    floor = m("import PySide6 + SQLModel: time")
    rows = [
        ("bare PySide6 window: first paint", _seconds(figures, "bare PySide6 window: first paint"), "floor"),
        ("bare PySide6 window: peak RSS", f"{m('bare PySide6 window: peak RSS'):5.0f} MB", "floor"),
        ("import PySide6 + SQLModel", _seconds(figures, "import PySide6 + SQLModel: time"), "floor"),
        ("import PySide6 + SQLModel: peak RSS", f"{m('import PySide6 + SQLModel: peak RSS'):5.0f} MB", "floor"),
    ]  # fmt: skip
    for name, memory in (("carapp window, sample (30 tasks)", 120), (f"carapp window, {big}", 200)):
        paint, filled = m(f"{name}: first paint"), m(f"{name}: table filled")
        stall, peak = m(f"{name}: longest GUI stall") * 1000, m(f"{name}: peak RSS")
        rows += [
            (f"{name}: first paint", _seconds(figures, f"{name}: first paint"),
             f"floor {bare:.2f} s; target ≤ 0.60 s: {verdict(paint, 0.6)}"),
            (f"{name}: table filled", _seconds(figures, f"{name}: table filled"),
             f"target ≤ 1.20 s: {verdict(filled, 1.2)}"),
            (f"{name}: longest GUI stall", f"{stall:5.0f} ms", f"target ≤ 50 ms: {verdict(stall, 50)}"),
            (f"{name}: peak RSS", f"{peak:5.0f} MB", f"target ≤ {memory} MB: {verdict(peak, memory)}"),
        ]  # fmt: skip
    listing = m("carapp task list (sample): time")
    rows += [
        ("carapp task list (sample)", _seconds(figures, "carapp task list (sample): time"),
         f"floor {floor:.2f} s; target < 0.50 s: {verdict(listing, 0.5)}"),
        ("carapp task list (sample): peak RSS", f"{m('carapp task list (sample): peak RSS'):5.0f} MB", ""),
        ("carapp export appendix --format pdf", _seconds(figures, "carapp export appendix --format pdf: time"), ""),
    ]  # fmt: skip
    if "LibreOffice xlsx -> pdf: time" in figures.values:
        ratios = [
            ours / theirs
            for ours, theirs in zip(
                figures.values["carapp export appendix --format pdf: time"],
                figures.values["LibreOffice xlsx -> pdf: time"],
                strict=True,
            )
        ]
        ratio = statistics.median(ratios)
        rows += [
            ("LibreOffice xlsx -> pdf, same appendix (warm)", _seconds(figures, "LibreOffice xlsx -> pdf: time"), "floor"),
            ("export / LibreOffice (median of paired ratios)", f"{ratio:5.2f} ×", f"target ≤ 0.60 ×: {verdict(ratio, 0.6)}"),
        ]  # fmt: skip
    return rows


def print_summary(figures: Figures, runs: int, big: str) -> None:
    print(f"\nMedians of {runs} paired runs (whole processes, QT_QPA_PLATFORM=offscreen)")
    print(f"{'figure':<52}{'value':>24}   floor / target")
    for name, value, note in _rows(figures, big):
        print(f"{name:<52}{value:>24}   {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--export-tasks", type=int, default=1000)
    parser.add_argument("--src", type=Path, default=HERE.parent, help="carapp checkout measured")
    parser.add_argument(
        "--against", type=Path, help="another checkout measured in the same rounds (e.g. main)"
    )
    parser.add_argument("--keep", type=Path, help="thư mục giữ lại các cơ sở dữ liệu đã tạo")
    parser.add_argument("--no-libreoffice", action="store_true")
    args = parser.parse_args(argv)
    if not Path("/usr/bin/time").exists():
        print("Cần /usr/bin/time (gói Debian `time`): apt-get install -y time", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="carapp-startup-") as tmp:
        folder = (args.keep or Path(tmp)).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        src = args.src.resolve()
        # `python -m carapp` puts the working folder first on sys.path: were it a checkout,
        # its carapp would be measured whatever --src says.
        os.chdir(folder)
        setup = prepare(src, folder, args.tasks, args.export_tasks)
        setups = [setup]
        if args.against:
            setups.append(prepare(args.against.resolve(), folder, args.tasks, args.export_tasks))
        print(f"carapp from {', '.join(str(s.src) for s in setups)}; databases in {folder}")
        xlsx = None
        if not args.no_libreoffice and (shutil.which("soffice") or shutil.which("libreoffice")):
            xlsx = folder / "phu-luc.xlsx"
            command = carapp(setup, setup.export_db, "export", "appendix", "--format", "xlsx")
            subprocess.run(  # --force: a folder kept (--keep) has it from the last run
                [*command, "-o", str(xlsx), "--force"],
                env=setup.env,
                check=True,
                capture_output=True,
            )
            subprocess.run(libreoffice(setup, xlsx), env=setup.env, check=True, capture_output=True)
        for each in setups:
            one_round(each, Figures(), xlsx)  # warm-up: bytecode cache, disk cache, LibreOffice
        figures = [Figures() for _ in setups]
        for run in range(args.runs):
            # Checkouts take turns going first, so that neither always meets the same moment.
            turn = list(zip(setups, figures, strict=True))
            for each, found in turn if run % 2 == 0 else turn[::-1]:
                one_round(each, found, xlsx)
            print(f"run {run + 1}/{args.runs} done", flush=True)
        print_import_times(setup)
        for each, found in zip(setups, figures, strict=True):
            print(f"\ncarapp from {each.src}")
            print_summary(found, args.runs, f"{each.big_rows:,} tasks")
    return 0


if __name__ == "__main__":
    sys.exit(main())

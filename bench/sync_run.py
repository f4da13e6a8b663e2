"""The body of bench/bench_sync.py (see its doc): kept out of the script, so that the spawned
verification workers, which import the main script again, import nothing heavy."""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import Engine, func, select  # noqa: E402
from sync_data import PASS, Q1, generate  # noqa: E402
from sync_floors import insert_floor, openssl_floor  # noqa: E402

from carapp.db.engine import close_database  # noqa: E402
from carapp.db.migrate import open_database  # noqa: E402
from carapp.db.models import AuditEntry, Task  # noqa: E402
from carapp.services.common import reading  # noqa: E402
from carapp.services.sync.city import consolidate  # noqa: E402
from carapp.services.sync.keys import init_city, load_key  # noqa: E402
from carapp.services.sync.package_import import import_packages  # noqa: E402
from carapp.services.sync.report_package import build_report_package  # noqa: E402
from carapp.services.sync.setup import set_mode  # noqa: E402
from carapp.services.sync.trust import allow_certificate, trust_of  # noqa: E402
from carapp.services.sync.verify_pool import workers  # noqa: E402
from carapp.sync.pki import Signer, issue_unit_certificate  # noqa: E402


def cpu() -> float:
    """Return the CPU seconds of this process and of its finished workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def prepare(root: Path, url: str | None, units: int, tasks: int) -> tuple[Engine, Signer, Path]:
    """Return the city's engine, its signing key and the folder of packages (see the doc)."""
    packages, fresh = root / "goi", root / "city-fresh.sqlite3"
    if url is None and fresh.exists() and any(packages.glob("*.zip")):
        for leftover in ("-wal", "-shm"):  # a stale log would be replayed into the fresh copy
            (root / f"city.sqlite3{leftover}").unlink(missing_ok=True)
        shutil.copy(fresh, root / "city.sqlite3")
        print(f"Dùng lại các gói và cơ sở dữ liệu thành phố trong {root}")
        return open_database(root / "city.sqlite3"), load_key(root / "city.p12", PASS), packages
    for folder in (packages, root / "bien-nhan"):  # carapp never creates a missing output folder
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
    started = time.perf_counter()
    city = open_database(url or root / "city.sqlite3")
    keys = init_city(city, "bench", "HP", "Sở Nội vụ thành phố Hải Phòng", root / "city.p12", PASS)
    ca = load_key(keys.ca_key_file, PASS)
    (root / "units.sqlite3").unlink(missing_ok=True)
    source = open_database(root / "units.sqlite3")
    codes = generate(source, units, tasks)
    set_mode(source, "bench", "unit")
    signers: dict[str, Signer] = {}
    for code in codes:
        signers[code] = issue_unit_certificate(ca, code, f"Đơn vị {code}")
        allow_certificate(city, "bench", code, signers[code].certificate)
    print(f"Chuẩn bị: {units} đơn vị × {tasks} nhiệm vụ, {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    for code in codes:
        build_report_package(source, Q1, signers[code], packages, unit_code=code, who="bench")
    print(f"Lập {len(codes)} gói: {time.perf_counter() - started:.1f} s")
    if url is None:
        city.dispose()
        shutil.copy(root / "city.sqlite3", fresh)
    return city, load_key(keys.key_file, PASS), packages


def timed_import(city: Engine, signer: Signer, packages: Path, receipts: Path) -> None:
    """Import the folder; print the whole, wall and CPU, and when the first chunk was written.

    Checking and writing overlap (services/sync/import_pipeline.py): the main process writes a
    chunk as soon as its packages are verified, while the workers check the next ones.
    """
    marks: list[tuple[int, float]] = []
    count = len(list(packages.glob("*.zip")))

    def progress(done: int, _total: int) -> None:
        marks.append((done, time.perf_counter()))

    started, cpu_started = time.perf_counter(), cpu()
    results = import_packages(
        city, [packages], signer, receipts_dir=receipts, who="bench", progress=progress
    )
    total = time.perf_counter() - started
    for process in multiprocessing.active_children():  # the import does not wait for them:
        process.join()  # their CPU is counted once they have exited
    cpu_total = cpu() - cpu_started
    accepted = sum(1 for r in results if r.status == "accepted")
    first = next((at - started for done, at in marks if done > 0), total)
    print(
        f"NHẬP {count} gói: {total:.2f} s (CPU {cpu_total:.2f} s, {workers()} tiến trình kiểm tra "
        f"+ tiến trình chính ghi; mục tiêu ≤ 2 s) — nhận {accepted}\n"
        f"  gói đầu tiên kiểm tra xong lúc {first:.2f} s (tiến trình chính kiểm tra 10 gói đầu "
        "trong lúc tiến trình kiểm tra khởi động); kiểm tra và ghi chạy chồng lên nhau"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the city importing many report packages.")
    parser.add_argument("--units", type=int, default=150)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument(
        "--keep", type=Path, help="keep (and reuse) the databases and packages here"
    )
    parser.add_argument("--db", help="the city's database URL (default: SQLite in the folder)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="carapp-bench-sync-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"Tải máy lúc bắt đầu (1/5/15 phút): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    city, signer, packages = prepare(root, args.db, args.units, args.tasks)
    receipts = root / "bien-nhan"
    shutil.rmtree(receipts, ignore_errors=True)
    receipts.mkdir()
    gc.freeze()  # as the window and the carapp command do once started (carapp.collector.settle)
    timed_import(city, signer, packages, receipts)
    with reading(city) as session:
        trust = trust_of(session)
        tasks = session.exec(select(func.count()).select_from(Task)).one()[0]
        audit = session.exec(select(func.count()).select_from(AuditEntry)).one()[0]
    signatures, alone, together = openssl_floor(packages, trust.roots, os.cpu_count() or 1)
    print(
        f"  sàn kiểm tra: openssl cms -verify {signatures} chữ ký: {alone:.2f} s lần lượt, "
        f"{together:.2f} s trên {os.cpu_count() or 1} tiến trình"
    )
    if city.dialect.name == "sqlite":
        rows, floor = insert_floor(Path(str(city.url.database)))
        print(f"  sàn ghi: sqlite3 executemany {rows} dòng, không nhật ký: {floor:.2f} s")
    print(
        f"  thành phố có {tasks} nhiệm vụ, {audit} dòng nhật ký, {len(list(receipts.iterdir()))} biên nhận"
    )
    started, cpu_started = time.perf_counter(), cpu()
    again = import_packages(city, [packages], signer, receipts_dir=receipts, who="bench")
    print(
        f"Nhập lại cả thư mục (đã nhận trước đó: "
        f"{sum(1 for r in again if r.status == 'already_imported')}): "
        f"{time.perf_counter() - started:.2f} s (CPU {cpu() - cpu_started:.2f} s; mục tiêu < 0,5 s)"
    )
    started = time.perf_counter()
    picture = consolidate(city, Q1, today=date(2026, 3, 20))
    print(
        f"Bảng tổng hợp {len(picture.statuses)} đơn vị, {picture.total.total} nhiệm vụ: "
        f"{time.perf_counter() - started:.2f} s"
    )
    print(f"Tải máy lúc kết thúc: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; dữ liệu: {root}")
    close_database(city)

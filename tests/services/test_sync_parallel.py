"""Many packages verified in spawned processes; two officers importing one folder at once.

The two-officer test takes its database from the `engine` fixture, so it runs on whatever
server that fixture provides (SQLite here; PostgreSQL in the second pass).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from carapp.db.migrate import open_database
from carapp.db.models import PackageRecord
from carapp.services.common import reading
from carapp.services.sample import load_sample
from carapp.services.sync import verify_pool
from carapp.services.sync.keys import init_city, issue_unit_key, load_key
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.report_package import build_report_package
from carapp.services.sync.setup import set_mode
from carapp.services.sync.trust import add_root, allow_certificate, read_certificate, trust_of
from carapp.sync.verify_worker import Arrived, Failed, verify_one
from tests import databases
from tests.services.hostile_support import Setup
from tests.services.test_sync_support import BLV_NAME, CITY_NAME, NOW, PASS, Q1, START, WHO


def crash_on_b(path: Path) -> Arrived | Failed:
    """A worker that dies (as a crash in a C library would) on the file named b-*.zip."""
    if path.name.startswith("b-"):
        os._exit(3)
    return verify_one(path)


def _folder(setup: Setup, tmp_path: Path, names: list[str]) -> list[Path]:
    paths = []
    for name in names:
        path = tmp_path / f"{name}.zip"
        shutil.copy(setup.good, path)
        paths.append(path)
    return paths


@pytest.fixture
def small_batches_in_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Verify even a handful of packages in processes (a real batch needs SERIAL_BELOW or more)."""
    monkeypatch.setattr(verify_pool, "SERIAL_BELOW", 2)


@pytest.mark.usefixtures("small_batches_in_processes")
def test_packages_verified_in_processes_come_back_in_input_order(
    setup: Setup, tmp_path: Path
) -> None:
    paths = _folder(setup, tmp_path, ["c", "a", "e", "d"])
    (tmp_path / "rac.zip").write_bytes(b"not a zip")
    paths.insert(2, tmp_path / "rac.zip")
    ticks: list[tuple[int, int]] = []
    trust = trust_of_city(setup)
    results = verify_pool.verify_all(
        paths, trust, None, NOW, lambda d, t: ticks.append((d, t)), processes=2
    )
    assert [type(r).__name__ for r in results] == [
        "Arrived",
        "Arrived",
        "ImportResult",
        "Arrived",
        "Arrived",
    ]
    assert results[2].status == "rejected" and results[2].step == "zip"  # type: ignore[union-attr]
    assert sorted(ticks) == [(n, 5) for n in range(1, 6)]


@pytest.mark.parametrize("per_call", [1, 2])
@pytest.mark.usefixtures("small_batches_in_processes")
def test_a_worker_that_dies_is_that_package_refusal_alone(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_call: int
) -> None:
    """Also when the packages go to the workers a few per call (a big batch)."""
    monkeypatch.setattr(verify_pool, "PER_CALL", per_call)
    paths = _folder(setup, tmp_path, ["a-1", "b-2", "a-3", "a-4", "a-5"])
    results = verify_pool.verify_all(
        paths, trust_of_city(setup), None, NOW, worker=crash_on_b, processes=2
    )
    assert [isinstance(r, Arrived) for r in results] == [True, False, True, True, True]
    refused = results[1]
    assert not isinstance(refused, Arrived)
    assert refused.step == "unexpected" and "Lỗi không mong đợi" in refused.reason
    assert verify_pool.CRASHED in refused.detail


def test_a_big_batch_is_verified_in_processes(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[int] = []
    original = verify_pool._in_pools
    monkeypatch.setattr(verify_pool, "workers", lambda: 2)
    monkeypatch.setattr(verify_pool, "SERIAL_BELOW", 3)
    monkeypatch.setattr(
        verify_pool, "_in_pools", lambda group, *a: used.append(len(group)) or original(group, *a)
    )
    paths = _folder(setup, tmp_path, ["a", "b", "c"])
    assert all(
        isinstance(r, Arrived)
        for r in verify_pool.verify_all(paths, trust_of_city(setup), None, NOW)
    )
    assert used == [3]


def trust_of_city(setup: Setup) -> Any:
    with reading(setup.world.city) as session:
        return trust_of(session)


# --- two officers, one folder -----------------------------------------------------------------


def officer(url: str, folder: str, key: str, receipts: str, out: str, barrier: Any) -> None:
    """Import `folder` as one officer would (a process of its own); write the results."""
    engine = open_database(url)
    signer = load_key(key, PASS)
    barrier.wait(timeout=60)
    results = import_packages(engine, [folder], signer, receipts_dir=receipts, now=NOW)
    rows = [{"file": r.path.name, "status": r.status, "reason": r.reason} for r in results]
    Path(out).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    engine.dispose()


def _city_and_packages(engine: Engine, root: Path, count: int) -> tuple[Path, Path]:
    keys = init_city(engine, WHO, "HP", CITY_NAME, root / "city.p12", PASS, now=START)
    ca = load_key(keys.ca_key_file, PASS)
    issue_unit_key(engine, WHO, ca, "BLV", BLV_NAME, root / "blv.p12", PASS, now=START)
    unit = open_database(databases.new_database(root, "unit"))
    load_sample(unit, WHO)
    set_mode(unit, WHO, "unit", "BLV", root / "blv.p12")
    add_root(unit, WHO, read_certificate(keys.root_pem_file))
    allow_certificate(unit, WHO, "HP", read_certificate(keys.city_pem_file))
    folder = root / "goi"
    folder.mkdir()
    blv = load_key(root / "blv.p12", PASS)
    for _ in range(count):
        build_report_package(unit, Q1, blv, folder, now=NOW)
    unit.dispose()
    return folder, keys.key_file


def test_two_officers_importing_one_folder_at_once_import_each_package_once(
    engine: Engine, tmp_path: Path
) -> None:
    folder, key = _city_and_packages(engine, tmp_path, 4)
    receipts = tmp_path / "bien-nhan"
    receipts.mkdir()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    outs = [tmp_path / f"ket-qua-{n}.json" for n in (1, 2)]
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    workers = [
        context.Process(
            target=officer, args=(url, str(folder), str(key), str(receipts), str(out), barrier)
        )
        for out in outs
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=180)
    assert [p.exitcode for p in workers] == [0, 0]
    seen = [json.loads(out.read_text(encoding="utf-8")) for out in outs]
    statuses = {(r["file"], r["status"]) for rows in seen for r in rows}
    assert {s for _, s in statuses} <= {"accepted", "already_imported"}, seen
    accepted = sorted(
        f for rows in seen for r in rows if r["status"] == "accepted" for f in [r["file"]]
    )
    assert accepted == sorted(p.name for p in folder.iterdir())  # each exactly once
    with reading(engine) as session:
        records = session.exec(select(PackageRecord)).scalars().all()  # type: ignore[call-overload]
    incoming = sorted(r.sequence for r in records if r.direction == "in")
    assert incoming == [1, 2, 3, 4]
    receipt_files = {p.name: p for p in receipts.iterdir()}
    assert len(receipt_files) == 4 == sum(1 for r in records if r.kind == "receipt")
    for record in (r for r in records if r.direction == "in"):
        written = receipt_files[f"BIEN-NHAN_BLV_{record.period}_{record.sequence:04d}.zip"]
        assert hashlib.sha256(written.read_bytes()).hexdigest() == record.receipt_sha256


@pytest.mark.parametrize(("cpus", "expected"), [(1, 0), (2, 1), (8, 7)])
def test_one_cpu_is_left_to_the_writing(
    monkeypatch: pytest.MonkeyPatch, cpus: int, expected: int
) -> None:
    """The main process writes while the workers check: it keeps a CPU (none on one CPU)."""
    monkeypatch.setattr(os, "cpu_count", lambda: cpus)
    assert verify_pool.workers() == expected


@pytest.mark.usefixtures("small_batches_in_processes")
def test_one_worker_is_still_a_process(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 2 CPUs a batch goes to one worker process, so the main process is free to write."""
    used: list[int] = []
    original = verify_pool._in_pools
    monkeypatch.setattr(
        verify_pool, "_in_pools", lambda group, *a: used.append(len(group)) or original(group, *a)
    )
    paths = _folder(setup, tmp_path, ["a", "b"])
    trust = trust_of_city(setup)
    assert all(
        isinstance(r, Arrived) for r in verify_pool.verify_all(paths, trust, None, NOW, processes=1)
    )
    assert used == [2]


# --- the main process checks too -------------------------------------------------------------


class _IdlePool:
    """A pool whose calls stay pending until the test says (never started, so cancellable)."""

    def __init__(self) -> None:
        self.futures: list[Future[Any]] = []

    def submit(self, *_args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.futures.append(future)
        return future


def test_calls_no_worker_started_are_taken_back_in_order() -> None:
    pool = _IdlePool()
    paths = [Path(f"{n}.zip") for n in range(6)]
    calls = verify_pool._Calls(pool, verify_one, paths, [[0, 1], [2, 3], [4, 5]])  # type: ignore[arg-type]
    pool.futures[0].set_running_or_notify_cancel()  # the worker took the first call
    results = calls.results(share=True)
    assert [next(results), next(results)] == [(2, None), (3, None)]  # taken back: checked here
    pool.futures[0].set_result([Failed("zip", "x")] * 2)
    assert [i for i, _ in (next(results), next(results))] == [0, 1]
    assert next(results) == (4, None)
    assert pool.futures[0] not in calls.queue  # each future holds its results: not kept
    assert next(results) == (5, None)
    assert list(results) == []


def test_calls_are_never_taken_back_from_a_stand_in_worker() -> None:
    pool = _IdlePool()
    calls = verify_pool._Calls(pool, crash_on_b, [Path("a.zip")], [[0]])  # type: ignore[arg-type]
    results = calls.results(share=False)
    pool.futures[0].set_result([Failed("zip", "x")])
    assert [i for i, outcome in results if outcome is not None] == [0]


@pytest.mark.usefixtures("small_batches_in_processes")
def test_the_first_packages_are_checked_here_while_the_worker_starts(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here: list[str] = []
    original = verify_pool._check_here
    monkeypatch.setattr(verify_pool, "HEAD", 2)
    monkeypatch.setattr(
        verify_pool, "_check_here", lambda path, *a: here.append(path.name) or original(path, *a)
    )
    paths = _folder(setup, tmp_path, ["a", "b", "c", "d", "e", "f"])
    results = verify_pool.verify_all(paths, trust_of_city(setup), None, NOW, processes=1)
    assert all(isinstance(r, Arrived) for r in results)
    assert here[:2] == ["a.zip", "b.zip"]

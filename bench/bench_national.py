"""A country in a minute: import every commune-level unit's report, then the national picture.

Run: .venv/bin/python bench/bench_national.py [--units 3321] [--tasks 100] [--provinces 34]
         [--cache DIR] [--db URL] [--jobs N]

Setup, cached in `--cache` between runs (default ~/.cache/carapp/bench-national/<units>x<tasks>)
and not part of the figure: the ministry's root CA and signing key; per unit U0001… its own
EC P-256 key and certificate issued by that CA, a plan of `--tasks` tasks in seven sections with
Quý I/2026 progress on about 70 % of them (bench_sync's generator), and one real report package
(carapp.services.sync.report_package.build_report_package: data.json, appendix and report as
xlsx and PAdES-signed PDF, signed manifest). Packages are built in chunks of 50 units by `--jobs`
processes, each chunk in its own throw-away unit database; a finished chunk leaves a JSON file of
its certificates, so an interrupted build resumes where it stopped.

Then, on `--db` (must be empty; default: a new SQLite file in a temporary folder; the target is
PostgreSQL, postgresql+psycopg://…): the trust store and the units registered under `--provinces`
provinces (not timed), and timed: `import_packages` of the whole folder, then the consolidated
picture per province and per reform area. Printed: wall time, CPU time (this process and its
children), peak memory (max RSS), packages/s, against the goal of 60 s for import plus
consolidation.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

try:  # the generator's home once the import work (branch city-import) is merged
    from sync_data import Q1, _rows  # noqa: E402
except ImportError:
    from bench_sync import Q1, _rows  # noqa: E402
from sqlalchemy import Engine, insert  # noqa: E402

from carapp.db.migrate import open_database  # noqa: E402
from carapp.db.models import Plan, ProgressRecord, Section, Target, Task, Unit, new_id  # noqa: E402
from carapp.db.models import utcnow as now_utc  # noqa: E402
from carapp.services.common import transaction  # noqa: E402
from carapp.services.settings import put_setting  # noqa: E402
from carapp.services.sync.city import consolidate  # noqa: E402
from carapp.services.sync.package_import import import_packages  # noqa: E402
from carapp.services.sync.report_package import build_report_package  # noqa: E402
from carapp.services.sync.setup import CITY_CERT_KEY, ROOT_KEY, set_mode  # noqa: E402
from carapp.services.sync.trust import save_trust, trust_of  # noqa: E402
from carapp.sync.pki import (  # noqa: E402
    Signer,
    certificate_from_pem,
    certificate_to_pem,
    create_root_ca,
    export_pkcs12,
    fingerprint,
    issue_unit_certificate,
    load_pkcs12,
)

PASS = "mat-khau-bench"
CITY = "BNV"
CHUNK = 50
GOAL = 60.0
TABLES = {
    "unit": Unit,
    "plan": Plan,
    "section": Section,
    "target": Target,
    "task": Task,
    "progress_record": ProgressRecord,
}


def unit_code(index: int) -> str:
    """Return the code of unit number `index` (1-based)."""
    return f"U{index:04d}"


def _city_keys(cache: Path) -> tuple[Signer, Signer]:
    """Return the ministry's root CA and signing key, made once and kept in the cache."""
    ca_file, key_file = cache / "ca.p12", cache / "city.p12"
    if not ca_file.exists():
        ca = create_root_ca("Bộ Nội vụ", "Bộ Nội vụ - CA")
        city = issue_unit_certificate(ca, CITY, "Bộ Nội vụ", years=10)
        key_file.write_bytes(export_pkcs12(city, PASS))
        ca_file.write_bytes(export_pkcs12(ca, PASS))
    return load_pkcs12(ca_file.read_bytes(), PASS), load_pkcs12(key_file.read_bytes(), PASS)


def build_chunk(cache: str, first: int, last: int, tasks: int) -> int:
    """Build the packages of units first..last in a process of its own; return how many."""
    root = Path(cache)
    ca = load_pkcs12((root / "ca.p12").read_bytes(), PASS)
    with tempfile.TemporaryDirectory(dir=root) as scratch:
        source = open_database(Path(scratch) / "units.sqlite3")
        rng = random.Random(first)
        codes = [unit_code(i) for i in range(first, last + 1)]
        with source.begin() as conn:
            for index, code in zip(range(first, last + 1), codes, strict=True):
                for name, rows in _rows(rng, code, index, tasks).items():
                    conn.execute(insert(TABLES[name].__table__), rows)  # type: ignore[attr-defined]
        set_mode(source, "bench", "unit")
        pems = {}
        for code in codes:
            signer = issue_unit_certificate(ca, code, f"Ủy ban nhân dân xã {code}")
            build_report_package(source, Q1, signer, root / "goi", unit_code=code, who="bench")
            pems[code] = certificate_to_pem(signer.certificate)
        source.dispose()
    done = root / f"chunk-{first:05d}.json"
    done.with_suffix(".tmp").write_text(json.dumps(pems))
    done.with_suffix(".tmp").rename(done)
    return len(codes)


def build_packages(cache: Path, units: int, tasks: int, jobs: int) -> dict[str, str]:
    """Build the chunks the cache lacks in parallel; return every unit's certificate (PEM)."""
    (cache / "goi").mkdir(parents=True, exist_ok=True)
    _city_keys(cache)
    chunks = [(f, min(f + CHUNK - 1, units)) for f in range(1, units + 1, CHUNK)]
    missing = [c for c in chunks if not (cache / f"chunk-{c[0]:05d}.json").exists()]
    if missing:
        started, built = time.perf_counter(), 0
        with ProcessPoolExecutor(jobs) as pool:
            futures = [pool.submit(build_chunk, str(cache), f, la, tasks) for f, la in missing]
            for future in futures:
                built += future.result()
                rate = built / (time.perf_counter() - started)
                print(
                    f"  lập gói: {built}/{units - (len(chunks) - len(missing)) * CHUNK} "
                    f"({rate:.1f} gói/s, {jobs} tiến trình)",
                    flush=True,
                )
    pems: dict[str, str] = {}
    for first, _last in chunks:
        pems.update(json.loads((cache / f"chunk-{first:05d}.json").read_text()))
    return pems


def prepare_city(
    db: Engine, ca: Signer, city: Signer, pems: dict[str, str], provinces: int
) -> None:
    """Make `db` the ministry's: mode, trust, provinces and the units registered under them."""
    stamp = {"created_at": now_utc(), "updated_at": now_utc(), "revision": 1}
    province_ids = [new_id() for _ in range(provinces)]
    rows: list[dict[str, Any]] = [
        {
            "id": new_id(),
            "code": CITY,
            "name": "Bộ Nội vụ",
            "kind": "city",
            "parent_id": None,
            **stamp,
        }
    ]
    rows += [
        {
            "id": pid,
            "code": f"T{i:02d}",
            "name": f"Tỉnh số {i}",
            "kind": "city",
            "parent_id": None,
            **stamp,
        }
        for i, pid in enumerate(province_ids, start=1)
    ]
    rows += [
        {
            "id": new_id(),
            "code": code,
            "name": f"Ủy ban nhân dân xã {code}",
            "kind": "commune",
            "parent_id": province_ids[i % provinces],
            **stamp,
        }
        for i, code in enumerate(sorted(pems))
    ]
    with db.begin() as conn:
        conn.execute(insert(Unit.__table__), rows)  # type: ignore[attr-defined]
    set_mode(db, "bench", "city", CITY)
    with transaction(db) as session:
        store = trust_of(session)
        store.add_root(ca.certificate)
        store.allowed[CITY] = [city.fingerprint]
        for code, pem in pems.items():
            store.allowed[code] = [fingerprint(certificate_from_pem(pem))]
        save_trust(session, "bench", store)
        put_setting(session, "bench", ROOT_KEY, certificate_to_pem(ca.certificate))
        put_setting(session, "bench", CITY_CERT_KEY, certificate_to_pem(city.certificate))


def timed(label: str, work: Callable[[], Any]) -> tuple[Any, float]:
    """Run `work`; print and return its wall time with the CPU time beside it."""
    cpu, started = _cpu(), time.perf_counter()
    result = work()
    wall = time.perf_counter() - started
    print(f"{label}: {wall:.2f} s (CPU {_cpu() - cpu:.2f} s)", flush=True)
    return result, wall


def _cpu() -> float:
    own, children = os.times(), os.times()
    return own.user + own.system + children.children_user + children.children_system


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3321)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--db", help="an empty database (SQLAlchemy URL or SQLite file)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    default_cache = Path.home() / ".cache" / "carapp" / "bench-national"
    cache = args.cache or default_cache / f"{args.units}x{args.tasks}"
    cache.mkdir(parents=True, exist_ok=True)
    pems, build_wall = timed(
        f"Gói của {args.units} đơn vị × {args.tasks} nhiệm vụ (bộ nhớ đệm {cache})",
        lambda: build_packages(cache, args.units, args.tasks, args.jobs),
    )
    scratch = Path(tempfile.mkdtemp(prefix="carapp-bench-national-"))
    (scratch / "bien-nhan").mkdir()
    db = open_database(args.db or scratch / "bo-noi-vu.sqlite3")
    ca, city = _city_keys(cache)
    prepare_city(db, ca, city, pems, args.provinces)
    print(f"Cơ sở dữ liệu: {db.url.render_as_string(hide_password=True)}", flush=True)
    gc.freeze()  # as the window and the carapp command do once started (carapp.collector.settle)

    results, import_wall = timed(
        f"NHẬP {len(pems)} gói",
        lambda: import_packages(
            db, [cache / "goi"], city, receipts_dir=scratch / "bien-nhan", who="bench"
        ),
    )
    accepted = sum(1 for r in results if r.status == "accepted")
    print(f"  nhận {accepted}/{len(results)} gói, {len(results) / import_wall:.1f} gói/s")
    picture, picture_wall = timed(
        "Bức tranh tổng hợp (theo tỉnh và theo lĩnh vực)",
        lambda: consolidate(db, Q1, today=date(2026, 3, 20)),
    )
    print(
        f"  {len(picture.provinces)} tỉnh, {len(picture.statuses)} đơn vị, "
        f"{len(picture.areas)} lĩnh vực, {picture.total.total} nhiệm vụ"
    )
    total = import_wall + picture_wall
    own, children = _peak_mb()
    print(
        f"Nhập + tổng hợp: {total:.1f} s (mục tiêu ≤ {GOAL:.0f} s: "
        f"{'đạt' if total <= GOAL else 'chưa đạt'}); bộ nhớ đỉnh {own:.0f} MB "
        f"(tiến trình con {children:.0f} MB)"
    )
    print(f"Dữ liệu: {scratch}")


if __name__ == "__main__":
    main()

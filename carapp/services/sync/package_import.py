"""The city imports many report packages at once: skip the known, verify, apply, receipt.

1. Packages imported before are recognised by their manifest's hash and are "already
   imported" before any cryptography (package_skip; why that is safe is said there).
2. The others are verified (carapp.sync.package: zip sanity, manifest, files, signature,
   certificate, trust, data, PDFs) in parallel processes (verify_pool), without touching the
   database, in the order they are applied (their manifests are read first: import_pipeline).
3. The good ones are written in (unit, sequence) order (batch), as soon as they are verified
   while the workers check the next ones (import_pipeline), chunk by chunk with a savepoint
   each (package_write): the sequence rule — newer than the last one imported from that unit
   (a sequence already imported with the same manifest.json is "already imported", not an
   error; any other older or equal sequence is refused as "gói cũ hơn / phát lại") — enforced
   by the database's unique index too; then the snapshot applied, the package body kept, the
   package recorded (who signed it, when) and a signed receipt written for the sender. A
   package refused at any step writes nothing to the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import select

from carapp.db.models import Unit
from carapp.fileio import check_folder
from carapp.services.common import ServiceError, current_user, reading
from carapp.services.sync.import_pipeline import Flow, cheap_keys, check_queue
from carapp.services.sync.keys import check_signer
from carapp.services.sync.mode import mode_of, own_code_of
from carapp.services.sync.package_checks import expand_paths
from carapp.services.sync.package_skip import already_imported, read_manifest
from carapp.services.sync.package_write import Context, Target
from carapp.services.sync.results import REJECTED, ImportResult, Progress, sha256_hex, utc_now
from carapp.services.sync.trust import trust_of
from carapp.services.sync.verify_pool import verify_stream
from carapp.sync.manifest import Kind
from carapp.sync.pki import Signer, TrustStore

# --- city side: import reports ----------------------------------------------------------------


def _log_rejection(log: Path | None, result: ImportResult, now: datetime) -> None:
    """Append a refused package to the rejection log file (never to the database)."""
    if log is None:
        return
    line = {
        "at": now.isoformat(),
        "file": str(result.path),
        "unit_code": result.unit_code,
        "sequence": result.sequence,
        "step": result.step,
        "reason": result.reason,
    }
    if result.detail:
        line["detail"] = result.detail
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8", errors="backslashreplace") as handle:
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def import_packages(
    engine: Engine,
    paths: Sequence[str | Path],
    signer: Signer,
    *,
    receipts_dir: str | Path | None = None,
    who: str | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
    rejection_log: str | Path | None = None,
) -> list[ImportResult]:
    """Import units' report packages at the city; return one result per file, in input order.

    Folders are searched for .zip files. Packages imported before are recognised by their
    manifest's hash and skipped before any check (package_skip); the others are verified in
    parallel processes (verify_pool), in the order they are applied — by content: (unit,
    sequence, …), read from their manifests first — and applied in chunks (package_write) as
    soon as a chunk is verified, while the workers check the next ones (import_pipeline), each
    with its PackageRecord and its receipt, signed by `signer` (the city's key) and written to
    `receipts_dir` (default: beside the package). `progress(done, total)` counts two units per
    package (checked, written).
    """
    moment = utc_now(now)
    trust, city = _city_side(engine)
    check_signer(signer, city.code, moment)
    if receipts_dir:  # refuse a missing folder before importing anything
        check_folder(receipts_dir)
    files = expand_paths(paths)
    manifests = {index: read_manifest(path) for index, path in enumerate(files)}
    hashes = {i: None if raw is None else sha256_hex(raw) for i, raw in manifests.items()}
    results: dict[int, ImportResult] = already_imported(engine, files, hashes=hashes)
    todo = [i for i in range(len(files)) if i not in results]
    keys = cheap_keys(manifests, todo)
    queue = check_queue(todo, keys)
    target = Target(signer, city, Path(receipts_dir).expanduser() if receipts_dir else None)
    flow = Flow(engine, files, queue, keys, Context(who or current_user(), moment, target))
    stream = verify_stream([files[i] for i in queue], trust, Kind.REPORT, moment, idle=flow.idle)
    results.update(flow.run(stream, _units(progress, 2 * len(results), 2 * len(files))))
    ordered = [results[i] for i in range(len(files))]
    log = Path(rejection_log).expanduser() if rejection_log else None
    for result in ordered:
        if result.status == REJECTED:
            _log_rejection(log, result, moment)
    if progress and not files:
        progress(0, 0)
    return ordered


def _units(progress: Progress | None, skipped: int, total: int) -> Callable[[int], None]:
    """Return the callback of the check-and-write flow: units done beyond the skipped ones."""
    if progress and skipped:
        progress(skipped, total)

    def units(done: int) -> None:
        if progress:
            progress(skipped + done, total)

    return units


def _city_side(engine: Engine) -> tuple[TrustStore, Unit]:
    """Return the city's trust store and unit row; refuse outside city mode."""
    with reading(engine) as session:
        if mode_of(session) != "city":
            raise ServiceError(
                "Chỉ nhập gói báo cáo ở chế độ thành phố (lệnh: carapp mode city hoặc pki init-city)."
            )
        city_code = own_code_of(session)
        trust = trust_of(session)
        city = session.exec(select(Unit).where(Unit.code == city_code)).first()
    if city is None:
        raise ServiceError("Chưa khởi tạo đơn vị thành phố (lệnh: carapp pki init-city).")
    return trust, city

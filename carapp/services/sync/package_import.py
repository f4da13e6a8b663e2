"""The city imports many report packages at once: verify each, the sequence rule, apply, receipt.

Each package is verified first (carapp.sync.package: zip sanity, manifest, files, signature,
certificate, trust, data) without touching the database; then the sequence rule: newer than the
last one imported from that unit (a sequence already imported with the same manifest.json is
"already imported", not an error; any other older or equal sequence is refused as "gói cũ hơn /
phát lại"). Only then, in ONE transaction: the snapshot is applied, the package recorded (who
signed it, when) and a signed receipt written for the sender. A package refused at any step
writes nothing to the database.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from carapp.db.errors import broken_rule
from carapp.db.models import PackageRecord, Unit
from carapp.fileio import check_folder
from carapp.services.backups import backup_before
from carapp.services.common import ServiceError, current_user, reading, transaction
from carapp.services.sync.batch import Taken, batch_order
from carapp.services.sync.keys import check_signer
from carapp.services.sync.mode import mode_of, own_code_of
from carapp.services.sync.package_checks import expand_paths, verify_safely
from carapp.services.sync.receipts import write_receipt
from carapp.services.sync.results import (
    ACCEPTED,
    ALREADY,
    REJECTED,
    SEQUENCE_STEP,
    ImportResult,
    Progress,
    described_result,
    sequence_verdict,
    unexpected_result,
    utc_now,
)
from carapp.services.sync.snapshot_apply import apply_snapshot
from carapp.services.sync.snapshot_rows import SnapshotRefused
from carapp.services.sync.snapshot_tables import TABLE_LABELS
from carapp.services.sync.trust import trust_of
from carapp.sync.errors import Step
from carapp.sync.manifest import Kind
from carapp.sync.package import VerifiedPackage
from carapp.sync.pki import Signer


def incoming_record(package: VerifiedPackage, file_name: str, at: datetime) -> PackageRecord:
    """Return the record of a verified package received at `at`."""
    manifest = package.manifest
    return PackageRecord(
        direction="in",
        kind=manifest.kind.value,
        unit_code=manifest.unit_code,
        sequence=manifest.sequence,
        period=manifest.period,
        created_at=manifest.created_at,
        file_name=file_name,
        sha256=package.manifest_sha256,
        signer_subject=package.signer.subject,
        signer_fingerprint=package.signer.fingerprint,
        verification="Hợp lệ",
        imported_at=at,
    )


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

    Folders are searched for .zip files. Every package is verified first (nothing written);
    the good ones are then applied in (unit, sequence) order, each in its own transaction with
    its PackageRecord and its receipt, signed by `signer` (the city's key) and written to
    `receipts_dir` (default: beside the package). `progress(done, total)` counts both passes.
    """
    moment = utc_now(now)
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
    check_signer(signer, city_code, moment)
    if receipts_dir:  # refuse a missing folder before importing anything
        check_folder(receipts_dir)
    files = expand_paths(paths)
    total = 2 * len(files)
    results: dict[int, ImportResult] = {}
    verified: list[tuple[int, Path, VerifiedPackage]] = []
    for index, path in enumerate(files):
        checked = verify_safely(path, trust, Kind.REPORT, moment)
        if isinstance(checked, ImportResult):
            results[index] = checked
        else:
            verified.append((index, path, checked))
        if progress:
            progress(index + 1, total)
    done = 2 * len(files) - len(verified)  # the refused ones have nothing left to do
    if progress and verified:
        progress(done, total)
    if verified:
        backup_before(engine, "truoc-nhap")
    taken = Taken()
    for index, path, package in batch_order(verified):
        folder = Path(receipts_dir).expanduser() if receipts_dir else path.parent
        results[index] = _apply_safely(
            engine, path, package, signer, city, folder, who, moment, taken
        )
        done += 1
        if progress:
            progress(done, total)
    ordered = [results[i] for i in range(len(files))]
    log = Path(rejection_log).expanduser() if rejection_log else None
    for result in ordered:
        if result.status == REJECTED:
            _log_rejection(log, result, moment)
    if progress and not files:
        progress(0, 0)
    return ordered


def _apply_safely(
    engine: Engine,
    path: Path,
    package: VerifiedPackage,
    signer: Signer,
    city: Unit,
    folder: Path,
    who: str | None,
    now: datetime,
    taken: Taken,
) -> ImportResult:
    """Apply one verified package of a batch; conflicts and surprises become its result."""
    try:
        result = _import_one(engine, path, package, signer, city, folder, who, now)
    except Exception as exc:  # rolled back, receipt removed by _import_one
        return unexpected_result(path, exc, package)
    if result.status in (ACCEPTED, ALREADY):
        taken.take(path, package)
    elif result.step == SEQUENCE_STEP and (conflict := taken.conflict(package)):
        return replace(result, reason=conflict)
    return result


def _import_one(
    engine: Engine,
    path: Path,
    package: VerifiedPackage,
    signer: Signer,
    city: Unit,
    folder: Path,
    who: str | None,
    now: datetime,
) -> ImportResult:
    manifest = package.manifest
    receipt_path: Path | None = None
    try:
        with transaction(engine) as session:
            verdict, reason = sequence_verdict(
                session,
                Kind.REPORT.value,
                manifest.unit_code,
                manifest.sequence,
                package.manifest_sha256,
            )
            if verdict != ACCEPTED:
                result = described_result(path, package, verdict, reason)
                return replace(result, step=SEQUENCE_STEP) if verdict == REJECTED else result
            actor = f"{manifest.unit_code} (gói số {manifest.sequence})"
            changes = apply_snapshot(session, package.data, actor)
            record = incoming_record(package, path.name, now)
            receipt_path, receipt_sha = write_receipt(
                session, who or current_user(), package, signer, city, folder, now
            )
            record.receipt_at = now
            record.receipt_sha256 = receipt_sha
            session.add(record)
    except (SnapshotRefused, IntegrityError) as exc:
        if receipt_path is not None:
            receipt_path.unlink(missing_ok=True)
        reason = str(exc) if isinstance(exc, SnapshotRefused) else _conflict(exc)
        result = described_result(path, package, REJECTED, reason)
        return replace(result, step=Step.DATA.value)
    except BaseException:
        if receipt_path is not None:
            receipt_path.unlink(missing_ok=True)
        raise
    result = described_result(path, package, ACCEPTED, changes.summary())
    return replace(result, receipt_path=receipt_path, changes=changes)


def _conflict(exc: IntegrityError) -> str:
    """Say in Vietnamese which rule of the database the package's rows broke."""
    table, rule = broken_rule(exc)
    what = TABLE_LABELS.get(table, "dữ liệu")
    if rule == "unique":
        why = f"hai bản ghi {what} trùng nhau"
    elif rule == "foreign":
        why = "có tham chiếu tới dữ liệu không tồn tại"
    else:
        why = f"bản ghi {what} không hợp lệ"
    return (
        f"Dữ liệu của gói mâu thuẫn với dữ liệu đã có, không ghi được ({why}); không nhận gói này."
    )

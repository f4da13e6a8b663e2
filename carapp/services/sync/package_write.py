"""Write verified report packages at the city: chunks of packages, a savepoint each.

Packages are written CHUNK at a time in one transaction (one commit, one fsync), each inside
its own SAVEPOINT: a package refused or failing while written is rolled back to its savepoint,
so it writes nothing, its receipt file is removed, and the others of the chunk still land. A
chunk stays well under a second, so another officer's process waiting for the write lock
(db.engine.BUSY_TIMEOUT_MS, 5 s) never times out. If the chunk's commit itself fails, nothing
of it is written: its receipts are removed and its packages refused as unexpected failures.

Exactly once, enforced by the database: package_record has a unique index on (direction,
kind, unit_code, sequence) (migration 0003). A package's record is inserted (and flushed)
before its rows, so when two officers import the same folder at once the second insert fails
at once; the loser rolls back to its savepoint and reads again: the same manifest SHA-256 is
"already imported", another one a sequence conflict. On PostgreSQL the sender's unit row is
locked (SELECT … FOR UPDATE) before the sequence check, and the city's own row for the chunk,
which serialises the receipts' sequence numbers; SQLite's BEGIN IMMEDIATE already serialises
writers (SQLAlchemy leaves FOR UPDATE out there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from carapp.db.errors import broken_rule
from carapp.db.models import PackageRecord, Unit
from carapp.services.common import transaction
from carapp.services.sync.batch import Taken
from carapp.services.sync.package_bodies import store_body
from carapp.services.sync.receipts import write_receipt
from carapp.services.sync.results import (
    ACCEPTED,
    ALREADY,
    REJECTED,
    SEQUENCE_STEP,
    ImportResult,
    described_result,
    sequence_verdict,
    unexpected_result,
)
from carapp.services.sync.snapshot_apply import apply_snapshot
from carapp.services.sync.snapshot_rows import SnapshotRefused
from carapp.services.sync.snapshot_tables import TABLE_LABELS, UNIT
from carapp.sync.errors import Step
from carapp.sync.manifest import Kind
from carapp.sync.package import VerifiedPackage
from carapp.sync.pki import Signer
from carapp.sync.verify_worker import Arrived

CHUNK = 10  # packages per transaction: ~0.1–0.3 s of writing here, far below the busy timeout

Item = tuple[int, Path, Arrived]


@dataclass(frozen=True)
class Target:
    """Who signs the receipts and where they go (None: beside each package)."""

    signer: Signer
    city: Unit
    folder: Path | None


@dataclass(frozen=True)
class Context:
    """The officer, the moment of the import and the receipts' target."""

    who: str
    now: datetime
    target: Target


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


def lock_unit(session: Session, code: str) -> None:
    """Lock the unit's row until the transaction ends (PostgreSQL; nothing to do on SQLite,
    whose writers hold the whole database)."""
    if session.get_bind().dialect.name == "sqlite":
        return
    session.connection().execute(select(UNIT.c.id).where(UNIT.c.code == code).with_for_update())


def write_batch(
    engine: Engine, items: list[Item], context: Context, progress: Callable[[int], None]
) -> dict[int, ImportResult]:
    """Apply the packages in the order given; return each one's result by its index."""
    results: dict[int, ImportResult] = {}
    taken = Taken()
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        results.update(write_chunk(engine, chunk, context, taken))
        progress(start + len(chunk))
    return results


def write_chunk(
    engine: Engine, chunk: list[Item], context: Context, taken: Taken
) -> dict[int, ImportResult]:
    """Write one chunk in one transaction, a savepoint per package; `taken` spans the batch."""
    results: dict[int, ImportResult] = {}
    try:
        with transaction(engine) as session:
            lock_unit(session, context.target.city.code)
            for index, path, arrived in chunk:
                results[index] = _in_savepoint(session, path, arrived, context)
    except Exception as exc:  # the commit failed: nothing of this chunk is written
        for index, path, arrived in chunk:
            result = results.get(index)
            if result is not None and result.receipt_path is not None:
                result.receipt_path.unlink(missing_ok=True)
            results[index] = unexpected_result(path, exc, arrived.package)
        return results
    for index, path, arrived in chunk:
        results[index] = _named_conflict(results[index], path, arrived.package, taken)
    return results


def _named_conflict(
    result: ImportResult, path: Path, package: VerifiedPackage, taken: Taken
) -> ImportResult:
    if result.status in (ACCEPTED, ALREADY):
        taken.take(path, package)
    elif result.step == SEQUENCE_STEP and (conflict := taken.conflict(package)):
        return replace(result, reason=conflict)
    return result


def _in_savepoint(session: Session, path: Path, arrived: Arrived, context: Context) -> ImportResult:
    """Write one package inside its own savepoint; any failure rolls back that package alone."""
    package = arrived.package
    receipt: list[Path] = []
    try:
        with session.begin_nested():
            return _write_one(session, path, arrived, context, receipt)
    except (SnapshotRefused, IntegrityError) as exc:
        _remove(receipt)
        if isinstance(exc, IntegrityError) and (again := _reread(session, path, package)):
            return again
        reason = str(exc) if isinstance(exc, SnapshotRefused) else _conflict(exc)
        return replace(described_result(path, package, REJECTED, reason), step=Step.DATA.value)
    except Exception as exc:  # one package's surprise never stops the batch
        _remove(receipt)
        return unexpected_result(path, exc, package)


def _remove(receipt: list[Path]) -> None:
    for path in receipt:
        path.unlink(missing_ok=True)


def _write_one(
    session: Session, path: Path, arrived: Arrived, context: Context, receipt: list[Path]
) -> ImportResult:
    package, manifest = arrived.package, arrived.package.manifest
    lock_unit(session, manifest.unit_code)
    verdict = _verdict(session, path, package)
    if verdict is not None:
        return verdict
    record = incoming_record(package, path.name, context.now)
    session.add(record)
    session.flush()  # the unique index: a concurrent import of this sequence fails here
    actor = f"{manifest.unit_code} (gói số {manifest.sequence})"
    changes = apply_snapshot(
        session,
        package.data,
        actor,
        package.manifest_sha256,
        own_code=context.target.city.code,
        rows=arrived.rows,
    )
    store_body(session, package, arrived.data_zlib, context.now)
    target = context.target
    folder = target.folder or path.parent
    receipt_path, receipt_sha = write_receipt(
        session, context.who, package, target.signer, target.city, folder, context.now
    )
    receipt.append(receipt_path)
    record.receipt_at = context.now
    record.receipt_sha256 = receipt_sha
    session.add(record)
    session.flush()
    result = described_result(path, package, ACCEPTED, changes.summary())
    return replace(result, receipt_path=receipt_path, changes=changes)


def _verdict(session: Session, path: Path, package: VerifiedPackage) -> ImportResult | None:
    """Return the result when the sequence rule refuses (or knows) the package, else None."""
    manifest = package.manifest
    verdict, reason = sequence_verdict(
        session, Kind.REPORT.value, manifest.unit_code, manifest.sequence, package.manifest_sha256
    )
    if verdict == ACCEPTED:
        return None
    result = described_result(path, package, verdict, reason)
    return replace(result, step=SEQUENCE_STEP) if verdict == REJECTED else result


def _reread(session: Session, path: Path, package: VerifiedPackage) -> ImportResult | None:
    """After a unique violation: what another officer's import of this sequence left."""
    manifest = package.manifest
    found = session.exec(
        select(PackageRecord.id).where(
            PackageRecord.direction == "in",
            PackageRecord.kind == Kind.REPORT.value,
            PackageRecord.unit_code == manifest.unit_code,
            PackageRecord.sequence == manifest.sequence,
        )
    ).first()
    return None if found is None else _verdict(session, path, package)


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

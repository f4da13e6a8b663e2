"""Skip, before any cryptography, the packages already imported: found by their manifest's hash.

A package is known by the SHA-256 of its manifest.json (`PackageRecord.sha256` of an import).
Re-importing a folder reads only that one member of each zip (bounded in size), hashes it and
looks the hashes up in package_record in one query: a known one is "đã nhận trước đó" at once,
without verifying signatures, certificates, files or PDFs again.

Why that is safe: a record with that hash exists only because a package whose manifest.json
had exactly these bytes passed every check before and was applied; that manifest lists the
SHA-256 of every file of its package, and its signature was verified over these bytes. A
package skipped here writes NOTHING (no rows, no receipt, no log line), so a zip that merely
copies a known manifest beside other files can change nothing either: the content the database
holds is the one that manifest vouched for, checked when it arrived. Any zip whose manifest
cannot be read cheaply (not a zip, no manifest, too big, damaged) is not skipped: it goes
through the full verification, which names what is wrong.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import col, select

from carapp.db.models import PackageRecord
from carapp.services.common import reading
from carapp.services.sync.results import ALREADY, ImportResult
from carapp.services.sync.snapshot_tables import chunked
from carapp.sync.manifest import MANIFEST_NAME, Kind
from carapp.sync.safezip import Limits

MAX_MANIFEST_BYTES = 4 * 1024 * 1024  # far above any real manifest (a list of a few files)


def read_manifest(path: Path, limits: Limits | None = None) -> bytes | None:
    """Return the package's manifest.json as stored, or None when it cannot be read cheaply."""
    try:
        if path.stat().st_size > (limits or Limits()).max_package_bytes:
            return None
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(MANIFEST_NAME)
            if info.file_size > MAX_MANIFEST_BYTES:
                return None
            with archive.open(info) as member:
                raw = member.read(MAX_MANIFEST_BYTES + 1)
    except Exception:  # anything odd: the full verification will say what is wrong
        return None
    return None if len(raw) > MAX_MANIFEST_BYTES else raw


def manifest_hash(path: Path, limits: Limits | None = None) -> str | None:
    """Return the SHA-256 of the package's manifest.json, or None when it cannot be read cheaply."""
    raw = read_manifest(path, limits)
    return None if raw is None else hashlib.sha256(raw).hexdigest()


def already_imported(
    engine: Engine,
    files: Sequence[Path],
    kind: Kind = Kind.REPORT,
    hashes: Mapping[int, str | None] | None = None,
) -> dict[int, ImportResult]:
    """Return, by position in `files`, the result of each package imported before.

    `hashes` (by position) saves reading the manifests again when the caller has them.
    """
    if hashes is None:
        hashes = {index: manifest_hash(path) for index, path in enumerate(files)}
    wanted = sorted({h for h in hashes.values() if h})
    if not wanted:
        return {}
    known: dict[str, PackageRecord] = {}
    with reading(engine) as session:
        for chunk in chunked(wanted):
            records = session.exec(
                select(PackageRecord).where(
                    PackageRecord.direction == "in",
                    PackageRecord.kind == kind.value,
                    col(PackageRecord.sha256).in_(list(chunk)),
                )
            ).all()
            known.update({r.sha256: r for r in records})
    return {
        index: _already(files[index], known[sha])
        for index, sha in hashes.items()
        if sha and sha in known
    }


def _already(path: Path, record: PackageRecord) -> ImportResult:
    return ImportResult(
        path=path,
        status=ALREADY,
        reason=(
            f"Gói số {record.sequence} của đơn vị {record.unit_code} đã được nhận trước đó "
            "(nhận ra theo mã băm của bản kê; không kiểm tra lại, không ghi gì)."
        ),
        kind=record.kind,
        unit_code=record.unit_code,
        period=record.period,
        sequence=record.sequence,
        signer_subject=record.signer_subject,
        signer_fingerprint=record.signer_fingerprint,
        signed_at=record.created_at,
        manifest_sha256=record.sha256,
    )

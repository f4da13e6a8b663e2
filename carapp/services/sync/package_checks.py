"""Check received packages without importing them: the trust, the files named, a verdict each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from carapp.services.common import reading
from carapp.services.sync.results import (
    ACCEPTED,
    REJECTED,
    SEQUENCE_STEP,
    VALID,
    ImportResult,
    Progress,
    described_result,
    rejected_result,
    sequence_verdict,
    unexpected_result,
    utc_now,
)
from carapp.services.sync.trust import trust_of
from carapp.sync.errors import PackageRejected
from carapp.sync.manifest import Kind
from carapp.sync.package import VerifiedPackage, verify_package
from carapp.sync.pki import TrustStore


def current_trust(engine: Engine) -> TrustStore:
    """Return this database's trust store, read in a session of its own."""
    with reading(engine) as session:
        return trust_of(session)


# --- checking without importing ---------------------------------------------------------------


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Return the files named, folders replaced by the .zip files they hold (sorted)."""
    found: list[Path] = []
    for item in paths:
        path = Path(item).expanduser()
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() == ".zip" and p.is_file())
        else:
            found.append(path)
    return found


def verify_files(
    engine: Engine,
    paths: Sequence[str | Path],
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> list[ImportResult]:
    """Check packages against this database's trust store and sequences; write nothing."""
    trust = current_trust(engine)
    files = expand_paths(paths)
    results = []
    for done, path in enumerate(files, start=1):
        checked = verify_safely(path, trust, None, utc_now(now))
        if isinstance(checked, ImportResult):
            results.append(checked)
        else:
            results.append(_verdict_only(engine, path, checked))
        if progress:
            progress(done, len(files))
    return results


def _verdict_only(engine: Engine, path: Path, package: VerifiedPackage) -> ImportResult:
    manifest = package.manifest
    if manifest.kind is Kind.RECEIPT:
        return described_result(path, package, VALID, "Biên nhận hợp lệ.")
    with reading(engine) as session:
        verdict, reason = sequence_verdict(
            session,
            manifest.kind.value,
            manifest.unit_code,
            manifest.sequence,
            package.manifest_sha256,
        )
    if verdict == ACCEPTED:
        return described_result(path, package, VALID, "Gói hợp lệ, chưa nhập.")
    result = described_result(path, package, verdict, reason)
    return replace(result, step=SEQUENCE_STEP) if verdict == REJECTED else result


def verify_safely(
    path: Path, trust: TrustStore, kind: Kind | None, moment: datetime
) -> VerifiedPackage | ImportResult:
    """Verify one package; a refusal, or any unexpected exception, becomes its result."""
    try:
        return verify_package(path, trust, kind, moment)
    except PackageRejected as error:
        return rejected_result(path, error)
    except Exception as exc:  # one package's surprise never stops the batch
        return unexpected_result(path, exc)

"""A unit builds its signed report package (data.json, printed reports) and records it as sent.

`build_report_package` writes ``CCHC_<unit>_<period>_<sequence>.zip`` (manifest, manifest.p7s,
data.json, phu-luc.xlsx/pdf, bao-cao.xlsx/pdf — the PDFs PAdES-signed). `PackageRecord.sha256` is
the SHA-256 of the package's manifest.json, which pins the hash of every other file: it
identifies the content even if the zip is re-packed on the way.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.x509.oid import NameOID
from sqlalchemy import Engine
from sqlmodel import select

from carapp.db.models import PackageRecord, Unit
from carapp.domain.periods import ReportingPeriod
from carapp.domain.vietnam_time import vietnam
from carapp.services.common import ServiceError, current_user, reading, transaction
from carapp.services.exporting import DocumentDetails, export_document
from carapp.services.sync.keys import check_signer
from carapp.services.sync.mode import mode_of, own_code_of
from carapp.services.sync.results import Progress, sha256_hex, utc_now
from carapp.services.sync.setup import next_sequence
from carapp.services.sync.snapshot_build import build_snapshot
from carapp.services.sync.trust import trust_issuer_from
from carapp.sync.manifest import Kind, Manifest
from carapp.sync.package import build_package, package_file_name
from carapp.sync.pades import sign_pdf
from carapp.sync.pki import Signer
from carapp.sync.validate import SchemaError

MAX_DOCUMENT_PLANS = 10  # plans printed into a package (data.json carries every plan)


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltPackage:
    """A package this database wrote and recorded as sent."""

    path: Path
    kind: str
    unit_code: str
    period: str
    sequence: int
    manifest_sha256: str
    package_sha256: str
    files: tuple[str, ...]


# --- unit side: build a report ----------------------------------------------------------------


def _new_file(path: Path) -> Path:
    """Return `path` when nothing is there yet; a package never replaces another file."""
    if path.exists():
        raise ServiceError(f"Tệp “{path}” đã có; không ghi đè. Hãy chọn thư mục khác.")
    return path


def _main_first(plans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the plans in print order: the unit's own plans before the assigned tasks."""
    return sorted(plans, key=lambda p: (p["kind"] == "assignments", p["start_year"], p["title"]))


def signer_name(signer: Signer) -> str:
    """Return the signer's common name (the organisation), or its whole subject."""
    names = signer.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else signer.certificate.subject.rfc4514_string()


def _documents(
    engine: Engine,
    plans: list[dict[str, Any]],
    period: ReportingPeriod,
    signer: Signer,
    location: str,
    progress: Progress | None,
    signed_at: datetime,
    report_number: str = "",
) -> dict[str, bytes]:
    """Export the appendix and report of each plan (xlsx, PAdES-signed pdf) as package files."""
    chosen = _main_first(plans)[:MAX_DOCUMENT_PLANS]
    jobs = [
        (index, plan, document, fmt)
        for index, plan in enumerate(chosen, start=1)
        for document in ("appendix", "report")
        for fmt in ("xlsx", "pdf")
    ]
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="carapp-goi-") as folder:
        for done, (index, plan, document, fmt) in enumerate(jobs, start=1):
            base = "phu-luc" if document == "appendix" else "bao-cao"
            name = f"{base}.{fmt}" if index == 1 else f"{base}-{index}.{fmt}"
            path = Path(folder) / name
            export_document(
                engine,
                document,  # type: ignore[arg-type]
                plan["id"],
                fmt,  # type: ignore[arg-type]
                path,
                period,
                signed_by=(signer_name(signer), signed_at),
                details=DocumentDetails(number=report_number if document == "report" else ""),
            )
            content = path.read_bytes()
            if fmt == "pdf":
                what = "Phụ lục kế hoạch" if document == "appendix" else "Báo cáo kết quả"
                reason = f"{what} cải cách hành chính — {period.label}"
                content = sign_pdf(content, signer, reason, location)
            files[name] = content
            if progress:
                progress(done, len(jobs) + 1)
    return files


def build_report_package(
    engine: Engine,
    period: ReportingPeriod,
    signer: Signer,
    out_dir: str | Path,
    *,
    unit_code: str | None = None,
    who: str | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
    report_number: str = "",
) -> BuiltPackage:
    """Write this unit's signed report package for `period` into `out_dir` and record it as sent.

    `report_number` ("12") is printed on the report ("Số: 12/BC-UBND") and in its stamp.

    The sequence number is reserved, the zip written (atomically) and the PackageRecord added in
    one transaction: if anything fails, no file is left and the number is not used.
    """
    who = who or current_user()
    with reading(engine) as session:
        code = unit_code or own_code_of(session)
        if unit_code is None and mode_of(session) == "city":
            raise ServiceError(
                "Cơ sở dữ liệu đang ở chế độ thành phố: gói báo cáo do đơn vị lập và gửi lên."
            )
        if not code:
            raise ServiceError(
                "Chưa đặt mã đơn vị của cơ sở dữ liệu này (lệnh: carapp mode unit --code MÃ)."
            )
        unit = session.exec(select(Unit).where(Unit.code == code)).first()
    if unit is None:
        raise ServiceError(f"Không có đơn vị mã “{code}” trong cơ sở dữ liệu.")
    check_signer(signer, code, now)
    trust_issuer_from(engine, who, signer)
    snapshot = build_snapshot(engine, code, period)
    location = next((p["place"] for p in _main_first(snapshot["plans"]) if p["place"]), unit.name)
    files = _documents(
        engine, snapshot["plans"], period, signer, location, progress, utc_now(now), report_number
    )
    plan_ids = [p["id"] for p in snapshot["plans"]]
    target = Path(out_dir).expanduser()
    path: Path | None = None
    try:
        with transaction(engine) as session:
            sequence = next_sequence(session, who, code)
            path = _new_file(target / package_file_name(code, period.code, sequence))
            manifest = build_package(
                path,
                Kind.REPORT,
                code,
                unit.name,
                period.code,
                sequence,
                plan_ids,
                files,
                snapshot,
                signer,
                created_at=vietnam(now) if now else None,
            )
            manifest_sha = sha256_hex(manifest.to_bytes())
            session.add(_out_record(manifest, path, manifest_sha, signer))
    except SchemaError as exc:
        if path is not None:
            path.unlink(missing_ok=True)
        raise ServiceError(f"Dữ liệu chưa gửi được: {exc.path}: {exc.message_vi}.") from exc
    except BaseException:
        if path is not None:
            path.unlink(missing_ok=True)
        raise
    if progress:
        progress(1, 1)
    return BuiltPackage(
        path,
        Kind.REPORT.value,
        code,
        period.code,
        sequence,
        manifest_sha,
        sha256_hex(path.read_bytes()),
        tuple(f.name for f in manifest.files),
    )


def _out_record(manifest: Manifest, path: Path, manifest_sha: str, signer: Signer) -> PackageRecord:
    return PackageRecord(
        direction="out",
        kind=manifest.kind.value,
        unit_code=manifest.unit_code,
        sequence=manifest.sequence,
        period=manifest.period,
        created_at=manifest.created_at,
        file_name=path.name,
        sha256=manifest_sha,
        signer_subject=signer.certificate.subject.rfc4514_string(),
        signer_fingerprint=signer.fingerprint,
        verification="Đã ký, chờ biên nhận",
    )

"""Report packages and receipts: a unit builds its report, the city imports it and answers.

Unit side: `build_report_package` writes ``CCHC_<unit>_<period>_<sequence>.zip`` (manifest,
manifest.p7s, data.json, phu-luc.xlsx/pdf, bao-cao.xlsx/pdf — the PDFs PAdES-signed) and
records it as sent; `import_receipt` marks it received by the city ("Đã nhận").

City side: `import_packages` takes many packages (files or folders). Each is verified first
(carapp.sync.package: zip sanity, manifest, files, signature, certificate, trust, data) without
touching the database; then the sequence rule: newer than the last one imported from that unit
(a sequence already imported with the same manifest.json is "already imported", not an error;
any other older or equal sequence is refused as "gói cũ hơn / phát lại"). Only then, in ONE
transaction: the snapshot is applied, the package recorded (who signed it, when) and a signed
receipt written for the sender. A package refused at any step writes nothing to the database.

`PackageRecord.sha256` is the SHA-256 of the package's manifest.json, which pins the hash of
every other file: it identifies the content even if the zip is re-packed on the way.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.x509.oid import NameOID
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from carapp.db.models import PackageRecord, Unit
from carapp.domain.periods import ReportingPeriod, parse_period
from carapp.domain.vietnam_time import iso_vietnam, shown, vietnam
from carapp.fileio import check_folder
from carapp.services.backups import backup_before
from carapp.services.common import ServiceError, current_user, reading, transaction
from carapp.services.exporting import DocumentDetails, export_document
from carapp.services.sync.batch import UNEXPECTED_REASON, UNEXPECTED_STEP, Taken, batch_order
from carapp.services.sync.mode import mode_of, own_code_of
from carapp.services.sync.pki_store import (
    check_signer,
    next_sequence,
    trust_issuer_from,
    trust_of,
)
from carapp.services.sync.snapshot import (
    TABLE_LABELS,
    ApplyStats,
    SnapshotRefused,
    apply_snapshot,
    build_snapshot,
)
from carapp.sync.errors import PackageRejected, Step
from carapp.sync.manifest import Kind, Manifest
from carapp.sync.package import VerifiedPackage, build_package, package_file_name, verify_package
from carapp.sync.pades import sign_pdf
from carapp.sync.pki import Signer, TrustStore
from carapp.sync.validate import SchemaError

Progress = Callable[[int, int], None]
SEQUENCE_STEP = "sequence"  # our step name for the sequence rule (not a carapp.sync Step)
MAX_DOCUMENT_PLANS = 10  # plans printed into a package (data.json carries every plan)
ACCEPTED, ALREADY, REJECTED, VALID = "accepted", "already_imported", "rejected", "valid"
STATUS_LABELS = {
    ACCEPTED: "Hợp lệ — đã nhận",
    ALREADY: "Đã nhận trước đó",
    REJECTED: "Bị từ chối",
    VALID: "Hợp lệ",
}
STEP_LABELS = {
    Step.LIMITS.value: "Kích thước",
    Step.ZIP.value: "Cấu trúc tệp zip",
    Step.MANIFEST.value: "Bản kê (manifest)",
    Step.FILES.value: "Tệp trong gói",
    Step.SIGNATURE.value: "Chữ ký số",
    Step.CERTIFICATE.value: "Hiệu lực chứng thư số",
    Step.TRUST.value: "Chứng thư gốc tin cậy",
    Step.UNIT.value: "Chứng thư của đơn vị",
    Step.DATA.value: "Dữ liệu",
    Step.PDF.value: "Tệp PDF đã ký",
    SEQUENCE_STEP: "Số thứ tự gói",
    UNEXPECTED_STEP: "Lỗi không mong đợi",
}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


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


@dataclass(frozen=True)
class ImportResult:
    """What happened to one received package: accepted, already imported, or refused and why.

    `status` is ``accepted``, ``already_imported``, ``rejected`` — or ``valid`` when the
    package was only checked (`verify_files`). `step` names the failed check when refused.
    """

    path: Path
    status: str
    reason: str = ""
    step: str | None = None
    kind: str = ""
    unit_code: str = ""
    unit_name: str = ""
    period: str = ""
    sequence: int | None = None
    signer_subject: str = ""
    signer_fingerprint: str = ""
    signed_at: datetime | None = None
    package_sha256: str = ""
    manifest_sha256: str = ""
    receipt_path: Path | None = None
    changes: ApplyStats | None = None
    detail: str = ""  # for the rejection log only: what an unexpected failure was

    @property
    def ok(self) -> bool:
        """Tell whether the package is good (accepted, valid or already imported)."""
        return self.status != REJECTED

    @property
    def status_label(self) -> str:
        """Return the status in Vietnamese."""
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def step_label(self) -> str:
        """Return the failed check in Vietnamese ('' when none failed)."""
        return STEP_LABELS.get(self.step or "", self.step or "")

    @property
    def period_label(self) -> str:
        """Return the period as people write it (Quý I/2026)."""
        try:
            return parse_period(self.period).label
        except ValueError:
            return self.period


def rejected_result(path: Path, error: PackageRejected) -> ImportResult:
    return ImportResult(path, REJECTED, error.reason_vi, error.step.value)


def described_result(
    path: Path, package: VerifiedPackage, status: str, reason: str
) -> ImportResult:
    manifest = package.manifest
    return ImportResult(
        path=path,
        status=status,
        reason=reason,
        kind=manifest.kind.value,
        unit_code=manifest.unit_code,
        unit_name=manifest.unit_name,
        period=manifest.period,
        sequence=manifest.sequence,
        signer_subject=package.signer.subject,
        signer_fingerprint=package.signer.fingerprint,
        signed_at=package.signer.signed_at or manifest.created_at,
        package_sha256=package.package_sha256,
        manifest_sha256=package.manifest_sha256,
    )


# --- the sequence rule ------------------------------------------------------------------------


def sequence_verdict(
    session: Session, kind: str, code: str, sequence: int, manifest_sha256: str
) -> tuple[str, str]:
    """Return (ACCEPTED|ALREADY|REJECTED, reason) for a package's sequence number."""
    rows = session.exec(
        select(PackageRecord.sequence, PackageRecord.sha256).where(
            PackageRecord.direction == "in",
            PackageRecord.kind == kind,
            PackageRecord.unit_code == code,
        )
    ).all()
    if any(seq == sequence and sha == manifest_sha256 for seq, sha in rows):
        return ALREADY, f"Gói số {sequence} của đơn vị {code} đã được nhận trước đó."
    last = max((seq for seq, _ in rows), default=0)
    if sequence > last:
        return ACCEPTED, ""
    if sequence == last:
        why = f"đã nhận một gói số {sequence} khác của đơn vị {code}"
    else:
        why = f"đã nhận gói số {last} của đơn vị {code}, gói này mang số {sequence}"
    return REJECTED, f"Gói cũ hơn / phát lại: {why}."


def _load_trust(engine: Engine) -> TrustStore:
    with reading(engine) as session:
        return trust_of(session)


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
        engine, snapshot["plans"], period, signer, location, progress, _now(now), report_number
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
            manifest_sha = _sha256(manifest.to_bytes())
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
        _sha256(path.read_bytes()),
        tuple(f.name for f in manifest.files),
    )


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
    trust = _load_trust(engine)
    files = expand_paths(paths)
    results = []
    for done, path in enumerate(files, start=1):
        checked = _verify_safely(path, trust, None, _now(now))
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
    moment = _now(now)
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
        checked = _verify_safely(path, trust, Kind.REPORT, moment)
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


def _verify_safely(
    path: Path, trust: TrustStore, kind: Kind | None, moment: datetime
) -> VerifiedPackage | ImportResult:
    """Verify one package; a refusal, or any unexpected exception, becomes its result."""
    try:
        return verify_package(path, trust, kind, moment)
    except PackageRejected as error:
        return rejected_result(path, error)
    except Exception as exc:  # one package's surprise never stops the batch
        return unexpected_result(path, exc)


def unexpected_result(
    path: Path, exc: Exception, package: VerifiedPackage | None = None
) -> ImportResult:
    """Return the refusal of a package whose check or import raised `exc` (nothing written)."""
    detail = f"{type(exc).__name__}: {exc}"[:500]
    if package is None:
        return ImportResult(path, REJECTED, UNEXPECTED_REASON, UNEXPECTED_STEP, detail=detail)
    result = described_result(path, package, REJECTED, UNEXPECTED_REASON)
    return replace(result, step=UNEXPECTED_STEP, detail=detail)


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
            receipt_path, receipt_sha = _write_receipt(
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
    detail = str(exc.orig) if exc.orig is not None else str(exc)
    tables = re.findall(r"([a-z_]+)\.[a-z_]+", detail)
    what = TABLE_LABELS.get(tables[0], "dữ liệu") if tables else "dữ liệu"
    if "UNIQUE" in detail:
        why = f"hai bản ghi {what} trùng nhau"
    elif "FOREIGN KEY" in detail:
        why = "có tham chiếu tới dữ liệu không tồn tại"
    else:
        why = f"bản ghi {what} không hợp lệ"
    return (
        f"Dữ liệu của gói mâu thuẫn với dữ liệu đã có, không ghi được ({why}); không nhận gói này."
    )


def receipt_file_name(unit_code: str, period: str, sequence: int) -> str:
    """Return ``BIEN-NHAN_<unit>_<period>_<sequence>.zip``: the receipt of that unit's package."""
    return "BIEN-NHAN_" + package_file_name(unit_code, period, sequence)[len("CCHC_") :]


def _write_receipt(
    session: Session,
    who: str,
    package: VerifiedPackage,
    signer: Signer,
    city: Unit,
    folder: Path,
    now: datetime,
) -> tuple[Path, str]:
    manifest = package.manifest
    sequence = next_sequence(session, who, city.code)
    data = {
        "kind": "receipt",
        "package_sha256": package.package_sha256,
        "manifest_sha256": package.manifest_sha256,
        "unit_code": manifest.unit_code,
        "sequence": manifest.sequence,
        "received_at": iso_vietnam(now),
        "result": ACCEPTED,
        "step": None,
        "message": f"Đã nhận gói báo cáo {parse_period(manifest.period).label} số "
        f"{manifest.sequence} của {manifest.unit_name}.",
    }
    path = folder / receipt_file_name(manifest.unit_code, manifest.period, manifest.sequence)
    receipt = build_package(
        path,
        Kind.RECEIPT,
        city.code,
        city.name,
        manifest.period,
        sequence,
        [],
        {},
        data,
        signer,
        created_at=vietnam(now),
    )
    try:
        session.add(
            PackageRecord(
                direction="out",
                kind=Kind.RECEIPT.value,
                unit_code=city.code,
                sequence=sequence,
                period=manifest.period,
                created_at=receipt.created_at,
                file_name=path.name,
                sha256=_sha256(receipt.to_bytes()),
                signer_subject=signer.certificate.subject.rfc4514_string(),
                signer_fingerprint=signer.fingerprint,
                verification=f"Biên nhận gói số {manifest.sequence} của {manifest.unit_code}",
            )
        )
        return path, _sha256(path.read_bytes())
    except BaseException:
        path.unlink(missing_ok=True)  # the caller never learns the path: remove it here
        raise


# --- unit side: receipts ----------------------------------------------------------------------


def import_receipt(
    engine: Engine, path: str | Path, *, now: datetime | None = None
) -> ImportResult:
    """Import the city's receipt: the package it answers is marked received, with the city's time.

    Nothing is written when the receipt is refused or was imported already.
    """
    source = Path(path).expanduser()
    trust = _load_trust(engine)
    checked = _verify_safely(source, trust, Kind.RECEIPT, _now(now))
    if isinstance(checked, ImportResult):
        return checked
    package = checked
    data = package.data
    with transaction(engine) as session:
        own = own_code_of(session)
        refusal = None
        record = session.exec(
            select(PackageRecord).where(
                PackageRecord.direction == "out",
                PackageRecord.kind == Kind.REPORT.value,
                PackageRecord.unit_code == data["unit_code"],
                PackageRecord.sequence == data["sequence"],
            )
        ).first()
        if data["unit_code"] != own:
            refusal = f"Biên nhận này gửi cho đơn vị {data['unit_code']}, không phải đơn vị {own}."
        elif record is None:
            refusal = f"Không có gói số {data['sequence']} nào đã gửi đi để nhận biên nhận."
        elif record.sha256 != data["manifest_sha256"]:
            refusal = "Biên nhận không khớp với nội dung gói đã gửi (mã băm manifest khác)."
        if refusal is not None or record is None:
            result = described_result(source, package, REJECTED, refusal or "")
            return replace(result, step=Step.DATA.value)
        if record.receipt_sha256 == package.package_sha256:
            return described_result(
                source, package, ALREADY, "Biên nhận này đã được nhập trước đó."
            )
        received = datetime.fromisoformat(data["received_at"])
        record.receipt_at = received
        record.receipt_sha256 = package.package_sha256
        if data["result"] == REJECTED:
            record.verification = f"Thành phố từ chối: {data['message']}"
        else:
            record.verification = f"Đã nhận: {data['message']}".strip()
        session.add(record)
    when = shown(received, "%H:%M ngày %d/%m/%Y")
    return described_result(
        source, package, ACCEPTED, f"Thành phố đã nhận gói số {data['sequence']} lúc {when}."
    )


# --- listings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageView:
    """A package sent or received, as lists show it."""

    direction: str
    kind: str
    unit_code: str
    unit_name: str
    sequence: int
    period: str
    file_name: str
    created_at: datetime
    signer_subject: str
    verification: str
    imported_at: datetime | None
    receipt_at: datetime | None

    @property
    def received(self) -> bool:
        """Tell whether the other side confirmed it (a receipt came back, or was sent)."""
        return self.receipt_at is not None

    @property
    def state_label(self) -> str:
        """Return "Đã nhận 10:30 12/03/2026" or "Chưa có biên nhận"."""
        if self.receipt_at is None:
            return "Chưa có biên nhận"
        return "Đã nhận " + shown(self.receipt_at)


def list_packages(engine: Engine, direction: str | None = None) -> list[PackageView]:
    """Return the packages sent (``out``), received (``in``) or both, newest first."""
    with reading(engine) as session:
        names = {u.code: u.name for u in session.exec(select(Unit))}
        query = select(PackageRecord)
        if direction:
            query = query.where(PackageRecord.direction == direction)
        rows = session.exec(query.order_by(col(PackageRecord.created_at).desc())).all()
    return [
        PackageView(
            r.direction,
            r.kind,
            r.unit_code,
            names.get(r.unit_code, ""),
            r.sequence,
            r.period,
            r.file_name,
            r.created_at,
            r.signer_subject,
            r.verification,
            r.imported_at,
            r.receipt_at,
        )
        for r in rows
    ]

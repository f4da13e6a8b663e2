"""What became of a received package (accepted, already imported, refused and why); sequences."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, select

from carapp.db.models import PackageRecord
from carapp.domain.periods import parse_period
from carapp.services.sync.batch import UNEXPECTED_REASON, UNEXPECTED_STEP
from carapp.services.sync.snapshot_rows import ApplyStats
from carapp.sync.errors import PackageRejected, Step
from carapp.sync.package import VerifiedPackage

Progress = Callable[[int, int], None]
SEQUENCE_STEP = "sequence"  # our step name for the sequence rule (not a carapp.sync Step)
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


def sha256_hex(data: bytes) -> str:
    """Return the hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def utc_now(now: datetime | None) -> datetime:
    """Return `now` (the current time when None) in UTC."""
    return (now or datetime.now(UTC)).astimezone(UTC)


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
    """Return the result of a package refused by `error`."""
    return ImportResult(path, REJECTED, error.reason_vi, error.step.value)


def described_result(
    path: Path, package: VerifiedPackage, status: str, reason: str
) -> ImportResult:
    """Return a result naming `package`'s unit, period and signer, with `status` and `reason`."""
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


def unexpected_result(
    path: Path, exc: Exception, package: VerifiedPackage | None = None
) -> ImportResult:
    """Return the refusal of a package whose check or import raised `exc` (nothing written)."""
    detail = f"{type(exc).__name__}: {exc}"[:500]
    if package is None:
        return ImportResult(path, REJECTED, UNEXPECTED_REASON, UNEXPECTED_STEP, detail=detail)
    result = described_result(path, package, REJECTED, UNEXPECTED_REASON)
    return replace(result, step=UNEXPECTED_STEP, detail=detail)

"""Receipts: the city writes a signed receipt for each package it accepts; the unit imports it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from carapp.db.models import PackageRecord, Unit
from carapp.domain.periods import parse_period
from carapp.domain.vietnam_time import iso_vietnam, shown, vietnam
from carapp.services.common import transaction
from carapp.services.sync.mode import own_code_of
from carapp.services.sync.package_checks import current_trust, verify_safely
from carapp.services.sync.results import (
    ACCEPTED,
    ALREADY,
    REJECTED,
    ImportResult,
    described_result,
    sha256_hex,
    utc_now,
)
from carapp.services.sync.setup import next_sequence
from carapp.sync.errors import Step
from carapp.sync.manifest import Kind
from carapp.sync.package import VerifiedPackage, build_package, package_file_name
from carapp.sync.pki import Signer


def receipt_file_name(unit_code: str, period: str, sequence: int) -> str:
    """Return ``BIEN-NHAN_<unit>_<period>_<sequence>.zip``: the receipt of that unit's package."""
    return "BIEN-NHAN_" + package_file_name(unit_code, period, sequence)[len("CCHC_") :]


def write_receipt(
    session: Session,
    who: str,
    package: VerifiedPackage,
    signer: Signer,
    city: Unit,
    folder: Path,
    now: datetime,
) -> tuple[Path, str]:
    """Write and record the signed receipt for an accepted package; return its path and hash."""
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
                sha256=sha256_hex(receipt.to_bytes()),
                signer_subject=signer.certificate.subject.rfc4514_string(),
                signer_fingerprint=signer.fingerprint,
                verification=f"Biên nhận gói số {manifest.sequence} của {manifest.unit_code}",
            )
        )
        return path, sha256_hex(path.read_bytes())
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
    trust = current_trust(engine)
    checked = verify_safely(source, trust, Kind.RECEIPT, utc_now(now))
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

"""How sync results read in the GUI: local times, who signed, and a package's verdict."""

from __future__ import annotations

from datetime import datetime

from cryptography import x509
from cryptography.x509.oid import NameOID

from carapp.domain.vietnam_time import shown
from carapp.services.sync.results import ALREADY, REJECTED, ImportResult

VERIFIED = "Đã xác minh"
ALREADY_LABEL = "Đã nhập trước đó"
REJECTED_LABEL = "Bị từ chối"


def local_time(value: datetime | None) -> str:
    """Return a moment as dd/mm/yyyy HH:MM (+07:00) in Vietnam time ('' when none)."""
    return shown(value, "%d/%m/%Y %H:%M")


def signer_name(subject: str) -> str:
    """Return a certificate subject as people read it: its name, then the unit's OU.

    "CN=Ủy ban nhân dân đặc khu Bạch Long Vĩ,OU=CCHC:BLV,O=…" reads
    "Ủy ban nhân dân đặc khu Bạch Long Vĩ (CCHC:BLV)"; a subject that cannot be parsed is
    returned as it is.
    """
    try:
        name = x509.Name.from_rfc4514_string(subject)
    except ValueError:
        return subject
    common = [str(a.value) for a in name.get_attributes_for_oid(NameOID.COMMON_NAME)]
    units = [str(a.value) for a in name.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)]
    if not common:
        return subject
    return f"{common[0]} ({units[0]})" if units else common[0]


def verdict(result: ImportResult) -> str:
    """Return what became of a package, in one line.

    "Đã xác minh — ký bởi <tên>, lúc <giờ>", "Đã nhập trước đó" or "Bị từ chối — <lý do>".
    """
    if result.status == REJECTED:
        step = f" ({result.step_label})" if result.step_label else ""
        return f"{REJECTED_LABEL}{step} — {result.reason}"
    if result.status == ALREADY:
        return f"{ALREADY_LABEL} — {result.reason}" if result.reason else ALREADY_LABEL
    signed = f"ký bởi {signer_name(result.signer_subject)}"
    when = f", lúc {local_time(result.signed_at)}" if result.signed_at else ""
    return f"{VERIFIED} — {signed}{when}"


def summary(results: list[ImportResult]) -> str:
    """Return the totals of an import: how many accepted, already imported, refused."""
    accepted = sum(1 for r in results if r.status not in (ALREADY, REJECTED))
    already = sum(1 for r in results if r.status == ALREADY)
    refused = sum(1 for r in results if r.status == REJECTED)
    parts = [f"{len(results)} gói", f"nhận {accepted}"]
    if already:
        parts.append(f"đã nhập trước đó {already}")
    parts.append(f"từ chối {refused}")
    return "Đã xử lý " + "; ".join(parts) + "."

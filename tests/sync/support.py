"""Helpers for the sync tests: the test PKI, a sample report, zip rewriting."""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from reportlab.pdfgen import canvas

from carapp.sync.pki import (
    Signer,
    TrustStore,
    create_root_ca,
    issue_unit_certificate,
)

CITY = "Sở Nội vụ thành phố Hải Phòng"
BLV_NAME = "Ủy ban nhân dân đặc khu Bạch Long Vĩ"
PLAN_ID = "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1d01"
SECTION_ID = "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1d02"
TARGET_ID = "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1d03"
TASK_ID = "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1d04"
STAMP = "2026-03-01T08:00:00+07:00"

Build = Callable[..., Path]


@dataclass(frozen=True)
class Keys:
    """Every signer the tests need, and a trust store that knows the city's root."""

    root: Signer
    blv: Signer
    chi: Signer
    other_root: Signer
    untrusted_blv: Signer  # code BLV, issued by a root the city does not trust
    expired_blv: Signer
    future_blv: Signer  # not yet valid
    trust: TrustStore


def make_keys() -> Keys:
    """Generate the city's PKI and a trust store (EC keys: fast)."""
    now = datetime.now(UTC)
    root = create_root_ca(CITY, CITY)
    other_root = create_root_ca("Tổ chức giả mạo", "Tổ chức giả mạo")
    blv = issue_unit_certificate(root, "BLV", BLV_NAME)
    chi = issue_unit_certificate(root, "CHI", "Ủy ban nhân dân phường Chi Lăng")
    untrusted = issue_unit_certificate(other_root, "BLV", BLV_NAME)
    expired = issue_unit_certificate(
        root, "BLV", BLV_NAME, not_before=now - timedelta(days=730), not_after=now - timedelta(1)
    )
    future = issue_unit_certificate(root, "BLV", BLV_NAME, not_before=now + timedelta(days=30))
    trust = TrustStore()
    trust.add_root(root.certificate)
    for signer in (blv, untrusted, expired, future):
        trust.allow("BLV", signer.certificate)
    trust.allow("CHI", chi.certificate)
    return Keys(root, blv, chi, other_root, untrusted, expired, future, trust)


def _record(record_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": record_id, "revision": 1, "created_at": STAMP, "updated_at": STAMP, **fields}


UNIT_ID = "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1d00"
OFFICE_ID = "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1d07"


def sample_report() -> dict[str, Any]:
    """Return a small valid report snapshot for BLV, period 2026-Q1 (every column filled in)."""
    plan = _record(
        PLAN_ID,
        owner_unit_id=UNIT_ID,
        kind="annual",
        title="Kế hoạch cải cách hành chính năm 2026",
        document_type="KẾ HOẠCH",
        number="12/KH-UBND",
        issued_on="2026-01-05",
        issuer="Ủy ban nhân dân đặc khu Bạch Long Vĩ",
        parent_issuer="",
        place="Bạch Long Vĩ",
        attached_to="",
        appendix_label="Phụ lục",
        appendix_title="DANH MỤC NHIỆM VỤ",
        appendix_attached_to="Kèm theo Kế hoạch số 12/KH-UBND ngày 05/01/2026",
        start_year=2026,
        end_year=2026,
        parent_reference="Kế hoạch 95/KH-UBND của UBND thành phố",
        parent_plan_id=None,
        state="approved",
        sign_authority="TM. ỦY BAN NHÂN DÂN",
        sign_post="CHỦ TỊCH",
        sign_name="Nguyễn Văn B",
        recipients="Sở Nội vụ;\nLưu: VT.",
    )
    section = _record(
        SECTION_ID,
        plan_id=PLAN_ID,
        position=1,
        numeral="I",
        title="Cải cách thể chế",
        area="institutions",
    )
    target = _record(
        TARGET_ID,
        section_id=SECTION_ID,
        position=1,
        text="100% văn bản đúng hạn",
        indicator="văn bản",
        comparator="at_least",
        value=100,
        unit="%",
        baseline="năm 2025: 90%",
        due="2026",
    )
    task = _record(
        TASK_ID,
        plan_id=PLAN_ID,
        section_id=SECTION_ID,
        position=1,
        number="1",
        code="",
        content="Rà soát văn bản quy phạm pháp luật",
        lead="Văn phòng",
        lead_unit_id=OFFICE_ID,
        cooperating="Các phòng",
        cooperating_unit_ids=[],
        output="Báo cáo rà soát",
        deadline_text="Quý I/2026",
        deadline_start="2026-01-01",
        deadline_end="2026-03-31",
        recurrence="none",
        due_month_day="",
        deadline_understood=True,
        assigning_document="",
        parent_task_id=None,
        origin="unit",
        outline_parent_id=None,
        marker="",
        is_heading=False,
    )
    measurement = _record(
        "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1d05",
        target_id=TARGET_ID,
        period="2026-Q1",
        actual_value=80.5,
        note="",
    )
    progress = _record(
        "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1d06",
        task_id=TASK_ID,
        period="2026-Q1",
        status="done",
        percent=100,
        description="Đã rà soát 12 văn bản",
        completed_on="2026-03-10",
        evidence=[
            {
                "number": "25/BC-UBND",
                "issued_on": "10/03/2026",
                "title": "Báo cáo",
                "file": "C:/Tài liệu/bao-cao-25.pdf",
            }
        ],
        difficulties="",
        proposals="",
        updated_by="Nguyễn Văn A",
    )
    office = {"id": OFFICE_ID, "code": "BLV-VP", "name": "Văn phòng", "kind": "office"}
    return {
        "kind": "report",
        "unit": {"id": UNIT_ID, "code": "BLV", "name": BLV_NAME, "kind": "special_zone"},
        "units": [office],
        "period": "2026-Q1",
        "plans": [plan],
        "sections": [section],
        "targets": [target],
        "measurements": [measurement],
        "tasks": [task],
        "progress": [progress],
    }


def small_pdf(text: str = "Báo cáo") -> bytes:
    """Return a one-page PDF made with reportlab."""
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


def read_members(path: Path) -> list[tuple[str, bytes]]:
    """Return a zip's members in order, duplicates kept."""
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def write_zip(
    path: Path, members: Iterable[tuple[str | zipfile.ZipInfo, bytes]], method: int = 8
) -> Path:
    """Write members (names or prepared ZipInfo) to a new zip, duplicates allowed."""
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", compression=method) as archive:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicates we write on purpose
        for name, content in members:
            archive.writestr(name, content)
    return path


def cms_with_digest(data: bytes, signer: Signer, digest: str) -> bytes:
    """Return a detached CMS over `data` made with `digest` ("sha1", "md5", "sha256"), EC key.

    cryptography refuses to build SHA-1 or MD5 signatures, so this assembles the SignedData
    with asn1crypto: signed attributes (content type, message digest), signed with ECDSA.
    """
    from asn1crypto import algos, cms
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    algorithm = {"sha1": hashes.SHA1(), "md5": hashes.MD5(), "sha256": hashes.SHA256()}[digest]
    digester = hashes.Hash(algorithm)
    digester.update(data)
    attrs = cms.CMSAttributes(
        [
            cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
            cms.CMSAttribute({"type": "message_digest", "values": [digester.finalize()]}),
        ]
    )
    assert isinstance(signer.private_key, ec.EllipticCurvePrivateKey)
    signature = signer.private_key.sign(attrs.dump(), ec.ECDSA(algorithm))
    cert = asn1_x509.Certificate.load(signer.certificate.public_bytes(serialization.Encoding.DER))
    info = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {
                    "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                        {"issuer": cert.issuer, "serial_number": cert.serial_number}
                    )
                }
            ),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": digest}),
            "signed_attrs": attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm(
                {"algorithm": f"{digest}_ecdsa" if digest != "md5" else "md5_rsa"}
            ),
            "signature": signature,
        }
    )
    signed = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": digest})],
            "encap_content_info": {"content_type": "data"},
            "certificates": [cert],
            "signer_infos": [info],
        }
    )
    return bytes(cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump())

"""Build and verify sync packages, format version 1 (DESIGN.md, "Sync package").

`verify_package` checks in DESIGN.md's order and stops at the first failure, raising
`PackageRejected(step, reason_vi)`: size limits and zip sanity → manifest schema → every listed
file present, no extra member, sizes and SHA-256 match → CMS signature over manifest.json →
certificate valid, chaining to a trusted root and allowed for the manifest's unit code →
data.json valid for the package kind and consistent with the manifest → every PDF PAdES-signed
over the whole file by the manifest's signer (carapp.sync.pdfcheck). The sequence check needs
the database: the caller compares `VerifiedPackage.sequence` and `manifest_sha256` (the same
manifest hash at the same sequence means "already imported") before applying anything.
"""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carapp import __version__
from carapp.domain.text import nfc
from carapp.domain.vietnam_time import vietnam
from carapp.fileio import atomic_file
from carapp.sync import validate
from carapp.sync.cms import SignerInfo, sign_detached, verify_detached
from carapp.sync.errors import PackageRejected, Step, VerificationError
from carapp.sync.manifest import (
    DATA_NAME,
    MANIFEST_NAME,
    RESERVED_NAMES,
    SIGNATURE_NAME,
    FileEntry,
    Kind,
    Manifest,
    format_version_for,
    parse_manifest,
)
from carapp.sync.pdfcheck import check_pdfs
from carapp.sync.pki import Signer, TrustStore
from carapp.sync.safezip import Limits, read_package_zip
from carapp.sync.schema import validate_payload
from carapp.sync.validate import SchemaError, load_json


@dataclass(frozen=True)
class VerifiedPackage:
    """A package that passed every check: its manifest, payload, files and signer."""

    manifest: Manifest
    data: dict[str, Any]
    files: dict[str, bytes]  # every listed file by name, data.json included
    signer: SignerInfo
    package_sha256: str  # of the whole .zip file
    manifest_sha256: str  # of manifest.json: identifies the content across re-zipping
    manifest_bytes: bytes = b""  # manifest.json and its CMS signature as received: with
    signature: bytes = b""  # data.json, enough to verify again later what arrived

    @property
    def sequence(self) -> int:
        """Return the sender's sequence number, to compare with the last one imported."""
        return self.manifest.sequence


def package_file_name(unit_code: str, period: str, sequence: int) -> str:
    """Return ``CCHC_<unit code>_<period>_<sequence>.zip``, e.g. CCHC_BLV_2026-Q1_0007.zip."""
    validate.unit_code()(unit_code, "unit_code")
    validate.period_code()(period, "period")
    return f"CCHC_{unit_code}_{period}_{sequence:04d}.zip"


def encode_json(data: Mapping[str, Any]) -> bytes:
    """Return the UTF-8 JSON bytes of a payload as written into data.json."""
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_package(
    path: str | Path,
    kind: Kind | str,
    unit_code: str,
    unit_name: str,
    period_code: str,
    sequence: int,
    plan_ids: Iterable[str],
    files: Mapping[str, bytes],
    data: Mapping[str, Any],
    signer: Signer,
    *,
    created_at: datetime | None = None,
) -> Manifest:
    """Write a signed package to `path` atomically; raise SchemaError if it would not verify."""
    payload = validate_payload(Kind(kind).value, dict(data))
    contents = {DATA_NAME: encode_json(payload), **_extra_files(files)}
    manifest = Manifest(
        kind=Kind(kind),
        unit_code=unit_code,
        unit_name=nfc(unit_name),
        plan_ids=tuple(plan_ids),
        period=period_code,
        sequence=sequence,
        created_at=vietnam(created_at or datetime.now(UTC)).replace(microsecond=0),
        app_version=__version__,
        files=tuple(FileEntry(n, len(b), _sha256(b)) for n, b in contents.items()),
        format_version=format_version_for(kind),
    )
    manifest_bytes = manifest.to_bytes()
    parse_manifest(manifest_bytes)
    check_consistency(manifest, payload)
    signature = sign_detached(manifest_bytes, signer)
    members = {MANIFEST_NAME: manifest_bytes, SIGNATURE_NAME: signature, **contents}
    _write_zip(Path(path), members, manifest.created_at)
    return manifest


def _extra_files(files: Mapping[str, bytes]) -> dict[str, bytes]:
    for name in files:
        if name in (*RESERVED_NAMES, DATA_NAME):
            raise SchemaError("files", f"tên tệp “{name}” dành riêng cho gói")
    return dict(sorted(files.items()))


def _write_zip(path: Path, members: Mapping[str, bytes], when: datetime) -> None:
    stamp = when.timetuple()[:6]
    with atomic_file(path) as handle, zipfile.ZipFile(handle, "w") as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)


def check_consistency(manifest: Manifest, data: Mapping[str, Any]) -> None:
    """Reject a payload that contradicts its manifest (unit, period, plans)."""
    if manifest.kind is Kind.REPORT:
        if data["unit"]["code"] != manifest.unit_code:
            raise SchemaError("$.unit.code", "khác mã đơn vị trong manifest")
        if data["period"] != manifest.period:
            raise SchemaError("$.period", "khác kỳ báo cáo trong manifest")
        if sorted(p["id"] for p in data["plans"]) != sorted(manifest.plan_ids):
            raise SchemaError("$.plans", "khác danh sách kế hoạch trong manifest")
    elif manifest.kind is Kind.ASSIGNMENTS and data["city_plan_id"] not in manifest.plan_ids:
        raise SchemaError("$.city_plan_id", "không có trong danh sách kế hoạch của manifest")


def verify_package(
    path: str | Path,
    trust: TrustStore,
    expected_kind: Kind | str | None = None,
    now: datetime | None = None,
    limits: Limits | None = None,
) -> VerifiedPackage:
    """Check a received package in DESIGN.md's order; raise PackageRejected at the first failure."""
    content = read_package_zip(path, limits or Limits())
    members = content.members
    manifest = _manifest_step(members, expected_kind)
    _files_step(members, manifest)
    at = now or datetime.now(UTC)
    signer = _signature_step(members, manifest, trust, at)
    data = _data_step(members, manifest)
    check_pdfs({f.name: members[f.name] for f in manifest.files}, signer.fingerprint)
    return VerifiedPackage(
        manifest=manifest,
        data=data,
        files={f.name: members[f.name] for f in manifest.files},
        signer=signer,
        package_sha256=content.sha256,
        manifest_sha256=_sha256(members[MANIFEST_NAME]),
        manifest_bytes=members[MANIFEST_NAME],
        signature=members[SIGNATURE_NAME],
    )


def _manifest_step(members: Mapping[str, bytes], expected: Kind | str | None) -> Manifest:
    raw = members.get(MANIFEST_NAME)
    if raw is None:
        raise PackageRejected(Step.MANIFEST, f"Gói không có {MANIFEST_NAME}.")
    try:
        manifest = parse_manifest(raw)
    except SchemaError as exc:
        raise PackageRejected(
            Step.MANIFEST, f"{MANIFEST_NAME} không hợp lệ: {exc.path}: {exc.message_vi}."
        ) from exc
    if expected is not None and manifest.kind is not Kind(expected):
        raise PackageRejected(
            Step.MANIFEST,
            f"Đây là gói {manifest.kind.label}, không phải gói {Kind(expected).label}.",
        )
    return manifest


def _files_step(members: Mapping[str, bytes], manifest: Manifest) -> None:
    if SIGNATURE_NAME not in members:
        raise PackageRejected(Step.FILES, f"Gói không có chữ ký {SIGNATURE_NAME}.")
    listed = {f.name for f in manifest.files}
    extra = sorted(set(members) - listed - set(RESERVED_NAMES))
    if extra:
        raise PackageRejected(Step.FILES, f"Gói có tệp “{extra[0]}” không có trong manifest.")
    for entry in manifest.files:
        content = members.get(entry.name)
        if content is None:
            raise PackageRejected(Step.FILES, f"Gói thiếu tệp “{entry.name}” ghi trong manifest.")
        if len(content) != entry.size or _sha256(content) != entry.sha256:
            raise PackageRejected(
                Step.FILES, f"Tệp “{entry.name}” đã bị thay đổi (kích thước/SHA-256 không khớp)."
            )


def _signature_step(
    members: Mapping[str, bytes], manifest: Manifest, trust: TrustStore, now: datetime
) -> SignerInfo:
    try:
        return verify_detached(
            members[MANIFEST_NAME], members[SIGNATURE_NAME], trust, manifest.unit_code, now
        )
    except VerificationError as exc:
        raise PackageRejected(exc.step, exc.message_vi) from exc


def _data_step(members: Mapping[str, bytes], manifest: Manifest) -> dict[str, Any]:
    try:
        raw = load_json(members[DATA_NAME], DATA_NAME)
        data = validate_payload(manifest.kind.value, raw, manifest.format_version)
        check_consistency(manifest, data)
    except SchemaError as exc:
        raise PackageRejected(
            Step.DATA, f"{DATA_NAME} không hợp lệ: {exc.path}: {exc.message_vi}."
        ) from exc
    return data

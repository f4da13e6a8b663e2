"""Building a package and verifying it back; the zip is readable without the app."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from carapp.sync.errors import PackageRejected, Step
from carapp.sync.manifest import Kind
from carapp.sync.package import encode_json, package_file_name, verify_package
from carapp.sync.pki import certificate_to_pem
from carapp.sync.validate import SchemaError
from tests.sync.support import BLV_NAME, PLAN_ID, Build, Keys, read_members

RECEIPT = {
    "kind": "receipt",
    "package_sha256": "a" * 64,
    "manifest_sha256": "b" * 64,
    "unit_code": "BLV",
    "sequence": 7,
    "received_at": "2026-03-12T09:30:00+07:00",
    "result": "accepted",
    "step": None,
    "message": "",
}


def test_file_name() -> None:
    assert package_file_name("BLV", "2026-Q1", 7) == "CCHC_BLV_2026-Q1_0007.zip"
    assert package_file_name("BLV", "2026", 12345) == "CCHC_BLV_2026_12345.zip"
    with pytest.raises(SchemaError):
        package_file_name("../BLV", "2026-Q1", 1)
    with pytest.raises(SchemaError):
        package_file_name("BLV", "Quý I/2026", 1)


def test_round_trip(build: Build, keys: Keys, report_data: dict[str, object]) -> None:
    path = build(name=package_file_name("BLV", "2026-Q1", 7))
    package = verify_package(path, keys.trust, expected_kind="report")
    manifest = package.manifest
    assert (manifest.kind, manifest.unit_code, manifest.unit_name) == ("report", "BLV", BLV_NAME)
    assert (manifest.period, manifest.sequence, manifest.plan_ids) == ("2026-Q1", 7, (PLAN_ID,))
    assert manifest.created_at.utcoffset() is not None
    assert package.data == report_data
    assert package.sequence == 7
    assert set(package.files) == {"data.json", "bao-cao.pdf", "bao-cao.xlsx"}
    assert package.signer.fingerprint == keys.blv.fingerprint
    assert package.package_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    manifest_bytes = dict(read_members(path))["manifest.json"]
    assert package.manifest_sha256 == hashlib.sha256(manifest_bytes).hexdigest()


def test_zip_layout_is_plain_and_listed(build: Build) -> None:
    members = dict(read_members(build()))
    assert list(members)[:3] == ["manifest.json", "manifest.p7s", "data.json"]
    manifest = json.loads(members["manifest.json"])
    assert manifest["format_version"] == 2  # reports carry the outline since version 2
    listed = {f["name"]: f for f in manifest["files"]}
    assert set(listed) == set(members) - {"manifest.json", "manifest.p7s"}
    for name, entry in listed.items():
        assert entry["size"] == len(members[name])
        assert entry["sha256"] == hashlib.sha256(members[name]).hexdigest()
    assert "Bạch Long Vĩ" in members["data.json"].decode("utf-8")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl missing")
def test_openssl_verifies_the_manifest_signature(build: Build, keys: Keys, tmp_path: Path) -> None:
    with zipfile.ZipFile(build()) as archive:
        archive.extractall(tmp_path / "out", members=["manifest.json", "manifest.p7s"])
    (tmp_path / "out" / "root.pem").write_text(certificate_to_pem(keys.root.certificate))
    command = "openssl cms -verify -binary -inform DER -content manifest.json"
    command += " -in manifest.p7s -CAfile root.pem -out /dev/null"
    result = subprocess.run(command.split(), cwd=tmp_path / "out", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Verification successful" in result.stderr


def test_build_refuses_invalid_data_and_writes_nothing(
    build: Build, report_data: dict[str, object], tmp_path: Path
) -> None:
    report_data["period"] = "Quý I/2026"
    with pytest.raises(SchemaError):
        build(data=report_data)
    assert list(tmp_path.iterdir()) == []


def test_build_refuses_reserved_and_unsafe_file_names(build: Build) -> None:
    for name, why in (("manifest.json", "dành riêng"), ("data.json", "dành riêng"), ("../x", "")):
        with pytest.raises(SchemaError, match=why or "định dạng"):
            build(extra_files={name: b"x"})


def test_build_refuses_payload_contradicting_manifest(build: Build) -> None:
    with pytest.raises(SchemaError, match="kế hoạch"):
        build(plan_ids=[])
    with pytest.raises(SchemaError, match="kỳ báo cáo"):
        build(period_code="2026-H1")


def test_build_replaces_atomically(build: Build, tmp_path: Path) -> None:
    first = build(sequence=1).read_bytes()
    second = build(sequence=2).read_bytes()
    assert first != second
    assert [p.name for p in tmp_path.iterdir()] == ["pkg.zip"]


def test_receipt_round_trip(build: Build, keys: Keys) -> None:
    path = build(kind=Kind.RECEIPT, data=RECEIPT, files={}, plan_ids=[])
    package = verify_package(path, keys.trust, expected_kind=Kind.RECEIPT)
    assert package.data == RECEIPT
    assert json.loads(package.files["data.json"]) == RECEIPT
    assert package.files["data.json"] == encode_json(RECEIPT)


ASSIGNMENTS = {
    "kind": "assignments",
    "city_plan_id": PLAN_ID,
    "city_plan_title": "Kế hoạch cải cách hành chính thành phố năm 2026",
    "start_year": 2026,
    "end_year": 2026,
    "tasks": [
        {
            "id": "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a51",
            "revision": 2,
            "parent_id": None,
            "number": "3",
            "code": "",
            "content": "Số hóa hồ sơ thủ tục hành chính",
            "lead": "UBND đặc khu",
            "cooperating": "",
            "output": "Hồ sơ được số hóa",
            "deadline_text": "Năm 2026",
            "assigning_document": "",
            "area": "digital_government",
            "unit_codes": ["BLV"],
        }
    ],
}


def test_assignments_round_trip(build: Build, keys: Keys) -> None:
    path = build(kind="assignments", data=ASSIGNMENTS, files={}, period_code="2026")
    package = verify_package(path, keys.trust, expected_kind="assignments")
    assert package.data == ASSIGNMENTS and package.manifest.plan_ids == (PLAN_ID,)


def test_assignments_must_name_a_listed_city_plan(build: Build) -> None:
    with pytest.raises(SchemaError, match="city_plan_id"):
        build(kind="assignments", data=ASSIGNMENTS, files={}, plan_ids=[])


def test_wrong_kind_is_rejected(build: Build, keys: Keys) -> None:
    path = build(kind="receipt", data=RECEIPT, files={}, plan_ids=[])
    with pytest.raises(PackageRejected) as caught:
        verify_package(path, keys.trust, expected_kind="report")
    assert caught.value.step is Step.MANIFEST
    assert "biên nhận" in caught.value.reason_vi

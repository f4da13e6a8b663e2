"""Well-formed zips with hostile content: rejected at the manifest, files, signer or data step."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from carapp.sync.cms import sign_detached
from carapp.sync.errors import PackageRejected, Step
from carapp.sync.manifest import FileEntry, Kind, Manifest
from carapp.sync.package import encode_json, verify_package
from carapp.sync.pki import Signer
from tests.sync.support import (
    BLV_NAME,
    PLAN_ID,
    Build,
    Keys,
    read_members,
    sample_report,
    write_zip,
)


def _rejected(path: Path, keys: Keys) -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        verify_package(path, keys.trust)
    return caught.value


def _rezip(
    build: Build, tmp_path: Path, edit: Callable[[dict[str, bytes]], dict[str, bytes]]
) -> Path:
    members = edit(dict(read_members(build())))
    return write_zip(tmp_path / "edited.zip", members.items())


def _flip(content: bytes, offset: int) -> bytes:
    changed = bytearray(content)
    changed[offset] ^= 0x01
    return bytes(changed)


def _flip_offset(name: str, content: bytes) -> tuple[int, Step]:
    if name == "manifest.json":  # keep it valid JSON: "0.1.0" becomes "0.1.1"
        return content.index(b'"app_version": "') + len(b'"app_version": "0.1.'), Step.SIGNATURE
    if name == "manifest.p7s":  # the last byte belongs to the signature value
        return len(content) - 1, Step.SIGNATURE
    return len(content) // 2, Step.FILES


def test_flipped_byte_in_every_member_is_caught(build: Build, keys: Keys, tmp_path: Path) -> None:
    names = [name for name, _ in read_members(build())]
    assert names == ["manifest.json", "manifest.p7s", "data.json", "bao-cao.pdf", "bao-cao.xlsx"]
    for name in names:

        def edit(members: dict[str, bytes], name: str = name) -> dict[str, bytes]:
            offset, _ = _flip_offset(name, members[name])
            return {**members, name: _flip(members[name], offset)}

        expected = _flip_offset(name, dict(read_members(build()))[name])[1]
        assert _rejected(_rezip(build, tmp_path, edit), keys).step is expected, name


def test_extra_member(build: Build, keys: Keys, tmp_path: Path) -> None:
    path = _rezip(build, tmp_path, lambda m: {**m, "extra.txt": b"x"})
    error = _rejected(path, keys)
    assert error.step is Step.FILES and "extra.txt" in error.reason_vi


@pytest.mark.parametrize(
    ("name", "step"),
    [("bao-cao.xlsx", Step.FILES), ("manifest.p7s", Step.FILES), ("manifest.json", Step.MANIFEST)],
)
def test_missing_member(build: Build, keys: Keys, tmp_path: Path, name: str, step: Step) -> None:
    path = _rezip(build, tmp_path, lambda m: {k: v for k, v in m.items() if k != name})
    error = _rejected(path, keys)
    assert error.step is step and name in error.reason_vi


def _edited_manifest(change: Callable[[dict[str, Any]], object]) -> Callable[..., dict[str, bytes]]:
    def edit(members: dict[str, bytes]) -> dict[str, bytes]:
        doc = json.loads(members["manifest.json"])
        change(doc)
        return {**members, "manifest.json": json.dumps(doc).encode()}

    return edit


_listed_p7s = {"name": "manifest.p7s", "size": 1, "sha256": "0" * 64}


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        (lambda m: {**m, "manifest.json": b'{"format_version": 1,'}, "không phải JSON"),
        (lambda m: {**m, "manifest.json": b"\xff\xfe{}"}, "không phải JSON"),
        (lambda m: {**m, "manifest.json": b'{"a": 1, "a": 2}'}, "lặp lại"),
        (_edited_manifest(lambda d: d.update(format_version=3)), "phiên bản"),
        (_edited_manifest(lambda d: d.update(format_version="1")), "phiên bản"),
        (_edited_manifest(lambda d: d.update(sequence="7")), "số nguyên"),
        (_edited_manifest(lambda d: d.update(sequence=True)), "số nguyên"),
        (_edited_manifest(lambda d: d.update(kind="backup")), "không hợp lệ"),
        (_edited_manifest(lambda d: d.update(created_at="2026-03-01T08:00:00")), "múi giờ"),
        (_edited_manifest(lambda d: d.pop("app_version")), "thiếu trường"),
        (_edited_manifest(lambda d: d.update(note="x")), "không được phép"),
        (_edited_manifest(lambda d: d["files"].pop(0)), "thiếu data.json"),
        (_edited_manifest(lambda d: d["files"].append(d["files"][0])), "lặp"),
        (_edited_manifest(lambda d: d["files"][0].update(name="../data.json")), "định dạng"),
        (_edited_manifest(lambda d: d["files"].append(_listed_p7s)), "không được liệt kê"),
    ],
)
def test_malformed_manifest(
    build: Build, keys: Keys, tmp_path: Path, edit: Callable[..., dict[str, bytes]], why: str
) -> None:
    error = _rejected(_rezip(build, tmp_path, edit), keys)
    assert error.step is Step.MANIFEST and why in error.reason_vi


def test_signature_of_another_manifest(build: Build, keys: Keys, tmp_path: Path) -> None:
    other = dict(read_members(build(name="other.zip", sequence=8)))["manifest.p7s"]
    path = _rezip(build, tmp_path, lambda m: {**m, "manifest.p7s": other})
    assert _rejected(path, keys).step is Step.SIGNATURE


@pytest.mark.parametrize(
    ("signer", "step"),
    [
        ("untrusted_blv", Step.TRUST),
        ("chi", Step.UNIT),
        ("expired_blv", Step.CERTIFICATE),
        ("future_blv", Step.CERTIFICATE),
    ],
)
def test_signed_by_a_certificate_not_allowed(
    build: Build, keys: Keys, signer: str, step: Step
) -> None:
    assert _rejected(build(signer=getattr(keys, signer)), keys).step is step


def _forge(path: Path, signer: Signer, data: bytes, kind: Kind = Kind.REPORT) -> Path:
    """Sign a manifest over whatever data.json we like, bypassing build_package's checks."""
    entry = FileEntry("data.json", len(data), hashlib.sha256(data).hexdigest())
    manifest = Manifest(
        kind, "BLV", BLV_NAME, (PLAN_ID,), "2026-Q1", 7, datetime.now(UTC), "0.1.0", (entry,)
    )
    raw = manifest.to_bytes()
    members = {"manifest.json": raw, "manifest.p7s": sign_detached(raw, signer), "data.json": data}
    return write_zip(path, members.items())


def test_forged_valid_package_is_accepted(keys: Keys, tmp_path: Path) -> None:
    data = sample_report()
    path = _forge(tmp_path / "ok.zip", keys.blv, encode_json(data))
    assert verify_package(path, keys.trust).data == data


def _report(change: Callable[[dict[str, Any]], object]) -> bytes:
    data = sample_report()
    change(data)
    return encode_json(data)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"[1, 2", "không phải JSON"),
        (_report(lambda d: d["progress"][0].update(percent="50")), "số nguyên"),
        (_report(lambda d: d["progress"][0].update(percent=101)), "khoảng"),
        (_report(lambda d: d["progress"][0].update(status="xong")), "không hợp lệ"),
        (_report(lambda d: d["tasks"][0].update(secret=1)), "không được phép"),
        (_report(lambda d: d["tasks"][0].pop("content")), "thiếu trường"),
        (_report(lambda d: d["progress"][0].update(task_id=PLAN_ID)), "tham chiếu"),
        (_report(lambda d: d.update(kind="receipt")), "không hợp lệ"),
        (_report(lambda d: d["unit"].update(code="CHI")), "mã đơn vị"),
        (_report(lambda d: d["plans"][0].update(owner_unit_id=d["units"][0]["id"])), "không thuộc"),
    ],
)
def test_data_not_matching_its_schema(keys: Keys, tmp_path: Path, data: bytes, why: str) -> None:
    error = _rejected(_forge(tmp_path / "bad.zip", keys.blv, data), keys)
    assert error.step is Step.DATA and why in error.reason_vi

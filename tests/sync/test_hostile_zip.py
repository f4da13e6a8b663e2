"""Hostile zips: each is rejected at the size-limit or zip-sanity step, before anything else."""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from carapp.sync.errors import PackageRejected, Step
from carapp.sync.package import verify_package
from carapp.sync.safezip import Limits
from tests.sync.support import Build, Keys, read_members, write_zip

_MiB = 1024 * 1024


def _rejected(path: Path, keys: Keys, limits: Limits | None = None) -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        verify_package(path, keys.trust, limits=limits)
    return caught.value


def _with(build: Build, tmp_path: Path, *extra: tuple[str | zipfile.ZipInfo, bytes]) -> Path:
    return write_zip(tmp_path / "hostile.zip", [*read_members(build()), *extra])


def test_not_a_zip(keys: Keys, tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(b"Xin chao, day khong phai tep zip")
    assert _rejected(path, keys).step is Step.ZIP


def test_truncated_zip(build: Build, keys: Keys, tmp_path: Path) -> None:
    raw = build().read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(raw[: len(raw) // 2])
    assert _rejected(path, keys).step is Step.ZIP


def test_missing_file(keys: Keys, tmp_path: Path) -> None:
    assert _rejected(tmp_path / "none.zip", keys).step is Step.ZIP


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../x", "“..”"),
        ("/abs", "tuyệt đối"),
        ("C:evil.txt", "tuyệt đối"),
        ("a\\b.txt", "gạch chéo ngược"),
        ("sub/x.pdf", "thư mục con"),
        ("báo-cáo.pdf", "không dấu"),
    ],
)
def test_unsafe_names(build: Build, keys: Keys, tmp_path: Path, name: str, why: str) -> None:
    error = _rejected(_with(build, tmp_path, (name, b"x")), keys)
    assert error.step is Step.ZIP and why in error.reason_vi


def test_symlink_member(build: Build, keys: Keys, tmp_path: Path) -> None:
    link = zipfile.ZipInfo("link.pdf")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    error = _rejected(_with(build, tmp_path, (link, b"/etc/passwd")), keys)
    assert error.step is Step.ZIP and "symlink" in error.reason_vi


@pytest.mark.parametrize("name", ["data.json", "DATA.json"])
def test_duplicate_names(build: Build, keys: Keys, tmp_path: Path, name: str) -> None:
    error = _rejected(_with(build, tmp_path, (name, b"{}")), keys)
    assert error.step is Step.ZIP and "hai lần" in error.reason_vi


def test_unsupported_compression(build: Build, keys: Keys, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "bz.zip", read_members(build()), method=zipfile.ZIP_BZIP2)
    assert _rejected(path, keys).step is Step.ZIP


def _central_entry(raw: bytes, name: str) -> int:
    """Return the offset of `name`'s central directory header."""
    pos = raw.index(b"PK\x01\x02")
    while True:
        n, m, k = struct.unpack("<HHH", raw[pos + 28 : pos + 34])
        if raw[pos + 46 : pos + 46 + n] == name.encode():
            return pos
        pos += 46 + n + m + k


def _patched(src: Path, dst: Path, name: str, offset: int, fmt: str, value: int) -> Path:
    raw = bytearray(src.read_bytes())
    pos = _central_entry(bytes(raw), name) + offset
    raw[pos : pos + struct.calcsize(fmt)] = struct.pack(fmt, value)
    dst.write_bytes(bytes(raw))
    return dst


def test_encrypted_member(build: Build, keys: Keys, tmp_path: Path) -> None:
    path = _patched(build(), tmp_path / "enc.zip", "data.json", 8, "<H", 0x1)
    error = _rejected(path, keys)
    assert error.step is Step.ZIP and "mã hóa" in error.reason_vi


def test_header_claiming_fewer_bytes(build: Build, keys: Keys, tmp_path: Path) -> None:
    path = _patched(build(), tmp_path / "short.zip", "data.json", 24, "<I", 10)
    assert _rejected(path, keys).step is Step.ZIP


def test_header_claiming_more_bytes(build: Build, keys: Keys, tmp_path: Path) -> None:
    src = build()
    real = next(i.file_size for i in zipfile.ZipFile(src).infolist() if i.filename == "data.json")
    path = _patched(src, tmp_path / "long.zip", "data.json", 24, "<I", real + 100)
    error = _rejected(path, keys)
    assert error.step is Step.ZIP and "không khớp" in error.reason_vi


def _data_offset(raw: bytes, info: zipfile.ZipInfo) -> int:
    n, m = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    return info.header_offset + 30 + n + m


def test_flipped_byte_in_every_stored_member_is_caught(
    build: Build, keys: Keys, tmp_path: Path
) -> None:
    src = build()
    raw = src.read_bytes()
    infos = zipfile.ZipFile(src).infolist()
    assert len(infos) == 5
    for info in infos:
        damaged = bytearray(raw)
        damaged[_data_offset(raw, info) + info.compress_size // 2] ^= 0x01
        path = tmp_path / f"flip-{info.filename}.zip"
        path.write_bytes(bytes(damaged))
        assert _rejected(path, keys).step is Step.ZIP, info.filename


def _bomb(path: Path, size: int) -> Path:
    info = zipfile.ZipInfo("bomb.bin")
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "a") as archive, archive.open(info, "w") as out:
        block = bytes(_MiB)
        for _ in range(size // _MiB):
            out.write(block)
    return path


def test_zip_bomb_is_stopped_without_inflating_it(
    build: Build, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _bomb(build(), 200 * _MiB)
    assert path.stat().st_size < 1 * _MiB
    inflated = 0
    original = zipfile.ZipExtFile.read

    def counting_read(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        nonlocal inflated
        data = original(self, n)
        inflated += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    error = _rejected(path, keys)
    assert error.step is Step.LIMITS and "bom zip" in error.reason_vi
    # Stopped at the absolute per-member limit, not inflated whole (200 MB).
    assert inflated < Limits().max_member_bytes + _MiB < 200 * _MiB


def test_package_file_too_large(build: Build, keys: Keys) -> None:
    error = _rejected(build(), keys, Limits(max_package_bytes=1000))
    assert error.step is Step.LIMITS and "Tệp gói lớn hơn" in error.reason_vi


def test_too_many_members(build: Build, keys: Keys) -> None:
    error = _rejected(build(), keys, Limits(max_members=4))
    assert error.step is Step.LIMITS and "quá 4 tệp" in error.reason_vi


def test_huge_directory_is_refused_before_parsing(
    keys: Keys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_zip(tmp_path / "many.zip", ((f"f{i}.txt", b"") for i in range(3000)))

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("zipfile parsed the central directory")

    monkeypatch.setattr(zipfile.ZipFile, "__init__", no_parsing)
    error = _rejected(path, keys)
    assert error.step is Step.LIMITS and "quá 64 tệp" in error.reason_vi


def test_member_too_large(build: Build, keys: Keys) -> None:
    path = build(extra_files={"x.bin": os.urandom(20_000)})
    error = _rejected(path, keys, Limits(max_member_bytes=10_000))
    assert error.step is Step.LIMITS and "“x.bin” lớn hơn" in error.reason_vi


def test_total_too_large(build: Build, keys: Keys) -> None:
    files = {f"x{i}.bin": os.urandom(8_000) for i in range(3)}
    error = _rejected(build(extra_files=files), keys, Limits(max_total_bytes=20_000))
    assert error.step is Step.LIMITS and "Tổng dung lượng" in error.reason_vi


def test_limits_are_not_too_tight_for_real_packages(build: Build, keys: Keys) -> None:
    path = build(extra_files={"phu-luc.bin": os.urandom(5 * _MiB), "bao-cao.xlsx": bytes(500_000)})
    assert verify_package(path, keys.trust).manifest.sequence == 7


def _end(raw: bytes) -> int:
    return raw.rindex(b"PK\x05\x06")


def _with_bytes(src: Path, dst: Path, at: int, fmt: str, value: int) -> Path:
    raw = bytearray(src.read_bytes())
    raw[at : at + struct.calcsize(fmt)] = struct.pack(fmt, value)
    dst.write_bytes(bytes(raw))
    return dst


@pytest.mark.parametrize(
    ("field", "fmt", "value", "why"),
    [
        (4, "<H", 1, "nhiều phần"),  # number of this disk
        (8, "<H", 3, "tự mâu thuẫn"),  # entries on this disk != total entries
        (16, "<L", 0, "không nằm đúng chỗ"),  # directory offset
        (12, "<L", 0xFFFFFFFF, "ZIP64"),  # directory size: the ZIP64 mark
    ],
)
def test_lying_end_records(
    build: Build, keys: Keys, tmp_path: Path, field: int, fmt: str, value: int, why: str
) -> None:
    src = build()
    path = _with_bytes(src, tmp_path / "end.zip", _end(src.read_bytes()) + field, fmt, value)
    error = _rejected(path, keys)
    assert error.step in (Step.ZIP, Step.LIMITS) and why in error.reason_vi, error.reason_vi


def test_a_zip64_extra_field_in_the_directory_is_refused(
    build: Build, keys: Keys, tmp_path: Path
) -> None:
    info = zipfile.ZipInfo("ghi-chu.txt")
    info.extra = struct.pack("<HHQ", 0x0001, 8, 1)
    error = _rejected(_with(build, tmp_path, (info, b"x")), keys)
    assert error.step is Step.ZIP and "ZIP64" in error.reason_vi

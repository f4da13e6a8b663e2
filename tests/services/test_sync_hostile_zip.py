"""Hostile zips around a package signed with the unit's pinned key: the raw zip structure.

zipfile works around what it cannot read — a name cut at a NUL byte, an end record that lies
about the entry count, ZIP64 records, versions it cannot extract — so the package checks read
the raw bytes themselves; each case is refused with its real cause in Vietnamese and changes
neither database. A large, repetitive but legitimate data.json is no zip bomb.
"""

from __future__ import annotations

import copy
import struct
import uuid
import zipfile
from pathlib import Path

import pytest

from carapp.sync.errors import Step
from carapp.sync.package import encode_json
from tests.services.hostile_support import (
    Attempt,
    Setup,
    forged,
    import_one,
    refused,
)
from tests.sync.support import read_members, write_zip

EVIL = "data.json\0/../../evil.sh"


def _central_entries(raw: bytes) -> list[int]:
    """Return the offsets of every central directory header."""
    end = raw.rindex(b"PK\x05\x06")
    (offset,) = struct.unpack("<L", raw[end + 16 : end + 20])
    found = []
    while raw[offset : offset + 4] == b"PK\x01\x02":
        found.append(offset)
        n, m, k = struct.unpack("<HHH", raw[offset + 28 : offset + 34])
        offset += 46 + n + m + k
    return found


def _patch(raw: bytes, at: int, fmt: str, value: int) -> bytes:
    return raw[:at] + struct.pack(fmt, value) + raw[at + struct.calcsize(fmt) :]


def test_a_name_with_a_nul_byte_is_refused(setup: Setup, attempt: Attempt, tmp_path: Path) -> None:
    placeholder = EVIL.replace("\0", "X")
    members = [(placeholder if n == "data.json" else n, b) for n, b in read_members(setup.good)]
    path = write_zip(tmp_path / "nul.zip", members)
    raw = path.read_bytes().replace(placeholder.encode(), EVIL.encode())
    path.write_bytes(raw)
    assert "data.json" in zipfile.ZipFile(path).namelist()  # what zipfile alone would see
    refused(setup, attempt, path, Step.ZIP.value, "NUL")


def test_an_end_record_claiming_65535_entries_for_7_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    raw = setup.good.read_bytes()
    end = raw.rindex(b"PK\x05\x06")
    raw = _patch(_patch(raw, end + 8, "<H", 0xFFFF), end + 10, "<H", 0xFFFF)
    path = tmp_path / "dem-sai.zip"
    path.write_bytes(raw)
    assert len(zipfile.ZipFile(path).infolist()) == 7
    result = refused(setup, attempt, path, Step.ZIP.value, "65535 tệp")
    assert "danh mục có 7 tệp" in result.reason


def _as_zip64(raw: bytes) -> bytes:
    """Rewrite a zip's end as ZIP64: a ZIP64 end record and locator, the old record marked."""
    end = raw.rindex(b"PK\x05\x06")
    _, _, _, count, _, size, offset, _ = struct.unpack("<4s4H2LH", raw[end : end + 22])
    record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    marked = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return raw[:end] + record + locator + marked


def test_a_zip64_package_is_refused_as_zip64(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    path = tmp_path / "zip64.zip"
    path.write_bytes(_as_zip64(setup.good.read_bytes()))
    assert len(zipfile.ZipFile(path).infolist()) == 7  # zipfile reads it
    result = refused(setup, attempt, path, Step.ZIP.value, "ZIP64")
    assert "quá 64 tệp" not in result.reason


@pytest.mark.parametrize(("offset", "value"), [(6, 46), (6, 99), (10, 14), (10, 99)])
def test_an_unsupported_compression_version_or_method_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, offset: int, value: int
) -> None:
    raw = setup.good.read_bytes()
    entry = _central_entries(raw)[2]  # data.json
    path = tmp_path / "phien-ban.zip"
    path.write_bytes(_patch(raw, entry + offset, "<H", value))
    refused(setup, attempt, path, Step.ZIP.value, "phiên bản nén không hỗ trợ")


def test_a_large_repetitive_plan_is_no_zip_bomb(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    data = copy.deepcopy(setup.snapshot)
    model = data["tasks"][0]
    long_text = "Rà soát, đánh giá thủ tục hành chính thuộc thẩm quyền giải quyết. " * 150
    rows = []
    for i in range(1, 1001):
        row = {**model, "id": str(uuid.UUID(int=i)), "position": 10_000 + i, "number": str(i)}
        rows.append({**row, "content": long_text, "output": long_text[:2000]})
    data["tasks"] += rows
    payload = encode_json(data)
    path = forged(setup, tmp_path, payload)
    compressed = next(
        i.compress_size for i in zipfile.ZipFile(path).infolist() if i.filename == "data.json"
    )
    assert len(payload) > 10 * 1024 * 1024 and len(payload) > 150 * compressed
    result = import_one(setup, attempt, path)
    assert result.status == "accepted", result.reason


@pytest.mark.parametrize("tail", [b"x", bytes(100)], ids=["one-byte", "zeros"])
def test_bytes_after_the_end_record_are_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, tail: bytes
) -> None:
    placeholder = EVIL.replace("\0", "X")
    members = [(placeholder if n == "data.json" else n, b) for n, b in read_members(setup.good)]
    path = write_zip(tmp_path / "duoi.zip", members)
    path.write_bytes(path.read_bytes().replace(placeholder.encode(), EVIL.encode()) + tail)
    assert "data.json" in zipfile.ZipFile(path).namelist()  # zipfile still reads it
    refused(setup, attempt, path, Step.ZIP.value, "")

"""Read a received zip defensively: bounded sizes, safe names, members inflated under a budget.

Header sizes are never trusted: each member is inflated in chunks while the bytes actually
produced are counted against the per-member limit, the total budget and the compression ratio,
so a zip bomb is stopped once it inflates past `max_ratio` times its compressed size (200 MB of
zeros: after ~20 MB) instead of being inflated whole.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from carapp.sync.errors import PackageRejected, Step
from carapp.sync.validate import FILE_NAME_PATTERN

_MiB = 1024 * 1024
_CHUNK = 64 * 1024
_SAFE_NAME = re.compile(FILE_NAME_PATTERN)


@dataclass(frozen=True)
class Limits:
    """Bounds a received package must stay within; the ratio applies past `ratio_grace_bytes`."""

    max_package_bytes: int = 64 * _MiB
    max_members: int = 64
    max_member_bytes: int = 64 * _MiB
    max_total_bytes: int = 128 * _MiB
    max_ratio: int = 100
    ratio_grace_bytes: int = 1 * _MiB


@dataclass(frozen=True)
class ZipContent:
    """The raw package, its SHA-256, and every member's bytes by name."""

    raw: bytes
    sha256: str
    members: dict[str, bytes]


def read_package_zip(path: str | Path, limits: Limits) -> ZipContent:
    """Read and check the zip at `path`; raise PackageRejected at step LIMITS or ZIP."""
    raw = _read_file(Path(path), limits)
    _check_directory_size(raw, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise PackageRejected(Step.ZIP, "Tệp không phải gói .zip hoặc đã bị hỏng.") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise PackageRejected(Step.LIMITS, f"Gói có quá {limits.max_members} tệp.")
        _check_entries(infos)
        members = _read_members(archive, infos, limits)
    return ZipContent(raw, hashlib.sha256(raw).hexdigest(), members)


def _read_file(path: Path, limits: Limits) -> bytes:
    try:
        with path.open("rb") as handle:
            raw = handle.read(limits.max_package_bytes + 1)
    except OSError as exc:
        raise PackageRejected(Step.ZIP, f"Không đọc được tệp gói: {exc.strerror}.") from exc
    if len(raw) > limits.max_package_bytes:
        size = _human(limits.max_package_bytes)
        raise PackageRejected(Step.LIMITS, f"Tệp gói lớn hơn giới hạn {size}.")
    return raw


def _check_directory_size(raw: bytes, limits: Limits) -> None:
    """Refuse a central directory too large for `max_members` before zipfile parses it."""
    pos = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 22 - 65_535))
    if pos < 0 or pos + 22 > len(raw):
        return  # not a zip: zipfile reports it
    (size,) = struct.unpack("<I", raw[pos + 12 : pos + 16])
    if size > limits.max_members * 1024:  # also catches the zip64 marker 0xFFFFFFFF
        raise PackageRejected(Step.LIMITS, f"Gói có quá {limits.max_members} tệp.")


def _human(size: int) -> str:
    return f"{size // _MiB} MB" if size >= _MiB else f"{size} byte"


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    seen: set[str] = set()
    for info in infos:
        _check_name(info.filename)
        _check_kind(info)
        folded = info.filename.casefold()
        if folded in seen:
            raise PackageRejected(Step.ZIP, f"Tên tệp “{info.filename}” xuất hiện hai lần.")
        seen.add(folded)


def _check_name(name: str) -> None:
    def reject(why: str) -> PackageRejected:
        return PackageRejected(Step.ZIP, f"Tên tệp “{name[:80]}” không an toàn: {why}.")

    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise reject("đường dẫn tuyệt đối")
    if "\\" in name:
        raise reject("chứa dấu gạch chéo ngược")
    if ".." in name.split("/"):
        raise reject("chứa “..”")
    if "/" in name:
        raise reject("gói không được có thư mục con")
    if not _SAFE_NAME.fullmatch(name):
        raise reject("chỉ được dùng chữ Latin không dấu, số, “.”, “_”, “-”")


def _check_kind(info: zipfile.ZipInfo) -> None:
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise PackageRejected(
            Step.ZIP, f"“{info.filename}” là liên kết (symlink), không được phép."
        )
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: the zip tool wrote no file type
        raise PackageRejected(Step.ZIP, f"“{info.filename}” không phải tệp thông thường.")
    if info.flag_bits & 0x1:
        raise PackageRejected(Step.ZIP, f"“{info.filename}” bị mã hóa, không đọc được.")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise PackageRejected(Step.ZIP, f"“{info.filename}” dùng kiểu nén không được hỗ trợ.")


def _read_members(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits
) -> dict[str, bytes]:
    members: dict[str, bytes] = {}
    budget = limits.max_total_bytes
    for info in infos:
        data = _read_member(archive, info, limits, budget)
        budget -= len(data)
        members[info.filename] = data
    return members


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: int
) -> bytes:
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                _check_growth(info, len(out), limits, budget)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise PackageRejected(Step.ZIP, f"Tệp “{info.filename}” trong gói bị hỏng.") from exc
    if len(out) != info.file_size:
        raise PackageRejected(Step.ZIP, f"Kích thước tệp “{info.filename}” không khớp.")
    return bytes(out)


def _check_growth(info: zipfile.ZipInfo, size: int, limits: Limits, budget: int) -> None:
    name = info.filename
    if size > limits.max_member_bytes:
        limit = _human(limits.max_member_bytes)
        raise PackageRejected(Step.LIMITS, f"Tệp “{name}” lớn hơn giới hạn {limit} khi giải nén.")
    if size > budget:
        limit = _human(limits.max_total_bytes)
        raise PackageRejected(Step.LIMITS, f"Tổng dung lượng giải nén vượt quá {limit}.")
    if size > limits.ratio_grace_bytes and size > limits.max_ratio * max(info.compress_size, 1):
        raise PackageRejected(
            Step.LIMITS, f"Tệp “{name}” có tỉ lệ nén bất thường (nghi là “bom zip”)."
        )

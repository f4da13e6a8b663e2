"""Read a received zip defensively: bounded sizes, safe names, members inflated under a budget.

The raw end record and central directory are checked first (carapp.sync.zipdir: ZIP64, entry
count, NUL in names, versions). Header sizes are never trusted: each member is inflated in
chunks while the bytes actually produced are counted against the per-member limit and the total
budget, so a zip bomb is stopped at those absolute limits instead of being inflated whole. The
compression ratio alone refuses nothing — a large plan's data.json of many similar rows
legitimately compresses 200:1 — it only words the message when a limit is hit ("bom zip").
"""

from __future__ import annotations

import errno
import hashlib
import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from carapp.sync.errors import PackageRejected, Step
from carapp.sync.validate import FILE_NAME_PATTERN
from carapp.sync.zipdir import check_directory

_MiB = 1024 * 1024
_CHUNK = 64 * 1024
_SAFE_NAME = re.compile(FILE_NAME_PATTERN)


@dataclass(frozen=True)
class Limits:
    """Bounds a received package must stay within (absolute sizes, not ratios).

    A 1,000-task plan with long texts and every progress record of five years makes a
    data.json of a few tens of MB; its PDFs a few MB each.
    """

    max_package_bytes: int = 64 * _MiB
    max_members: int = 64
    max_member_bytes: int = 96 * _MiB
    max_total_bytes: int = 192 * _MiB
    bomb_ratio: int = 100  # past a limit, a ratio above this is called a "zip bomb"


@dataclass(frozen=True)
class ZipContent:
    """The raw package, its SHA-256, and every member's bytes by name."""

    raw: bytes
    sha256: str
    members: dict[str, bytes]


def read_package_zip(path: str | Path, limits: Limits) -> ZipContent:
    """Read and check the zip at `path`; raise PackageRejected at step LIMITS or ZIP."""
    raw = _read_file(Path(path), limits)
    check_directory(raw, limits.max_members)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise PackageRejected(Step.ZIP, "Tệp không phải gói .zip hoặc đã bị hỏng.") from exc
    except NotImplementedError as exc:
        raise PackageRejected(Step.ZIP, "Gói dùng phiên bản nén không hỗ trợ.") from exc
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
        raise PackageRejected(Step.ZIP, f"Không đọc được tệp gói: {_os_reason(exc)}.") from exc
    if len(raw) > limits.max_package_bytes:
        size = _human(limits.max_package_bytes)
        raise PackageRejected(Step.LIMITS, f"Tệp gói lớn hơn giới hạn {size}.")
    return raw


_OS_REASONS = {
    errno.ENOENT: "không có tệp này",
    errno.EACCES: "không có quyền đọc",
    errno.EPERM: "không có quyền đọc",
    errno.EISDIR: "đây là một thư mục",
    errno.EIO: "lỗi đọc đĩa",
}


def _os_reason(exc: OSError) -> str:
    return _OS_REASONS.get(exc.errno or 0, f"lỗi hệ điều hành số {exc.errno}")


def _human(size: int) -> str:
    return f"{size // _MiB} MB" if size >= _MiB else f"{size} byte"


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    seen: set[str] = set()
    for info in infos:
        if info.orig_filename != info.filename:  # zipfile cut the name at a NUL byte
            raise PackageRejected(
                Step.ZIP, f"Tên tệp “{info.filename[:80]}…” chứa ký tự NUL, không an toàn."
            )
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
    except NotImplementedError as exc:  # zipfile: a version, flag or method it cannot extract
        raise PackageRejected(
            Step.ZIP, f"Tệp “{info.filename}” dùng phiên bản nén không hỗ trợ."
        ) from exc
    if len(out) != info.file_size:
        raise PackageRejected(Step.ZIP, f"Kích thước tệp “{info.filename}” không khớp.")
    return bytes(out)


def _check_growth(info: zipfile.ZipInfo, size: int, limits: Limits, budget: int) -> None:
    name = info.filename
    if size > limits.max_member_bytes:
        limit = _human(limits.max_member_bytes)
        raise PackageRejected(
            Step.LIMITS,
            f"Tệp “{name}” lớn hơn giới hạn {limit} khi giải nén{_bomb(info, size, limits)}.",
        )
    if size > budget:
        limit = _human(limits.max_total_bytes)
        raise PackageRejected(
            Step.LIMITS, f"Tổng dung lượng giải nén vượt quá {limit}{_bomb(info, size, limits)}."
        )


def _bomb(info: zipfile.ZipInfo, size: int, limits: Limits) -> str:
    if size > limits.bomb_ratio * max(info.compress_size, 1):
        return " (tỉ lệ nén bất thường, nghi là “bom zip”)"
    return ""

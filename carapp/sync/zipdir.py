"""Check a zip's end record and central directory from the raw bytes, before zipfile reads them.

zipfile trusts what it can work around: it ignores the entry count of the end record (a record
claiming 65,535 entries for 7 members passes), cuts a name at its first NUL byte (so
``data.json\\0/../../evil.sh`` is seen as ``data.json``), reads ZIP64 records and raises
NotImplementedError for versions it cannot extract. A package is a small plain zip written by
carapp (or re-zipped by a common tool), so anything else is refused here with its real cause.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from carapp.sync.errors import PackageRejected, Step

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_CENTRAL = b"PK\x01\x02"
_EOCD_SIZE = 22
_CENTRAL_SIZE = 46
_MAX_COMMENT = 65_535
_ZIP64_EXTRA = 0x0001
MAX_EXTRACT_VERSION = 45  # 2.0 deflate, 4.5 is the highest common tools write
_MAX_DIRECTORY_ENTRY = 1024  # bytes per central directory entry (name <= 100, extras)


@dataclass(frozen=True)
class EndRecord:
    """The end-of-central-directory record: where the directory is and what it claims."""

    position: int
    disk: int
    directory_disk: int
    entries_here: int
    entries: int
    size: int
    offset: int
    comment_length: int


def _zip(why: str) -> PackageRejected:
    return PackageRejected(Step.ZIP, why)


_ZIP64 = "Gói dùng định dạng ZIP64, không được chấp nhận (gói chỉ là tệp zip thông thường)."


def check_directory(raw: bytes, max_members: int) -> None:
    """Refuse ZIP64, multi-part zips, a lying end record and unsafe raw entries.

    Does nothing when no end record is found: zipfile then reports that it is not a zip.
    """
    end = find_end_record(raw)
    if end is None:
        return
    if end.position + _EOCD_SIZE + end.comment_length != len(raw):
        raise _zip("Tệp zip có dữ liệu lạ sau bản ghi cuối: gói đã bị sửa hoặc bị hỏng.")
    _check_end_record(raw, end, max_members)
    count = 0
    position = end.offset
    while position < end.offset + end.size:
        position = _check_entry(raw, position, end)
        count += 1
        if count > max_members:
            raise PackageRejected(Step.LIMITS, f"Gói có quá {max_members} tệp.")
    if position != end.offset + end.size or count != end.entries:
        raise _zip(
            f"Bản ghi cuối của tệp zip ghi {end.entries} tệp nhưng danh mục có {count} tệp: "
            "gói đã bị sửa hoặc bị hỏng."
        )


def find_end_record(raw: bytes) -> EndRecord | None:
    """Return the end record zipfile would use (its own search rule), if there is one."""
    if len(raw) >= _EOCD_SIZE and raw[-_EOCD_SIZE:][:4] == _EOCD and raw[-2:] == b"\0\0":
        position = len(raw) - _EOCD_SIZE  # zipfile's fast path: no comment
    else:
        position = raw.rfind(_EOCD, max(0, len(raw) - _EOCD_SIZE - _MAX_COMMENT))
    if position < 0:
        return None
    if position + _EOCD_SIZE > len(raw):
        raise _zip("Tệp không phải gói .zip hoặc đã bị hỏng.")
    fields = struct.unpack("<4s4H2LH", raw[position : position + _EOCD_SIZE])
    return EndRecord(position, *fields[1:])


def _check_end_record(raw: bytes, end: EndRecord, max_members: int) -> None:
    # 0xFFFF entries alone is no ZIP64 mark: the directory walk tells the real count.
    locator = end.position >= 20 and raw[end.position - 20 : end.position - 16] == _ZIP64_LOCATOR
    if locator or 0xFFFFFFFF in (end.size, end.offset):
        raise _zip(_ZIP64)
    if end.disk or end.directory_disk:
        raise _zip("Gói là tệp zip chia nhiều phần, không được chấp nhận.")
    if end.entries_here != end.entries:
        raise _zip("Bản ghi cuối của tệp zip tự mâu thuẫn về số tệp: gói đã bị sửa hoặc bị hỏng.")
    if end.size > max_members * _MAX_DIRECTORY_ENTRY:  # bounds the walk below
        if end.entries > max_members:
            raise PackageRejected(Step.LIMITS, f"Gói có quá {max_members} tệp.")
        raise PackageRejected(Step.LIMITS, "Danh mục tệp của gói lớn bất thường.")
    if end.offset + end.size != end.position:
        raise _zip("Danh mục tệp của gói không nằm đúng chỗ: gói đã bị sửa hoặc bị hỏng.")


def _check_entry(raw: bytes, position: int, end: EndRecord) -> int:
    """Check one central directory entry at `position`; return where the next one starts."""
    stop = end.offset + end.size
    if position + _CENTRAL_SIZE > stop or raw[position : position + 4] != _CENTRAL:
        raise _zip("Danh mục tệp của gói bị hỏng.")
    header = struct.unpack("<4s6H3L5H2L", raw[position : position + _CENTRAL_SIZE])
    needed, method = header[2], header[4]
    sizes = header[8:10] + header[16:17]
    name_length, extra_length, comment_length = header[10:13]
    name_end = position + _CENTRAL_SIZE + name_length
    after = name_end + extra_length + comment_length
    if after > stop:
        raise _zip("Danh mục tệp của gói bị hỏng.")
    if header[13]:
        raise _zip("Gói là tệp zip chia nhiều phần, không được chấp nhận.")
    name = raw[position + _CENTRAL_SIZE : name_end]
    shown = name.split(b"\0")[0].decode("utf-8", "replace")[:80]
    if b"\0" in name:
        raise _zip(f"Tên tệp “{shown}…” chứa ký tự NUL (tên bị cắt để đánh lừa), không an toàn.")
    if 0xFFFFFFFF in sizes or _has_zip64_extra(raw[name_end : name_end + extra_length]):
        raise _zip(_ZIP64)
    _check_method(shown, needed & 0xFF, method)
    return int(after)


def _check_method(shown: str, needed: int, method: int) -> None:
    if needed > MAX_EXTRACT_VERSION or method not in (0, 8):  # stored, deflated
        raise _zip(
            f"Tệp “{shown}” dùng phiên bản nén không hỗ trợ (phiên bản {needed // 10}."
            f"{needed % 10}, kiểu nén {method}); gói chỉ được dùng kiểu nén thông thường "
            "(Deflate) hoặc không nén."
        )


def _has_zip64_extra(extra: bytes) -> bool:
    position = 0
    while position + 4 <= len(extra):
        header_id, size = struct.unpack("<HH", extra[position : position + 4])
        if header_id == _ZIP64_EXTRA:
            return True
        position += 4 + size
    return False

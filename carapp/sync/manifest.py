"""manifest.json, format version 1: what a package claims to be and the hash of every file in it.

::

    {"format_version": 1, "kind": "report", "unit_code": "BLV", "unit_name": "…",
     "plan_ids": ["<uuid>", …], "period": "2026-Q1", "sequence": 7,
     "created_at": "2026-03-10T08:00:00+07:00", "app_version": "0.1.0",
     "files": [{"name": "data.json", "size": 1234, "sha256": "<hex>"}, …]}

Every key is required and no other key is allowed. ``files`` lists every member of the zip
except manifest.json and manifest.p7s, data.json included; names are plain file names (no
folders). ``sequence`` is per sending unit and strictly increasing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from carapp.sync.validate import (
    FILE_NAME_PATTERN,
    SchemaError,
    array,
    integer,
    iso_datetime,
    load_json,
    obj,
    one_of,
    period_code,
    sha256_hex,
    text,
    unit_code,
    uuid_text,
)

# 2: report tasks carry the outline (outline_parent_id, marker, is_heading). Version 1 packages
# are still read (their tasks get no outline). Assignments and receipts did not change, so they
# are still written as version 1: a unit whose app is older keeps reading the city's answers.
FORMAT_VERSION = 2
SUPPORTED_FORMAT_VERSIONS = (1, 2)


MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.p7s"
DATA_NAME = "data.json"
RESERVED_NAMES = (MANIFEST_NAME, SIGNATURE_NAME)


class Kind(StrEnum):
    """What a package carries."""

    REPORT = "report"
    ASSIGNMENTS = "assignments"
    RECEIPT = "receipt"

    @property
    def label(self) -> str:
        """Return the Vietnamese name shown to the user."""
        return {"report": "báo cáo", "assignments": "giao nhiệm vụ", "receipt": "biên nhận"}[self]


def format_version_for(kind: Kind | str) -> int:
    """Return the format version a package of this kind is written with."""
    return FORMAT_VERSION if Kind(kind) is Kind.REPORT else 1


_FILE = obj(
    {
        "name": text(max_len=100, pattern=FILE_NAME_PATTERN),
        "size": integer(minimum=0),
        "sha256": sha256_hex(),
    }
)
_SCHEMA = obj(
    {
        "format_version": integer(),
        "kind": one_of(k.value for k in Kind),
        "unit_code": unit_code(),
        "unit_name": text(min_len=1, max_len=300),
        "plan_ids": array(uuid_text(), max_items=100),
        "period": period_code(),
        "sequence": integer(minimum=1),
        "created_at": iso_datetime(),
        "app_version": text(min_len=1, max_len=50),
        "files": array(_FILE, min_items=1, max_items=1000),
    }
)


@dataclass(frozen=True)
class FileEntry:
    """One file of the package as the manifest lists it."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """A parsed manifest.json (see the module docstring for the JSON form)."""

    kind: Kind
    unit_code: str
    unit_name: str
    plan_ids: tuple[str, ...]
    period: str
    sequence: int
    created_at: datetime
    app_version: str
    files: tuple[FileEntry, ...]
    format_version: int = FORMAT_VERSION

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object, keys in the documented order."""
        return {
            "format_version": self.format_version,
            "kind": self.kind.value,
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "plan_ids": list(self.plan_ids),
            "period": self.period,
            "sequence": self.sequence,
            "created_at": self.created_at.isoformat(),
            "app_version": self.app_version,
            "files": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in self.files],
        }

    def to_bytes(self) -> bytes:
        """Return the UTF-8 bytes that are written, hashed and signed."""
        return (json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def parse_manifest(raw: bytes) -> Manifest:
    """Read manifest.json strictly; raise SchemaError with a Vietnamese message."""
    doc = load_json(raw, MANIFEST_NAME)
    if isinstance(doc, dict) and "format_version" in doc:
        version = doc["format_version"]
        if isinstance(version, bool) or not isinstance(version, int):
            raise SchemaError("$.format_version", "phiên bản định dạng gói phải là một số nguyên")
        if version not in SUPPORTED_FORMAT_VERSIONS:
            raise SchemaError(
                "$.format_version", f"phiên bản định dạng gói “{version}” không được hỗ trợ"
            )
    _SCHEMA(doc, "$")
    assert isinstance(doc, dict)
    files = tuple(FileEntry(f["name"], f["size"], f["sha256"]) for f in doc["files"])
    _check_file_names(files)
    return Manifest(
        kind=Kind(doc["kind"]),
        unit_code=doc["unit_code"],
        unit_name=doc["unit_name"],
        plan_ids=tuple(doc["plan_ids"]),
        period=doc["period"],
        sequence=doc["sequence"],
        created_at=datetime.fromisoformat(doc["created_at"]),
        app_version=doc["app_version"],
        files=files,
        format_version=doc["format_version"],
    )


def _check_file_names(files: tuple[FileEntry, ...]) -> None:
    names = [f.name for f in files]
    if len({n.casefold() for n in names}) != len(names):
        raise SchemaError("$.files", "có tên tệp bị lặp")
    if DATA_NAME not in names:
        raise SchemaError("$.files", f"thiếu {DATA_NAME}")
    for reserved in RESERVED_NAMES:
        if reserved in names:
            raise SchemaError("$.files", f"không được liệt kê {reserved}")

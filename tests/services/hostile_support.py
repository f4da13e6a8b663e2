"""Shared pieces of the hostile-package tests: the world, fresh city copies, refusal checks.

A hostile package must be refused for the right reason, and then the city's and the unit's
database files are byte-for-byte what they were (and no receipt was written).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import Engine

from carapp.services.sync.package_import import import_packages
from carapp.services.sync.report_package import build_report_package
from carapp.services.sync.results import ImportResult
from carapp.services.sync.snapshot_build import build_snapshot
from carapp.services.sync.trust import allow_certificate
from carapp.sync.cms import sign_detached
from carapp.sync.manifest import FileEntry, Kind, Manifest
from carapp.sync.pki import Signer, create_root_ca, issue_unit_certificate
from tests.services.test_sync_support import (
    BLV_NAME,
    NOW,
    Q1,
    START,
    WHO,
    World,
    clone_database,
    db_digest,
    make_world,
    record_q1,
)
from tests.sync.support import read_members, write_zip


@dataclass
class Setup:
    """The module's world, a good package (sequence 1) and what hostile packages are made from."""

    world: World
    good: Path
    second: Path  # sequence 2
    snapshot: dict[str, Any]
    intruder: Signer  # BLV's name, issued by a root the city does not trust
    chi: Signer  # another unit's valid key
    expired: Signer  # BLV, issued by the city's CA, expired


def make_setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """Build the world, two good BLV packages and the other keys."""
    world = make_world(tmp_path_factory.mktemp("hostile"))
    record_q1(world.unit)
    good = build_report_package(world.unit, Q1, world.unit_signer, world.folder("p1"), now=NOW)
    second = build_report_package(world.unit, Q1, world.unit_signer, world.folder("p2"), now=NOW)
    other_root = create_root_ca("Tổ chức giả mạo", "Tổ chức giả mạo", now=START)
    intruder = issue_unit_certificate(other_root, "BLV", BLV_NAME, not_before=START)
    chi = issue_unit_certificate(
        world.ca, "CHI", "Ủy ban nhân dân phường Chi Lăng", not_before=START
    )
    allow_certificate(world.city, WHO, "CHI", chi.certificate)
    expired = issue_unit_certificate(
        world.ca, "BLV", BLV_NAME, not_before=START - timedelta(days=400), not_after=START
    )
    allow_certificate(world.city, WHO, "BLV", expired.certificate)
    snapshot = build_snapshot(world.unit, "BLV", Q1)
    return Setup(world, good.path, second.path, snapshot, intruder, chi, expired)


@dataclass
class Attempt:
    """A fresh copy of the city's database and the digests to compare after the import."""

    city: Engine
    receipts: Path
    before: tuple[str, str]


def make_attempt(setup: Setup, tmp_path: Path) -> Attempt:
    """Copy the city's database for one test and remember both databases' digests."""
    city = clone_database(setup.world.city, tmp_path / "city.sqlite3")
    receipts = tmp_path / "bien-nhan"
    receipts.mkdir()
    return Attempt(city, receipts, (db_digest(city), db_digest(setup.world.unit)))


def folder_of(tmp_path: Path, **packages: Path) -> Path:
    """Return tmp_path/usb holding a copy of each package, named <key>.zip (an officer's USB)."""
    folder = tmp_path / "usb"
    folder.mkdir(exist_ok=True)
    for name, source in packages.items():
        shutil.copyfile(source, folder / f"{name}.zip")
    return folder


def import_one(setup: Setup, attempt: Attempt, path: Path) -> ImportResult:
    """Import one package at the city copy; return its result."""
    [result] = import_packages(
        attempt.city, [path], setup.world.city_signer, receipts_dir=attempt.receipts, now=NOW
    )
    return result


def assert_untouched(setup: Setup, attempt: Attempt) -> None:
    """Both databases are byte for byte as before, and no receipt was written."""
    assert (db_digest(attempt.city), db_digest(setup.world.unit)) == attempt.before
    assert list(attempt.receipts.iterdir()) == []


def refused(setup: Setup, attempt: Attempt, path: Path, step: str, why: str) -> ImportResult:
    """Import `path`: it must be refused at `step` with `why` in the reason, changing nothing."""
    result = import_one(setup, attempt, path)
    assert result.status == "rejected", result
    assert result.step == step, result.reason
    assert why in result.reason, result.reason
    assert_vietnamese(result.reason)
    assert_untouched(setup, attempt)
    return result


_ENGLISH = (
    "None",
    "Error",
    "error",
    "FAILURE",
    "Exception",
    "Traceback",
    "invalid",
    "failed",
    "Expecting",
    "limit",
    "the ",
    " of ",
    "not ",
)


def assert_vietnamese(reason: str) -> None:
    """A reason carries no library fragment: no None, no exception names, no English codes."""
    assert reason and not any(word in reason for word in _ENGLISH), reason
    assert not re.search(r"[A-Z]{3,}_[A-Z_]+", reason), reason  # CHAIN_CONSTRAINTS_FAILURE …


def rezip(
    setup: Setup, tmp_path: Path, edit: Callable[[dict[str, bytes]], dict[str, bytes]]
) -> Path:
    """Return the good package with its members edited and zipped again."""
    members = edit(dict(read_members(setup.good)))
    return write_zip(tmp_path / "sua.zip", members.items())


def forged(
    setup: Setup,
    tmp_path: Path,
    data: bytes,
    files: dict[str, bytes] | None = None,
    signer: Signer | None = None,
    sign: Callable[[bytes], bytes] | None = None,
    **manifest: Any,
) -> Path:
    """Sign (with BLV's real, pinned key unless `signer`) a manifest over the data we like."""
    contents = {"data.json": data, **(files or {})}
    entries = tuple(
        FileEntry(n, len(b), hashlib.sha256(b).hexdigest()) for n, b in contents.items()
    )
    plans = tuple(p["id"] for p in setup.snapshot["plans"])
    fields: dict[str, Any] = {
        "kind": Kind.REPORT,
        "unit_code": "BLV",
        "unit_name": BLV_NAME,
        "plan_ids": plans,
        "period": "2026-Q1",
        "sequence": 50,
        "created_at": NOW,
        "app_version": "0.1.0",
        "files": entries,
        **manifest,
    }
    raw = Manifest(**fields).to_bytes()
    key = signer or setup.world.unit_signer
    signature = sign(raw) if sign else sign_detached(raw, key)
    members = {"manifest.json": raw, "manifest.p7s": signature, **contents}
    name = f"gia-{hashlib.sha256(raw).hexdigest()[:8]}.zip"
    return write_zip(tmp_path / name, members.items())


def raw_json(data: Any) -> bytes:
    """Encode like data.json but with \\uXXXX escapes, so lone surrogates can be written."""
    return json.dumps(data, ensure_ascii=True, indent=1, sort_keys=True).encode("ascii")


def created(when: datetime) -> datetime:
    """Return `when` without microseconds, as manifests carry it."""
    return when.replace(microsecond=0)


def issue_with_usage(
    ca: Signer, code: str, usage: x509.KeyUsage | None, *, ca_flag: bool = False
) -> Signer:
    """Issue a BLV-like certificate from `ca` with the given keyUsage (None: no extension)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"CCHC:{code}"),
            x509.NameAttribute(NameOID.COMMON_NAME, BLV_NAME),
        ]
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(START)
        .not_valid_after(START + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca_flag, path_length=None), critical=True)
    )
    if usage is not None:
        builder = builder.add_extension(usage, critical=True)
    cert = builder.sign(ca.private_key, hashes.SHA256())
    return Signer(cert, key, (ca.certificate,))


def key_usage(*, signature: bool = False, encipherment: bool = False) -> x509.KeyUsage:
    """Return a keyUsage with digitalSignature and/or keyEncipherment only."""
    return x509.KeyUsage(signature, False, encipherment, False, False, False, False, False, False)

"""The bodies of received packages: the record of what arrived, kept addressable.

The city keeps, for every package it imports, its manifest.json and manifest.p7s as received
and its data.json compressed (zlib), in table package_body keyed by the manifest's SHA-256 —
the `sha256` of the package's PackageRecord, and the value of the one audit entry of every row
that package created. So the audit log need not copy every field of every new row: the signed
package says what arrived, and `verify_body` checks again, at any time, that the stored
data.json is the one the unit signed. The PDFs and spreadsheets are not kept (they are views
of the same data, and 100 times larger).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Table, insert, select
from sqlmodel import Session

from carapp.db.models import PackageBody
from carapp.services.common import reading
from carapp.sync.manifest import DATA_NAME, parse_manifest
from carapp.sync.package import VerifiedPackage

BODY: Table = PackageBody.__table__  # type: ignore[attr-defined]


def store_body(session: Session, package: VerifiedPackage, data_zlib: bytes, at: datetime) -> None:
    """Keep the body of an imported package (once: a copy is already there when re-sent)."""
    conn = session.connection()
    key = package.manifest_sha256
    if conn.execute(select(BODY.c.sha256).where(BODY.c.sha256 == key)).first() is not None:
        return
    row = {
        "sha256": key,
        "manifest": package.manifest_bytes,
        "signature": package.signature,
        "data_zlib": data_zlib,
        "received_at": at,
    }
    conn.execute(insert(BODY), [row])


def package_data(engine: Engine, manifest_sha256: str) -> dict[str, Any] | None:
    """Return the data.json a package carried, by its manifest SHA-256 (None when unknown)."""
    with reading(engine) as session:
        body = session.get(PackageBody, manifest_sha256)
    if body is None:
        return None
    result: dict[str, Any] = json.loads(zlib.decompress(body.data_zlib))
    return result


def verify_body(engine: Engine, manifest_sha256: str) -> bool:
    """Tell whether a stored body is intact: manifest hash and data.json hash as signed."""
    with reading(engine) as session:
        body = session.get(PackageBody, manifest_sha256)
    if body is None or hashlib.sha256(body.manifest).hexdigest() != manifest_sha256:
        return False
    listed = {f.name: f.sha256 for f in parse_manifest(body.manifest).files}
    data = zlib.decompress(body.data_zlib)
    return listed.get(DATA_NAME) == hashlib.sha256(data).hexdigest()

"""This database's sync set-up: its settings keys, mode and own unit, sequence numbers.

Everything lives in the `setting` table (key/value), written with an audit entry:

- ``mode``: ``unit`` (the default) or ``city``; ``own_unit_code``: the unit this database speaks
  for (the city's own code, e.g. ``HP``, in city mode);
- ``sync.trust_store``: the `TrustStore` JSON (root certificates and, per unit code, the
  fingerprints of the certificates allowed to sign for it);
- ``sync.root_pem``: the city's root certificate (PEM); ``sync.city_pem`` (city mode): the
  city's own signing certificate (PEM), put in every unit key file the city issues;
- ``sync.crls``: the newest revocation list (CRL, PEM) of each trusted root, by the root's
  fingerprint (services/sync/revocation.py); `trust_of` folds them into `TrustStore.revoked`;
- ``sync.sequence.<CODE>``: the last sequence number this database put on a package it sent;
- ``sync.key_file`` / ``sync.ca_key_file``: where this machine keeps its PKCS#12 files (paths
  only: the key files stay files on disk, and no passphrase is ever stored).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, func, select

from carapp.db.models import PackageRecord, Setting, Unit
from carapp.services.common import NotFound, ServiceError, reading, transaction
from carapp.services.settings import get_setting, put_setting
from carapp.services.sync.mode import (
    MODE_KEY,
    MODES,
    OWN_UNIT_KEY,
    mode_of,
    own_code_of,
)
from carapp.sync.pki import (
    certificate_from_pem,
    fingerprint,
)

TRUST_KEY = "sync.trust_store"
ROOT_KEY = "sync.root_pem"
CITY_CERT_KEY = "sync.city_pem"
KEY_FILE_KEY = "sync.key_file"
CA_FILE_KEY = "sync.ca_key_file"
SEQUENCE_PREFIX = "sync.sequence."
CRLS_KEY = "sync.crls"


@dataclass(frozen=True)
class SyncSettings:
    """This database's role: mode, own unit, where its key files are, the city's root."""

    mode: str
    own_unit_code: str
    own_unit_name: str
    key_file: str
    ca_key_file: str
    root_fingerprint: str

    @property
    def is_city(self) -> bool:
        """Tell whether this database runs in city mode."""
        return self.mode == "city"

    @property
    def mode_label(self) -> str:
        """Return the mode in Vietnamese."""
        return MODES.get(self.mode, self.mode)


def sync_settings(engine: Engine) -> SyncSettings:
    """Return this database's sync settings."""
    with reading(engine) as session:
        code = own_code_of(session)
        unit = session.exec(select(Unit).where(Unit.code == code)).first() if code else None
        root = get_setting(session, ROOT_KEY)
        return SyncSettings(
            mode=mode_of(session),
            own_unit_code=code,
            own_unit_name=unit.name if unit else "",
            key_file=get_setting(session, KEY_FILE_KEY),
            ca_key_file=get_setting(session, CA_FILE_KEY),
            root_fingerprint=fingerprint(certificate_from_pem(root)) if root else "",
        )


def set_mode(
    engine: Engine,
    who: str,
    mode: str,
    own_unit_code: str | None = None,
    key_file: str | Path | None = None,
) -> SyncSettings:
    """Set this database's mode, and optionally its own unit and its key file's path."""
    if mode not in MODES:
        raise ServiceError(f"Chế độ không hợp lệ: “{mode}” (chỉ nhận: unit, city).")
    with transaction(engine) as session:
        put_setting(session, who, MODE_KEY, mode)
        if own_unit_code:
            code = own_unit_code.strip()
            if session.exec(select(Unit).where(Unit.code == code)).first() is None:
                raise NotFound(f"Không có đơn vị mã “{code}” trong cơ sở dữ liệu.")
            put_setting(session, who, OWN_UNIT_KEY, code)
        if key_file:
            put_setting(session, who, KEY_FILE_KEY, str(Path(key_file).expanduser().resolve()))
    return sync_settings(engine)


# --- sequences ------------------------------------------------------------------------------


def next_sequence(session: Session, who: str, code: str) -> int:
    """Reserve the next outgoing sequence number of `code` inside the caller's transaction."""
    key = SEQUENCE_PREFIX + code
    row = session.get(Setting, key)  # held: put_setting finds it without reading it again
    stored = int(row.value or 0) if row is not None else 0
    recorded = session.exec(
        select(func.max(PackageRecord.sequence)).where(
            PackageRecord.direction == "out", PackageRecord.unit_code == code
        )
    ).one()
    sequence = max(stored, recorded or 0) + 1
    put_setting(session, who, key, str(sequence))
    return sequence

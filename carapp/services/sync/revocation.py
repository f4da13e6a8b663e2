"""Revoking certificates: the city's signed revocation list (CRL), published and imported.

At the city, `revoke` adds a certificate (by serial number, issued by the city's CA) to the
city's CRL, signs a new CRL with the CA key (CRL number + 1) and stops allowing that
certificate for any unit. The CRL goes out in every assignments package (`thu-hoi.crl`) and can
be handed over as a file; `import_crl` (units, or another city database) accepts it only when a
trusted root signed it and it is newer than the one kept. From then on `trust_of` carries the
revoked serials and every verification refuses those signers ("chứng thư số đã bị thu hồi").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import Engine
from sqlmodel import Session

from carapp.services.common import ServiceError, reading, transaction
from carapp.services.settings import get_setting, put_setting
from carapp.services.sync.mode import mode_of
from carapp.services.sync.setup import CRLS_KEY, ROOT_KEY
from carapp.services.sync.trust import save_trust, stored_crls, trust_of
from carapp.sync.crl import (
    CrlError,
    Revoked,
    build_crl,
    crl_number,
    crl_to_pem,
    issuing_root,
    read_crl,
    revoked_of,
)
from carapp.sync.pki import Signer, certificate_from_pem, fingerprint


@dataclass(frozen=True)
class CrlSummary:
    """A revocation list as the user sees it."""

    issuer: str
    number: int
    serials: tuple[int, ...]
    changed: bool


def _summary(crl: x509.CertificateRevocationList, changed: bool) -> CrlSummary:
    serials = tuple(sorted(r.serial for r in revoked_of(crl)))
    return CrlSummary(crl.issuer.rfc4514_string(), crl_number(crl), serials, changed)


def _store(
    session: Session, who: str, root: x509.Certificate, crl: x509.CertificateRevocationList
) -> None:
    crls = {key: crl_to_pem(value) for key, value in stored_crls(session).items()}
    crls[fingerprint(root)] = crl_to_pem(crl)
    put_setting(session, who, CRLS_KEY, json.dumps(crls, sort_keys=True))


def revoke(
    engine: Engine,
    who: str,
    ca: Signer,
    serial: int,
    *,
    certificate: x509.Certificate | None = None,
    now: datetime | None = None,
) -> CrlSummary:
    """Revoke the certificate with `serial` (issued by the city's CA `ca`): a new signed CRL."""
    moment = now or datetime.now(UTC)
    with transaction(engine) as session:
        root_pem = get_setting(session, ROOT_KEY)
        if mode_of(session) != "city" or not root_pem:
            raise ServiceError(
                "Chỉ thành phố (đã khởi tạo chứng thư gốc) mới thu hồi chứng thư số."
            )
        root = certificate_from_pem(root_pem)
        if fingerprint(root) != fingerprint(ca.certificate):
            raise ServiceError("Tệp khóa CA này không phải chứng thư gốc của thành phố.")
        if certificate is not None and certificate.issuer != root.subject:
            raise ServiceError(
                "Chứng thư này không do thành phố cấp; thành phố chỉ thu hồi chứng thư mình cấp."
            )
        current = stored_crls(session).get(fingerprint(root))
        entries = revoked_of(current) if current is not None else []
        if any(e.serial == serial for e in entries):
            raise ServiceError(f"Chứng thư số sê-ri {serial:X} đã bị thu hồi trước đó.")
        number = (crl_number(current) if current is not None else 0) + 1
        crl = build_crl(ca, [*entries, Revoked(serial, moment)], number, moment)
        _store(session, who, root, crl)
        if certificate is not None:
            store = trust_of(session)
            print_ = fingerprint(certificate)
            for code in list(store.allowed):
                if print_ in store.allowed[code]:
                    store.allowed[code].remove(print_)
                    if not store.allowed[code]:
                        del store.allowed[code]
            save_trust(session, who, store)
    return _summary(crl, True)


def store_crl(session: Session, who: str, crl: x509.CertificateRevocationList) -> bool:
    """Keep `crl` when a trusted root signed it and it is newer; inside the caller's transaction."""
    try:
        root = issuing_root(crl, trust_of(session).root_certificates())
    except CrlError as exc:
        raise ServiceError(str(exc)) from exc
    current = stored_crls(session).get(fingerprint(root))
    if current is not None and crl_number(current) >= crl_number(crl):
        return False
    _store(session, who, root, crl)
    return True


def import_crl(engine: Engine, who: str, raw: bytes) -> CrlSummary:
    """Import a CRL file (PEM or DER); refuse one no trusted root signed."""
    try:
        crl = read_crl(raw)
    except CrlError as exc:
        raise ServiceError(str(exc)) from exc
    with transaction(engine) as session:
        changed = store_crl(session, who, crl)
    return _summary(crl, changed)


def city_crl(engine: Engine) -> bytes | None:
    """Return the city's own CRL (DER) to publish, or None when it has revoked nothing."""
    with reading(engine) as session:
        root_pem = get_setting(session, ROOT_KEY)
        if not root_pem:
            return None
        crl = stored_crls(session).get(fingerprint(certificate_from_pem(root_pem)))
    return crl.public_bytes(serialization.Encoding.DER) if crl is not None else None


def crl_summaries(engine: Engine) -> list[CrlSummary]:
    """Return every CRL this database keeps."""
    with reading(engine) as session:
        return [_summary(crl, False) for crl in stored_crls(session).values()]

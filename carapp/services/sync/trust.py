"""What this database trusts: root certificates, the certificates allowed per unit, revoked ones."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from sqlalchemy import Engine
from sqlmodel import Session, select

from carapp.db.models import Unit
from carapp.domain.os_errors import os_reason
from carapp.services.common import ServiceError, reading, transaction
from carapp.services.settings import get_setting, put_setting
from carapp.services.sync.mode import (
    mode_of,
)
from carapp.services.sync.setup import CRLS_KEY, ROOT_KEY, TRUST_KEY
from carapp.sync.crl import CrlError, read_crl, revoked_serials
from carapp.sync.pki import (
    Signer,
    TrustStore,
    certificate_to_pem,
    fingerprint,
    unit_code_of,
)
from carapp.sync.validate import SchemaError, unit_code

# --- trust store -------------------------------------------------------------------------------


def trust_of(session: Session) -> TrustStore:
    """Return the trust store kept in this database (empty when none yet), with revocations."""
    raw = get_setting(session, TRUST_KEY)
    try:
        store = TrustStore.from_json(raw) if raw else TrustStore()
    except (SchemaError, ValueError) as exc:
        raise ServiceError(f"Kho chứng thư tin cậy trong cơ sở dữ liệu bị hỏng: {exc}") from exc
    store.revoked = revoked_serials(stored_crls(session).values())
    return store


def stored_crls(session: Session) -> dict[str, x509.CertificateRevocationList]:
    """Return the CRLs this database keeps, by the fingerprint of the root that signed each."""
    raw = get_setting(session, CRLS_KEY)
    if not raw:
        return {}
    try:
        return {root: read_crl(pem.encode("ascii")) for root, pem in json.loads(raw).items()}
    except (ValueError, CrlError, AttributeError, TypeError) as exc:
        raise ServiceError("Danh sách thu hồi chứng thư trong cơ sở dữ liệu bị hỏng.") from exc


def load_trust(engine: Engine) -> TrustStore:
    """Return the trust store kept in this database."""
    with reading(engine) as session:
        return trust_of(session)


def save_trust(session: Session, who: str, store: TrustStore) -> None:
    """Store the trust store inside the caller's transaction (audited)."""
    put_setting(session, who, TRUST_KEY, store.to_json())


@dataclass(frozen=True)
class CertificateView:
    """A trusted root certificate as the user sees it."""

    subject: str
    fingerprint: str
    not_after: datetime


@dataclass(frozen=True)
class AllowedView:
    """A certificate fingerprint allowed to sign for a unit code."""

    unit_code: str
    unit_name: str
    fingerprint: str


@dataclass(frozen=True)
class TrustView:
    """The trust store: roots and the allowed certificates per unit."""

    roots: list[CertificateView]
    allowed: list[AllowedView]


def trust_view(engine: Engine) -> TrustView:
    """Return the trust store for display."""
    with reading(engine) as session:
        store = trust_of(session)
        names = {u.code: u.name for u in session.exec(select(Unit))}
    roots = [
        CertificateView(c.subject.rfc4514_string(), fingerprint(c), c.not_valid_after_utc)
        for c in store.root_certificates()
    ]
    allowed = [
        AllowedView(code, names.get(code, ""), print_)
        for code in sorted(store.allowed)
        for print_ in store.allowed[code]
    ]
    return TrustView(roots, allowed)


def read_certificate(path: str | Path) -> x509.Certificate:
    """Read a certificate file (PEM or DER); a clear Vietnamese error when it is none."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ServiceError(f"Không đọc được tệp chứng thư “{path}”: {os_reason(exc)}.") from exc
    try:
        if b"-----BEGIN" in raw:
            return x509.load_pem_x509_certificate(raw)
        return x509.load_der_x509_certificate(raw)
    except ValueError as exc:
        raise ServiceError(f"Tệp “{path}” không phải chứng thư số X.509.") from exc


def add_root(engine: Engine, who: str, cert: x509.Certificate) -> str:
    """Trust a root certificate (the city's); return its fingerprint."""
    constraints = basic_constraints(cert)
    if constraints is None or not constraints.ca:
        raise ServiceError(
            "Chứng thư này không phải chứng thư gốc (CA), không thêm vào kho tin cậy."
        )
    with transaction(engine) as session:
        store = trust_of(session)
        store.add_root(cert)
        save_trust(session, who, store)
        if not get_setting(session, ROOT_KEY):
            put_setting(session, who, ROOT_KEY, certificate_to_pem(cert))
    return fingerprint(cert)


def basic_constraints(cert: x509.Certificate) -> x509.BasicConstraints | None:
    """Return a certificate's BasicConstraints extension, or None."""
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return None


def checked_code(code: str) -> str:
    """Return `code` when it is a valid unit code; refuse it in Vietnamese otherwise."""
    try:
        unit_code()(code, "unit_code")
    except SchemaError as exc:
        raise ServiceError(
            f"Mã đơn vị “{code}” không hợp lệ (chữ in hoa, số và “-”, 2–16 ký tự)."
        ) from exc
    return code


def allow_certificate(engine: Engine, who: str, code: str, cert: x509.Certificate) -> str:
    """Allow a certificate to sign packages for a unit code; return its fingerprint."""
    checked_code(code)
    with transaction(engine) as session:
        store = trust_of(session)
        store.allow(code, cert)
        save_trust(session, who, store)
    return fingerprint(cert)


def revoke_certificate(engine: Engine, who: str, code: str, cert_fingerprint: str) -> bool:
    """Stop trusting a certificate for a unit code; return whether it was allowed."""
    wanted = cert_fingerprint.strip().lower().replace(":", "")
    with transaction(engine) as session:
        store = trust_of(session)
        prints = store.allowed.get(code, [])
        if wanted not in prints:
            return False
        prints.remove(wanted)
        if not prints:
            del store.allowed[code]
        save_trust(session, who, store)
    return True


def is_self_signed_ca(cert: x509.Certificate) -> bool:
    """Tell whether `cert` is a self-signed CA certificate (a root)."""
    constraints = basic_constraints(cert)
    return (
        constraints is not None
        and constraints.ca
        and cert.subject == cert.issuer
        and issued_by(cert, cert)
    )


def issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Tell whether `cert` was directly issued and signed by `issuer`."""
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def trust_issuer_from(engine: Engine, who: str, signer: Signer) -> bool:
    """Trust the city that issued this unit's key, from the certificates in its key file.

    Every self-signed CA certificate of `signer.chain` that issued the unit's own certificate
    becomes a trusted root, and each other certificate of the chain issued by such a root,
    not a CA and bound to another unit code (the city's signing certificate), is allowed for
    that code. Certificates of a root that did not issue the unit's own are ignored. Unit mode
    only; idempotent. Return whether the trust store changed.
    """
    own = signer.certificate
    own_code = unit_code_of(own)
    roots = [c for c in signer.chain if is_self_signed_ca(c) and issued_by(own, c)]
    if own_code is None or not roots:
        return False
    root_prints = {fingerprint(r) for r in roots}
    allowed: list[tuple[str, x509.Certificate]] = []
    for cert in signer.chain:
        code = unit_code_of(cert)
        constraints = basic_constraints(cert)
        if (
            fingerprint(cert) in root_prints
            or fingerprint(cert) == fingerprint(own)
            or code is None
            or code == own_code
            or constraints is None
            or constraints.ca
            or not any(issued_by(cert, r) for r in roots)
        ):
            continue
        allowed.append((code, cert))
    with transaction(engine) as session:
        if mode_of(session) != "unit":
            return False
        store = trust_of(session)
        for root in roots:
            store.add_root(root)
        for code, cert in allowed:
            store.allow(code, cert)
        changed = put_setting(session, who, TRUST_KEY, store.to_json())
        if not get_setting(session, ROOT_KEY):
            put_setting(session, who, ROOT_KEY, certificate_to_pem(roots[0]))
    return changed

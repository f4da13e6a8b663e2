"""This database's role in sync and what it trusts: mode, own unit, trust store, sequences, keys.

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

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from carapp.db.models import PackageRecord, Unit
from carapp.domain.os_errors import os_reason
from carapp.domain.text import clean
from carapp.fileio import atomic_write_bytes
from carapp.services.audit import log_create
from carapp.services.common import NotFound, ServiceError, reading, transaction
from carapp.services.settings import get_setting, put_setting
from carapp.services.sync.mode import (
    MODE_KEY,
    MODES,
    OWN_UNIT_KEY,
    mode_of,
    own_code_of,
)
from carapp.sync.crl import CrlError, read_crl, revoked_serials
from carapp.sync.pki import (
    KeyFileError,
    Signer,
    TrustStore,
    certificate_from_pem,
    certificate_to_pem,
    create_root_ca,
    export_pkcs12,
    fingerprint,
    issue_unit_certificate,
    load_pkcs12,
    unit_code_of,
)
from carapp.sync.validate import SchemaError, unit_code

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


def _save_trust(session: Session, who: str, store: TrustStore) -> None:
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
    constraints = _basic_constraints(cert)
    if constraints is None or not constraints.ca:
        raise ServiceError(
            "Chứng thư này không phải chứng thư gốc (CA), không thêm vào kho tin cậy."
        )
    with transaction(engine) as session:
        store = trust_of(session)
        store.add_root(cert)
        _save_trust(session, who, store)
        if not get_setting(session, ROOT_KEY):
            put_setting(session, who, ROOT_KEY, certificate_to_pem(cert))
    return fingerprint(cert)


def _basic_constraints(cert: x509.Certificate) -> x509.BasicConstraints | None:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return None


def _check_code(code: str) -> str:
    try:
        unit_code()(code, "unit_code")
    except SchemaError as exc:
        raise ServiceError(
            f"Mã đơn vị “{code}” không hợp lệ (chữ in hoa, số và “-”, 2–16 ký tự)."
        ) from exc
    return code


def allow_certificate(engine: Engine, who: str, code: str, cert: x509.Certificate) -> str:
    """Allow a certificate to sign packages for a unit code; return its fingerprint."""
    _check_code(code)
    with transaction(engine) as session:
        store = trust_of(session)
        store.allow(code, cert)
        _save_trust(session, who, store)
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
        _save_trust(session, who, store)
    return True


# --- sequences ------------------------------------------------------------------------------


def next_sequence(session: Session, who: str, code: str) -> int:
    """Reserve the next outgoing sequence number of `code` inside the caller's transaction."""
    key = SEQUENCE_PREFIX + code
    stored = int(get_setting(session, key, "0") or 0)
    recorded = session.exec(
        select(func.max(PackageRecord.sequence)).where(
            PackageRecord.direction == "out", PackageRecord.unit_code == code
        )
    ).one()
    sequence = max(stored, recorded or 0) + 1
    put_setting(session, who, key, str(sequence))
    return sequence


# --- keys ------------------------------------------------------------------------------------


def load_key(path: str | Path, passphrase: str) -> Signer:
    """Open a PKCS#12 key file with its passphrase; Vietnamese errors for the usual mistakes."""
    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise ServiceError(f"Không đọc được tệp khóa “{path}”: {os_reason(exc)}.") from exc
    try:
        return load_pkcs12(raw, passphrase)
    except KeyFileError as exc:
        raise ServiceError(str(exc)) from exc


def check_signer(signer: Signer, code: str, now: datetime | None = None) -> None:
    """Refuse a key that is not valid now or was issued to another unit."""
    cert = signer.certificate
    moment = now or datetime.now(UTC)
    if moment > cert.not_valid_after_utc:
        day = cert.not_valid_after_utc.strftime("%d/%m/%Y")
        raise ServiceError(f"Chứng thư số của tệp khóa đã hết hạn từ ngày {day}.")
    embedded = unit_code_of(cert)
    if embedded is not None and embedded != code:
        raise ServiceError(f"Tệp khóa này cấp cho đơn vị {embedded}, không phải đơn vị {code}.")


@dataclass(frozen=True)
class CityKeys:
    """What init-city made: the files written and the fingerprints to compare by phone."""

    city_code: str
    key_file: Path
    ca_key_file: Path
    root_pem_file: Path
    city_pem_file: Path
    root_fingerprint: str
    city_fingerprint: str


def city_files(key_file: Path) -> tuple[Path, Path, Path]:
    """Return the CA key file, root PEM and city certificate PEM written beside `key_file`."""
    stem = key_file.with_suffix("")
    return (
        stem.with_name(stem.name + "-ca.p12"),
        stem.with_name(stem.name + "-goc.pem"),
        stem.with_name(stem.name + "-chung-thu.pem"),
    )


def init_city(
    engine: Engine,
    who: str,
    code: str,
    name: str,
    key_file: str | Path,
    passphrase: str,
    *,
    organization: str = "",
    now: datetime | None = None,
) -> CityKeys:
    """Make this database the city's: a root CA and the city's own signing key, both on disk.

    Writes `key_file` (the city's signing key, PKCS#12), ``<name>-ca.p12`` beside it (the root
    CA's key, which issues unit keys), ``<name>-goc.pem`` (the root certificate units trust) and
    ``<name>-chung-thu.pem`` (the city's certificate units allow for `code`). Both key files are
    protected by `passphrase`, which is not stored. Refused when a root already exists.
    """
    _check_code(code)
    name = clean(name)
    if not name:
        raise ServiceError("Hãy nhập tên cơ quan thành phố.")
    if len(passphrase) < 8:
        raise ServiceError("Mật khẩu tệp khóa phải có ít nhất 8 ký tự.")
    target = Path(key_file).expanduser().resolve()
    ca_file, root_pem, city_pem = city_files(target)
    with reading(engine) as session:
        if get_setting(session, ROOT_KEY):
            raise ServiceError(
                "Cơ sở dữ liệu này đã có chứng thư gốc của thành phố; không khởi tạo lại."
            )
    root = create_root_ca(organization or name, f"{name} - CA", now=now)
    city = issue_unit_certificate(root, code, name, years=10, not_before=now)
    written: list[Path] = []
    try:
        for path, content in (
            (ca_file, export_pkcs12(root, passphrase, "carapp-ca")),
            (target, export_pkcs12(city, passphrase, f"carapp-{code}")),
            (root_pem, certificate_to_pem(root.certificate).encode("ascii")),
            (city_pem, certificate_to_pem(city.certificate).encode("ascii")),
        ):
            atomic_write_bytes(path, content, private=path.suffix == ".p12")
            written.append(path)
        with transaction(engine) as session:
            unit = session.exec(select(Unit).where(Unit.code == code)).first()
            if unit is None:
                unit = Unit(code=code, name=name, kind="city")
                session.add(unit)
                log_create(session, who, unit)
            store = trust_of(session)
            store.add_root(root.certificate)
            store.allow(code, city.certificate)
            _save_trust(session, who, store)
            put_setting(session, who, ROOT_KEY, certificate_to_pem(root.certificate))
            put_setting(session, who, CITY_CERT_KEY, certificate_to_pem(city.certificate))
            put_setting(session, who, MODE_KEY, "city")
            put_setting(session, who, OWN_UNIT_KEY, code)
            put_setting(session, who, KEY_FILE_KEY, str(target))
            put_setting(session, who, CA_FILE_KEY, str(ca_file))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return CityKeys(
        code, target, ca_file, root_pem, city_pem, fingerprint(root.certificate), city.fingerprint
    )


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _city_certificate(session: Session, root: x509.Certificate) -> x509.Certificate | None:
    """Return the city's signing certificate (issued by `root`, allowed for the city's code)."""
    pem = get_setting(session, CITY_CERT_KEY)
    try:
        if pem:
            cert = certificate_from_pem(pem)
        else:  # a city set up before the setting existed: the PEM init_city wrote
            key_file = get_setting(session, KEY_FILE_KEY)
            if not key_file:
                return None
            cert = read_certificate(city_files(Path(key_file))[2])
    except (ServiceError, ValueError):
        return None
    code = own_code_of(session)
    if (
        unit_code_of(cert) != code
        or not _issued_by(cert, root)
        or not trust_of(session).is_allowed(code, fingerprint(cert))
    ):
        return None
    return cert


@dataclass(frozen=True)
class IssuedKey:
    """A unit key file the city issued."""

    unit_code: str
    unit_name: str
    path: Path
    fingerprint: str
    subject: str
    not_after: datetime


def issue_unit_key(
    engine: Engine,
    who: str,
    ca: Signer,
    code: str,
    name: str,
    out: str | Path,
    passphrase: str,
    *,
    years: int = 3,
    kind: str = "office",
    now: datetime | None = None,
) -> IssuedKey:
    """Issue a unit's signing key (PKCS#12 at `out`) and allow it for `code` in the trust store.

    The unit is added to the city's units when missing. City mode only; `ca` must be the root
    CA this database trusts. The key file also carries the root certificate and the city's own
    signing certificate, so that the unit trusts both on its own (`trust_issuer_from`).
    """
    _check_code(code)
    if len(passphrase) < 8:
        raise ServiceError("Mật khẩu tệp khóa phải có ít nhất 8 ký tự.")
    with reading(engine) as session:
        if mode_of(session) != "city":
            raise ServiceError("Chỉ cơ sở dữ liệu ở chế độ thành phố mới cấp khóa cho đơn vị.")
        root_pem = get_setting(session, ROOT_KEY)
        existing = session.exec(select(Unit).where(Unit.code == code)).first()
        if not root_pem or fingerprint(certificate_from_pem(root_pem)) != fingerprint(
            ca.certificate
        ):
            raise ServiceError(
                "Tệp khóa CA này không phải chứng thư gốc của thành phố đã khởi tạo."
            )
        city_cert = _city_certificate(session, ca.certificate)
    unit_name = clean(name) or (existing.name if existing else "")
    if not unit_name:
        raise ServiceError(f"Hãy nhập tên đơn vị {code} (--name).")
    issued = issue_unit_certificate(ca, code, unit_name, years=years, not_before=now)
    if city_cert is not None:
        issued = Signer(issued.certificate, issued.private_key, (*issued.chain, city_cert))
    path = Path(out).expanduser().resolve()
    atomic_write_bytes(path, export_pkcs12(issued, passphrase, f"carapp-{code}"), private=True)
    try:
        with transaction(engine) as session:
            if session.exec(select(Unit).where(Unit.code == code)).first() is None:
                city = session.exec(select(Unit).where(Unit.code == own_code_of(session))).first()
                unit = Unit(
                    code=code, name=unit_name, kind=kind, parent_id=city.id if city else None
                )
                session.add(unit)
                log_create(session, who, unit)
            store = trust_of(session)
            store.allow(code, issued.certificate)
            _save_trust(session, who, store)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    cert = issued.certificate
    return IssuedKey(
        code,
        unit_name,
        path,
        issued.fingerprint,
        cert.subject.rfc4514_string(),
        cert.not_valid_after_utc,
    )


def _is_self_signed_ca(cert: x509.Certificate) -> bool:
    constraints = _basic_constraints(cert)
    return (
        constraints is not None
        and constraints.ca
        and cert.subject == cert.issuer
        and _issued_by(cert, cert)
    )


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
    roots = [c for c in signer.chain if _is_self_signed_ca(c) and _issued_by(own, c)]
    if own_code is None or not roots:
        return False
    root_prints = {fingerprint(r) for r in roots}
    allowed: list[tuple[str, x509.Certificate]] = []
    for cert in signer.chain:
        code = unit_code_of(cert)
        constraints = _basic_constraints(cert)
        if (
            fingerprint(cert) in root_prints
            or fingerprint(cert) == fingerprint(own)
            or code is None
            or code == own_code
            or constraints is None
            or constraints.ca
            or not any(_issued_by(cert, r) for r in roots)
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

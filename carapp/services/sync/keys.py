"""Signing keys: open a key file, check a signer, set up the city's CA, issue a unit's key file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from sqlalchemy import Engine
from sqlmodel import Session, select

from carapp.db.models import Unit
from carapp.domain.os_errors import os_reason
from carapp.domain.text import clean
from carapp.fileio import atomic_write_bytes
from carapp.services.audit import log_create
from carapp.services.common import ServiceError, reading, transaction
from carapp.services.settings import get_setting, put_setting
from carapp.services.sync.mode import (
    MODE_KEY,
    OWN_UNIT_KEY,
    mode_of,
    own_code_of,
)
from carapp.services.sync.setup import CA_FILE_KEY, CITY_CERT_KEY, KEY_FILE_KEY, ROOT_KEY
from carapp.services.sync.trust import (
    checked_code,
    issued_by,
    read_certificate,
    save_trust,
    trust_of,
)
from carapp.sync.pki import (
    KeyFileError,
    Signer,
    certificate_from_pem,
    certificate_to_pem,
    create_root_ca,
    export_pkcs12,
    fingerprint,
    issue_unit_certificate,
    load_pkcs12,
    unit_code_of,
)

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
    checked_code(code)
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
            save_trust(session, who, store)
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
        or not issued_by(cert, root)
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
    checked_code(code)
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
    pin_issued(engine, who, code, unit_name, kind, issued.certificate, path)
    cert = issued.certificate
    return IssuedKey(
        code,
        unit_name,
        path,
        issued.fingerprint,
        cert.subject.rfc4514_string(),
        cert.not_valid_after_utc,
    )


def pin_issued(
    engine: Engine,
    who: str,
    code: str,
    name: str,
    kind: str,
    certificate: x509.Certificate,
    written: Path,
) -> None:
    """Add the unit under the city if it is new and allow `certificate` for its code, in one
    transaction; if that fails, remove the file just written for it (key or certificate)."""
    try:
        with transaction(engine) as session:
            if session.exec(select(Unit).where(Unit.code == code)).first() is None:
                city = session.exec(select(Unit).where(Unit.code == own_code_of(session))).first()
                unit = Unit(code=code, name=name, kind=kind, parent_id=city.id if city else None)
                session.add(unit)
                log_create(session, who, unit)
            store = trust_of(session)
            store.allow(code, certificate)
            save_trust(session, who, store)
    except BaseException:
        written.unlink(missing_ok=True)
        raise

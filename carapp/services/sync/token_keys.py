"""Keys on USB tokens (PKCS#11): open one to sign, and the city issuing a certificate for one.

The unit's token makes its own key pair (the vendor's tool, or `pkcs11-tool --keypairgen`); the
unit sends the public key (PEM) to the city; the city issues a certificate for it with its CA
(`issue_token_certificate`, which also allows it for the unit code) and sends the certificate
back to be written onto the token. From then on the unit signs with `open_token_key`.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from sqlalchemy import Engine
from sqlmodel import select

from carapp.db.models import Unit
from carapp.domain.os_errors import os_reason
from carapp.domain.text import clean
from carapp.fileio import atomic_write_bytes
from carapp.services.common import ServiceError, reading
from carapp.services.settings import get_setting
from carapp.services.sync.keys import IssuedKey, pin_issued
from carapp.services.sync.mode import mode_of
from carapp.services.sync.setup import ROOT_KEY
from carapp.sync.pki import (
    PublicKey,
    Signer,
    certificate_from_pem,
    certificate_to_pem,
    fingerprint,
    issue_certificate_for_key,
)
from carapp.sync.token import TokenError, TokenKey, read_token_certificate


def open_token_key(module: str, token_label: str, key_label: str | None, pin: str) -> Signer:
    """Log in to the token and return a Signer that signs on it (Vietnamese errors)."""
    key = TokenKey(module, token_label, key_label or None, pin)
    try:
        cert, chain = read_token_certificate(key)
    except TokenError as exc:
        raise ServiceError(str(exc)) from exc
    return Signer(cert, None, chain, token=key)


def read_public_key(path: str | Path) -> PublicKey:
    """Read a public key (PEM or DER SubjectPublicKeyInfo) or a CSR's public key."""
    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise ServiceError(
            f"Không đọc được tệp khóa công khai “{path}”: {os_reason(exc)}."
        ) from exc
    try:
        key = (
            serialization.load_pem_public_key(raw)
            if b"-----BEGIN" in raw
            else serialization.load_der_public_key(raw)
        )
    except (ValueError, TypeError) as exc:
        raise ServiceError(f"Tệp “{path}” không phải khóa công khai (PEM hoặc DER).") from exc
    if not isinstance(key, ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        raise ServiceError("Chỉ cấp chứng thư cho khóa RSA hoặc EC.")
    return key


def issue_token_certificate(
    engine: Engine,
    who: str,
    ca: Signer,
    code: str,
    name: str,
    public_key: PublicKey,
    out: str | Path,
    *,
    years: int = 3,
    kind: str = "office",
) -> IssuedKey:
    """Issue a unit certificate for a token's public key, write it (PEM) and allow it for `code`."""
    with reading(engine) as session:
        if mode_of(session) != "city":
            raise ServiceError("Chỉ cơ sở dữ liệu ở chế độ thành phố mới cấp chứng thư cho đơn vị.")
        root_pem = get_setting(session, ROOT_KEY)
        existing = session.exec(select(Unit).where(Unit.code == code)).first()
    if not root_pem or fingerprint(certificate_from_pem(root_pem)) != fingerprint(ca.certificate):
        raise ServiceError("Tệp khóa CA này không phải chứng thư gốc của thành phố đã khởi tạo.")
    unit_name = clean(name) or (existing.name if existing else "")
    if not unit_name:
        raise ServiceError(f"Hãy nhập tên đơn vị {code} (--name).")
    cert = issue_certificate_for_key(ca, code, unit_name, public_key, years=years)
    path = Path(out).expanduser().resolve()
    atomic_write_bytes(path, certificate_to_pem(cert).encode("ascii"))
    pin_issued(engine, who, code, unit_name, kind, cert, path)
    return IssuedKey(
        code,
        unit_name,
        path,
        fingerprint(cert),
        cert.subject.rfc4514_string(),
        cert.not_valid_after_utc,
    )

"""The city's small PKI: a root CA, unit certificates bound to a unit code, PKCS#12 key files.

A unit certificate carries its unit code twice: in the subject as ``OU=CCHC:<code>`` for people
reading it, and in the subjectAltName as the URI ``urn:carapp:unit:<code>``, which is the
authoritative, machine-read one (`unit_code_of`). Trust decisions never rest on the embedded
code alone: the trust store pins the certificate's fingerprint for the unit (see cms.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from carapp.domain.text import nfc
from carapp.fileio import atomic_write_bytes
from carapp.sync.validate import (
    SchemaError,
    array,
    load_json,
    mapping,
    obj,
    sha256_hex,
    text,
    unit_code,
)

if TYPE_CHECKING:
    from carapp.sync.token import TokenKey

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey
UNIT_URI_PREFIX = "urn:carapp:unit:"
UNIT_OU_PREFIX = "CCHC:"
_CLOCK_SKEW = timedelta(minutes=5)


class KeyFileError(ValueError):
    """A PKCS#12 key file could not be opened; the message is in Vietnamese."""


@dataclass(frozen=True)
class Signer:
    """A certificate with its private key (and any intermediate certificates) that can sign.

    A key on a USB token has no `private_key` here (it never leaves the device): `token` says
    where it is, and cms.py/pades.py sign through it.
    """

    certificate: x509.Certificate
    private_key: PrivateKey | None
    chain: tuple[x509.Certificate, ...] = ()
    token: TokenKey | None = None

    def file_key(self) -> PrivateKey:
        """Return the private key of a key file; a token's key cannot be taken out."""
        if self.private_key is None:
            raise KeyFileError("Khóa trên thiết bị ký số không thể xuất ra tệp.")
        return self.private_key

    @property
    def fingerprint(self) -> str:
        """Return the SHA-256 fingerprint of the signing certificate."""
        return fingerprint(self.certificate)

    @property
    def issuer_chain(self) -> tuple[x509.Certificate, ...]:
        """Return the CA certificates of the chain: what a signature should carry.

        A unit's key file also carries the city's own signing certificate (so the unit can
        trust the city's receipts); that one is no part of the unit's chain.
        """
        return tuple(c for c in self.chain if _is_ca(c))


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def fingerprint(cert: x509.Certificate) -> str:
    """Return a certificate's SHA-256 fingerprint as lower-case hex (64 characters)."""
    return cert.fingerprint(hashes.SHA256()).hex()


def certificate_to_pem(cert: x509.Certificate) -> str:
    """Return a certificate in PEM text."""
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def certificate_from_pem(pem: str) -> x509.Certificate:
    """Read one PEM certificate; raise ValueError when it is not one."""
    return x509.load_pem_x509_certificate(pem.encode("ascii"))


def unit_code_of(cert: x509.Certificate) -> str | None:
    """Return the unit code of the certificate's ``urn:carapp:unit:`` SAN URI, if it has one."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None
    codes = [
        uri[len(UNIT_URI_PREFIX) :]
        for uri in san.get_values_for_type(x509.UniformResourceIdentifier)
        if uri.startswith(UNIT_URI_PREFIX)
    ]
    return codes[0] if len(codes) == 1 else None


def _new_key(key_type: str) -> PrivateKey:
    if key_type == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    if key_type == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    raise ValueError(f"Loại khóa không được hỗ trợ: {key_type}")


def _name(*parts: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, nfc(value)) for oid, value in parts])


def _ski(key: PrivateKey) -> x509.SubjectKeyIdentifier:
    return x509.SubjectKeyIdentifier.from_public_key(key.public_key())


def create_root_ca(
    organization: str,
    common_name: str,
    *,
    years: int = 20,
    key_type: str = "ec",
    now: datetime | None = None,
) -> Signer:
    """Create the city's self-signed root CA, e.g. O=CN="Sở Nội vụ thành phố Hải Phòng"."""
    start = (now or datetime.now(UTC)) - _CLOCK_SKEW
    key = _new_key(key_type)
    name = _name(
        (NameOID.COUNTRY_NAME, "VN"),
        (NameOID.ORGANIZATION_NAME, organization),
        (NameOID.COMMON_NAME, common_name),
    )
    usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(_ski(key), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Signer(cert, key)


def issue_unit_certificate(
    ca: Signer,
    unit_code: str,
    unit_name: str,
    *,
    years: int = 3,
    key_type: str = "ec",
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> Signer:
    """Issue a signing certificate for one unit, valid `years` unless bounds are given."""
    key = _new_key(key_type)
    cert = issue_certificate_for_key(
        ca,
        unit_code,
        unit_name,
        key.public_key(),
        years=years,
        not_before=not_before,
        not_after=not_after,
    )
    return Signer(cert, key, (ca.certificate,))


def issue_certificate_for_key(
    ca: Signer,
    unit_code: str,
    unit_name: str,
    public_key: PublicKey,
    *,
    years: int = 3,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> x509.Certificate:
    """Issue a unit's signing certificate for a key held elsewhere (a USB token's)."""
    _check_unit_code(unit_code)
    start = not_before or datetime.now(UTC) - _CLOCK_SKEW
    end = min(not_after or start + timedelta(days=365 * years), ca.certificate.not_valid_after_utc)
    organization = ca.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    subject = _name(
        (NameOID.COUNTRY_NAME, "VN"),
        (NameOID.ORGANIZATION_NAME, str(organization[0].value) if organization else unit_name),
        (NameOID.ORGANIZATIONAL_UNIT_NAME, UNIT_OU_PREFIX + unit_code),
        (NameOID.COMMON_NAME, unit_name),
    )
    san = x509.SubjectAlternativeName([x509.UniformResourceIdentifier(UNIT_URI_PREFIX + unit_code)])
    usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    ca_ski = ca.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(san, critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca.file_key(), hashes.SHA256())
    )


def _check_unit_code(code: str) -> None:
    unit_code()(code, "unit_code")


def export_pkcs12(signer: Signer, passphrase: str, friendly_name: str = "carapp") -> bytes:
    """Return the key, certificate and chain as PKCS#12 encrypted with `passphrase`."""
    if not passphrase:
        raise KeyFileError("Mật khẩu tệp khóa không được để trống.")
    encryption = serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
    return pkcs12.serialize_key_and_certificates(
        nfc(friendly_name).encode("utf-8"),
        signer.file_key(),
        signer.certificate,
        list(signer.chain) or None,
        encryption,
    )


def write_pkcs12(path: str | Path, signer: Signer, passphrase: str) -> None:
    """Write the PKCS#12 key file atomically; the passphrase itself is never stored."""
    atomic_write_bytes(path, export_pkcs12(signer, passphrase), private=True)


def load_pkcs12(data: bytes, passphrase: str) -> Signer:
    """Open a PKCS#12 key file; raise KeyFileError (Vietnamese) on a wrong passphrase."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8"))
    except ValueError as exc:
        raise KeyFileError(
            "Sai mật khẩu tệp khóa hoặc tệp không phải khóa PKCS#12 hợp lệ."
        ) from exc
    if cert is None or not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise KeyFileError("Tệp khóa không chứa khóa riêng RSA/EC cùng chứng thư số.")
    return Signer(cert, key, tuple(extra))


_TRUST_SCHEMA = obj(
    {
        "roots": array(text(max_len=20_000), max_items=100),
        "allowed": mapping(unit_code(), array(sha256_hex(), max_items=100)),
    }
)


@dataclass
class TrustStore:
    """Root certificates (PEM) and, per unit code, the fingerprints of the allowed certificates."""

    roots: list[str] = field(default_factory=list)
    allowed: dict[str, list[str]] = field(default_factory=dict)
    # (issuer name DER, serial) of every certificate a stored CRL revokes (sync/crl.py); kept
    # in its own setting, not in this JSON.
    revoked: frozenset[tuple[bytes, int]] = field(default_factory=frozenset, compare=False)

    def is_revoked(self, cert: x509.Certificate) -> bool:
        """Tell whether a CRL of the certificate's issuer lists it."""
        return (cert.issuer.public_bytes(), cert.serial_number) in self.revoked

    def add_root(self, cert: x509.Certificate) -> None:
        """Trust `cert` as a root, once."""
        pem = certificate_to_pem(cert)
        if pem not in self.roots:
            self.roots.append(pem)

    def allow(self, unit_code: str, cert: x509.Certificate) -> None:
        """Allow `cert` to sign for `unit_code`."""
        _check_unit_code(unit_code)
        prints = self.allowed.setdefault(unit_code, [])
        if fingerprint(cert) not in prints:
            prints.append(fingerprint(cert))

    def is_allowed(self, unit_code: str, cert_fingerprint: str) -> bool:
        """Tell whether the certificate with this fingerprint may sign for `unit_code`."""
        return cert_fingerprint.lower() in self.allowed.get(unit_code, [])

    def root_certificates(self) -> list[x509.Certificate]:
        """Return the trusted roots as certificates."""
        return [certificate_from_pem(pem) for pem in self.roots]

    def to_json(self) -> str:
        """Serialise for storage (the database keeps this text later)."""
        return json.dumps({"roots": self.roots, "allowed": self.allowed}, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text_: str) -> TrustStore:
        """Read a trust store; raise SchemaError/ValueError (Vietnamese) when it is malformed."""
        doc = load_json(text_.encode("utf-8"), "Kho tin cậy")
        _TRUST_SCHEMA(doc, "$")
        assert isinstance(doc, dict)
        store = cls(list(doc["roots"]), {k: list(v) for k, v in doc["allowed"].items()})
        try:
            store.root_certificates()
        except ValueError as exc:
            raise SchemaError("$.roots", "có chứng thư gốc không đọc được") from exc
        return store

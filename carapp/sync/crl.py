"""Certificate revocation lists (CRL, RFC 5280) the city publishes, signed by its CA.

The city's CA signs a CRL listing the serial numbers of the certificates it revoked; the CRL
travels in the city's assignments packages (file `thu-hoi.crl`) or as a file, and every
database keeps the newest CRL of each trusted root (by CRL number). A signer whose certificate
is listed by the CRL of its issuer is refused at the trust step ("chứng thư số đã bị thu hồi"),
offline: no CRL is ever fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization

from carapp.sync.pki import Signer, fingerprint

CRL_FILE = "thu-hoi.crl"
_NEXT_UPDATE = timedelta(days=365)


class CrlError(ValueError):
    """A CRL that cannot be used; the message is in Vietnamese."""


@dataclass(frozen=True)
class Revoked:
    """One revoked certificate: its serial number and when it was revoked."""

    serial: int
    revoked_at: datetime


def build_crl(
    ca: Signer, revoked: Iterable[Revoked], number: int, now: datetime | None = None
) -> x509.CertificateRevocationList:
    """Return a CRL signed by the CA `ca`, listing `revoked`, with CRL number `number`."""
    moment = now or datetime.now(UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(moment)
        .next_update(moment + _NEXT_UPDATE)
        .add_extension(x509.CRLNumber(number), critical=False)
    )
    for item in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(item.serial)
            .revocation_date(item.revoked_at)
            .build()
        )
    return builder.sign(ca.file_key(), hashes.SHA256())


def read_crl(raw: bytes) -> x509.CertificateRevocationList:
    """Read a CRL (PEM or DER); CrlError when the bytes are none."""
    try:
        if b"-----BEGIN" in raw:
            return x509.load_pem_x509_crl(raw)
        return x509.load_der_x509_crl(raw)
    except ValueError as exc:
        raise CrlError("Tệp không phải danh sách chứng thư số bị thu hồi (CRL) hợp lệ.") from exc


def crl_to_pem(crl: x509.CertificateRevocationList) -> str:
    """Return the CRL as PEM text."""
    return crl.public_bytes(serialization.Encoding.PEM).decode("ascii")


def crl_number(crl: x509.CertificateRevocationList) -> int:
    """Return the CRL's number (0 when it carries none)."""
    try:
        return int(crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number)
    except x509.ExtensionNotFound:
        return 0


def revoked_of(crl: x509.CertificateRevocationList) -> list[Revoked]:
    """Return the CRL's entries."""
    return [Revoked(r.serial_number, r.revocation_date_utc) for r in crl]


def issuing_root(
    crl: x509.CertificateRevocationList, roots: Iterable[x509.Certificate]
) -> x509.Certificate:
    """Return the trusted root that signed `crl`; CrlError when none did."""
    for root in roots:
        if root.subject != crl.issuer:
            continue
        try:
            if crl.is_signature_valid(root.public_key()):  # type: ignore[arg-type]
                return root
        except (InvalidSignature, TypeError, ValueError):
            continue
    raise CrlError(
        "Danh sách thu hồi không được ký bởi chứng thư gốc nào trong kho tin cậy; không nhận."
    )


def revoked_serials(
    crls: Iterable[x509.CertificateRevocationList],
) -> frozenset[tuple[bytes, int]]:
    """Return (issuer name DER, serial) of every entry of `crls`, for TrustStore.revoked."""
    return frozenset((crl.issuer.public_bytes(), r.serial_number) for crl in crls for r in crl)


def is_listed(cert: x509.Certificate, revoked: frozenset[tuple[bytes, int]]) -> bool:
    """Tell whether `cert` is in a CRL of its issuer."""
    return (cert.issuer.public_bytes(), cert.serial_number) in revoked


def root_key(root: x509.Certificate) -> str:
    """Return the key under which a root's CRL is kept (its fingerprint)."""
    return fingerprint(root)

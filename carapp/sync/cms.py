"""Detached CMS (PKCS#7) signatures over manifest.json: sign with cryptography, verify with pyHanko.

Verification needs no network: pyHanko validates the chain against the trust store's roots only,
never fetches certificates or revocation information. Checks run in this order, each failure
raising `VerificationError` with its step:

1. SIGNATURE — the DER parses as SignedData with one signer, the signer certificate is embedded,
   no content is encapsulated, and the signature is valid over the given bytes.
   Digests below SHA-256 (SHA-1, MD5) are refused here, saying so (carapp.sync.signer_rules).
2. CERTIFICATE — the signer certificate is valid at `at` (expired or not yet valid: rejected;
   without a trusted timestamp the verification time is what counts, not the signing time),
   is an end-entity certificate (never a CA's) with keyUsage digitalSignature or
   nonRepudiation — checked by carapp, since pyHanko skips it when the signer is a root.
3. TRUST — the certificate chains to a root of the trust store (key usage digitalSignature or
   nonRepudiation).
4. UNIT — the rule: the certificate's SHA-256 fingerprint must be listed in
   ``TrustStore.allowed[unit_code]``; that pin is authoritative. In addition, a certificate that
   embeds a unit code (``urn:carapp:unit:`` SAN) is refused for any other unit, so a
   certificate pinned under the wrong code by mistake still cannot sign for that code.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from pyhanko.sign.general import extract_certificate_info
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import StandardCMSSignatureStatus
from pyhanko_certvalidator import ValidationContext

from carapp.sync.errors import Step, VerificationError
from carapp.sync.pki import Signer, TrustStore, fingerprint, unit_code_of
from carapp.sync.signer_rules import check_digests, check_signer_certificate, trust_reason

# pyHanko logs a traceback for every certificate it cannot trust; the reason reaches the user
# through VerificationError instead, so keep its log out of the user's terminal.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())
logging.getLogger("pyhanko_certvalidator").addHandler(logging.NullHandler())

_KEY_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)
_contexts = threading.local()


@dataclass(frozen=True)
class SignerInfo:
    """Who signed: certificate subject and fingerprint, claimed signing time, unit code."""

    subject: str
    fingerprint: str
    signed_at: datetime | None
    unit_code: str


def sign_detached(data: bytes, signer: Signer) -> bytes:
    """Return a DER detached CMS SignedData over `data` (SHA-256), signer certificate included."""
    if signer.token is not None:
        from carapp.sync.token import sign_cms_on_token

        return sign_cms_on_token(data, signer.token)
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data)
    builder = builder.add_signer(signer.certificate, signer.file_key(), hashes.SHA256())
    for cert in signer.issuer_chain:
        builder = builder.add_certificate(cert)
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
    return builder.sign(serialization.Encoding.DER, options)


def verify_detached(
    data: bytes, sig_der: bytes, trust: TrustStore, unit_code: str, at: datetime
) -> SignerInfo:
    """Verify `sig_der` over `data` for `unit_code` at time `at` (aware); see the module doc."""
    if at.tzinfo is None:
        raise ValueError("at must carry a timezone")
    signed_data = _parse(sig_der)
    cert = _signer_certificate(signed_data)
    check_digests(signed_data["signer_infos"][0])
    status = _validate(data, signed_data, trust, at)
    if not (status.intact and status.valid):
        raise VerificationError(Step.SIGNATURE, "Chữ ký số không khớp với nội dung đã ký.")
    _check_validity(cert, at)
    check_signer_certificate(cert)
    if not status.trusted:
        raise VerificationError(
            Step.TRUST,
            "Chứng thư số của người ký không được cấp bởi chứng thư gốc tin cậy "
            f"({trust_reason(status.trust_problem_indic)}).",
        )
    if trust.is_revoked(cert):
        raise VerificationError(
            Step.TRUST,
            f"Người ký dùng chứng thư số đã bị thu hồi (số sê-ri {cert.serial_number:X}, "
            "theo danh sách thu hồi của thành phố).",
        )
    _check_allowed(cert, trust, unit_code)
    return SignerInfo(
        subject=cert.subject.rfc4514_string(),
        fingerprint=fingerprint(cert),
        signed_at=status.signer_reported_dt,
        unit_code=unit_code,
    )


def _bad_signature(detail: str) -> VerificationError:
    return VerificationError(Step.SIGNATURE, f"Tệp chữ ký không hợp lệ: {detail}.")


def _parse(sig_der: bytes) -> asn1_cms.SignedData:
    try:
        info = asn1_cms.ContentInfo.load(sig_der, strict=True)
        if info["content_type"].native != "signed_data":
            raise _bad_signature("không phải CMS SignedData")
        signed_data = info["content"]
        signed_data.native  # noqa: B018 - parse everything now, not lazily later
    except VerificationError:
        raise
    except Exception as exc:  # asn1crypto raises many kinds on hostile DER
        raise _bad_signature("cấu trúc DER hỏng") from exc
    if len(signed_data["signer_infos"]) != 1:
        raise _bad_signature("phải có đúng một người ký")
    if signed_data["encap_content_info"]["content"].native is not None:
        raise _bad_signature("chữ ký phải tách rời (detached)")
    return signed_data


def _signer_certificate(signed_data: asn1_cms.SignedData) -> x509.Certificate:
    try:
        cert: asn1_x509.Certificate = extract_certificate_info(signed_data).signer_cert
        return x509.load_der_x509_certificate(cert.dump())
    except Exception as exc:  # missing or unparsable signer certificate
        raise _bad_signature("thiếu hoặc hỏng chứng thư số của người ký") from exc


def _context(trust: TrustStore, at: datetime) -> ValidationContext:
    """Return the validation context for these roots at `at`, made once per thread and batch.

    A batch verifies many packages against the same roots at the same moment: converting the
    roots and building a context per package repeated the same work (and lost pyHanko's cache of
    the chains already validated). A context is never shared between threads.
    """
    key = (tuple(trust.roots), at)
    cached: tuple[object, ValidationContext] | None = getattr(_contexts, "last", None)
    if cached is None or cached[0] != key:
        roots = [
            asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
            for c in trust.root_certificates()
        ]
        context = ValidationContext(
            trust_roots=roots, moment=at, allow_fetching=False, revocation_mode="soft-fail"
        )
        cached = (key, context)
        _contexts.last = cached
    return cached[1]


def _validate(
    data: bytes, signed_data: asn1_cms.SignedData, trust: TrustStore, at: datetime
) -> StandardCMSSignatureStatus:
    try:
        return asyncio.run(
            async_validate_detached_cms(
                data,
                signed_data,
                signer_validation_context=_context(trust, at),
                key_usage_settings=_KEY_USAGE,
            )
        )
    except Exception as exc:  # pyHanko reports structural problems as (English) exceptions
        raise _bad_signature("cấu trúc chữ ký không đọc được") from exc


def _check_validity(cert: x509.Certificate, at: datetime) -> None:
    if at > cert.not_valid_after_utc:
        expired = cert.not_valid_after_utc.strftime("%d/%m/%Y")
        raise VerificationError(
            Step.CERTIFICATE, f"Chứng thư số của người ký đã hết hạn từ ngày {expired}."
        )
    if at < cert.not_valid_before_utc:
        start = cert.not_valid_before_utc.strftime("%d/%m/%Y")
        raise VerificationError(
            Step.CERTIFICATE, f"Chứng thư số của người ký chỉ có hiệu lực từ ngày {start}."
        )


def _check_allowed(cert: x509.Certificate, trust: TrustStore, unit_code: str) -> None:
    if not trust.is_allowed(unit_code, fingerprint(cert)):
        raise VerificationError(
            Step.UNIT, f"Chứng thư số này chưa được đăng ký để ký thay cho đơn vị {unit_code}."
        )
    embedded = unit_code_of(cert)
    if embedded is not None and embedded != unit_code:
        raise VerificationError(
            Step.UNIT, f"Chứng thư số cấp cho đơn vị {embedded}, không phải đơn vị {unit_code}."
        )

"""What a signature must be made with and who may make it, checked by carapp itself.

pyHanko validates the chain, but skips the key-usage check when the signer certificate is
itself a trust root (so the city's root CA key could sign a manifest directly), and reports
weak algorithms as an English trust code. These rules are checked on every manifest and PDF
signature, each failure with its own Vietnamese reason:

- digests SHA-256 or better (SHA-1, MD5 refused, saying so);
- only end-entity certificates sign: basicConstraints CA false (a CA certificate has no right
  to sign documents), keyUsage present with digitalSignature or nonRepudiation;
- the signer certificate itself signed with SHA-256 or better.
"""

from __future__ import annotations

from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm

from carapp.sync.errors import Step, VerificationError

STRONG_DIGESTS = frozenset(
    {"sha256", "sha384", "sha512", "sha512_256", "sha3_256", "sha3_384", "sha3_512"}
)
_NAMES = {"sha1": "SHA-1", "md5": "MD5", "md2": "MD2", "sha224": "SHA-224"}


def _digest_name(name: str) -> str:
    return _NAMES.get(name, name.upper().replace("_", "-"))


def _weak(name: str, what: str) -> VerificationError:
    return VerificationError(
        Step.SIGNATURE,
        f"{what} dùng thuật toán băm {_digest_name(name)} đã lỗi thời, không an toàn; "
        "chỉ chấp nhận SHA-256 trở lên.",
    )


def check_digests(signer_info: asn1_cms.SignerInfo, what: str = "Chữ ký số") -> None:
    """Refuse a CMS signer whose digest (or signature algorithm's digest) is below SHA-256."""
    try:
        digest = signer_info["digest_algorithm"]["algorithm"].native
        signature_algo = signer_info["signature_algorithm"]
        signature_digest = _signature_digest(signature_algo)
    except Exception as exc:  # asn1crypto: unknown or malformed algorithm identifiers
        raise VerificationError(
            Step.SIGNATURE, f"{what} dùng thuật toán không nhận biết được."
        ) from exc
    for name in (digest, signature_digest):
        if name is not None and name not in STRONG_DIGESTS:
            raise _weak(name, what)


def _signature_digest(algorithm: object) -> str | None:
    """Return the digest named by a signature algorithm (None for RSASSA-PSS, Ed25519 …)."""
    try:
        return str(algorithm.hash_algo)  # type: ignore[attr-defined]
    except ValueError:
        return None  # the digest is given elsewhere (PSS parameters) or is intrinsic


def _certificate_error(why: str) -> VerificationError:
    return VerificationError(Step.CERTIFICATE, f"Chứng thư số của người ký {why}.")


def check_signer_certificate(cert: x509.Certificate) -> None:
    """Refuse a CA certificate, a missing or unsuitable keyUsage, a weakly signed certificate."""
    try:
        extensions = cert.extensions  # read when first asked for: a damaged one raises here
    except ValueError as exc:
        raise _certificate_error("có phần mở rộng (extension) hỏng, không đọc được") from exc
    try:
        constraints = extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is not None and constraints.ca:
        raise _certificate_error(
            "là chứng thư của tổ chức cấp chứng thư (CA): chứng thư CA chỉ dùng để cấp chứng "
            "thư, không có quyền ký văn bản"
        )
    try:
        usage = extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        raise _certificate_error(
            "thiếu phần mục đích sử dụng khóa (keyUsage), nên không được dùng để ký"
        ) from None
    if not (usage.digital_signature or usage.content_commitment):
        raise _certificate_error(
            "không có mục đích ký số (digitalSignature hoặc nonRepudiation) trong keyUsage"
        )
    _check_certificate_digest(cert)


def _check_certificate_digest(cert: x509.Certificate) -> None:
    try:
        algorithm = cert.signature_hash_algorithm
    except UnsupportedAlgorithm as exc:
        raise _certificate_error("được ký bằng thuật toán không hỗ trợ") from exc
    name = algorithm.name.replace("-", "_") if algorithm is not None else None
    if name is not None and name not in STRONG_DIGESTS:
        raise VerificationError(
            Step.CERTIFICATE,
            f"Chứng thư số của người ký được cấp bằng thuật toán băm {_digest_name(name)} đã "
            "lỗi thời, không an toàn; chỉ chấp nhận SHA-256 trở lên.",
        )


_TRUST_REASONS = {
    "NO_CERTIFICATE_CHAIN_FOUND": "không tìm được chuỗi chứng thư tới một chứng thư gốc tin cậy",
    "CHAIN_CONSTRAINTS_FAILURE": "chuỗi chứng thư vi phạm ràng buộc (chứng thư trung gian "
    "không phải CA, hoặc sai mục đích sử dụng khóa)",
    "CRYPTO_CONSTRAINTS_FAILURE": "chuỗi chứng thư dùng thuật toán đã lỗi thời (SHA-1, MD5 "
    "hoặc khóa quá ngắn)",
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": "chuỗi chứng thư dùng thuật toán đã lỗi thời (SHA-1, "
    "MD5 hoặc khóa quá ngắn)",
    "REVOKED": "chứng thư đã bị thu hồi",
    "REVOKED_NO_POE": "chứng thư đã bị thu hồi",
    "REVOKED_CA_NO_POE": "chứng thư của tổ chức cấp đã bị thu hồi",
    "EXPIRED": "có chứng thư trong chuỗi đã hết hạn",
    "OUT_OF_BOUNDS_NO_POE": "có chứng thư trong chuỗi hết hạn hoặc chưa có hiệu lực",
    "OUT_OF_BOUNDS_NOT_REVOKED": "có chứng thư trong chuỗi hết hạn hoặc chưa có hiệu lực",
    "NOT_YET_VALID": "có chứng thư trong chuỗi chưa có hiệu lực",
}


def trust_reason(indication: object) -> str:
    """Return the Vietnamese reason for a pyHanko trust problem indication (never its code)."""
    name = getattr(indication, "name", str(indication))
    return _TRUST_REASONS.get(name, "không xác minh được chuỗi chứng thư")

"""Check every PDF of a package: PAdES-signed over the whole file by the manifest's signer.

DESIGN.md ("Second round: decisions"): a package's PDFs are what people read and print, so
each must carry exactly one valid signature, covering every byte of the file (a PDF appended
to after signing is refused), made by the same certificate that signed manifest.json (another
unit's key is refused), with SHA-256 or better. An unsigned PDF, or bytes that are no PDF, are
refused. pyHanko does the cryptography; the difference analysis of later revisions is skipped
because a signature that covers the whole file leaves no later revision to analyse.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from carapp.sync.errors import PackageRejected, Step, VerificationError
from carapp.sync.pki import TrustStore
from carapp.sync.signer_rules import check_digests, trust_reason

# pyHanko logs what it finds wrong in a PDF; the reason reaches the user as PackageRejected.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())

_KEY_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)


def _refused(name: str, why: str) -> PackageRejected:
    return PackageRejected(Step.PDF, f"Tệp “{name}” {why}.")


def check_pdfs(
    files: Mapping[str, bytes], signer_fingerprint: str, trust: TrustStore, at: datetime
) -> None:
    """Check each ``*.pdf`` of `files`; raise PackageRejected at step PDF at the first failure."""
    names = sorted(n for n in files if n.lower().endswith(".pdf"))
    if not names:
        return
    roots = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for c in trust.root_certificates()
    ]
    context = ValidationContext(
        trust_roots=roots, moment=at, allow_fetching=False, revocation_mode="soft-fail"
    )
    for name in names:
        check_pdf(name, files[name], signer_fingerprint, context)


def check_pdf(
    name: str, content: bytes, signer_fingerprint: str, context: ValidationContext
) -> None:
    """Check one PDF's signature against the manifest signer's fingerprint."""
    signature = _only_signature(name, content)
    try:
        check_digests(signature.signer_info, f"Chữ ký số trong tệp “{name}”")
    except VerificationError as exc:
        raise PackageRejected(Step.PDF, exc.message_vi) from exc
    if _fingerprint(name, signature) != signer_fingerprint:
        raise _refused(name, "được ký bằng chứng thư số khác với chứng thư đã ký bản kê của gói")
    status = _validate(name, signature, context)
    if not (status.intact and status.valid):
        raise _refused(name, "có chữ ký số không khớp với nội dung (tệp đã bị sửa sau khi ký)")
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        raise _refused(name, "đã bị thêm nội dung sau khi ký: chữ ký không bao trùm toàn bộ tệp")
    if not status.trusted:
        raise _refused(
            name, f"có chữ ký số không tin cậy ({trust_reason(status.trust_problem_indic)})"
        )


def _fingerprint(name: str, signature: EmbeddedPdfSignature) -> str:
    try:
        return str(signature.signer_cert.sha256.hex())
    except Exception as exc:  # no or unparsable signer certificate in the CMS
        raise _refused(name, "có chữ ký số thiếu chứng thư của người ký") from exc


def _only_signature(name: str, content: bytes) -> EmbeddedPdfSignature:
    if not content.startswith(b"%PDF-"):
        raise _refused(name, "không phải tệp PDF")
    try:
        reader = PdfFileReader(BytesIO(content), strict=False)
        signatures: list[EmbeddedPdfSignature] = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko raises many kinds on a damaged or hostile PDF
        raise _refused(name, "bị hỏng, không đọc được") from exc
    if not signatures:
        raise _refused(name, "chưa được ký số")
    if len(signatures) > 1:
        raise _refused(name, f"có {len(signatures)} chữ ký; tệp của gói chỉ được có một chữ ký")
    return signatures[0]


def _validate(
    name: str, signature: EmbeddedPdfSignature, context: ValidationContext
) -> PdfSignatureStatus:
    try:
        return validate_pdf_signature(
            signature, context, key_usage_settings=_KEY_USAGE, skip_diff=True
        )
    except Exception as exc:  # malformed signature dictionary, byte range, CMS …
        raise _refused(name, "có chữ ký số hỏng, không kiểm tra được") from exc

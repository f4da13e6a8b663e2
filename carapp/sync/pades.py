"""PAdES signatures on exported PDFs (invisible: no stamp, so no stamp-font trap), with pyHanko."""

from __future__ import annotations

from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from carapp.domain.text import nfc
from carapp.sync.pki import Signer


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _pyhanko_signer(signer: Signer) -> signers.SimpleSigner:
    key_der = signer.file_key().private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return signers.SimpleSigner(
        signing_cert=_asn1_cert(signer.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=_registry(signer),
    )


def _registry(signer: Signer) -> SimpleCertificateStore:
    store = SimpleCertificateStore()  # type: ignore[no-untyped-call]  # untyped __init__
    for cert in signer.issuer_chain:
        store.register(_asn1_cert(cert))
    return store


def sign_pdf(
    pdf_bytes: bytes,
    signer: Signer,
    reason: str,
    location: str,
    *,
    field_name: str = "ChuKySo",
) -> bytes:
    """Return `pdf_bytes` with an invisible PAdES (ETSI.CAdES.detached) signature appended."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=nfc(reason),
        location=nfc(location),
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    if signer.token is not None:
        from carapp.sync.token import token_signer

        with token_signer(signer.token) as on_token:
            output = signers.sign_pdf(writer, meta, signer=on_token)
    else:
        output = signers.sign_pdf(writer, meta, signer=_pyhanko_signer(signer))
    return bytes(output.getvalue())

"""Check every PDF of a package: PAdES-signed over the whole file by the manifest's signer.

DESIGN.md ("Second round: decisions"): a package's PDFs are what people read and print, so
each must carry exactly one valid signature, covering every byte of the file (a PDF appended
to after signing is refused), made by the same certificate that signed manifest.json (another
unit's key is refused), with SHA-256 or better. An unsigned PDF, or bytes that are no PDF, are
refused.

Only what the PDF adds is checked here. The PDF's signature must be made with the very
certificate (same SHA-256 fingerprint) that signed manifest.json, and carapp.sync.cms has
already checked that certificate in the same verification, at the same moment: its chain to a
trusted root, validity, key usage, revocation and the unit's pin. Building its path again per
PDF (pyHanko's full validation, ~⅔ of a package's checking) would repeat those answers. So:

1. the file is a PDF whose form has exactly one filled signature field (pyHanko reads the
   cross-reference table, the catalog and the form fields);
2. that field's signature dictionary is an indirect object at the offset the cross-reference
   table gives. Its ``/ByteRange`` ``[0 a b c]`` is found in the object's text and the object is
   then parsed by pyHanko with the ``/Contents`` hole ``a…b`` left out: the parsed dictionary
   must hold that same ``/ByteRange``, an empty ``/Contents`` (so the hole is exactly its
   ``/Contents`` value), type ``/Sig`` and a CMS subfilter. This avoids pyHanko reading the
   hex string of the CMS one character at a time (most of what reading the PDF cost);
3. the hole is one hex string ``<…>`` and ``b + c`` is the file's length: every byte of the
   file except the signature itself is covered, nothing was appended (incremental updates
   included);
4. the CMS uses SHA-256 or better, carries the manifest signer's certificate, and is
   cryptographically valid over those bytes with that certificate's public key (pyHanko's
   ``validate_sig_integrity``: message digest, content type, signing-certificate attribute,
   signature).

Why this is safe: step 3 and 4 together prove that the holder of the manifest signer's key
signed every byte of the file but its own signature value, whatever the parser made of the
rest; steps 1 and 2 only decide which signature is checked and refuse files that are not
clean single-signature PDFs. A hostile PDF can at worst be refused (as damaged, unsigned,
signed twice, or changed), never accepted with bytes its signer did not sign.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO

from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import extract_certificate_info
from pyhanko.sign.validation.generic_cms import validate_sig_integrity

from carapp.sync.errors import PackageRejected, Step, VerificationError
from carapp.sync.signer_rules import check_digests

# pyHanko logs what it finds wrong in a PDF; the reason reaches the user as PackageRejected.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())

_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
_HEX = re.compile(rb"<[0-9A-Fa-f]*>")
_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj")
_SUBFILTERS = frozenset({"/adbe.pkcs7.detached", "/ETSI.CAdES.detached"})
_MAX_FIELDS = 10_000  # a form tree larger than this is refused as damaged


class _Damaged(Exception):
    """The signature dictionary cannot be read safely."""


@dataclass(frozen=True)
class _Signature:
    """Where the signature is (its ByteRange [0 a b c]) and its CMS."""

    a: int
    b: int
    c: int
    signed_data: asn1_cms.SignedData


def _refused(name: str, why: str) -> PackageRejected:
    return PackageRejected(Step.PDF, f"Tệp “{name}” {why}.")


def check_pdfs(files: Mapping[str, bytes], signer_fingerprint: str) -> None:
    """Check each ``*.pdf`` of `files`; raise PackageRejected at step PDF at the first failure.

    `signer_fingerprint`: of the certificate that signed manifest.json, already verified.
    """
    for name in sorted(n for n in files if n.lower().endswith(".pdf")):
        check_pdf(name, files[name], signer_fingerprint)


def check_pdf(name: str, content: bytes, signer_fingerprint: str) -> None:
    """Check one PDF's signature against the manifest signer's fingerprint (see the module doc)."""
    signature = _only_signature(name, content)
    signer_info = signature.signed_data["signer_infos"][0]
    try:
        check_digests(signer_info, f"Chữ ký số trong tệp “{name}”")
    except VerificationError as exc:
        raise PackageRejected(Step.PDF, exc.message_vi) from exc
    cert = _signer_certificate(name, signature.signed_data)
    if cert.sha256.hex() != signer_fingerprint:
        raise _refused(name, "được ký bằng chứng thư số khác với chứng thư đã ký bản kê của gói")
    if signature.b + signature.c != len(content):
        raise _refused(name, "đã bị thêm nội dung sau khi ký: chữ ký không bao trùm toàn bộ tệp")
    try:
        digest = hashlib.new(signer_info["digest_algorithm"]["algorithm"].native)
        digest.update(memoryview(content)[: signature.a])
        digest.update(memoryview(content)[signature.b :])
        intact, valid = validate_sig_integrity(signer_info, cert, "data", digest.digest())
    except Exception as exc:  # malformed signed attributes, unknown algorithm …
        raise _refused(name, "có chữ ký số hỏng, không kiểm tra được") from exc
    if not (intact and valid):
        raise _refused(name, "có chữ ký số không khớp với nội dung (tệp đã bị sửa sau khi ký)")


def _signer_certificate(name: str, signed_data: asn1_cms.SignedData) -> asn1_x509.Certificate:
    try:
        cert: asn1_x509.Certificate = extract_certificate_info(signed_data).signer_cert
        cert.sha256  # noqa: B018 - fails now on an unparsable certificate
    except Exception as exc:  # no or unparsable signer certificate in the CMS
        raise _refused(name, "có chữ ký số thiếu chứng thư của người ký") from exc
    return cert


def _only_signature(name: str, content: bytes) -> _Signature:
    if not content.startswith(b"%PDF-"):
        raise _refused(name, "không phải tệp PDF")
    try:
        reader = PdfFileReader(BytesIO(content), strict=False)
        values = list(_signature_values(reader))
    except Exception as exc:  # pyHanko raises many kinds on a damaged or hostile PDF
        raise _refused(name, "bị hỏng, không đọc được") from exc
    if not values:
        raise _refused(name, "chưa được ký số")
    if len(values) > 1:
        raise _refused(name, f"có {len(values)} chữ ký; tệp của gói chỉ được có một chữ ký")
    try:
        return _read_signature(reader, content, values[0])
    except Exception as exc:  # _Damaged, or pyHanko / asn1crypto on a hostile dictionary
        raise _refused(name, "có chữ ký số hỏng, không kiểm tra được") from exc


def _signature_values(reader: PdfFileReader) -> Iterator[generic.PdfObject]:
    """Yield the raw /V (not read) of every filled signature field of the form."""
    form = reader.root.get("/AcroForm")
    if form is None:
        return
    fields = form.get_object().get("/Fields")
    todo: list[tuple[generic.PdfObject, generic.PdfObject | None]] = [
        (f, None) for f in reversed(fields or [])
    ]
    seen: set[generic.Reference] = set()
    while todo:
        field, inherited = todo.pop()
        if isinstance(field, generic.IndirectObject):
            if field.reference in seen or len(seen) > _MAX_FIELDS:
                raise _Damaged("form tree loops or is too large")
            seen.add(field.reference)
            field = field.get_object()  # type: ignore[no-untyped-call]  # pyHanko: untyped
        if not isinstance(field, generic.DictionaryObject):
            continue
        kind = field.get("/FT", inherited)
        if kind == "/Sig" and "/V" in field and not _is_null(field.raw_get("/V")):
            yield field.raw_get("/V")
        kids = field.get("/Kids")
        if isinstance(kids, generic.ArrayObject):
            todo.extend((kid, kind) for kid in reversed(kids))


def _is_null(value: generic.PdfObject) -> bool:
    return isinstance(value, generic.NullObject)


def _read_signature(reader: PdfFileReader, content: bytes, value: generic.PdfObject) -> _Signature:
    """Read the signature dictionary at its offset, its /Contents hole left out (module doc)."""
    if not isinstance(value, generic.IndirectObject):
        raise _Damaged("the signature dictionary must be an indirect object")
    offset = reader.xrefs[value.reference]
    if not isinstance(offset, int):  # in an object stream: no byte range can point into it
        raise _Damaged("signature dictionary in an object stream")
    header = _OBJECT.match(content, offset)
    if header is None or (int(header[1]), int(header[2])) != (value.idnum, value.generation):
        raise _Damaged("no such object at its offset")
    end = content.find(b"endobj", header.end())
    found = _BYTE_RANGE.search(content, header.end(), end)
    if end < 0 or found is None or int(found[1]) != 0:
        raise _Damaged("no /ByteRange [0 a b c]")
    a, b, c = int(found[2]), int(found[3]), int(found[4])
    if not (header.end() < a < b <= end) or _HEX.fullmatch(content, a, b) is None:
        raise _Damaged("the byte range's hole is not a hex string in the dictionary")
    masked = content[header.end() : a].lstrip() + b"<>" + content[b:end]
    parsed = generic.read_object(BytesIO(masked), value.reference)
    _check_dictionary(parsed, (0, a, b, c))
    der = bytes.fromhex(content[a + 1 : b - 1].decode("ascii"))
    signed_data = asn1_cms.ContentInfo.load(der)["content"]
    if len(signed_data["signer_infos"]) != 1:
        raise _Damaged("one signer expected")
    return _Signature(a, b, c, signed_data)


def _check_dictionary(parsed: generic.PdfObject, byte_range: tuple[int, ...]) -> None:
    if not isinstance(parsed, generic.DictionaryObject):
        raise _Damaged("not a dictionary")
    if tuple(parsed.get("/ByteRange", ())) != byte_range:
        raise _Damaged("/ByteRange found in the text is not the dictionary's")
    contents = parsed.get("/Contents")
    if not isinstance(contents, generic.ByteStringObject | generic.TextStringObject) or (
        contents.original_bytes != b""
    ):
        raise _Damaged("the hole is not the dictionary's /Contents")
    if parsed.get("/Type", "/Sig") != "/Sig" or parsed.get("/SubFilter") not in _SUBFILTERS:
        raise _Damaged("not a CMS signature (/Type /Sig, CMS /SubFilter)")

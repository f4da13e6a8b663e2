"""Signing with a key on a USB token (PKCS#11), through pyHanko's PKCS#11 signer (python-pkcs11).

An officer's token holds the private key (it never leaves the device) and the certificate the
city issued for it. `open_token` logs in once with the PIN to read the certificate and check
the key is there, so that a wrong PIN, a missing token or module is reported before anything is
written; each signature (the manifest's CMS, each PDF's PAdES) then opens its own short session.
The PIN lives only in the `TokenKey` in memory for one operation and is never stored.

Errors are `TokenError` with a Vietnamese message; python-pkcs11's English never reaches a user.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509

if TYPE_CHECKING:
    from pyhanko.sign.pkcs11 import PKCS11Signer


class TokenError(ValueError):
    """The token could not be used; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class TokenKey:
    """Where the key is: the vendor's PKCS#11 module, the token label, the key label, the PIN."""

    module: str
    token_label: str
    key_label: str | None = None
    pin: str = field(default="", repr=False)

    def describe(self) -> str:
        """Return "token “LABEL” (module)" for messages."""
        return f"thiết bị ký số “{self.token_label}” ({Path(self.module).name})"


def _translate(exc: BaseException, key: TokenKey) -> TokenError:
    """Turn a python-pkcs11/pyHanko failure into a Vietnamese message."""
    from pkcs11 import exceptions as p11

    where = key.describe()
    if isinstance(exc, p11.PinIncorrect | p11.PinInvalid | p11.PinLenRange):
        return TokenError(f"Sai mã PIN của {where}. Lưu ý: nhập sai nhiều lần sẽ khóa thiết bị.")
    if isinstance(exc, p11.PinLocked):
        return TokenError(
            f"{where.capitalize()} đã bị khóa do nhập sai mã PIN quá số lần cho phép; "
            "hãy nhờ đơn vị cấp thiết bị mở khóa."
        )
    if isinstance(exc, p11.PinExpired):
        return TokenError(
            f"Mã PIN của {where} đã hết hạn; hãy đổi mã PIN bằng phần mềm của thiết bị."
        )
    if isinstance(exc, p11.TokenNotPresent | p11.DeviceRemoved | p11.NoSuchToken):
        return TokenError(f"Không thấy {where}: hãy cắm thiết bị vào máy rồi thử lại.")
    if isinstance(exc, p11.NoSuchKey | p11.MultipleObjectsReturned):
        return TokenError(f"Không tìm thấy đúng một khóa ký trên {where}; hãy chọn nhãn khóa.")
    return TokenError(f"Không dùng được {where}: lỗi thiết bị ({type(exc).__name__}).")


def _check_module(key: TokenKey) -> None:
    path = Path(key.module).expanduser()
    if not path.is_file():
        raise TokenError(
            f"Không thấy tệp thư viện PKCS#11 “{key.module}” (tệp .dll/.so do hãng thiết bị "
            "cài đặt). Hãy kiểm tra đường dẫn."
        )
    if not key.pin:
        raise TokenError("Hãy nhập mã PIN của thiết bị ký số.")


@contextmanager
def token_signer(key: TokenKey) -> Iterator[PKCS11Signer]:
    """Open a logged-in session on the token and yield pyHanko's signer for its key."""
    from pkcs11 import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    _check_module(key)
    try:
        session = open_pkcs11_session(
            str(Path(key.module).expanduser()),
            token_criteria=TokenCriteria(label=key.token_label),
            user_pin=key.pin,
        )
    except (PKCS11Error, RuntimeError, OSError) as exc:
        raise _found_or_translated(exc, key) from exc
    try:
        label = key.key_label or _only_key_label(session, key)
        signer = PKCS11Signer(session, key_label=label, cert_label=label)
        cert = signer.signing_cert
        # Tokens (SoftHSM2 and many USB ones) offer ECDSA only as the raw mechanism over a
        # digest computed by the caller, not CKM_ECDSA_SHA256: pyHanko hashes, the token signs.
        signer.use_raw_mechanism = cert is not None and cert.public_key.algorithm == "ec"
        yield signer
    except PKCS11Error as exc:
        raise _translate(exc, key) from exc
    finally:
        session.close()


def _only_key_label(session: Any, key: TokenKey) -> str:
    """Return the label of the token's only private key (the usual USB token holds one)."""
    from pkcs11 import Attribute, ObjectClass

    labels = [
        str(obj[Attribute.LABEL])
        for obj in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})
    ]
    if len(labels) != 1:
        raise TokenError(
            f"{key.describe().capitalize()} có {len(labels)} khóa ký; hãy cho biết nhãn khóa "
            "cần dùng (--pkcs11-key-label)."
        )
    return labels[0]


def _found_or_translated(exc: BaseException, key: TokenKey) -> TokenError:
    from pkcs11 import PKCS11Error

    if isinstance(exc, PKCS11Error) and "No token matching" in str(exc):
        return TokenError(f"Không thấy {key.describe()}: hãy cắm thiết bị vào máy rồi thử lại.")
    if isinstance(exc, OSError | RuntimeError) and not isinstance(exc, PKCS11Error):
        return TokenError(f"Tệp “{key.module}” không phải thư viện PKCS#11 dùng được trên máy này.")
    return _translate(exc, key)


def read_token_certificate(key: TokenKey) -> tuple[x509.Certificate, tuple[x509.Certificate, ...]]:
    """Log in and return the signing certificate and the token's other certificates."""
    from pkcs11 import PKCS11Error

    with token_signer(key) as signer:
        try:
            cert = signer.signing_cert
            others = list(signer.cert_registry)
            signer._pull_signing_key_handle()  # type: ignore[no-untyped-call]  # key there too
        except PKCS11Error as exc:
            raise _translate(exc, key) from exc
        if cert is None:
            raise TokenError(f"Không có chứng thư số trên {key.describe()}.")
    own = x509.load_der_x509_certificate(cert.dump())
    chain = tuple(
        x509.load_der_x509_certificate(c.dump()) for c in others if c.dump() != cert.dump()
    )
    return own, chain


def sign_cms_on_token(data: bytes, key: TokenKey) -> bytes:
    """Return a DER detached CMS SignedData (SHA-256) over `data`, made on the token."""
    with token_signer(key) as signer:
        content_info = asyncio.run(signer.async_sign_general_data(data, "sha256", detached=True))
    return bytes(content_info.dump())

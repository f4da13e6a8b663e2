"""A SoftHSM2 software token for the tests: one token folder per test session.

python-pkcs11 (and pyHanko through it) loads a PKCS#11 module once per process, and SoftHSM2
reads SOFTHSM2_CONF when it is first initialised: so the configuration is made once, with every
token the tests need, before any test touches the module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "123456"
SO_PIN = "12345678"
KEY_LABEL = "ky-so-don-vi"
# The unit's token. SoftHSM2 never locks a token after wrong PINs (checked: 12 wrong, then the
# right one works), so the locked token is tested by simulating the module's answer.
# "giao-dien": the window's test, whose token holds one key (the window asks no key label).
LABELS = ("don-vi", "giao-dien")


def available() -> bool:
    """Tell whether SoftHSM2 and its tools are installed."""
    return Path(MODULE).is_file() and shutil.which("softhsm2-util") is not None


@dataclass(frozen=True)
class SoftToken:
    """The session's software tokens."""

    module: str
    folder: Path

    def new_key(self, label: str) -> tuple[str, bytes]:
        """Generate an EC P-256 key pair on token `label`; return its key label and public key.

        Each key gets its own label, so tests sharing the session's token never find two keys.
        """
        import pkcs11
        from pkcs11 import Attribute, KeyType
        from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters

        token = pkcs11.lib(self.module).get_token(token_label=label)
        with token.open(rw=True, user_pin=PIN) as session:
            params = session.create_domain_parameters(
                KeyType.EC,
                {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
                local=True,
            )
            key_label = f"{KEY_LABEL}-{uuid.uuid4().hex[:8]}"
            public, _ = params.generate_keypair(store=True, label=key_label)
            der = encode_ec_public_key(public)
        key = serialization.load_der_public_key(der)
        return key_label, key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def write_certificate(self, label: str, key_label: str, cert: x509.Certificate) -> None:
        """Store `cert` on token `label` beside its key, as the vendor's tool would."""
        import pkcs11
        from pkcs11 import Attribute, CertificateType, ObjectClass

        token = pkcs11.lib(self.module).get_token(token_label=label)
        with token.open(rw=True, user_pin=PIN) as session:
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: key_label,
                    Attribute.SUBJECT: cert.subject.public_bytes(),
                    Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                }
            )


def make_tokens(folder: Path) -> SoftToken:
    """Write a SoftHSM2 configuration in `folder`, point SOFTHSM2_CONF at it, init the tokens."""
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)
    for label in LABELS:
        subprocess.run(
            [
                "softhsm2-util",
                "--init-token",
                "--free",
                "--label",
                label,
                "--pin",
                PIN,
                "--so-pin",
                SO_PIN,
            ],
            check=True,
            capture_output=True,
        )
    return SoftToken(MODULE, folder)

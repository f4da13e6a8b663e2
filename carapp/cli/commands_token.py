"""USB tokens (PKCS#11) on the command line.

    carapp package build … --pkcs11-module /usr/lib/…/libxyz.so --pkcs11-label NHÃN [--pkcs11-key-label NHÃN-KHÓA]
    carapp pki issue-token-cert MÃ --public-key KHÓA-CÔNG-KHAI.pem --out CHỨNG-THƯ.pem [--name TÊN]

The token's PIN is asked each time (getpass), or read from CARAPP_PIN for scripts and tests;
it is never stored.
"""

from __future__ import annotations

import argparse
import getpass
import os
from typing import Any

from carapp.cli.commands_unit import KIND_HELP, kind_arg
from carapp.cli.output import day
from carapp.db.migrate import open_database
from carapp.services.common import current_user
from carapp.services.sync.token_keys import issue_token_certificate, open_token_key, read_public_key
from carapp.sync.pki import Signer

PIN_ENV = "CARAPP_PIN"


def add_token_options(parser: argparse.ArgumentParser) -> None:
    """Add --pkcs11-module/--pkcs11-label/--pkcs11-key-label to a signing command."""
    parser.add_argument(
        "--pkcs11-module", metavar="TỆP", help="thư viện PKCS#11 của thiết bị ký số (.dll/.so)"
    )
    parser.add_argument("--pkcs11-label", metavar="NHÃN", help="nhãn (tên) của thiết bị ký số")
    parser.add_argument(
        "--pkcs11-key-label", metavar="NHÃN", help="nhãn của khóa trên thiết bị (nếu có nhiều khóa)"
    )


def token_signer(args: argparse.Namespace) -> Signer | None:
    """Return a Signer on the token the options name, or None when no token was asked for."""
    module = getattr(args, "pkcs11_module", None)
    label = getattr(args, "pkcs11_label", None)
    if not module and not label:
        return None
    if not module or not label:
        raise ValueError("Hãy cho cả --pkcs11-module và --pkcs11-label để ký bằng thiết bị ký số.")
    pin = os.environ.get(PIN_ENV) or getpass.getpass(f"Mã PIN của thiết bị ký số “{label}”: ")
    return open_token_key(module, label, args.pkcs11_key_label, pin)


def register_pki(sub: Any, ca_key: Any) -> None:
    """Add `pki issue-token-cert` (`ca_key(args)` opens the city's CA key)."""
    issue = sub.add_parser(
        "issue-token-cert", help="cấp chứng thư số cho khóa trên thiết bị ký số của đơn vị"
    )
    issue.add_argument("code", help="mã đơn vị, ví dụ BLV")
    issue.add_argument("--public-key", required=True, help="khóa công khai của thiết bị (PEM/DER)")
    issue.add_argument("--out", required=True, help="tệp chứng thư (.pem) sẽ ghi ra")
    issue.add_argument("--name", default="", help="tên đơn vị (bắt buộc với đơn vị mới)")
    issue.add_argument("--kind", type=kind_arg, default="office", help=KIND_HELP)
    issue.add_argument("--years", type=int, default=3, help="số năm hiệu lực (mặc định 3)")
    issue.add_argument("--ca", help="tệp khóa CA của thành phố; mặc định: tệp ghi khi khởi tạo")
    issue.add_argument("--passphrase-file", help="tệp chứa mật khẩu của tệp khóa CA")
    issue.set_defaults(handler=lambda args: issue_token_cert(args, ca_key))


def issue_token_cert(args: argparse.Namespace, ca_key: Any) -> int:
    """Issue a certificate for a token's public key and allow it for the unit."""
    engine = open_database(args.db)
    public_key = read_public_key(args.public_key)
    issued = issue_token_certificate(
        engine,
        current_user(),
        ca_key(engine, args),
        args.code,
        args.name,
        public_key,
        args.out,
        years=args.years,
        kind=args.kind,
    )
    print(f"Đã cấp chứng thư cho thiết bị ký số của đơn vị {issued.unit_code}: {issued.path}")
    print(f"Chứng thư: {issued.subject}; hiệu lực đến {day(issued.not_after.date())}")
    print(f"Vân tay SHA-256: {issued.fingerprint}")
    print("Hãy ghi chứng thư này vào thiết bị ký số bằng phần mềm của hãng thiết bị.")
    return 0

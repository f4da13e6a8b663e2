"""Revocation on the command line.

carapp pki revoke-cert CHỨNG-THƯ.pem|SỐ-SÊ-RI [--out thu-hoi.crl]   (thành phố)
carapp pki crl import thu-hoi.crl                                    (đơn vị, thành phố)
carapp pki crl list
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cryptography import x509

from carapp.cli.output import fail
from carapp.db.migrate import open_database
from carapp.domain.os_errors import os_reason
from carapp.fileio import atomic_write_bytes
from carapp.services.common import ServiceError, current_user
from carapp.services.sync.revocation import CrlSummary, city_crl, crl_summaries, import_crl, revoke
from carapp.services.sync.trust import read_certificate


def register_pki(sub: Any, ca_key: Any) -> None:
    """Add `pki revoke-cert` and `pki crl import|list` (`ca_key(engine, args)` opens the CA)."""
    revoke_cmd = sub.add_parser(
        "revoke-cert", help="thu hồi một chứng thư số thành phố đã cấp (lập danh sách thu hồi)"
    )
    revoke_cmd.add_argument("cert", help="tệp chứng thư (PEM/DER) hoặc số sê-ri (hệ 16)")
    revoke_cmd.add_argument("--out", help="ghi danh sách thu hồi (.crl) ra tệp này")
    revoke_cmd.add_argument(
        "--ca", help="tệp khóa CA của thành phố; mặc định: tệp ghi khi khởi tạo"
    )
    revoke_cmd.add_argument("--passphrase-file", help="tệp chứa mật khẩu của tệp khóa CA")
    revoke_cmd.set_defaults(handler=lambda args: revoke_command(args, ca_key))
    crl = sub.add_parser("crl", help="danh sách chứng thư số bị thu hồi")
    crl_sub = crl.add_subparsers(dest="crl_command", metavar="LỆNH", required=True)
    imp = crl_sub.add_parser("import", help="nhập danh sách thu hồi (.crl) của thành phố")
    imp.add_argument("file", help="tệp .crl (DER hoặc PEM)")
    imp.set_defaults(handler=crl_import_command)
    crl_sub.add_parser("list", help="các danh sách thu hồi đang giữ").set_defaults(
        handler=crl_list_command
    )


def _target(value: str) -> tuple[int, x509.Certificate | None]:
    if Path(value).expanduser().is_file():
        cert = read_certificate(value)
        return cert.serial_number, cert
    try:
        return int(value.replace(":", ""), 16), None
    except ValueError:
        raise ServiceError(
            f"“{value}” không phải tệp chứng thư cũng không phải số sê-ri (hệ 16)."
        ) from None


def _describe(summary: CrlSummary) -> None:
    print(
        f"Danh sách thu hồi số {summary.number} của {summary.issuer}: {len(summary.serials)} chứng thư"
    )
    for serial in summary.serials:
        print(f"  số sê-ri {serial:X}")


def revoke_command(args: argparse.Namespace, ca_key: Any) -> int:
    """Revoke a certificate at the city and sign the new CRL."""
    serial, cert = _target(args.cert)
    engine = open_database(args.db)
    summary = revoke(engine, current_user(), ca_key(engine, args), serial, certificate=cert)
    print(f"Đã thu hồi chứng thư số sê-ri {serial:X}.")
    _describe(summary)
    if args.out:
        der = city_crl(engine)
        assert der is not None
        atomic_write_bytes(Path(args.out).expanduser(), der)
        print(f"Đã ghi danh sách thu hồi: {args.out}")
    print("Danh sách được gửi kèm mọi gói giao nhiệm vụ từ nay; có thể gửi tệp .crl cho đơn vị.")
    return 0


def crl_import_command(args: argparse.Namespace) -> int:
    """Import the city's CRL from a file."""
    try:
        raw = Path(args.file).expanduser().read_bytes()
    except OSError as exc:
        return fail(f"Không đọc được tệp “{args.file}”: {os_reason(exc)}.")
    summary = import_crl(open_database(args.db), current_user(), raw)
    if not summary.changed:
        print("Đã có danh sách thu hồi này hoặc mới hơn; không thay đổi gì.")
    _describe(summary)
    return 0


def crl_list_command(args: argparse.Namespace) -> int:
    """List the CRLs kept."""
    summaries = crl_summaries(open_database(args.db))
    if not summaries:
        print("Chưa có danh sách thu hồi nào.")
    for summary in summaries:
        _describe(summary)
    return 0

"""Sync from the command line: keys and trust, packages, receipts, assignments, the city's view.

    carapp mode [unit|city] [--code MÃ] [--key TỆP.p12]
    carapp pki init-city --out city.p12 [--code HP] [--name TÊN]
    carapp pki issue-unit MÃ --out unit.p12 [--name TÊN]
    carapp pki trust list | add-root GỐC.pem | allow MÃ CHỨNG-THƯ.pem | revoke MÃ VÂN-TAY
    carapp package build --period KỲ [--key TỆP.p12] [-o THƯ-MỤC]
    carapp package verify TỆP...
    carapp package import TỆP-HOẶC-THƯ-MỤC... [--receipts THƯ-MỤC]
    carapp package list [--in | --out]
    carapp receipt import TỆP
    carapp assignments publish --plan KẾ-HOẠCH --units BLV,CHI [--tasks 1,2] [-o THƯ-MỤC]
    carapp assignments import TỆP
    carapp city units [--period KỲ] | tasks MÃ --period KỲ | export --period KỲ -o TỆP
    carapp city due-dates [--set Q1=18/3 …]
    carapp city provinces [--period KỲ] | areas [--period KỲ]   (carapp.cli.commands_city)

Passphrases of key files come from --passphrase-file, else the CARAPP_PASSPHRASE environment
variable, else a prompt; a new key file's from --new-passphrase-file, CARAPP_NEW_PASSPHRASE or a
prompt asked twice. No passphrase is ever stored.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, cast

from sqlalchemy import Engine

from carapp.cli import commands_city, commands_crl, commands_token
from carapp.cli.commands_plan import choose_plan, period_arg
from carapp.cli.commands_unit import KIND_HELP, kind_arg
from carapp.cli.output import day, fail, table
from carapp.cli.outputs import add_output_options, existing_folder, output_file, output_format
from carapp.db.migrate import open_database
from carapp.domain.city import CATEGORIES, category_label
from carapp.domain.os_errors import os_reason
from carapp.domain.periods import PeriodKind, ReportingPeriod, period_for
from carapp.domain.vietnam_time import shown, vietnam
from carapp.services.common import ServiceError, current_user
from carapp.services.sync.assignment_import import import_assignments
from carapp.services.sync.assignment_publish import publish_assignments
from carapp.services.sync.city import consolidate, unit_tasks
from carapp.services.sync.city_export import export_consolidated
from carapp.services.sync.due_dates import due_dates, set_due_date
from carapp.services.sync.keys import init_city, issue_unit_key, load_key
from carapp.services.sync.package_checks import verify_files
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.package_list import list_packages
from carapp.services.sync.receipts import import_receipt
from carapp.services.sync.report_package import build_report_package
from carapp.services.sync.results import REJECTED, ImportResult
from carapp.services.sync.setup import set_mode, sync_settings
from carapp.services.sync.trust import (
    add_root,
    allow_certificate,
    read_certificate,
    revoke_certificate,
    trust_view,
)
from carapp.services.tasks import find_task
from carapp.sync.pki import Signer

PASSPHRASE_ENV = "CARAPP_PASSPHRASE"
NEW_PASSPHRASE_ENV = "CARAPP_NEW_PASSPHRASE"
PACKAGE_KINDS = {"report": "báo cáo", "assignments": "giao nhiệm vụ", "receipt": "biên nhận"}
SHORT_CATEGORIES = commands_city.SHORT_CATEGORIES  # the count columns' short titles


# --- passphrases and keys --------------------------------------------------------------------


def _read_passphrase_file(path: str) -> str:
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise ServiceError(f"Không đọc được tệp mật khẩu “{path}”: {os_reason(exc)}.") from exc
    return text.splitlines()[0] if text else ""


def passphrase(args: argparse.Namespace, prompt: str = "Mật khẩu tệp khóa: ") -> str:
    """Return the passphrase of an existing key file (file, environment, or prompt)."""
    if getattr(args, "passphrase_file", None):
        return _read_passphrase_file(args.passphrase_file)
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    return _ask(prompt)


def _ask(prompt: str) -> str:
    """Ask for a passphrase on the terminal; with no one to answer, say how to give it."""
    try:
        if not sys.stdin.isatty():  # getpass would fall back to echoing, in English
            raise EOFError
        return getpass.getpass(prompt)
    except EOFError:
        raise ServiceError(
            f"Cần mật khẩu tệp khóa nhưng không có ai nhập: dùng --passphrase-file TỆP "
            f"hoặc đặt biến môi trường {PASSPHRASE_ENV}."
        ) from None


def new_passphrase(args: argparse.Namespace) -> str:
    """Return the passphrase for a new key file, asked twice when prompted."""
    if getattr(args, "new_passphrase_file", None):
        return _read_passphrase_file(args.new_passphrase_file)
    if os.environ.get(NEW_PASSPHRASE_ENV):
        return os.environ[NEW_PASSPHRASE_ENV]
    first = _ask("Mật khẩu cho tệp khóa mới (ít nhất 8 ký tự): ")
    if _ask("Nhập lại mật khẩu: ") != first:
        raise ServiceError("Hai lần nhập mật khẩu không khớp nhau.")
    return first


def _signer(engine: Engine, args: argparse.Namespace, setting: str = "key_file") -> Signer:
    on_token = commands_token.token_signer(args)
    if on_token is not None:
        return on_token
    path = args.key or getattr(sync_settings(engine), setting)
    if not path:
        raise ServiceError("Hãy chỉ tệp khóa PKCS#12 để ký (--key TỆP.p12).")
    return load_key(path, passphrase(args, f"Mật khẩu tệp khóa {Path(path).name}: "))


def _key_options(parser: argparse.ArgumentParser, what: str = "tệp khóa ký (PKCS#12)") -> None:
    parser.add_argument("--key", help=f"{what}; mặc định: tệp đã đặt cho cơ sở dữ liệu")
    parser.add_argument("--passphrase-file", help="tệp chứa mật khẩu của tệp khóa")
    commands_token.add_token_options(parser)


# --- registration ---------------------------------------------------------------------------


def register(commands: Any) -> None:
    """Add the sync commands (mode, pki, package, receipt, assignments, city)."""
    mode = commands.add_parser("mode", help="chế độ của cơ sở dữ liệu: đơn vị hay thành phố")
    mode.add_argument("mode", nargs="?", choices=("unit", "city"), help="unit hoặc city")
    mode.add_argument("--code", help="mã đơn vị của cơ sở dữ liệu này (ví dụ BLV)")
    mode.add_argument("--key", help="tệp khóa ký PKCS#12 dùng mặc định")
    mode.set_defaults(handler=mode_command)
    _register_pki(commands)
    _register_package(commands)
    receipt = commands.add_parser("receipt", help="biên nhận của thành phố")
    receipt_sub = receipt.add_subparsers(dest="receipt_command", metavar="LỆNH", required=True)
    receipt_import = receipt_sub.add_parser("import", help="nhập biên nhận (phía đơn vị)")
    receipt_import.add_argument("file", help="tệp biên nhận .zip")
    receipt_import.set_defaults(handler=receipt_import_command)
    _register_assignments(commands)
    _register_city(commands)


def _register_pki(commands: Any) -> None:
    pki = commands.add_parser("pki", help="khóa, chứng thư số và kho tin cậy")
    sub = pki.add_subparsers(dest="pki_command", metavar="LỆNH", required=True)
    init = sub.add_parser("init-city", help="khởi tạo chứng thư gốc và khóa ký của thành phố")
    init.add_argument("--out", required=True, help="tệp khóa ký của thành phố (.p12) sẽ ghi ra")
    init.add_argument("--code", default="HP", help="mã đơn vị thành phố (mặc định HP)")
    init.add_argument("--name", default="Sở Nội vụ thành phố Hải Phòng", help="tên cơ quan")
    init.add_argument("--new-passphrase-file", help="tệp chứa mật khẩu cho các tệp khóa mới")
    init.set_defaults(handler=pki_init_city)
    issue = sub.add_parser("issue-unit", help="cấp tệp khóa ký cho một đơn vị")
    issue.add_argument("code", help="mã đơn vị, ví dụ BLV")
    issue.add_argument("--out", required=True, help="tệp khóa (.p12) sẽ ghi ra")
    issue.add_argument("--name", default="", help="tên đơn vị (bắt buộc với đơn vị mới)")
    issue.add_argument("--kind", type=kind_arg, default="office", help=KIND_HELP)
    issue.add_argument("--years", type=int, default=3, help="số năm hiệu lực (mặc định 3)")
    issue.add_argument("--ca", help="tệp khóa CA của thành phố; mặc định: tệp ghi khi khởi tạo")
    issue.add_argument("--passphrase-file", help="tệp chứa mật khẩu của tệp khóa CA")
    issue.add_argument("--new-passphrase-file", help="tệp chứa mật khẩu cho tệp khóa mới")
    issue.set_defaults(handler=pki_issue_unit)
    commands_token.register_pki(sub, _ca_key)
    commands_crl.register_pki(sub, _ca_key)
    trust = sub.add_parser("trust", help="kho chứng thư tin cậy")
    trust_sub = trust.add_subparsers(dest="trust_command", metavar="LỆNH", required=True)
    trust_sub.add_parser("list", help="liệt kê").set_defaults(handler=trust_list)
    root = trust_sub.add_parser("add-root", help="tin cậy một chứng thư gốc (tệp PEM)")
    root.add_argument("pem", help="tệp chứng thư gốc")
    root.set_defaults(handler=trust_add_root)
    allow = trust_sub.add_parser("allow", help="cho phép một chứng thư ký thay một đơn vị")
    allow.add_argument("code", help="mã đơn vị")
    allow.add_argument("cert", help="tệp chứng thư (PEM hoặc DER)")
    allow.set_defaults(handler=trust_allow)
    revoke = trust_sub.add_parser("revoke", help="thu hồi quyền ký của một chứng thư")
    revoke.add_argument("code", help="mã đơn vị")
    revoke.add_argument("fingerprint", help="vân tay SHA-256 của chứng thư")
    revoke.set_defaults(handler=trust_revoke)


def _register_package(commands: Any) -> None:
    package = commands.add_parser("package", help="gói báo cáo: lập, kiểm tra, nhập")
    sub = package.add_subparsers(dest="package_command", metavar="LỆNH", required=True)
    build = sub.add_parser("build", help="lập gói báo cáo của đơn vị cho một kỳ")
    build.add_argument("--period", type=period_arg, required=True, help="kỳ báo cáo, ví dụ 2026-Q1")
    build.add_argument("-o", "--output", default=".", help="thư mục ghi gói (mặc định: hiện tại)")
    build.add_argument(
        "--number", default="", metavar="SỐ", help="số của báo cáo (ví dụ 12: “Số: 12/BC-UBND”)"
    )
    _key_options(build)
    build.set_defaults(handler=package_build)
    verify = sub.add_parser("verify", help="kiểm tra gói (không ghi gì vào cơ sở dữ liệu)")
    verify.add_argument("files", nargs="+", help="tệp .zip hoặc thư mục")
    verify.set_defaults(handler=package_verify)
    imp = sub.add_parser("import", help="nhập gói báo cáo của các đơn vị (phía thành phố)")
    imp.add_argument("files", nargs="+", help="tệp .zip hoặc thư mục chứa các gói")
    imp.add_argument("--receipts", help="thư mục ghi biên nhận (mặc định: cạnh mỗi gói)")
    imp.add_argument("--log", help="tệp nhật ký ghi thêm các gói bị từ chối")
    _key_options(imp, "tệp khóa ký biên nhận của thành phố")
    imp.set_defaults(handler=package_import)
    listing = sub.add_parser("list", help="các gói đã gửi và đã nhận")
    group = listing.add_mutually_exclusive_group()
    group.add_argument("--in", dest="direction", action="store_const", const="in", help="đã nhận")
    group.add_argument("--out", dest="direction", action="store_const", const="out", help="đã gửi")
    listing.set_defaults(handler=package_list)


def _register_assignments(commands: Any) -> None:
    assignments = commands.add_parser("assignments", help="giao nhiệm vụ cho đơn vị")
    sub = assignments.add_subparsers(dest="assignments_command", metavar="LỆNH", required=True)
    publish = sub.add_parser("publish", help="lập gói giao nhiệm vụ (phía thành phố)")
    publish.add_argument("--plan", help="id kế hoạch của thành phố (mặc định: kế hoạch duy nhất)")
    publish.add_argument("--units", required=True, help="mã các đơn vị nhận, cách nhau dấu phẩy")
    publish.add_argument("--tasks", help="số thứ tự hoặc mã các nhiệm vụ (mặc định: tất cả)")
    publish.add_argument("-o", "--output", default=".", help="thư mục ghi gói")
    _key_options(publish)
    publish.set_defaults(handler=assignments_publish)
    imp = sub.add_parser("import", help="nhập gói giao nhiệm vụ (phía đơn vị)")
    imp.add_argument("file", help="tệp .zip")
    imp.set_defaults(handler=assignments_import)


def _register_city(commands: Any) -> None:
    city = commands.add_parser("city", help="tổng hợp của thành phố")
    sub = city.add_subparsers(dest="city_command", metavar="LỆNH", required=True)
    units = sub.add_parser("units", help="bảng các đơn vị: đã nhận, đúng hạn, đầy đủ, kết quả")
    units.add_argument("--period", type=period_arg, help="kỳ báo cáo (mặc định: kỳ hiện tại)")
    units.set_defaults(handler=city_units)
    tasks = sub.add_parser("tasks", help="nhiệm vụ của một đơn vị")
    tasks.add_argument("code", help="mã đơn vị")
    tasks.add_argument("--period", type=period_arg, help="kỳ báo cáo (mặc định: kỳ hiện tại)")
    tasks.set_defaults(handler=city_tasks)
    export = sub.add_parser("export", help="in báo cáo tổng hợp (PDF hoặc Excel)")
    export.add_argument("--period", type=period_arg, help="kỳ báo cáo (mặc định: kỳ hiện tại)")
    add_output_options(export)
    export.set_defaults(handler=city_export)
    due = sub.add_parser("due-dates", help="xem hoặc đặt hạn nộp báo cáo của từng kỳ")
    due.add_argument(
        "--set", action="append", default=[], metavar="KỲ=NGÀY/THÁNG", help="ví dụ Q1=18/3"
    )
    due.set_defaults(handler=city_due_dates)
    commands_city.register(sub, period_arg)


# --- mode and pki ---------------------------------------------------------------------------


def mode_command(args: argparse.Namespace) -> int:
    """Show or set this database's mode."""
    engine = open_database(args.db)
    settings = sync_settings(engine)
    if args.mode or args.code or args.key:
        settings = set_mode(engine, current_user(), args.mode or settings.mode, args.code, args.key)
    print(f"Chế độ: {settings.mode_label} ({settings.mode})")
    unit = f"{settings.own_unit_code} — {settings.own_unit_name}" if settings.own_unit_code else ""
    print(f"Đơn vị của cơ sở dữ liệu: {unit or '(chưa đặt)'}")
    print(f"Tệp khóa ký: {settings.key_file or '(chưa đặt)'}")
    if settings.root_fingerprint:
        print(f"Chứng thư gốc của thành phố: {settings.root_fingerprint}")
    return 0


def pki_init_city(args: argparse.Namespace) -> int:
    """Create the city's root CA and signing key."""
    engine = open_database(args.db)
    keys = init_city(engine, current_user(), args.code, args.name, args.out, new_passphrase(args))
    print(f"Đã khởi tạo chế độ thành phố cho {args.code}.")
    print(f"Tệp khóa ký của thành phố: {keys.key_file}")
    print(f"Tệp khóa CA (cấp khóa cho đơn vị; cất giữ cẩn thận): {keys.ca_key_file}")
    print(f"Chứng thư gốc gửi các đơn vị: {keys.root_pem_file}")
    print(f"Chứng thư ký của thành phố gửi các đơn vị: {keys.city_pem_file}")
    print(f"Vân tay chứng thư gốc (đọc cho đơn vị đối chiếu): {keys.root_fingerprint}")
    print(f"Vân tay chứng thư ký của thành phố: {keys.city_fingerprint}")
    return 0


def _ca_key(engine: Engine, args: argparse.Namespace) -> Signer:
    ca_path = args.ca or sync_settings(engine).ca_key_file
    if not ca_path:
        raise ServiceError("Hãy chỉ tệp khóa CA của thành phố (--ca TỆP.p12).")
    return load_key(ca_path, passphrase(args, "Mật khẩu tệp khóa CA: "))


def pki_issue_unit(args: argparse.Namespace) -> int:
    """Issue a unit's key file and allow it in the trust store."""
    engine = open_database(args.db)
    ca = _ca_key(engine, args)
    issued = issue_unit_key(
        engine,
        current_user(),
        ca,
        args.code,
        args.name,
        args.out,
        new_passphrase(args),
        years=args.years,
        kind=args.kind,
    )
    print(f"Đã cấp tệp khóa cho đơn vị {issued.unit_code} — {issued.unit_name}: {issued.path}")
    print(f"Chứng thư: {issued.subject}; hiệu lực đến {day(issued.not_after.date())}")
    print(f"Vân tay SHA-256: {issued.fingerprint}")
    return 0


def trust_list(args: argparse.Namespace) -> int:
    """List trusted roots and allowed certificates."""
    view = trust_view(open_database(args.db))
    print("Chứng thư gốc tin cậy:")
    if not view.roots:
        print("  (chưa có)")
    for root in view.roots:
        print(f"  {root.subject}")
        print(f"    vân tay {root.fingerprint}; hiệu lực đến {day(root.not_after.date())}")
    print("Chứng thư được ký thay đơn vị:")
    if not view.allowed:
        print("  (chưa có)")
    else:
        rows = [[a.unit_code, a.unit_name, a.fingerprint] for a in view.allowed]
        print(table(["Mã", "Đơn vị", "Vân tay SHA-256"], rows, [16, 40, 64]))
    return 0


def trust_add_root(args: argparse.Namespace) -> int:
    """Trust a root certificate."""
    print_ = add_root(open_database(args.db), current_user(), read_certificate(args.pem))
    print(f"Đã thêm chứng thư gốc tin cậy, vân tay {print_}.")
    return 0


def trust_allow(args: argparse.Namespace) -> int:
    """Allow a certificate for a unit code."""
    cert = read_certificate(args.cert)
    print_ = allow_certificate(open_database(args.db), current_user(), args.code, cert)
    print(f"Đã cho phép chứng thư {print_} ký thay đơn vị {args.code}.")
    return 0


def trust_revoke(args: argparse.Namespace) -> int:
    """Revoke a certificate for a unit code."""
    engine = open_database(args.db)
    if not revoke_certificate(engine, current_user(), args.code, args.fingerprint):
        return fail(f"Đơn vị {args.code} không có chứng thư vân tay {args.fingerprint}.")
    print(f"Đã thu hồi quyền ký của chứng thư {args.fingerprint} cho đơn vị {args.code}.")
    return 0


# --- packages -------------------------------------------------------------------------------


def _when(value: datetime | None) -> str:
    return shown(value)


def print_result(result: ImportResult) -> None:
    """Print one package's verdict: who signed it and when, or exactly why it was refused."""
    mark = "✗" if result.status == REJECTED else "✓"
    print(f"{mark} {result.path.name}: {result.status_label}")
    if result.unit_code:
        unit = f"{result.unit_code} — {result.unit_name}" if result.unit_name else result.unit_code
        period = f", kỳ {result.period_label}" if result.period else ""
        print(f"    Đơn vị: {unit}{period}, gói số {result.sequence}")
    if result.signer_subject:
        print(f"    Ký bởi: {result.signer_subject}, lúc {_when(result.signed_at)}")
    if result.status == REJECTED:
        print(f"    Lý do ({result.step_label}): {result.reason}")
    elif result.reason:
        print(f"    {result.reason}")
    if result.receipt_path:
        print(f"    Biên nhận: {result.receipt_path}")


def package_build(args: argparse.Namespace) -> int:
    """Build this unit's report package."""
    folder = existing_folder(args.output)
    engine = open_database(args.db)
    signer = _signer(engine, args)
    built = build_report_package(
        engine, args.period, signer, folder, who=current_user(), report_number=args.number
    )
    print(f"Đã lập gói báo cáo {args.period.label}, số {built.sequence}: {built.path}")
    print(f"Gồm: {', '.join(['manifest.json', 'manifest.p7s', *built.files])}")
    print(f"SHA-256 của gói: {built.package_sha256}")
    return 0


def package_verify(args: argparse.Namespace) -> int:
    """Check packages without importing them."""
    results = verify_files(open_database(args.db), args.files)
    if not results:
        return fail("Không tìm thấy tệp .zip nào.")
    for result in results:
        print_result(result)
    rejected = sum(1 for r in results if r.status == REJECTED)
    return fail(f"{rejected} gói không hợp lệ (lý do ở trên).") if rejected else 0


def package_import(args: argparse.Namespace) -> int:
    """Import units' report packages at the city."""
    receipts = existing_folder(args.receipts) if args.receipts else None
    if args.log:
        existing_folder(Path(args.log).expanduser().parent)
    engine = open_database(args.db)
    signer = _signer(engine, args)
    results = import_packages(
        engine, args.files, signer, receipts_dir=receipts, rejection_log=args.log
    )
    if not results:
        return fail("Không tìm thấy tệp .zip nào.")
    for result in results:
        print_result(result)
    accepted = sum(1 for r in results if r.status == "accepted")
    rejected = sum(1 for r in results if r.status == REJECTED)
    print(f"Tổng cộng: {len(results)} gói; nhận {accepted}; từ chối {rejected}.")
    return fail(f"{rejected} gói bị từ chối (lý do ở trên).") if rejected else 0


def package_list(args: argparse.Namespace) -> int:
    """List the packages sent and received."""
    views = list_packages(open_database(args.db), args.direction)
    if not views:
        print("Chưa có gói nào.")
        return 0
    rows = [
        [
            "gửi" if v.direction == "out" else "nhận",
            PACKAGE_KINDS.get(v.kind, v.kind),
            v.unit_code,
            str(v.sequence),
            v.period,
            _when(v.created_at),
            v.state_label,
            v.file_name,
        ]
        for v in views
    ]
    headers = ["Chiều", "Loại", "Đơn vị", "Số", "Kỳ", "Lập lúc", "Trạng thái", "Tệp"]
    print(table(headers, rows, [5, 12, 16, 6, 8, 16, 26, 48]))
    return 0


def receipt_import_command(args: argparse.Namespace) -> int:
    """Import the city's receipt at the unit."""
    result = import_receipt(open_database(args.db), args.file)
    print_result(result)
    return fail("Gói bị từ chối (lý do ở trên).") if result.status == REJECTED else 0


# --- assignments ----------------------------------------------------------------------------


def assignments_publish(args: argparse.Namespace) -> int:
    """Publish the city's tasks to units."""
    engine = open_database(args.db)
    plan_id = choose_plan(engine, args.plan, sync_settings(engine).own_unit_code)
    task_ids = None
    if args.tasks:
        task_ids = [
            find_task(engine, ref, plan_id).id for ref in args.tasks.split(",") if ref.strip()
        ]
    codes = [c.strip() for c in args.units.split(",") if c.strip()]
    folder = existing_folder(args.output)
    signer = _signer(engine, args)
    built = publish_assignments(
        engine, plan_id, codes, signer, folder, task_ids=task_ids, who=current_user()
    )
    print(f"Đã lập gói giao nhiệm vụ số {built.sequence} cho {', '.join(codes)}: {built.path}")
    return 0


def assignments_import(args: argparse.Namespace) -> int:
    """Import the city's assignments at the unit."""
    result = import_assignments(open_database(args.db), args.file, who=current_user())
    print_result(result)
    return fail("Gói bị từ chối (lý do ở trên).") if result.status == REJECTED else 0


# --- the city's view --------------------------------------------------------------------------


def _period(args: argparse.Namespace) -> ReportingPeriod:
    chosen: ReportingPeriod | None = getattr(args, "period", None)
    return chosen or period_for(date.today())


def city_units(args: argparse.Namespace) -> int:
    """Print the consolidated table of units, then the counts per reform area."""
    period = _period(args)
    c = consolidate(open_database(args.db), period)
    print(f"Tổng hợp kỳ {period.label} (số liệu tính đến {day(c.as_of)})")
    if not c.statuses:
        print("Chưa có đơn vị nào.")
        return 0
    by_code = {row.code: row for row in c.units}
    rows = []
    for s in c.statuses:
        counts = by_code[s.code]
        rows.append(
            [
                s.code,
                s.name,
                s.last_period_label,
                day(vietnam(s.received_at).date()) if s.received_at else "Chưa nhận",
                s.timeliness_label,
                s.completeness_label,
                str(counts.total),
                *(str(counts.count(cat)) for cat in CATEGORIES),
            ]
        )
    headers = ["Mã", "Đơn vị", "Kỳ gần nhất", "Nhận kỳ này", "Thời hạn", "Đầy đủ", "Tổng"]
    limits = [12, 36, 14, 11, 18, 16, 6, *([12] * len(CATEGORIES))]
    print(table([*headers, *SHORT_CATEGORIES], rows, limits))
    print()
    print("Theo lĩnh vực:")
    area_rows = [
        [r.label, str(r.total), *(str(r.count(cat)) for cat in CATEGORIES)]
        for r in [*c.areas, c.total]
    ]
    print(
        table(
            ["Lĩnh vực", "Tổng", *SHORT_CATEGORIES], area_rows, [56, 6, *([12] * len(CATEGORIES))]
        )
    )
    print()
    print(
        "Chú thích: "
        + "; ".join(
            f"{s} = {category_label(cat)}"
            for s, cat in zip(SHORT_CATEGORIES, CATEGORIES, strict=True)
        )
    )
    return 0


def city_tasks(args: argparse.Namespace) -> int:
    """Print one unit's tasks with their status for the period."""
    period = _period(args)
    views = unit_tasks(open_database(args.db), args.code, period)
    if not views:
        print(f"Đơn vị {args.code} chưa có nhiệm vụ nào ở thành phố.")
        return 0
    rows = [
        [
            v.number,
            v.content,
            v.lead,
            v.deadline.text,
            v.status.label if v.status else "",
            v.derived.label if v.derived else category_label(None),
            "thành phố giao" if v.origin == "city" else "",
        ]
        for v in views
    ]
    headers = ["STT", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Trạng thái", "Đánh giá", "Nguồn"]
    print(table(headers, rows, [6, 60, 24, 16, 16, 26, 14]))
    return 0


def city_export(args: argparse.Namespace) -> int:
    """Write the consolidated report."""
    period = _period(args)
    fmt = output_format(args.output, args.format)
    output = output_file(args.output or f"tong-hop-{period.code}.{fmt}", args.force)
    export_consolidated(open_database(args.db), period, cast(Literal["pdf", "xlsx"], fmt), output)
    print(f"Đã ghi {output}")
    return 0


def city_due_dates(args: argparse.Namespace) -> int:
    """Show or set the due dates of the reports."""
    engine = open_database(args.db)
    for item in args.set:
        kind, _, value = item.partition("=")
        set_due_date(engine, current_user(), kind.strip(), value)
    names = {PeriodKind.Q1: "Quý I", PeriodKind.H1: "6 tháng", PeriodKind.Q3: "Quý III"}
    names[PeriodKind.YEAR] = "Năm"
    for kind, (month, dom) in due_dates(engine).items():
        print(f"{names[kind]} ({kind.value}): hạn nộp ngày {dom:02d}/{month:02d}")
    return 0

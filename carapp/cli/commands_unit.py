"""`carapp unit list|add|edit|remove|own`: the units a database knows and which one it is."""

from __future__ import annotations

import argparse
from typing import Any

from carapp.cli.output import table
from carapp.db.migrate import open_database
from carapp.domain.unit_kinds import KINDS, kind_label, parse_kind
from carapp.services.common import current_user
from carapp.services.units import (
    SETUP_FIELDS,
    create_unit,
    delete_unit,
    list_units,
    own_unit,
    set_own_unit,
    unit_by_code,
    update_unit,
)

KIND_HELP = "loại đơn vị: " + ", ".join(label.lower() for label in KINDS.values())


def kind_arg(text: str) -> str:
    """Read a unit kind for argparse ("đặc-khu", "xã" …), with the Vietnamese message on error."""
    try:
        return parse_kind(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def register(commands: Any) -> None:
    """Add the unit commands to the parser."""
    unit = commands.add_parser("unit", help="đơn vị: liệt kê, thêm, sửa, xóa, đặt đơn vị mình")
    sub = unit.add_subparsers(dest="unit_command", metavar="LỆNH", required=True)
    sub.add_parser("list", help="liệt kê đơn vị").set_defaults(handler=unit_list)
    show = sub.add_parser("show", help="xem một đơn vị: tiêu đề, địa danh, người ký")
    show.add_argument("code", metavar="MÃ", help="mã đơn vị")
    show.set_defaults(handler=unit_show)
    add = sub.add_parser("add", help="thêm đơn vị")
    add.add_argument("code", metavar="MÃ", help="mã đơn vị: chữ in hoa không dấu, ví dụ MD")
    add.add_argument("--name", required=True, help="tên đầy đủ, ví dụ “Ủy ban nhân dân xã …”")
    add.add_argument("--kind", type=kind_arg, default="office", help=KIND_HELP)
    _setup_options(add)
    add.set_defaults(handler=unit_add)
    edit = sub.add_parser("edit", help="sửa tên, loại, cấp trên, tiêu đề, người ký của đơn vị")
    edit.add_argument("code", metavar="MÃ", help="mã đơn vị")
    edit.add_argument("--name", help="tên đầy đủ mới")
    edit.add_argument("--kind", type=kind_arg, help=KIND_HELP)
    _setup_options(edit)
    edit.set_defaults(handler=unit_edit)
    remove = sub.add_parser("remove", help="xóa đơn vị (khi không còn gì gắn với nó)")
    remove.add_argument("code", metavar="MÃ", help="mã đơn vị")
    remove.set_defaults(handler=unit_remove)
    own = sub.add_parser("own", help="đặt đơn vị của cơ sở dữ liệu này (đơn vị gửi báo cáo)")
    own.add_argument("code", metavar="MÃ", help="mã đơn vị")
    own.set_defaults(handler=unit_own)


def _setup_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--parent", help="mã đơn vị cấp trên (“” để bỏ)")
    parser.add_argument(
        "--parent-body", help="cơ quan cấp trên in ở tiêu đề, ví dụ “ỦY BAN NHÂN DÂN THÀNH PHỐ …”"
    )
    parser.add_argument(
        "--letterhead",
        help=r"tên cơ quan ban hành như in ở tiêu đề; xuống dòng bằng \n, "
        r"ví dụ “ỦY BAN NHÂN DÂN\nĐẶC KHU BẠCH LONG VĨ”",
    )
    parser.add_argument(
        "--letterhead-line",
        action="append",
        default=[],
        help="một dòng của tiêu đề (dùng nhiều lần, theo thứ tự)",
    )
    parser.add_argument("--place", help="địa danh ở dòng ngày tháng, ví dụ “Bạch Long Vĩ”")
    parser.add_argument("--abbreviation", help="chữ viết tắt sau số văn bản, ví dụ UBND")
    parser.add_argument("--sign-authority", help="dòng thẩm quyền ký, ví dụ “TM. ỦY BAN NHÂN DÂN”")
    parser.add_argument("--sign-post", help="chức vụ người ký, ví dụ “CHỦ TỊCH”")
    parser.add_argument("--sign-name", help="họ tên người ký")
    parser.add_argument("--own", action="store_true", help="đặt làm đơn vị của cơ sở dữ liệu này")


def _setup_values(args: argparse.Namespace) -> dict[str, str]:
    """Return the set-up fields given on the command line."""
    values = {f: getattr(args, f) for f in SETUP_FIELDS if getattr(args, f, None) is not None}
    if args.letterhead_line:
        values["letterhead"] = "\n".join(args.letterhead_line)
    elif "letterhead" in values:
        values["letterhead"] = values["letterhead"].replace("\\n", "\n")
    return values


def unit_list(args: argparse.Namespace) -> int:
    """Print every unit, its kind in Vietnamese and its parent."""
    engine = open_database(args.db)
    units = list_units(engine)
    if not units:
        print('Chưa có đơn vị nào. Thêm đơn vị: carapp unit add MÃ --name "Tên đơn vị" --own')
        return 0
    codes = {u.id: u.code for u in units}
    own = own_unit(engine)
    rows = [
        (
            ("* " if own and u.id == own.id else "  ") + u.code,
            kind_label(u.kind),
            codes.get(u.parent_id or "", ""),
            u.name,
        )
        for u in units
    ]
    print(table(("Mã", "Loại", "Cấp trên", "Tên đơn vị"), rows, (18, 16, 14, 80)))
    if own:
        print(f"* Đơn vị của cơ sở dữ liệu này: {own.code} — {own.name}")
    else:
        print("Chưa đặt đơn vị của cơ sở dữ liệu này: carapp unit own MÃ")
    return 0


SETUP_LABELS = {
    "parent_body": "Cơ quan cấp trên (tiêu đề)",
    "letterhead": "Cơ quan ban hành (tiêu đề)",
    "place": "Địa danh",
    "abbreviation": "Chữ viết tắt",
    "sign_authority": "Thẩm quyền ký",
    "sign_post": "Chức vụ người ký",
    "sign_name": "Người ký",
}


def unit_show(args: argparse.Namespace) -> int:
    """Print one unit with its set-up."""
    engine = open_database(args.db)
    unit = unit_by_code(engine, args.code)
    parent = next((u for u in list_units(engine) if u.id == unit.parent_id), None)
    own = own_unit(engine)
    print(f"{unit.code} — {unit.name}")
    print(f"  Loại: {kind_label(unit.kind)}")
    print(f"  Cấp trên: {f'{parent.code} — {parent.name}' if parent else '(không)'}")
    for field, label in SETUP_LABELS.items():
        value = getattr(unit, field) or "(chưa có)"
        print(f"  {label}: {value.replace(chr(10), ' / ')}")
    if own is not None and own.id == unit.id:
        print("  Đây là đơn vị của cơ sở dữ liệu này.")
    return 0


def unit_add(args: argparse.Namespace) -> int:
    """Add a unit with its set-up."""
    engine = open_database(args.db)
    unit = create_unit(
        engine,
        current_user(),
        args.code,
        args.name,
        args.kind,
        args.parent or "",
        own=args.own,
        **_setup_values(args),
    )
    print(f"Đã thêm đơn vị {unit.code} — {unit.name} ({kind_label(unit.kind)}).")
    if args.own:
        print("Đây là đơn vị của cơ sở dữ liệu này.")
    return 0


def unit_edit(args: argparse.Namespace) -> int:
    """Change a unit's name, kind, parent or set-up."""
    engine = open_database(args.db)
    unit = unit_by_code(engine, args.code)
    changes = _setup_values(args)
    for name, value in (("name", args.name), ("kind", args.kind), ("parent_code", args.parent)):
        if value is not None:
            changes[name] = value
    if not changes and not args.own:
        print("Không có gì để sửa: hãy cho --name, --kind, --parent, --letterhead …")
        return 0
    changed = update_unit(engine, current_user(), unit.id, own=args.own, **changes)
    print(f"Đã sửa đơn vị {unit.code}: {len(changed)} nội dung thay đổi.")
    return 0


def unit_remove(args: argparse.Namespace) -> int:
    """Delete a unit nothing refers to."""
    engine = open_database(args.db)
    unit = unit_by_code(engine, args.code)
    delete_unit(engine, current_user(), unit.id)
    print(f"Đã xóa đơn vị {unit.code} — {unit.name}.")
    return 0


def unit_own(args: argparse.Namespace) -> int:
    """Make a unit the one this database speaks for."""
    unit = set_own_unit(open_database(args.db), current_user(), args.code)
    print(f"Đơn vị của cơ sở dữ liệu này: {unit.code} — {unit.name}.")
    return 0

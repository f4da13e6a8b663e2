"""Which unit owns a plan imported from the command line, and what to tell the officer when
that is not known yet (naming the options to add)."""

from __future__ import annotations

import argparse

from sqlalchemy import Engine

from carapp.cli.output import confirm
from carapp.domain.documents import DocumentHeader
from carapp.domain.unit_kinds import kind_label
from carapp.services.common import ServiceError
from carapp.services.import_owner import NewUnit, known_owner, unit_from_letterhead, unit_key
from carapp.services.units import list_units

ADD_UNIT = 'thêm --unit MÃ --unit-name "Tên đơn vị"'


def resolve_owner(
    engine: Engine, header: DocumentHeader, args: argparse.Namespace
) -> tuple[str, NewUnit | None]:
    """Return the code of the unit that owns the new plan, or the unit to add with it.

    Raises ServiceError naming the options to use when the owner cannot be settled.
    """
    codes = {u.code: u for u in list_units(engine)}
    read = unit_from_letterhead(header)
    if args.unit:
        if args.unit.strip() in codes:
            return args.unit.strip(), None
        return "", _given_unit(args, read)
    if args.unit_name:
        raise ServiceError(f"Thiếu mã cho đơn vị “{args.unit_name}”: {ADD_UNIT}.")
    known = known_owner(engine, header)
    if known is not None:
        return known.code, None
    if read is None:
        raise ServiceError(
            "Chưa biết đơn vị sở hữu kế hoạch: cơ sở dữ liệu chưa có đơn vị nào của mình và "
            f"tệp không ghi cơ quan ban hành ở đầu trang; {ADD_UNIT}."
        )
    if read.code in codes:
        raise ServiceError(
            f"Tiêu đề tệp ghi “{header.issuer}”, nhưng mã {read.code} đã là của đơn vị "
            f"“{codes[read.code].name}”; {ADD_UNIT}."
        )
    return "", _confirmed(read, args)


def _given_unit(args: argparse.Namespace, read: NewUnit | None) -> NewUnit:
    """Return the new unit named by --unit and --unit-name (set-up from the file's letterhead
    when the letterhead names that same unit)."""
    code = args.unit.strip()
    if not args.unit_name:
        raise ServiceError(
            f'Chưa có đơn vị mã “{code}”: thêm --unit-name "Tên đơn vị" (và --unit-kind LOẠI) '
            f'để tạo đơn vị cùng kế hoạch, hoặc tạo trước: carapp unit add {code} --name "…".'
        )
    same = read is not None and unit_key(read.name) == unit_key(args.unit_name)
    kind = args.unit_kind or (read.kind if read is not None and same else "office")
    if read is not None and same:
        return NewUnit(code, args.unit_name, kind, read.parent_body, read.letterhead, read.place)
    return NewUnit(code, args.unit_name, kind)


def _confirmed(read: NewUnit, args: argparse.Namespace) -> NewUnit:
    """Show the unit read from the letterhead and have the officer accept it."""
    print(f"Đơn vị đọc từ tiêu đề tệp: {read.code} — {read.name} ({kind_label(read.kind)})")
    if read.parent_body:
        print(f"Cơ quan cấp trên: {read.parent_body}")
    question = "Tạo đơn vị này (làm đơn vị của cơ sở dữ liệu) để nhận kế hoạch?"
    try:
        accepted = confirm(question, args.yes)
    except ServiceError as exc:
        raise ServiceError(f"{exc} Hoặc chỉ rõ đơn vị: {ADD_UNIT}.") from exc
    if not accepted:
        raise ServiceError(f"Chưa nhập gì. Chỉ rõ đơn vị: {ADD_UNIT}.")
    return read

"""`carapp plan set PLAN --sign-authority … --sign-post … --sign-name … --number … --recipients …`.

What a plan prints: its number, date and place, and the signature block and "Nơi nhận" of its
reports. `--sign-post` takes one or two lines separated by "|" ("KT. CHỦ TỊCH|PHÓ CHỦ TỊCH"),
`--recipients` the list separated by "|" or ";".
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from carapp.cli.commands_plan import choose_plan, parse_day
from carapp.db.migrate import open_database
from carapp.services.common import ServiceError, current_user
from carapp.services.plans import update_plan

PLAN_HELP = "mã (id) kế hoạch hoặc vài ký tự đầu (xem: carapp plan list --all)"
OPTIONS = (
    ("--number", "number", "số, ký hiệu của kế hoạch (ví dụ 95/KH-UBND)"),
    ("--place", "place", "địa danh ở dòng ngày tháng (ví dụ Bạch Long Vĩ)"),
    ("--sign-authority", "sign_authority", "thẩm quyền ký, ví dụ “TM. ỦY BAN NHÂN DÂN”"),
    ("--sign-post", "sign_post", "chức vụ, một hoặc hai dòng: “KT. CHỦ TỊCH|PHÓ CHỦ TỊCH”"),
    ("--sign-name", "sign_name", "họ tên người ký"),
    ("--recipients", "recipients", "nơi nhận, cách nhau bởi | hoặc ;"),
)


def register_plan_set(plan_sub: Any) -> None:
    """Add `carapp plan set`."""
    parser = plan_sub.add_parser(
        "set", help="đặt số, ngày, người ký và nơi nhận in trên văn bản của kế hoạch"
    )
    parser.add_argument("plan", metavar="KẾ-HOẠCH", help=PLAN_HELP)
    for option, _field, text in OPTIONS:
        parser.add_argument(option, metavar="GIÁ-TRỊ", help=text)
    parser.add_argument("--issued-on", type=parse_day, metavar="NGÀY", help="ngày ban hành")
    parser.set_defaults(handler=plan_set)


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {
        field: getattr(args, field) for _o, field, _t in OPTIONS if getattr(args, field) is not None
    }
    if "sign_post" in changes:
        changes["sign_post"] = "\n".join(p.strip() for p in changes["sign_post"].split("|"))
    if "recipients" in changes:
        items = [r.strip() for r in re.split(r"[|;\n]", changes["recipients"]) if r.strip()]
        changes["recipients"] = "\n".join(items)
    if args.issued_on is not None:
        changes["issued_on"] = args.issued_on
    return changes


def plan_set(args: argparse.Namespace) -> int:
    """Change what a plan's documents print."""
    changes = _changes(args)
    if not changes:
        raise ServiceError("Không có gì để đổi: thêm ít nhất một tùy chọn (xem --help).")
    engine = open_database(args.db)
    plan_id = choose_plan(engine, args.plan)
    changed = update_plan(engine, current_user(), plan_id, **changes)
    print(f"Đã đổi {len(changed)} mục của kế hoạch {plan_id[:8]}." if changed else "Không đổi gì.")
    return 0

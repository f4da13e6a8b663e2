"""`carapp plan rename|archive|unarchive|delete|restore`: a plan's life after import."""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from carapp.cli.commands_plan import choose_plan
from carapp.cli.output import confirm
from carapp.db.migrate import open_database
from carapp.services.common import current_user
from carapp.services.plan_backup import delete_plan, restore_deleted_plan
from carapp.services.plan_lifecycle import archive_plan, rename_plan, unarchive_plan
from carapp.services.plans import get_plan

PLAN_HELP = "mã (id) kế hoạch hoặc vài ký tự đầu (xem: carapp plan list --all)"


def register_plan_life(plan_sub: Any) -> None:
    """Add the plan life-cycle commands under `carapp plan`."""
    rename = plan_sub.add_parser("rename", help="đổi tên kế hoạch")
    rename.add_argument("plan", metavar="KẾ-HOẠCH", help=PLAN_HELP)
    rename.add_argument("title", metavar="TÊN-MỚI", help="tên mới của kế hoạch")
    rename.set_defaults(handler=plan_rename)
    for name, handler, text in (
        ("archive", plan_archive, "lưu trữ kế hoạch: vẫn xem, in được; không còn trong danh sách"),
        ("unarchive", plan_unarchive, "đưa kế hoạch đã lưu trữ trở lại sử dụng"),
    ):
        parser = plan_sub.add_parser(name, help=text)
        parser.add_argument("plan", metavar="KẾ-HOẠCH", help=PLAN_HELP)
        parser.set_defaults(handler=handler)
    delete = plan_sub.add_parser("delete", help="xóa kế hoạch (có bản lưu để khôi phục)")
    delete.add_argument("plan", metavar="KẾ-HOẠCH", help=PLAN_HELP)
    delete.add_argument("--yes", action="store_true", help="xóa không cần hỏi lại")
    delete.set_defaults(handler=plan_delete)
    restore = plan_sub.add_parser("restore", help="khôi phục kế hoạch đã xóa từ tệp bản lưu")
    restore.add_argument("file", metavar="TỆP.json", help="tệp bản lưu ghi khi xóa")
    restore.set_defaults(handler=plan_restore)


def plan_rename(args: argparse.Namespace) -> int:
    """Give a plan a new title."""
    engine = open_database(args.db)
    plan_id = choose_plan(engine, args.plan)
    if rename_plan(engine, current_user(), plan_id, args.title):
        print(f"Đã đổi tên kế hoạch {plan_id[:8]}: {get_plan(engine, plan_id).title}")
    else:
        print("Kế hoạch đã có tên này; không đổi gì.")
    return 0


def plan_archive(args: argparse.Namespace) -> int:
    """Archive a plan."""
    engine = open_database(args.db)
    plan_id = choose_plan(engine, args.plan)
    title = get_plan(engine, plan_id).title
    if archive_plan(engine, current_user(), plan_id):
        print(f"Đã lưu trữ kế hoạch “{title}”: vẫn xem và in được (--plan {plan_id[:8]}),")
        print("nhưng không còn trong danh sách, số liệu tổng hợp và gói báo cáo.")
    else:
        print(f"Kế hoạch “{title}” đã được lưu trữ từ trước.")
    return 0


def plan_unarchive(args: argparse.Namespace) -> int:
    """Bring an archived plan back."""
    engine = open_database(args.db)
    plan_id = choose_plan(engine, args.plan)
    title = get_plan(engine, plan_id).title
    if unarchive_plan(engine, current_user(), plan_id):
        print(f"Kế hoạch “{title}” đã trở lại sử dụng.")
    else:
        print(f"Kế hoạch “{title}” không ở trong lưu trữ.")
    return 0


def plan_delete(args: argparse.Namespace) -> int:
    """Delete a plan after confirmation, leaving a backup; say how to bring it back."""
    engine = open_database(args.db)
    plan_id = choose_plan(engine, args.plan)
    title = get_plan(engine, plan_id).title
    if not confirm(f"Xóa kế hoạch “{title}” cùng mọi nhiệm vụ và tiến độ?", args.yes):
        print("Không xóa gì.")
        return 1
    deleted = delete_plan(engine, current_user(), plan_id)
    print(f"Đã xóa kế hoạch “{deleted.title}” ({deleted.task_count} nhiệm vụ).")
    print(f"Bản lưu: {deleted.path}")
    database = f"--db {shlex.quote(args.db)} " if args.db else ""
    print(f"Khôi phục bằng: carapp {database}plan restore {shlex.quote(str(deleted.path))}")
    return 0


def plan_restore(args: argparse.Namespace) -> int:
    """Bring back a deleted plan from its backup file."""
    plan = restore_deleted_plan(open_database(args.db), current_user(), args.file)
    print(f"Đã khôi phục kế hoạch “{plan.title}” (mã {plan.id[:8]}).")
    return 0

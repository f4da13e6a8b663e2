"""`carapp plan …`, `carapp task …`, `carapp progress …`, `carapp unit …`."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from carapp.cli.output import day, table
from carapp.db.migrate import open_database
from carapp.domain.outline import printed_content
from carapp.domain.periods import ReportingPeriod, parse_period, period_for
from carapp.domain.status import UNKNOWN_DEADLINE_LABEL, parse_recorded_status
from carapp.services.common import ServiceError, current_user
from carapp.services.plans import PlanSummary, list_plans
from carapp.services.progress import set_progress
from carapp.services.tasks import TaskView, find_task, list_tasks


def parse_day(text: str) -> date:
    """Read a date written dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd."""
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        f"Ngày không hợp lệ: “{text}” (viết dd/mm/yyyy, ví dụ 15/03/2026)"
    )


def period_arg(text: str) -> ReportingPeriod:
    """Read a reporting period for argparse, with the Vietnamese message on error."""
    try:
        return parse_period(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def register(commands: Any) -> None:
    """Add the plan, task, progress and unit commands to the parser."""
    plan = commands.add_parser("plan", help="kế hoạch: liệt kê, đổi tên, lưu trữ, xóa, khôi phục")
    plan_sub = plan.add_subparsers(dest="plan_command", metavar="LỆNH", required=True)
    listing = plan_sub.add_parser("list", help="liệt kê kế hoạch")
    listing.add_argument("--all", action="store_true", help="kể cả kế hoạch đã lưu trữ")
    listing.set_defaults(handler=plan_list)
    from carapp.cli.commands_plan_life import register_plan_life  # it uses choose_plan

    register_plan_life(plan_sub)

    task = commands.add_parser("task", help="nhiệm vụ")
    task_sub = task.add_subparsers(dest="task_command", metavar="LỆNH", required=True)
    listing = task_sub.add_parser("list", help="liệt kê nhiệm vụ")
    listing.add_argument("--plan", help="mã (id) kế hoạch; mặc định: tất cả")
    listing.add_argument("--overdue", action="store_true", help="chỉ nhiệm vụ quá hạn")
    listing.add_argument("--as-of", type=parse_day, help="tính trạng thái tại ngày (dd/mm/yyyy)")
    listing.add_argument("--period", type=period_arg, help="kỳ báo cáo, ví dụ 2026-Q1")
    listing.add_argument("--search", default="", help="tìm theo nội dung, không phân biệt dấu")
    listing.set_defaults(handler=task_list)

    progress = commands.add_parser("progress", help="tiến độ thực hiện")
    progress_sub = progress.add_subparsers(dest="progress_command", metavar="LỆNH", required=True)
    setter = progress_sub.add_parser("set", help="ghi tiến độ của một nhiệm vụ trong một kỳ")
    setter.add_argument("task", help="số thứ tự, mã hoặc id của nhiệm vụ")
    setter.add_argument("--plan", help="id kế hoạch (khi nhiều kế hoạch có cùng số thứ tự)")
    setter.add_argument("--period", type=period_arg, help="kỳ báo cáo (mặc định: kỳ hiện tại)")
    setter.add_argument("--status", help="chưa thực hiện | đang thực hiện | đã hoàn thành | …")
    setter.add_argument("--percent", type=int)
    setter.add_argument("--description", help="kết quả thực hiện")
    setter.add_argument("--completed-on", type=parse_day, help="ngày hoàn thành thực tế")
    setter.add_argument("--difficulties", help="khó khăn, vướng mắc")
    setter.add_argument("--proposals", help="đề xuất, kiến nghị")
    setter.set_defaults(handler=progress_set)


def _engine(args: argparse.Namespace) -> Engine:
    return open_database(args.db)


def plan_list(args: argparse.Namespace) -> int:
    """Print the plans (archived ones too, marked, with --all)."""
    engine = _engine(args)
    plans = list_plans(engine, include_archived=args.all)
    archived = 0 if args.all else len(list_plans(engine, include_archived=True)) - len(plans)
    if not plans:
        print(
            "Chưa có kế hoạch nào. Nhập phụ lục của đơn vị: carapp import appendix TỆP "
            "(hoặc xem kế hoạch mẫu: carapp sample load)."
        )
    else:
        _print_plans(plans)
    if archived:
        print(f"Có {archived} kế hoạch đã lưu trữ: xem bằng carapp plan list --all")
    return 0


def _print_plans(plans: list[PlanSummary]) -> None:
    rows = [
        (
            p.id[:8],
            p.owner_code,
            f"{p.start_year}-{p.end_year}",
            str(p.task_count),
            "lưu trữ" if p.archived_at else "",
            p.title,
        )
        for p in plans
    ]
    headers = ("ID", "Đơn vị", "Giai đoạn", "Số NV", "Trạng thái", "Kế hoạch")
    print(table(headers, rows, (8, 10, 9, 6, 10, 90)))


def choose_plan(engine: Engine, reference: str | None, owner_code: str | None = None) -> str:
    """Return the plan named by (a prefix of) its id — an archived one too —, or the only plan
    in use; else say what to do."""
    plans = [
        p
        for p in list_plans(engine, include_archived=bool(reference))
        if owner_code is None or p.owner_code == owner_code
    ]
    if reference:
        matches = [p.id for p in plans if p.id.startswith(reference)]
        if len(matches) != 1:
            raise ServiceError(
                f"Không xác định được kế hoạch “{reference}” (xem mã: carapp plan list)."
            )
        return matches[0]
    if not plans:
        raise ServiceError(
            "Chưa có kế hoạch nào: nhập phụ lục của đơn vị (carapp import appendix TỆP) "
            "hoặc nạp kế hoạch mẫu (carapp sample load)."
        )
    if len(plans) > 1:
        raise ServiceError(
            f"Có {len(plans)} kế hoạch: hãy chọn bằng --plan (xem mã: carapp plan list)."
        )
    return plans[0].id


def plan_filter(engine: Engine, reference: str | None) -> str | None:
    """Return the plan named by --plan, or None (every plan) when none is named."""
    return choose_plan(engine, reference) if reference else None


def task_list(args: argparse.Namespace) -> int:
    """Print tasks with their derived status."""
    engine = _engine(args)
    as_of = args.as_of or date.today()
    period: ReportingPeriod = args.period or period_for(as_of)
    views = list_tasks(
        engine,
        plan_filter(engine, args.plan),
        as_of=as_of,
        period=period,
        search=args.search,
        overdue=args.overdue,
    )
    count = sum(1 for v in views if not v.is_heading)  # a group heading is not a task
    print(f"Tính tại ngày {day(as_of)}, kỳ báo cáo {period.label}: {count} nhiệm vụ")
    if not views:
        return 0
    rows = [
        (
            v.number or (v.id[:8] if v.outline_parent_id else ""),
            v.section_numeral,
            "› " * v.level + printed_content(v.marker, v.content),  # (spaces are squeezed)
            v.lead,
            v.deadline.text,
            v.status.label if v.status else "",
            _derived_label(v),
        )
        for v in views
    ]
    headers = ("STT", "Mục", "Nội dung công việc", "Chủ trì", "Thời hạn", "Trạng thái", "Đánh giá")
    # A sub-item has no number: its id's first 8 characters name it (progress set 1a2b3c4d).
    print(table(headers, rows, (8, 4, 60, 30, 22, 16, 26)))
    return 0


def _derived_label(view: TaskView) -> str:
    """Return the report category as listed; a heading without one shows nothing."""
    if view.derived is not None:
        return view.derived.label
    return "" if view.is_heading else UNKNOWN_DEADLINE_LABEL


def progress_set(args: argparse.Namespace) -> int:
    """Record a task's progress for a period."""
    engine = _engine(args)
    task = find_task(engine, args.task, plan_filter(engine, args.plan))
    changes: dict[str, Any] = {}
    if args.status:
        changes["status"] = parse_recorded_status(args.status)
    for name in ("percent", "description", "completed_on", "difficulties", "proposals"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if not changes:
        raise ServiceError("Chưa có gì để ghi: hãy cho --status, --percent, --description …")
    period = args.period or period_for(date.today())
    set_progress(engine, current_user(), task.id, period, **changes)
    print(f"Đã ghi tiến độ nhiệm vụ {task.number} cho kỳ {period.label}.")
    return 0

"""`carapp import appendix|report FILE [--dry-run]`.

A dry run goes through everything a real run does (the owner unit, conflicts, every check) in
a transaction that is rolled back, so it fails exactly where the real run would.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from carapp.cli.commands_plan import choose_plan, period_arg
from carapp.cli.commands_unit import KIND_HELP, kind_arg
from carapp.cli.import_owner import resolve_owner
from carapp.cli.output import table
from carapp.db.migrate import open_database
from carapp.domain.periods import period_for
from carapp.domain.unit_kinds import kind_label
from carapp.importers import ImportFailure, ImportIssue
from carapp.services.common import ServiceError, current_user
from carapp.services.import_owner import NewUnit
from carapp.services.importing import (
    FIELD_LABELS,
    AppendixResult,
    apply_appendix,
    preview_appendix,
)
from carapp.services.importing_report import apply_report, preview_report


def register(commands: Any) -> None:
    """Add the import commands to the parser."""
    importing = commands.add_parser("import", help="nhập phụ lục, báo cáo từ Word/Excel")
    sub = importing.add_subparsers(dest="import_command", metavar="LỆNH", required=True)
    appendix = sub.add_parser("appendix", help="nhập phụ lục (danh mục nhiệm vụ) từ .docx/.xlsx")
    appendix.add_argument("file", help="tệp .docx hoặc .xlsx")
    appendix.add_argument("--unit", default="", help="mã đơn vị sở hữu kế hoạch mới")
    appendix.add_argument(
        "--unit-name", default="", help="tên đơn vị, để tạo đơn vị --unit khi chưa có"
    )
    appendix.add_argument("--unit-kind", type=kind_arg, help=KIND_HELP)
    appendix.add_argument(
        "--yes", action="store_true", help="đồng ý đơn vị đọc từ tiêu đề tệp, không hỏi lại"
    )
    appendix.add_argument("--title", default="", help="tên kế hoạch mới")
    appendix.add_argument(
        "--prefer", choices=("file", "database"), help="khi một nội dung bị sửa ở cả hai nơi"
    )
    appendix.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
    appendix.set_defaults(handler=import_appendix)
    report = sub.add_parser("report", help="nhập báo cáo tiến độ của một kỳ từ .docx/.xlsx")
    report.add_argument("file", help="tệp .docx hoặc .xlsx")
    report.add_argument("--plan", help="id kế hoạch (mặc định: kế hoạch duy nhất)")
    report.add_argument("--period", type=period_arg, help="kỳ báo cáo, ví dụ 2026-Q1")
    report.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
    report.set_defaults(handler=import_report)


def _print_issues(issues: list[ImportIssue]) -> None:
    for issue in issues:
        kind = "Lỗi" if issue.severity == "error" else "Cảnh báo"
        print(f"{kind}: {issue.where}: {issue.message}")


def import_appendix(args: argparse.Namespace) -> int:
    """Preview an appendix file, then (unless --dry-run) apply it all or nothing."""
    engine = open_database(args.db)
    try:
        preview = preview_appendix(engine, args.file)
    except ImportFailure as exc:
        raise ServiceError(str(exc)) from exc
    _print_issues(preview.source.issues)
    target = "kế hoạch mới" if preview.plan_id is None else f"kế hoạch {preview.plan_id[:8]}"
    print(f"Đọc được {len(preview.source.tasks)} nhiệm vụ → {target}")
    print(f"Thêm mới: {len(preview.new_tasks)}; sửa: {len(preview.changes)} nội dung")
    if preview.changes:
        rows = [
            (
                c.task_id[:8],
                FIELD_LABELS[c.field],
                c.database,
                c.file,
                "XUNG ĐỘT" if c.conflict else "",
            )
            for c in preview.changes
        ]
        print(table(("Nhiệm vụ", "Cột", "Hiện có", "Trong tệp", ""), rows, (8, 20, 40, 40, 9)))
    if preview.missing:
        print(
            f"{len(preview.missing)} nhiệm vụ có trong kế hoạch nhưng không có trong tệp: giữ nguyên."
        )
    owner_code, new_owner = args.unit, None
    if preview.plan_id is None:
        owner_code, new_owner = resolve_owner(engine, preview.source.appendix.header, args)
    choices = {(c.task_id, c.field): args.prefer for c in preview.conflicts} if args.prefer else {}
    result = apply_appendix(
        engine,
        current_user(),
        preview,
        choices=choices,
        owner_code=owner_code,
        new_owner=new_owner,
        title=args.title,
        dry_run=args.dry_run,
    )
    _print_result(result, new_owner)
    return 0


def _print_result(result: AppendixResult, new_owner: NewUnit | None) -> None:
    if new_owner is not None and result.owner_created:
        print(f"Đơn vị mới: {new_owner.code} — {new_owner.name} ({kind_label(new_owner.kind)}).")
    if result.created:
        print(
            f"Đơn vị chủ trì gắn với danh sách đơn vị: {result.linked}/{result.created} nhiệm vụ."
        )
    if result.dry_run:
        print("Chạy thử: mọi kiểm tra đều qua; chưa ghi gì.")
        return
    print(f"Đã nhập: thêm {result.created} nhiệm vụ, sửa {result.changed} nội dung.")


def import_report(args: argparse.Namespace) -> int:
    """Preview a progress-report file, then (unless --dry-run) record it for the period."""
    engine = open_database(args.db)
    plan_id = choose_plan(engine, args.plan)
    try:
        preview = preview_report(engine, args.file, plan_id)
    except ImportFailure as exc:
        raise ServiceError(str(exc)) from exc
    _print_issues(preview.source.issues)
    rows = [
        (
            m.row.where,
            m.row.task_name,
            m.task.number if m.task else "—",
            f"{m.score:.2f}",
            m.by or "",
        )
        for m in preview.matches
    ]
    print(
        table(
            ("Vị trí", "Nhiệm vụ trong tệp", "Ghép với STT", "Độ khớp", "Theo"),
            rows,
            (24, 60, 12, 7, 8),
        )
    )
    period = args.period or period_for(date.today())
    if args.dry_run:
        print("Chạy thử: chưa ghi gì.")
        return 0
    count = apply_report(engine, current_user(), preview, period)
    print(f"Đã ghi tiến độ {count} nhiệm vụ cho kỳ {period.label}.")
    return 0

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
from carapp.domain.documents import TaskRow
from carapp.domain.periods import ReportingPeriod, period_for
from carapp.domain.unit_kinds import kind_label
from carapp.importers import ImportFailure, ImportIssue
from carapp.services.common import ServiceError, current_user
from carapp.services.import_owner import NewUnit
from carapp.services.importing import (
    FIELD_LABELS,
    AppendixPreview,
    AppendixResult,
    apply_appendix,
    preview_appendix,
)
from carapp.services.importing_report import (
    ReportPreview,
    apply_report,
    apply_report_as_new_plan,
    preview_report,
)

BY_LABELS = {"id": "mã ID", "code": "mã NV", "content": "nội dung"}


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
    report.add_argument(
        "--period", type=period_arg, help="kỳ báo cáo, ví dụ 2026-Q1 (mặc định: kỳ ghi trong tệp)"
    )
    report.add_argument(
        "--force-period",
        action="store_true",
        help="ghi vào kỳ --period dù tệp ghi là báo cáo của kỳ khác",
    )
    report.add_argument(
        "--new-plan", action="store_true", help="tạo kế hoạch mới từ các dòng của báo cáo"
    )
    report.add_argument("--unit", default="", help="mã đơn vị sở hữu kế hoạch mới (--new-plan)")
    report.add_argument("--title", default="", help="tên kế hoạch mới (--new-plan)")
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
    read = preview.source.tasks
    headings = sum(1 for task in read if task.is_heading)  # a group heading is not a task
    grouped = f" và {headings} dòng tiêu đề nhóm" if headings else ""
    print(f"Đọc được {len(read) - headings} nhiệm vụ{grouped} → {target}")
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
    if args.dry_run:
        print(_appendix_rows(preview))
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


def _appendix_rows(preview: AppendixPreview) -> str:
    """Return the tasks read, section by section, with their lead and deadline as written."""
    rows = [
        (
            section.numeral,
            _printed_number(task),
            "› " * task.level + task.content,  # a sub-item under its item
            task.lead,
            task.deadline,
        )
        for section in preview.source.appendix.sections
        for task in section.tasks
    ]
    headers = ("Mục", "STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành")
    return table(headers, rows, (5, 6, 70, 36, 20))


def _printed_number(task: TaskRow) -> str:
    """Return a task's number, or its printed marker ("-", "+", "a)") for a sub-item."""
    return task.number or task.marker


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
    plan_id = None if args.new_plan else choose_plan(engine, args.plan)
    try:
        preview = preview_report(engine, args.file, plan_id)
    except ImportFailure as exc:
        raise ServiceError(str(exc)) from exc
    _print_issues(preview.source.issues)
    print(_report_rows(preview))
    period = _report_period(preview, args.period, args.force_period)
    if args.dry_run:
        print("Chạy thử: chưa ghi gì.")
        return 0
    if args.new_plan:
        result = apply_report_as_new_plan(
            engine,
            current_user(),
            preview,
            period,
            owner_code=args.unit,
            title=args.title,
            allow_period_mismatch=args.force_period,
        )
        print(
            f"Đã tạo kế hoạch {result.plan_id[:8]} với {result.tasks} nhiệm vụ; "
            f"ghi tiến độ {result.recorded} nhiệm vụ cho kỳ {period.label}."
        )
        return 0
    count = apply_report(
        engine, current_user(), preview, period, allow_period_mismatch=args.force_period
    )
    print(f"Đã ghi tiến độ {count} nhiệm vụ cho kỳ {period.label}.")
    return 0


def _report_rows(preview: ReportPreview) -> str:
    """Return the rows read, with what each was understood as and the task it matched."""
    rows = [
        (
            m.row.where,
            m.row.number,
            m.row.task_name,
            m.row.lead,
            m.row.deadline,
            m.row.status.label if m.row.status else m.row.status_text,
            m.task.number if m.task else "—",
            f"{m.score:.0%}" if preview.plan_id else "",
            BY_LABELS.get(m.by or "", ""),
        )
        for m in preview.matches
    ]
    headers = (
        "Vị trí",
        "STT",
        "Nhiệm vụ trong tệp",
        "Đơn vị chủ trì",
        "Thời hạn",
        "Trạng thái",
        "Ghép với STT",
        "Độ khớp",
        "Theo",
    )
    return table(headers, rows, (40, 5, 60, 30, 14, 16, 12, 7, 8))


def _report_period(
    preview: ReportPreview, chosen: ReportingPeriod | None, force: bool
) -> ReportingPeriod:
    """Return the period to record into: --period, else the file's, else the current one."""
    document, line = preview.source.period, preview.source.period_line
    if document is not None:
        print(f"Kỳ báo cáo ghi trong tệp: {document.label} (“{line}”).")
    if chosen is not None and document is not None and chosen != document and not force:
        raise ServiceError(
            f"Tệp là báo cáo kỳ {document.label} (“{line}”) nhưng --period là {chosen.label}; "
            f"chưa ghi gì. Bỏ --period (hoặc ghi --period {document.code}) để nhập vào kỳ "
            f"{document.label}, hoặc thêm --force-period để vẫn nhập vào kỳ {chosen.label}."
        )
    if chosen is not None:
        return chosen
    if document is not None:
        return document
    period = period_for(date.today())
    print(f"Tệp không ghi kỳ báo cáo: nhập vào kỳ {period.label} (chọn kỳ khác bằng --period).")
    return period

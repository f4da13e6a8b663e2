"""`carapp export appendix|report --plan … --period … --format pdf|xlsx -o FILE`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from carapp.cli.commands_plan import choose_plan, parse_day, period_arg
from carapp.db.migrate import open_database
from carapp.domain.periods import period_for
from carapp.services.exporting import default_file_name, export_document


def register(commands: Any) -> None:
    """Add the export commands to the parser."""
    export = commands.add_parser("export", help="in phụ lục, báo cáo ra PDF hoặc Excel")
    sub = export.add_subparsers(dest="export_command", metavar="LỆNH", required=True)
    for document, help_text in (
        ("appendix", "phụ lục danh mục nhiệm vụ"),
        ("report", "báo cáo tiến độ"),
    ):
        parser = sub.add_parser(document, help=help_text)
        parser.add_argument("--plan", help="id kế hoạch (mặc định: kế hoạch duy nhất)")
        parser.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
        parser.add_argument("-o", "--output", help="tệp kết quả")
        if document == "report":
            parser.add_argument("--period", type=period_arg, help="kỳ báo cáo, ví dụ 2026-Q1")
            parser.add_argument("--as-of", type=parse_day, help="ngày đánh giá (dd/mm/yyyy)")
        parser.set_defaults(handler=export_command, document=document)


def export_command(args: argparse.Namespace) -> int:
    """Write the chosen document to a file."""
    engine = open_database(args.db)
    plan_id = choose_plan(engine, args.plan)
    period = getattr(args, "period", None) or period_for(date.today())
    output = Path(args.output or default_file_name(args.document, args.format, period))
    export_document(
        engine, args.document, plan_id, args.format, output, period, getattr(args, "as_of", None)
    )
    print(f"Đã ghi {output}")
    return 0

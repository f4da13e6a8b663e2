"""`carapp export appendix|report --plan … --period … [--format pdf|xlsx] -o FILE [--force]`.

The format is --format's, else the suffix of -o's file (see carapp.cli.outputs)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from carapp.cli.commands_plan import choose_plan, parse_day, period_arg
from carapp.cli.outputs import add_output_options, output_file, output_format
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
        add_output_options(parser)
        if document == "report":
            parser.add_argument("--period", type=period_arg, help="kỳ báo cáo, ví dụ 2026-Q1")
            parser.add_argument("--as-of", type=parse_day, help="ngày đánh giá (dd/mm/yyyy)")
        parser.set_defaults(handler=export_command, document=document)


def export_command(args: argparse.Namespace) -> int:
    """Write the chosen document to a file."""
    fmt = output_format(args.output, args.format)
    period = getattr(args, "period", None) or period_for(date.today())
    output = output_file(args.output or default_file_name(args.document, fmt, period), args.force)
    engine = open_database(args.db)
    plan_id = choose_plan(engine, args.plan)
    export_document(
        engine, args.document, plan_id, fmt, output, period, getattr(args, "as_of", None)
    )
    print(f"Đã ghi {output}")
    return 0

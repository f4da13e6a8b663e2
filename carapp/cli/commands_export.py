"""`carapp export appendix|report --plan … --period … [--format pdf|xlsx] -o FILE [--force]`.

The format is --format's, else the suffix of -o's file (see carapp.cli.outputs)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from carapp.cli.commands_plan import choose_plan, parse_day, period_arg
from carapp.cli.outputs import DOCUMENT_FORMATS, add_output_options, output_file, output_format
from carapp.db.migrate import open_database
from carapp.domain.documents import SignatureBlock, SignatureError
from carapp.domain.periods import period_for
from carapp.services.exporting import DocumentDetails, default_file_name, export_document


def signer_arg(text: str) -> SignatureBlock:
    """Read --signer "KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn A"."""
    try:
        return SignatureBlock.parse(text)
    except SignatureError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(commands: Any) -> None:
    """Add the export commands to the parser."""
    export = commands.add_parser("export", help="in phụ lục, báo cáo ra PDF, Excel hoặc Word")
    sub = export.add_subparsers(dest="export_command", metavar="LỆNH", required=True)
    for document, help_text in (
        ("appendix", "phụ lục danh mục nhiệm vụ"),
        ("report", "báo cáo tiến độ"),
    ):
        parser = sub.add_parser(document, help=help_text)
        parser.add_argument("--plan", help="id kế hoạch (mặc định: kế hoạch duy nhất)")
        add_output_options(parser, DOCUMENT_FORMATS)
        parser.add_argument(
            "--number",
            metavar="SỐ",
            help="số văn bản (ví dụ 12, in “Số: 12/BC-UBND”); bỏ trống để văn thư điền",
        )
        parser.add_argument(
            "--date", type=parse_day, metavar="NGÀY", help="ngày văn bản; bỏ trống để văn thư điền"
        )
        if document == "report":
            parser.add_argument("--period", type=period_arg, help="kỳ báo cáo, ví dụ 2026-Q1")
            parser.add_argument("--as-of", type=parse_day, help="ngày đánh giá (dd/mm/yyyy)")
            parser.add_argument(
                "--signer",
                type=signer_arg,
                metavar="KHỐI-KÝ",
                help="khối chữ ký: các dòng chức vụ rồi họ tên, cách nhau bởi |, ví dụ "
                "“TM. ỦY BAN NHÂN DÂN|KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn A” "
                "(mặc định: của kế hoạch, rồi của đơn vị)",
            )
        parser.set_defaults(handler=export_command, document=document)


def export_command(args: argparse.Namespace) -> int:
    """Write the chosen document to a file."""
    fmt = output_format(args.output, args.format, DOCUMENT_FORMATS)
    period = getattr(args, "period", None) or period_for(date.today())
    output = output_file(args.output or default_file_name(args.document, fmt, period), args.force)
    engine = open_database(args.db)
    plan_id = choose_plan(engine, args.plan)
    details = DocumentDetails(args.number or "", args.date, getattr(args, "signer", None))
    export_document(
        engine,
        args.document,
        plan_id,
        fmt,
        output,
        period,
        getattr(args, "as_of", None),
        details=details,
    )
    print(f"Đã ghi {output}")
    return 0

"""Entry point: `carapp` starts the GUI; `carapp <command> …` runs headless."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from carapp import __version__
from carapp.cli import commands_db, commands_export, commands_import, commands_plan, commands_sync
from carapp.cli.output import fail
from carapp.db.migrate import DatabaseError
from carapp.services.common import ServiceError


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every command."""
    parser = argparse.ArgumentParser(
        prog="carapp", description="Kế hoạch cải cách hành chính: theo dõi nhiệm vụ và tiến độ."
    )
    parser.add_argument("--version", action="version", version=f"carapp {__version__}")
    parser.add_argument(
        "--db",
        help="tệp cơ sở dữ liệu hoặc URL SQLAlchemy (mặc định: CARAPP_DB hoặc thư mục người dùng)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="mở cửa sổ trên dữ liệu mẫu (kế hoạch Bạch Long Vĩ), tách riêng với dữ liệu của đơn vị",
    )
    commands = parser.add_subparsers(dest="command", metavar="LỆNH")
    commands_db.register(commands)
    commands_plan.register(commands)
    commands_import.register(commands)
    commands_export.register(commands)
    commands_sync.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line, or the GUI when no command is given."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        from carapp.ui.app import run_gui

        return run_gui(args.db, demo=args.demo)
    if args.demo:
        return fail("--demo chỉ dùng khi mở cửa sổ (không kèm lệnh).")
    try:
        result: int = args.handler(args)
        return result
    except (DatabaseError, ServiceError, ValueError) as exc:
        return fail(str(exc))


if __name__ == "__main__":
    sys.exit(main())

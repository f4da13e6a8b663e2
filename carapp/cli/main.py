"""Entry point: `carapp` starts the GUI; `carapp <command> …` runs headless."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from carapp import __version__
from carapp.cli.lazy import command_modules, register_modules


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Return the parser for the command in `argv` (for every command when `argv` is None).

    Only the module of the command given is imported (see carapp.cli.lazy), so that
    `carapp task list` never loads the PDF, Excel or signing libraries.
    """
    parser = argparse.ArgumentParser(
        prog="carapp", description="Kế hoạch cải cách hành chính: theo dõi nhiệm vụ và tiến độ."
    )
    parser.add_argument("--version", action="version", version=f"carapp {__version__}")
    parser.add_argument(
        "--db",
        help="tệp cơ sở dữ liệu hoặc URL SQLAlchemy (mặc định: CARAPP_DB hoặc thư mục người dùng)",
    )
    commands = parser.add_subparsers(dest="command", metavar="LỆNH")
    register_modules(commands, command_modules(argv))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line, or the GUI when no command is given."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
    if args.command is None:
        from carapp.ui.app import run_gui

        return run_gui(args.db)
    from carapp.cli.output import fail
    from carapp.db.migrate import DatabaseError
    from carapp.services.common import ServiceError

    try:
        result: int = args.handler(args)
        return result
    except (DatabaseError, ServiceError, ValueError) as exc:
        return fail(str(exc))


if __name__ == "__main__":
    sys.exit(main())

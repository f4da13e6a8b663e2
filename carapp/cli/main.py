"""Entry point: `carapp` starts the GUI; `carapp <command> …` runs headless."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from carapp import __version__, collector
from carapp.cli.argparse_vi import Parser, vietnamese
from carapp.cli.lazy import command_modules, register_modules


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Return the parser for the command in `argv` (for every command when `argv` is None).

    Build it inside argparse_vi.vietnamese(). Only the module of the command given is imported
    (see carapp.cli.lazy), so that `carapp task list` never loads the PDF, Excel or signing
    libraries.
    """
    parser = Parser(
        prog="carapp", description="Kế hoạch cải cách hành chính: theo dõi nhiệm vụ và tiến độ."
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"carapp {__version__}",
        help="in số phiên bản rồi thoát",
    )
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
    register_modules(commands, command_modules(argv))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line, or the GUI when no command is given.

    Without `argv` this is the program itself (the `carapp` script, `python -m carapp`): the
    cycle collector is paused while it loads its modules (carapp.collector).
    """
    if argv is None:
        with collector.program():
            return _main(sys.argv[1:])
    return _main(list(argv))


def _main(argv: list[str]) -> int:
    with vietnamese():
        args = build_parser(argv).parse_args(argv)
    if args.command is None:
        from carapp.ui.app import run_gui

        return run_gui(args.db, demo=args.demo)
    from carapp.cli.output import fail

    if args.demo:
        return fail("--demo chỉ dùng khi mở cửa sổ (không kèm lệnh).")
    collector.settle()  # the command's modules are loaded
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    """Run a command's handler; every error a user can cause ends in a Vietnamese message."""
    from carapp.cli.output import fail, os_error_message
    from carapp.db.engine import close_all_databases
    from carapp.services.common import user_message

    try:
        result: int = args.handler(args)
        sys.stdout.flush()
        return result
    except BrokenPipeError:
        return _reader_went_away()
    except KeyboardInterrupt:
        return fail("Đã dừng theo yêu cầu.")
    except Exception as exc:
        message = user_message(exc, _database_name(args.db))
        if message is None and isinstance(exc, OSError):
            message = os_error_message(exc)
        if message is None and isinstance(exc, ValueError):
            message = str(exc)  # the commands' own checks of their arguments
        if message is None:
            raise
        return fail(message)
    finally:
        close_all_databases()  # checkpoint: the .sqlite3 file alone holds every change


def _reader_went_away() -> int:
    """End quietly when the reader of the output closed it (`carapp task list | head -1`)."""
    try:  # later writes (the interpreter's final flush) go nowhere instead of failing again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 1


def _database_name(location: str | None) -> str:
    from carapp.db.engine import display_name

    return display_name(location)


if __name__ == "__main__":
    sys.exit(main())

"""`carapp smoke-test [--docx TỆP] [-o THƯ-MỤC]`: the installed or frozen app checks itself.

Hidden from the help (no `help=`): it is for the build scripts and the tests, which run it
from a wheel installed in a clean venv and from the PyInstaller bundle (see carapp/smoke.py).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from carapp.cli.output import fail


def register(commands: Any) -> None:
    """Add the hidden smoke-test command."""
    smoke = commands.add_parser("smoke-test")
    smoke.add_argument("--docx", help="phụ lục .docx để nhập (mặc định: kế hoạch mẫu)")
    smoke.add_argument("-o", "--output", help="thư mục trống để giữ kết quả (mặc định: tạm)")
    smoke.set_defaults(handler=smoke_command)


def smoke_command(args: argparse.Namespace) -> int:
    """Run the smoke test in the given folder or a temporary one."""
    from carapp.smoke import SmokeFailure, run_smoke

    docx = Path(args.docx) if args.docx else None
    try:
        if args.output:
            folder = Path(args.output)
            folder.mkdir(parents=True, exist_ok=True)
            run_smoke(folder, docx)
        else:
            with tempfile.TemporaryDirectory(prefix="carapp-smoke-") as tmp:
                run_smoke(Path(tmp), docx)
    except SmokeFailure as exc:
        return fail(f"Kiểm tra nhanh thất bại: {exc}")
    return 0

"""`carapp db …` and `carapp sample load`."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from carapp.cli.output import fail
from carapp.db.engine import resolve_url, sqlite_path
from carapp.db.migrate import (
    DatabaseError,
    backup_sqlite,
    current_revision,
    head_revision,
    open_database,
)
from carapp.services.common import current_user
from carapp.services.sample import load_sample


def register(commands: Any) -> None:
    """Add the database commands to the parser."""
    db = commands.add_parser("db", help="tạo, nâng cấp, kiểm tra, sao lưu cơ sở dữ liệu")
    sub = db.add_subparsers(dest="db_command", metavar="LỆNH", required=True)
    sub.add_parser("init", help="tạo cơ sở dữ liệu mới").set_defaults(handler=db_init)
    sub.add_parser("upgrade", help="nâng cấp lên lược đồ mới nhất").set_defaults(handler=db_upgrade)
    sub.add_parser("check", help="kiểm tra tính toàn vẹn").set_defaults(handler=db_check)
    backup = sub.add_parser("backup", help="sao lưu ra một tệp")
    backup.add_argument("target", nargs="?", help="tệp sao lưu (mặc định: cạnh tệp dữ liệu)")
    backup.set_defaults(handler=db_backup)
    sample = commands.add_parser("sample", help="kế hoạch mẫu")
    sample_sub = sample.add_subparsers(dest="sample_command", metavar="LỆNH", required=True)
    load = sample_sub.add_parser("load", help="nạp kế hoạch mẫu của đặc khu Bạch Long Vĩ")
    load.set_defaults(handler=sample_load)


def db_init(args: argparse.Namespace) -> int:
    """Create the database (or bring an existing one up to date)."""
    engine = open_database(args.db)
    print(f"Cơ sở dữ liệu sẵn sàng: {engine.url.render_as_string(hide_password=True)}")
    return 0


def db_upgrade(args: argparse.Namespace) -> int:
    """Upgrade an existing database to the current schema."""
    engine = open_database(args.db, create=False)
    print(f"Đã ở lược đồ mới nhất ({current_revision(engine)}).")
    return 0


def db_check(args: argparse.Namespace) -> int:
    """Check integrity, foreign keys and schema revision; exit 1 when anything is wrong."""
    engine = open_database(args.db, create=False)
    with engine.connect() as conn:
        integrity = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
        broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
    revision = current_revision(engine)
    print(f"Lược đồ: {revision} (ứng dụng: {head_revision()})")
    print(f"Toàn vẹn: {', '.join(integrity)}")
    print(f"Khóa ngoại lỗi: {len(broken)}")
    if integrity != ["ok"] or broken:
        return fail("Cơ sở dữ liệu có lỗi (xem trên); hãy khôi phục từ bản sao lưu gần nhất.")
    return 0


def db_backup(args: argparse.Namespace) -> int:
    """Copy the database consistently to a file."""
    path = sqlite_path(resolve_url(args.db))
    if path is None:
        raise DatabaseError("Chỉ sao lưu được cơ sở dữ liệu SQLite dạng tệp.")
    open_database(args.db, create=False).dispose()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(args.target) if args.target else path.with_name(f"{path.stem}-{stamp}.sqlite3")
    if target.exists() and target.is_dir():
        target = target / f"{path.stem}-{stamp}.sqlite3"
    backup_sqlite(path, target)
    print(f"Đã sao lưu vào {target}")
    return 0


def sample_load(args: argparse.Namespace) -> int:
    """Load the Bạch Long Vĩ sample plan."""
    engine = open_database(args.db)
    plan = load_sample(engine, current_user())
    if plan is None:
        print("Kế hoạch mẫu đã có trong cơ sở dữ liệu; không nạp lại.")
    else:
        print(f"Đã nạp kế hoạch mẫu: {plan.title}")
    return 0

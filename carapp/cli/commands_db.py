"""`carapp db …` and `carapp sample load`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from carapp.cli.output import fail, table
from carapp.db import server
from carapp.db.backup import backup_folder
from carapp.db.engine import resolve_url, sqlite_path
from carapp.db.errors import DatabaseError, damaged_message
from carapp.db.migrate import current_revision, head_revision, open_database
from carapp.services.backups import (
    backup_database,
    list_backups,
    restore_database,
    restore_refusal,
)
from carapp.services.common import current_user
from carapp.services.sample import load_sample


def register(commands: Any) -> None:
    """Add the database commands to the parser."""
    db = commands.add_parser("db", help="tạo, nâng cấp, kiểm tra, sao lưu, khôi phục dữ liệu")
    sub = db.add_subparsers(dest="db_command", metavar="LỆNH", required=True)
    sub.add_parser("init", help="tạo cơ sở dữ liệu mới").set_defaults(handler=db_init)
    upgrade = sub.add_parser("upgrade", help="nâng cấp lên lược đồ mới nhất")
    upgrade.add_argument(
        "--backed-up",
        action="store_true",
        help="PostgreSQL: đã tự sao lưu (pg_dump), không cần carapp sao lưu trước khi nâng cấp",
    )
    upgrade.set_defaults(handler=db_upgrade)
    sub.add_parser("check", help="kiểm tra tính toàn vẹn").set_defaults(handler=db_check)
    backup = sub.add_parser("backup", help="sao lưu ra một tệp (PostgreSQL: bằng pg_dump)")
    backup.add_argument(
        "target",
        nargs="?",
        help="tệp hoặc thư mục (mặc định: cạnh tệp dữ liệu; PostgreSQL: thư mục sao-luu)",
    )
    backup.set_defaults(handler=db_backup)
    restore = sub.add_parser("restore", help="khôi phục từ một bản sao lưu")
    restore.add_argument("source", metavar="TỆP", help="tệp sao lưu (.sqlite3)")
    restore.add_argument("--yes", action="store_true", help="không hỏi lại trước khi thay thế")
    restore.set_defaults(handler=db_restore)
    sub.add_parser("backups", help="liệt kê các bản sao lưu tự động").set_defaults(
        handler=db_backups
    )
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
    engine = open_database(args.db, create=False, backed_up=args.backed_up)
    print(f"Đã ở lược đồ mới nhất ({current_revision(engine)}).")
    return 0


def db_check(args: argparse.Namespace) -> int:
    """Check integrity, foreign keys and schema revision; exit 1 when anything is wrong."""
    engine = open_database(args.db, create=False)
    integrity, broken = _integrity(engine)
    revision = current_revision(engine)
    print(f"Lược đồ: {revision} (ứng dụng: {head_revision()})")
    print(f"Toàn vẹn: {', '.join(integrity[:5])}{' …' if len(integrity) > 5 else ''}")
    print(f"Khóa ngoại lỗi: {len(broken)}")
    note = _collation_note(engine)
    if note:
        print(note)
    if integrity != ["ok"]:
        return fail(damaged_message(sqlite_path(resolve_url(args.db)) or ""))
    if broken:
        return fail(
            "Cơ sở dữ liệu có khóa ngoại lỗi (xem trên); hãy khôi phục từ bản sao lưu gần nhất."
        )
    return 0


def _integrity(engine: Engine) -> tuple[list[str], list[Any]]:
    """Return SQLite's integrity check and its broken foreign keys; a server checks its own."""
    with engine.connect() as conn:
        if engine.dialect.name != "sqlite":  # PostgreSQL enforces foreign keys on every write
            conn.execute(text("SELECT 1"))
            return ["ok"], []
        integrity = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
        return integrity, list(conn.execute(text("PRAGMA foreign_key_check")).fetchall())


BYTE_ORDER = {"C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic"}


def _collation_note(engine: Engine) -> str | None:
    """On PostgreSQL, warn when text is not sorted byte by byte as SQLite sorts it."""
    if engine.dialect.name != "postgresql":
        return None
    query = "SELECT * FROM pg_database WHERE datname = current_database()"
    with engine.connect() as conn:
        row = dict(conn.execute(text(query)).mappings().one())
    collation = str(row["datcollate"])
    if row.get("datlocprovider", "c") != "c":  # ICU (PostgreSQL 15: daticulocale, 17: datlocale)
        collation = str(row.get("daticulocale") or row.get("datlocale") or "ICU")
    elif collation in BYTE_ORDER:
        return None
    return (
        f"Lưu ý: cơ sở dữ liệu sắp xếp chữ theo “{collation}”, khác thứ tự của SQLite (C.UTF-8); "
        "danh sách có thể xếp khác ở đơn vị. Xem README, mục PostgreSQL."
    )


def db_backup(args: argparse.Namespace) -> int:
    """Copy the database consistently to a file (pg_dump on a PostgreSQL server)."""
    if not _on_server(args):
        _file(args)
    target = backup_database(open_database(args.db, create=False), args.target)
    print(f"Đã sao lưu vào {target}")
    return 0


def db_restore(args: argparse.Namespace) -> int:
    """Replace the database by a backup, after a check and a confirmation."""
    if _on_server(args):
        return fail(restore_refusal(resolve_url(args.db), args.source))
    current = _file(args)
    if not args.yes and not _confirmed(current, Path(args.source)):
        return fail("Chưa khôi phục. Thêm --yes để xác nhận thay thế dữ liệu hiện tại.")
    result = restore_database(current, args.source)
    print(f"Đã khôi phục “{result.database}” từ “{result.source}” (lược đồ {result.revision}).")
    if result.saved_copy is None:
        print("Trước đó chưa có dữ liệu ở vị trí này.")
    elif result.previous_damaged:
        print(f"Tệp cũ bị hỏng, đã được chuyển nguyên trạng sang “{result.saved_copy}”.")
    else:
        print(f"Dữ liệu cũ được giữ trong “{result.saved_copy}”.")
    if result.revision != head_revision():
        print("Bản sao lưu có lược đồ cũ hơn: carapp sẽ nâng cấp khi mở (sau khi sao lưu).")
    return 0


def _confirmed(current: Path, source: Path) -> bool:
    if not sys.stdin.isatty():
        return False
    answer = input(
        f"Toàn bộ dữ liệu trong “{current}” sẽ được thay bằng “{source}” "
        "(dữ liệu hiện tại được giữ một bản sao). Tiếp tục? [c/K] "
    )
    return answer.strip().lower() in {"c", "có", "co", "y", "yes"}


def db_backups(args: argparse.Namespace) -> int:
    """List the automatic backups of the database, newest first."""
    if _on_server(args):
        print(
            "Cơ sở dữ liệu trên máy chủ PostgreSQL: carapp chỉ sao lưu (pg_dump) trước khi nâng "
            f"cấp lược đồ, vào “{server.backup_folder()}”; việc sao lưu định kỳ do quản trị "
            "máy chủ đảm nhận."
        )
        return 0
    path = _file(args)
    backups = list_backups(path)
    if not backups:
        print(f"Chưa có bản sao lưu tự động nào trong “{backup_folder(path)}”.")
        return 0
    rows = [
        [b.taken_at.strftime("%d/%m/%Y %H:%M:%S"), b.reason_text, _size(b.size), str(b.path)]
        for b in backups
    ]
    print(table(["Thời điểm", "Lý do", "Dung lượng", "Tệp"], rows, [19, 24, 10, 200]))
    print(f"Khôi phục một bản: carapp db restore TỆP (thư mục: {backup_folder(path)})")
    return 0


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


def _on_server(args: argparse.Namespace) -> bool:
    return make_url(resolve_url(args.db)).get_backend_name() == "postgresql"


def _file(args: argparse.Namespace) -> Path:
    path = sqlite_path(resolve_url(args.db))
    if path is None:
        raise DatabaseError("Chỉ sao lưu và khôi phục được cơ sở dữ liệu SQLite dạng tệp.")
    return path


def sample_load(args: argparse.Namespace) -> int:
    """Load the Bạch Long Vĩ sample plan."""
    engine = open_database(args.db)
    plan = load_sample(engine, current_user())
    if plan is None:
        print("Kế hoạch mẫu đã có trong cơ sở dữ liệu; không nạp lại.")
    else:
        print(f"Đã nạp kế hoạch mẫu: {plan.title}")
    return 0

"""A city office's database on a PostgreSQL server: what differs from a SQLite file.

The server's own backups are its administrator's job; carapp takes one only before it changes
the schema, with `pg_dump` (custom format, restorable with `pg_restore`) into the user's data
folder, and refuses to migrate without it. Restoring is never done by carapp: the command to
run is printed. A password is never printed nor put on a command line (`PGPASSWORD` instead).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy.engine import URL, make_url

from carapp.db.errors import DatabaseError
from carapp.fileio import current_umask, write_error

BACKUP_FOLDER = "sao-luu"
SUFFIX = ".dump"


def shown(url: str | URL) -> str:
    """Return the URL as a user may read it: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def backup_folder() -> Path:
    """Return the folder of a server database's backups: `sao-luu` in the user's data folder."""
    return Path(user_data_dir("carapp", appauthor=False)) / BACKUP_FOLDER


def libpq_url(url: str | URL) -> str:
    """Return the libpq connection URI of a SQLAlchemy URL, without its password."""
    given = make_url(url)
    bare = URL.create(  # URL.set cannot remove a part: it leaves the ones given as None
        "postgresql", given.username, None, given.host, given.port, given.database, given.query
    )
    return bare.render_as_string(hide_password=False)


def dump_command(url: str | URL, target: Path) -> list[str]:
    """Return the pg_dump command writing the whole database to `target` (custom format)."""
    return ["pg_dump", "--format=custom", f"--file={target}", libpq_url(url)]


def restore_command(url: str | URL, source: Path | str) -> str:
    """Return the pg_restore command (as a line to type) bringing `source` back."""
    line = ["pg_restore", "--clean", "--if-exists", "--no-owner", "-d", libpq_url(url), str(source)]
    return shlex.join(line)


def dump_target(url: str | URL, reason: str, *, now: datetime | None = None) -> Path:
    """Return a new file name in the backup folder for a dump of the database at `url`."""
    name = make_url(url).database or "carapp"
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return backup_folder() / f"{name}.{reason}.{stamp}{SUFFIX}"


def dump(url: str | URL, target: Path, *, before: str = "", then: str = "chạy lại") -> Path:
    """Write the database to `target` with pg_dump (a temporary name, then renamed).

    Without pg_dump on PATH, refuse with the exact command to run (`before` says what waits,
    `then` what to do after running it).
    """
    if shutil.which("pg_dump") is None:
        raise DatabaseError(_no_pg_dump(url, target, before, then))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise DatabaseError(str(write_error(exc, target))) from exc
    tmp = Path(name)
    try:
        _run_pg_dump(url, tmp)
        os.chmod(tmp, 0o666 & ~current_umask())  # a file of the user's, as any other carapp writes
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _run_pg_dump(url: str | URL, tmp: Path) -> None:
    env = dict(os.environ)
    password = make_url(url).password
    if password:
        env["PGPASSWORD"] = str(password)
    done = subprocess.run(
        dump_command(url, tmp), env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or [f"mã lỗi {done.returncode}"]
        raise DatabaseError(
            f"pg_dump không sao lưu được cơ sở dữ liệu “{shown(url)}” ({detail[0]})."
        )


def _no_pg_dump(url: str | URL, target: Path, before: str, then: str) -> str:
    command = shlex.join(dump_command(url, target))
    waiting = f"; chưa {before}" if before else ""
    return (
        f"Không tìm thấy lệnh pg_dump để sao lưu cơ sở dữ liệu “{shown(url)}”{waiting}. "
        "Hãy cài gói postgresql-client (cùng phiên bản máy chủ) rồi chạy lại, hoặc tự sao lưu "
        f"bằng lệnh: {command} (mật khẩu đặt trong biến môi trường PGPASSWORD), rồi {then}."
    )

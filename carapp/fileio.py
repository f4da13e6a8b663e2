"""Write files so that a crash never leaves a half-written one: temporary name, flush, rename.

The temporary file is `.<name>.<8 random characters>.tmp` in the target's folder (see
`carapp.orphans`, which removes those an interrupted write left behind). The finished file gets
the user's normal permissions (0666 less the umask), or 0600 for a private key.
"""

from __future__ import annotations

import errno
import functools
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from carapp.orphans import remember_folder


class OutputError(ValueError):
    """A file that cannot be written where asked; the message is for the user, in Vietnamese."""


def check_output_path(path: str | os.PathLike[str], suffixes: Iterable[str] = ()) -> Path:
    """Return `path` if a file can be written there with one of `suffixes`, else OutputError."""
    target = Path(path).expanduser()
    allowed = [s.lower() for s in suffixes]
    if target.is_dir():
        example = f"{target / 'ten-tep'}{allowed[0] if allowed else ''}"
        raise OutputError(f"“{target}” là một thư mục; hãy ghi cả tên tệp, ví dụ “{example}”.")
    if allowed and target.suffix.lower() not in allowed:
        raise OutputError(
            f"Tên tệp “{target.name}” phải có đuôi {' hoặc '.join(allowed)} cho đúng định dạng."
        )
    check_folder(target.parent)
    return target


def check_folder(folder: str | os.PathLike[str]) -> Path:
    """Return `folder` if files can be written in it; OutputError if missing or not writable."""
    folder = Path(folder).expanduser()
    if not folder.exists():
        raise OutputError(
            f"Thư mục “{folder}” không tồn tại; hãy tạo thư mục đó trước hoặc chọn nơi khác."
        )
    if not folder.is_dir():
        raise OutputError(f"“{folder}” không phải là thư mục.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"Không có quyền ghi vào thư mục “{folder}”.")
    return folder


@contextmanager
def atomic_file(path: str | os.PathLike[str], *, private: bool = False) -> Iterator[BinaryIO]:
    """Yield a binary file in the target's folder; on success it is synced and renamed into place.

    The folder must exist. `private` keeps the file readable by its owner only (keys).
    """
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"“{target}” là một thư mục; hãy ghi cả tên tệp.")
    check_folder(target.parent)
    remember_folder(target.parent)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise write_error(exc, target) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o600 if private else 0o666 & ~current_umask())
        os.replace(tmp_name, target)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_error(exc, target) from exc
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, private: bool = False) -> None:
    """Write `data` to `path` atomically."""
    with atomic_file(path, private=private) as handle:
        handle.write(data)


def write_error(exc: OSError, target: Path) -> OutputError:
    """Return the Vietnamese message for an operating-system error while writing `target`."""
    reasons = {
        errno.ENOSPC: "ổ đĩa đã đầy",
        errno.EDQUOT: "đã hết hạn mức dung lượng",
        errno.EACCES: "không có quyền ghi",
        errno.EPERM: "không có quyền ghi",
        errno.EROFS: "ổ đĩa chỉ đọc",
        errno.ENOENT: "thư mục không còn tồn tại",
        errno.ENAMETOOLONG: "tên tệp quá dài",
    }
    reason = reasons.get(exc.errno or 0, "lỗi đọc/ghi ổ đĩa")
    return OutputError(f"Không ghi được tệp “{target}”: {reason}. Tệp cũ (nếu có) vẫn giữ nguyên.")


@functools.cache
def current_umask() -> int:
    """Return the process umask without changing it (read from /proc where there is one).

    Read once: carapp never changes it, and every file it writes asks (a city import writes
    one receipt per package).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no /proc: read it by setting it (briefly) and putting it back
    os.umask(mask)
    return mask

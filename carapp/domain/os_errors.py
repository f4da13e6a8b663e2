"""What went wrong with a file, in Vietnamese: the system's own text (strerror) is English."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không có quyền",
    errno.EPERM: "không được phép",
    errno.ENOSPC: "đĩa đã đầy",
    errno.EISDIR: "đây là một thư mục",
    errno.ENOTDIR: "đường dẫn có phần không phải thư mục",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.EEXIST: "đã có",
    errno.EBUSY: "tệp đang được dùng",
}


def os_reason(exc: OSError) -> str:
    """Return why a file operation failed, in Vietnamese."""
    return _REASONS.get(exc.errno or 0, f"lỗi hệ thống số {exc.errno}")


def file_message(exc: OSError) -> str:
    """Return what went wrong with a file, in Vietnamese (never the system's English text)."""
    where = f" “{exc.filename}”" if exc.filename else ""
    return f"Không đọc hoặc ghi được tệp{where}: {os_reason(exc)}."

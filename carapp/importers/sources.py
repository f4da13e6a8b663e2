"""Recognise a file by its content, not its name, and read its tables as grids."""

from __future__ import annotations

import zipfile
from pathlib import Path

from carapp.importers.excel import read_xlsx
from carapp.importers.issues import ImportFailure, ImportIssue
from carapp.importers.table import Source
from carapp.importers.word import read_docx

# Compound File Binary (OLE2): old .doc/.xls, and every password-protected .docx/.xlsx.
_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


def open_source(path: str | Path, issues: list[ImportIssue]) -> Source:
    """Read a .docx or .xlsx file's tables, whatever its extension says."""
    path = Path(path)
    head = _head(path)
    if head.startswith(_OLE2[:4]):
        raise ImportFailure(
            f"Tệp “{path.name}” được bảo vệ bằng mật khẩu hoặc là tệp Word/Excel định dạng cũ "
            "(.doc/.xls). Hãy mở tệp, bỏ mật khẩu rồi lưu lại dưới dạng .docx hoặc .xlsx."
        )
    if not head:
        raise ImportFailure(f"Tệp “{path.name}” rỗng, không có nội dung.")
    if not head.startswith(b"PK"):
        raise ImportFailure(_not_office(path))
    kind = _zip_kind(path)
    if kind == "docx":
        return read_docx(path)
    if kind == "xlsx":
        return read_xlsx(path, issues)
    raise ImportFailure(_not_office(path))


def _head(path: Path) -> bytes:
    """Return the first bytes of the file, or fail with a message the user understands."""
    try:
        with path.open("rb") as stream:
            return stream.read(8)
    except FileNotFoundError as exc:
        raise ImportFailure(f"Không tìm thấy tệp “{path}”.") from exc
    except IsADirectoryError as exc:
        raise ImportFailure(f"“{path}” là một thư mục, không phải tệp.") from exc
    except OSError as exc:
        raise ImportFailure(f"Không mở được tệp “{path.name}”: {exc.strerror}.") from exc


def _zip_kind(path: Path) -> str:
    """Return 'docx' or 'xlsx' from the parts inside the zip container, or ''."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailure(
            f"Tệp “{path.name}” bị hỏng: không đọc được nội dung nén. "
            "Hãy mở tệp bằng Word/Excel để sửa, hoặc xin lại bản khác."
        ) from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return ""


def _not_office(path: Path) -> str:
    """Return the message for a file that is neither Word nor Excel."""
    suffix = path.suffix.lower()
    named = f" dù có đuôi {suffix}" if suffix in (".docx", ".xlsx", ".doc", ".xls") else ""
    return (
        f"Tệp “{path.name}” không phải tệp Word (.docx) hay Excel (.xlsx){named}. "
        "Hãy chọn đúng tệp phụ lục hoặc báo cáo."
    )

"""Recognise a file by its content, not its name, and read its tables as grids."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from carapp.importers.excel import read_xlsx
from carapp.importers.issues import ImportFailure, ImportIssue
from carapp.importers.limits import check_members, check_sheet_rows, check_word_rows
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
        return read_docx(path, issues)
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
    """Return 'docx' or 'xlsx' from the parts inside the zip container, or ''.

    The container is checked first (see importers.limits): members it cannot unpack, absurd
    sizes, and tables of more rows than any appendix has, streamed before any tree is built.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            check_members(path.name, archive)
            names = set(archive.namelist())
            kind = "docx" if "word/document.xml" in names else ""
            kind = kind or ("xlsx" if "xl/workbook.xml" in names else "")
            if kind == "docx":
                check_word_rows(path.name, archive)
            elif kind == "xlsx":
                check_sheet_rows(path.name, archive)
            return kind
    except NotImplementedError as exc:  # zipfile: a newer zip version or an unknown method
        raise ImportFailure(
            f"Tệp “{path.name}” được nén theo cách carapp không đọc được. "
            "Hãy mở tệp bằng Word/Excel rồi lưu lại dưới dạng .docx hoặc .xlsx."
        ) from exc
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
        raise ImportFailure(
            f"Tệp “{path.name}” bị hỏng: không đọc được nội dung nén. "
            "Hãy mở tệp bằng Word/Excel để sửa, hoặc xin lại bản khác."
        ) from exc


def _not_office(path: Path) -> str:
    """Return the message for a file that is neither Word nor Excel."""
    suffix = path.suffix.lower()
    named = f" dù có đuôi {suffix}" if suffix in (".docx", ".xlsx", ".doc", ".xls") else ""
    return (
        f"Tệp “{path.name}” không phải tệp Word (.docx) hay Excel (.xlsx){named}. "
        "Hãy chọn đúng tệp phụ lục hoặc báo cáo."
    )

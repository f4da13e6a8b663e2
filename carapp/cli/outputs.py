"""Where the command line may write: an existing folder, a file not already there unless
--force, and a name whose suffix says the format written into it.

The format of `export` and `city export` is the one --format names; without --format it is read
from the output file's suffix (.pdf or .xlsx), and is PDF when no file is named.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import cast

from carapp.services.common import ServiceError
from carapp.services.exporting import Format

FORMATS = ("pdf", "xlsx")
DOCUMENT_FORMATS = ("pdf", "xlsx", "docx")  # the appendix and the report also print to Word
FORMAT_HELP = "{} (mặc định: theo đuôi tệp -o; không có -o thì pdf)"


def add_output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS) -> None:
    """Add -o/--output, --format and --force to a command that writes one document."""
    names = " hoặc ".join(formats)
    parser.add_argument("--format", choices=formats, help=FORMAT_HELP.format(names))
    suffixes = " hoặc ".join(f".{f}" for f in formats)
    parser.add_argument("-o", "--output", help=f"tệp kết quả ({suffixes})")
    parser.set_defaults(formats=formats)
    parser.add_argument("--force", action="store_true", help="ghi đè tệp đã có")


def existing_folder(folder: str | Path) -> Path:
    """Return a folder to write into; a missing one is an error, never created silently."""
    path = Path(folder).expanduser()
    if not path.exists():
        raise ServiceError(
            f"Thư mục “{path}” không tồn tại: hãy tạo thư mục trước hoặc chọn thư mục khác."
        )
    if not path.is_dir():
        raise ServiceError(f"“{path}” không phải thư mục.")
    return path


def output_format(
    output: str | None, chosen: str | None, formats: tuple[str, ...] = FORMATS
) -> Format:
    """Return the format to write: --format, else the output file's suffix, else PDF."""
    if output and Path(output).expanduser().is_dir():
        raise ServiceError(f"“{output}” là một thư mục, không phải tên tệp.")
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    if chosen:
        if output and suffix != chosen:
            raise ServiceError(
                f"Tên tệp “{Path(output).name}” không khớp định dạng {chosen}: "
                f"hãy đặt đuôi .{chosen} (hoặc bỏ --format để theo đuôi tệp)."
            )
        return cast(Format, chosen)
    if not output:
        return "pdf"
    if suffix not in formats:
        suffixes = " hoặc ".join(f".{f}" for f in formats)
        raise ServiceError(
            f"Không biết ghi “{Path(output).name}” theo định dạng nào: đặt đuôi {suffixes} "
            f"(hoặc thêm --format {'|'.join(formats)} cùng tên tệp đúng đuôi)."
        )
    return cast(Format, suffix)


def output_file(path: str | Path, force: bool) -> Path:
    """Return the file to write: its folder must exist, and an existing file needs --force."""
    target = Path(path).expanduser()
    existing_folder(target.parent if str(target.parent) else ".")
    if target.is_dir():
        raise ServiceError(f"“{target}” là một thư mục, không phải tên tệp.")
    if target.exists() and not force:
        raise ServiceError(f"Tệp “{target}” đã có: thêm --force để ghi đè.")
    return target

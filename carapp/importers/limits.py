"""Bounds that keep a hostile or broken file from hanging the import or filling the memory.

A real appendix or report has tens to a few thousand rows and about ten columns. The limits are
far above that, and each is checked before the costly step it protects: the zip's members before
anything is unpacked, the number of table rows by streaming the XML (lxml iterparse, elements
cleared as they are read) before python-docx or openpyxl build their trees, the columns and cells
while the grid is built. Going past one ends the import with a Vietnamese message.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from lxml import etree
from openpyxl.utils.cell import range_boundaries

from carapp.importers.issues import ImportFailure

MAX_ROWS = 10_000  # rows of one Word table or one Excel sheet
MAX_COLUMNS = 100  # columns read of a table or a sheet; cells further right are left out
MAX_CELLS = 400_000  # cells of a whole file, once merged cells are expanded
MAX_MERGED_CELLS = 100_000  # cells covered by an Excel sheet's merged ranges
MAX_PART_BYTES = 200 * 1024 * 1024  # one XML part, unpacked
_READABLE = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_MAX_ZIP_VERSION = 63  # the newest zip format version Python's zipfile reads

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def check_members(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a zip whose members cannot be unpacked here or unpack to an absurd size."""
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise ImportFailure(
                f"Tệp “{name}” được mã hóa (đặt mật khẩu) ở phần “{info.filename}”. "
                "Hãy mở tệp, bỏ mật khẩu rồi lưu lại."
            )
        if info.compress_type not in _READABLE or info.extract_version > _MAX_ZIP_VERSION:
            raise ImportFailure(
                f"Tệp “{name}” được nén theo cách carapp không đọc được (phần “{info.filename}”, "
                f"phương thức nén {info.compress_type}, phiên bản {info.extract_version / 10:.1f}). "
                "Hãy mở tệp bằng Word/Excel rồi lưu lại dưới dạng .docx hoặc .xlsx."
            )
        if info.file_size > MAX_PART_BYTES:
            raise ImportFailure(
                f"Tệp “{name}” có phần “{info.filename}” quá lớn khi giải nén "
                f"({number_text(info.file_size // (1024 * 1024))} MB, tối đa "
                f"{number_text(MAX_PART_BYTES // (1024 * 1024))} MB): không phải một phụ lục hay báo cáo."
            )


@dataclass(frozen=True)
class _Layout:
    """Where one kind of file keeps its tables, rows and merged ranges, and how it is named."""

    program: str
    suffix: str
    label: str
    table: str | None  # None: a sheet is one table
    row: str
    merge: str | None  # None: merges are marked on the cells (Word)


_WORD = _Layout("Word", "docx", "Bảng", f"{_W}tbl", f"{_W}tr", None)
_EXCEL = _Layout("Excel", "xlsx", "Một trang tính", None, f"{_S}row", f"{_S}mergeCell")


def check_word_rows(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a Word file with a table of more than MAX_ROWS rows, reading the XML as a stream."""
    with archive.open("word/document.xml") as stream:
        _scan(name, stream, _WORD)


def check_sheet_rows(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a sheet of more than MAX_ROWS rows holding values or MAX_MERGED_CELLS merged cells.

    openpyxl makes an object for every cell a merged range covers: A1:XFD1048576 would never load.
    """
    sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
    for part in sheets:
        with archive.open(part) as stream:
            _scan(name, stream, _EXCEL)


def _scan(name: str, stream: IO[bytes], layout: _Layout) -> None:
    """Count rows per table and merged cells as the XML streams by; fail past the limits."""
    rows, tables, merged = 0, 0, 0
    tags = tuple(tag for tag in (layout.row, layout.table, layout.merge) if tag)
    try:
        for event, element in etree.iterparse(stream, events=("start", "end"), tag=tags):
            if element.tag == layout.table:
                rows, tables = (0, tables + 1) if event == "start" else (rows, tables)
            elif event == "start":
                continue
            elif element.tag == layout.merge:
                merged += _area(element.get("ref", ""))
                if merged > MAX_MERGED_CELLS:
                    raise ImportFailure(_too_much_merged(name, element.get("ref", "")))
            else:
                rows += layout.table is not None or _has_value(element)
                element.clear(keep_tail=False)
                if rows > MAX_ROWS:
                    where = f"{layout.label} {tables}" if layout.table else layout.label
                    raise ImportFailure(_too_many_rows(name, where))
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ImportFailure(
            f"Tệp {layout.program} “{name}” bị hỏng hoặc không đúng định dạng .{layout.suffix}."
        ) from exc


def _area(ref: str) -> int:
    """Return how many cells a merged range such as "A3:H3" covers (ValueError if malformed)."""
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    if None in (min_col, min_row, max_col, max_row):
        raise ValueError(ref)
    return (int(max_col or 0) - int(min_col or 0) + 1) * (int(max_row or 0) - int(min_row or 0) + 1)


def _too_much_merged(name: str, ref: str) -> str:
    return (
        f"Tệp “{name}” có vùng gộp ô quá lớn ({ref}; tối đa {number_text(MAX_MERGED_CELLS)} ô "
        "gộp một trang tính): "
        "không phải một phụ lục hay báo cáo, hoặc tệp bị hỏng. Hãy bỏ gộp các ô thừa rồi lưu lại."
    )


def _has_value(row: etree._Element) -> bool:
    """Return whether a sheet row holds a value (not only formatting)."""
    return any(
        child.find(f"{_S}v") is not None or child.find(f"{_S}is") is not None for child in row
    )


def _too_many_rows(name: str, where: str) -> str:
    return (
        f"{where} của tệp “{name}” có hơn {number_text(MAX_ROWS)} dòng; carapp đọc tối đa {number_text(MAX_ROWS)} "
        "dòng một bảng. Phụ lục, báo cáo thật không dài như vậy: hãy kiểm tra tệp (có thể có "
        "nhiều dòng thừa ở cuối) hoặc tách thành nhiều tệp."
    )


def too_many_cells(name: str) -> ImportFailure:
    """Return the failure for a file whose grids would hold more than MAX_CELLS cells."""
    return ImportFailure(
        f"Tệp “{name}” có quá nhiều ô (hơn {number_text(MAX_CELLS)} ô sau khi tách các ô gộp): không phải "
        "một phụ lục hay báo cáo, hoặc tệp bị hỏng."
    )


def columns_cut(label: str, width: int) -> str:
    """Return the warning for a table or sheet with text further right than MAX_COLUMNS."""
    return (
        f"{label} có chữ ở cột thứ {number_text(width)}; chỉ đọc {MAX_COLUMNS} cột đầu, "
        "các ô xa hơn bị bỏ qua."
    )


def number_text(number: int) -> str:
    """Return a count written the Vietnamese way (10.000)."""
    return f"{number:,}".replace(",", ".")

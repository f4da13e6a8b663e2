"""Build hostile or odd Word and Excel files, written as raw XML so that even huge ones are quick.

Used by tests/importers/test_hostile_files.py and bench/bench_hostile.py (time and memory).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import openpyxl

HEADER = ("STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành")
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _template(kind: str) -> bytes:
    """Return an empty .docx or .xlsx made by its library, to put our own XML into."""
    stream = io.BytesIO()
    if kind == "docx":
        docx.Document().save(stream)
    else:
        openpyxl.Workbook().save(stream)
    return stream.getvalue()


def _write(
    path: Path, kind: str, part: str, xml: Iterator[str], method: int = 8, version: int = 0
) -> Path:
    """Write the template with `part` replaced by the streamed XML (compressed with `method`)."""
    with zipfile.ZipFile(io.BytesIO(_template(kind))) as source, zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            if item.filename == part:
                info = zipfile.ZipInfo(part, item.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                with out.open(info, "w") as stream:
                    for chunk in xml:
                        stream.write(chunk.encode("utf-8"))
            else:
                out.writestr(item, source.read(item), compress_type=zipfile.ZIP_DEFLATED)
    if method != 8 or version:
        _set_method(path, part, method, version)
    return path


def _set_method(path: Path, part: str, method: int, version: int) -> None:
    """Rewrite one member's compression method (and version needed) in both its headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(part)
    local = info.header_offset
    data[local + 8 : local + 10] = method.to_bytes(2, "little")
    if version:
        data[local + 4 : local + 6] = version.to_bytes(2, "little")
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        name = bytes(data[position + 46 : position + 46 + name_length]).decode()
        if name == part:
            data[position + 10 : position + 12] = method.to_bytes(2, "little")
            if version:
                data[position + 6 : position + 8] = version.to_bytes(2, "little")
        position = data.find(b"PK\x01\x02", position + 4)
    path.write_bytes(bytes(data))


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>"


def _cell(text: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{_paragraph(text)}</w:tc>"


def _document(rows: Callable[[], Iterator[str]], columns: int) -> Iterator[str]:
    yield f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?><w:document {_W}><w:body>"
    yield _paragraph("DANH MỤC NHIỆM VỤ")
    yield "<w:tbl><w:tblGrid>" + "<w:gridCol/>" * columns + "</w:tblGrid>"
    yield "<w:tr>" + "".join(_cell(h) for h in HEADER) + "</w:tr>"
    yield from rows()
    yield "</w:tbl><w:sectPr/></w:body></w:document>"


def _task_row(number: int) -> str:
    cells = (str(number), f"Rà soát thủ tục hành chính số {number}", "Văn phòng", "2026-2030")
    return "<w:tr>" + "".join(_cell(text) for text in cells) + "</w:tr>"


def docx_grid_span(path: Path, span: str) -> Path:
    """A Word table whose second row has a cell spanning `span` columns (huge or negative)."""

    def rows() -> Iterator[str]:
        yield "<w:tr>" + _cell("1") + _cell("Rà soát", f'<w:gridSpan w:val="{span}"/>') + "</w:tr>"
        yield _task_row(2)

    return _write(path, "docx", "word/document.xml", _document(rows, 4))


def docx_rows(path: Path, count: int, vertical_merge: bool = False) -> Path:
    """A Word table of `count` task rows (each a vertical-merge continuation when asked)."""
    merge = '<w:vMerge w:val="restart"/>'

    def rows() -> Iterator[str]:
        for number in range(1, count + 1):
            if vertical_merge and number > 1:
                yield "<w:tr>" + _cell(str(number)) + _cell("", "<w:vMerge/>")
                yield _cell("Văn phòng") + _cell("2026") + "</w:tr>"
            elif vertical_merge:
                yield "<w:tr>" + _cell("1") + _cell("Rà soát", merge)
                yield _cell("Văn phòng") + _cell("2026") + "</w:tr>"
            else:
                yield _task_row(number)

    return _write(path, "docx", "word/document.xml", _document(rows, 4))


def docx_columns(path: Path, count: int) -> Path:
    """A Word table of `count` columns: the usual header and one task, then empty cells."""
    padding = _cell("") * (count - 4)

    def rows() -> Iterator[str]:
        yield "<w:tr>" + "".join(_cell(t) for t in ("1", "Rà soát", "Văn phòng", "2026"))
        yield padding + "</w:tr>"

    return _write(path, "docx", "word/document.xml", _document(rows, count))


def _sheet(rows: Iterator[str]) -> Iterator[str]:
    yield f"<worksheet {_S}><sheetData>"
    yield _xlsx_row(1, HEADER)
    yield from rows
    yield "</sheetData></worksheet>"


def _xlsx_row(number: int, texts: tuple[str, ...], first: str = "A") -> str:
    letters = [first] if len(texts) == 1 else ["A", "B", "C", "D"][: len(texts)]
    cells = "".join(
        f'<c r="{letter}{number}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
        for letter, text in zip(letters, texts, strict=True)
    )
    return f'<row r="{number}">{cells}</row>'


def xlsx_far_cell(path: Path, cell: str) -> Path:
    """A sheet with a normal table and one value far away (XFD1, A1048576 or XFD1048576)."""
    column = cell.rstrip("0123456789")
    row = int(cell[len(column) :])

    def rows() -> Iterator[str]:
        yield _xlsx_row(2, ("1", "Rà soát thủ tục hành chính", "Văn phòng", "2026-2030"))
        if row > 2:
            yield _xlsx_row(row, ("x",), column)
        else:  # on the header's row: add it there
            yield ""

    xml = _sheet(rows())
    if row == 1:
        far = f'<c r="{cell}" t="inlineStr"><is><t>x</t></is></c>'
        xml = (
            part.replace("</row>", far + "</row>", 1) if 'r="1"' in part else part for part in xml
        )
    return _write(path, "xlsx", "xl/worksheets/sheet1.xml", xml)


def xlsx_rows(path: Path, count: int) -> Path:
    """A sheet of `count` task rows."""
    rows = (
        _xlsx_row(n + 1, (str(n), f"Rà soát thủ tục số {n}", "Văn phòng", "2026"))
        for n in range(1, count + 1)
    )
    return _write(path, "xlsx", "xl/worksheets/sheet1.xml", _sheet(rows))


def unsupported_zip(path: Path, kind: str, method: int = 8, version: int = 0) -> Path:
    """A file whose main part says it needs another compression method or a newer zip version."""
    part = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    source = _template(kind)
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        xml = archive.read(part).decode("utf-8")
    return _write(path, kind, part, iter([xml]), method=method, version=version)


def xlsx_merged(path: Path, ref: str) -> Path:
    """A sheet with a normal table and a merged range `ref` (e.g. the whole sheet below it)."""

    def xml() -> Iterator[str]:
        yield f"<worksheet {_S}><sheetData>"
        yield _xlsx_row(1, HEADER)
        yield _xlsx_row(2, ("1", "Rà soát thủ tục hành chính", "Văn phòng", "2026-2030"))
        yield _xlsx_row(3, ("x",))
        yield f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells></worksheet>'

    return _write(path, "xlsx", "xl/worksheets/sheet1.xml", xml())

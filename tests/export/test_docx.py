"""Word copies of the appendix and the report, read back with python-docx and printed by Writer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from carapp.domain.documents import Appendix, ProgressReport
from carapp.export import write_appendix_docx, write_report_docx
from tests.export.pdfmeasure import text_box, type_sizes

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _texts(table: object) -> list[str]:
    return [cell.text for row in table.rows for cell in row.cells]  # type: ignore[attr-defined]


def test_report_docx_has_the_official_layout(sample_report: ProgressReport, tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    write_report_docx(sample_report, path)
    document = docx.Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert round(section.top_margin.mm) == round(section.bottom_margin.mm) == 20
    assert section.different_first_page_header_footer  # no page number on page 1
    assert "PAGE" in section.header._element.xml
    assert document.styles["Normal"].font.name == "Times New Roman"
    letterhead, tasks, summary, signature = document.tables
    assert (
        letterhead.style.name != "Table Grid"
        and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in (_texts(letterhead)[1])
    )
    assert "Số: 15/BC-UBND" in _texts(letterhead)[0]
    header_row = tasks.rows[0]._tr
    assert header_row.trPr is not None and header_row.trPr.find(qn("w:tblHeader")) is not None
    section_row = tasks.rows[1]._tr
    assert section_row.tc_lst[1].tcPr.find(qn("w:gridSpan")) is not None  # merged across
    assert (
        _texts(tasks).count(
            "Đã tổ chức thực hiện nhiệm vụ số 1; 99,09% hồ sơ được tiếp nhận "
            "trực tuyến.\nTổng số 9.096 hồ sơ được tiếp nhận; 8.969 hồ sơ đã "
            "giải quyết đúng hạn.\nKhó khăn, vướng mắc: Đường truyền Internet "
            "ra đảo chưa ổn định.\nĐề xuất: Đề nghị thành phố hỗ trợ thiết bị "
            "số hóa."
        )
        == 1
    )
    assert "Tổng cộng" in _texts(summary)
    right = _texts(signature)[1]
    assert right.splitlines()[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    name = signature.rows[0].cells[1].paragraphs[-1]
    assert name.text == "Nguyễn Văn An" and name.runs[0].bold
    assert name.paragraph_format.space_before.mm >= 25
    assert "Nơi nhận:" in _texts(signature)[0]


def test_appendix_docx_carries_every_task(sample_appendix: Appendix, tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.docx"
    write_appendix_docx(sample_appendix, path)
    document = docx.Document(str(path))
    tasks = document.tables[1]
    numbers = [row.cells[0].text for row in tasks.rows[1:]]
    assert [n for n in numbers if n.isdigit()] == [str(n) for n in range(1, 31)]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "(Kèm theo Kế hoạch số 95/KH-UBND" in body and "Phụ lục" in body


@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice")
def test_writer_prints_the_word_copies_on_the_official_page(
    sample_report: ProgressReport, sample_appendix: Appendix, tmp_path: Path
) -> None:
    write_report_docx(sample_report, tmp_path / "bao-cao.docx")
    write_appendix_docx(sample_appendix, tmp_path / "phu-luc.docx")
    assert SOFFICE
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless"]
        + ["--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(tmp_path / "bao-cao.docx"), str(tmp_path / "phu-luc.docx")],
        timeout=300,
        capture_output=True,
        text=True,
    )
    if "could not be loaded" in result.stderr and "writer" not in result.stdout:
        pytest.skip("LibreOffice Writer is not installed")
    for name, size in (("bao-cao", 10.0), ("phu-luc", 12.0)):
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), result.stderr
        pages = len(PdfReader(pdf).pages)
        assert pages <= 7
        sizes = type_sizes(pdf)
        assert max(sizes, key=sizes.get) == size  # printed at 100 %
        for page in range(pages):
            left, top, right, _bottom = text_box(pdf, page)
            assert left >= 29.5 and right >= 14, (name, page)
            assert top >= 10  # the page number, in the top margin from page 2

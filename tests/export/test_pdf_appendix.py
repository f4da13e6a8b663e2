"""The appendix PDF, read back: every task in order, the official layout, no lost text."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from carapp.domain.documents import Appendix, DocumentHeader, SectionRow, TaskRow
from carapp.export import write_appendix_pdf
from carapp.export.layout import MARGIN_TOP_MM, PAGE_HEIGHT, PAGE_WIDTH
from tests.export.pdftext import (
    all_spans,
    assert_in_order,
    assert_words_in_order,
    body_text,
    is_nfc,
    page_texts,
    spans,
    squash,
)
from tests.export.samples import giant_text

MM = 72 / 25.4
HEADER_ROW = (
    "STT Nội dung công việc Đơn vị chủ trì Đơn vị phối hợp Kết quả/ Sản phẩm Thời gian hoàn thành"
)


@pytest.fixture
def sample_pdf(sample_appendix: Appendix, tmp_path: Path) -> Path:
    path = tmp_path / "phu-luc.pdf"
    write_appendix_pdf(sample_appendix, path)
    return path


@pytest.fixture
def long_pdf(long_appendix: Appendix, tmp_path: Path) -> Path:
    path = tmp_path / "phu-luc-dai.pdf"
    write_appendix_pdf(long_appendix, path)
    return path


def test_every_task_is_printed_in_order(sample_appendix: Appendix, sample_pdf: Path) -> None:
    text = " ".join(page_texts(sample_pdf))
    tasks = [t for s in sample_appendix.sections for t in s.tasks]
    assert len(tasks) == 30
    assert_in_order(text, [t.content for t in tasks])
    for task in tasks:
        for value in (task.lead, task.cooperating, task.output, task.deadline):
            assert squash(value) in text
    assert_in_order(text, [f"{s.numeral} {s.title}" for s in sample_appendix.sections])


def test_pages_are_a4_landscape(sample_pdf: Path) -> None:
    pages = PdfReader(sample_pdf).pages
    assert len(pages) >= 2
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (842, 595)
        assert (page.rotation or 0) == 0


def test_header_block_title_and_attached_line(sample_pdf: Path) -> None:
    first = page_texts(sample_pdf)[0]
    assert_in_order(
        first,
        [
            "ỦY BAN NHÂN DÂN ĐẶC KHU BẠCH LONG VĨ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 95/KH-UBND",
            "Bạch Long Vĩ, ngày 03 tháng 9 năm 2025",
            "Phụ lục",
            "DANH MỤC NHIỆM VỤ CỤ THỂ TRIỂN KHAI THỰC HIỆN",
            "(Kèm theo Kế hoạch số 95/KH-UBND ngày 03/9/2025 của Ủy ban nhân dân đặc khu",
        ],
    )


def test_header_row_is_repeated_on_every_page(sample_pdf: Path, long_pdf: Path) -> None:
    for path in (sample_pdf, long_pdf):
        for text in page_texts(path):
            assert text.count(HEADER_ROW) == 1  # at the top, never again in mid-page


def test_a_long_plan_pages_well(tmp_path: Path) -> None:
    """300 tasks: every one printed in order, one header row a page, pages filled, no orphan."""
    tasks = [
        TaskRow(
            str(n), f"Nhiệm vụ số {n}: " + "rà soát, đánh giá thủ tục hành chính " * (n % 9 + 1)
        )
        for n in range(1, 301)
    ]
    sections = [
        SectionRow(f"S{i}", f"NHÓM NHIỆM VỤ THỨ {i}", tasks=tasks[i * 30 : i * 30 + 30])
        for i in range(10)
    ]
    path = tmp_path / "dai.pdf"
    write_appendix_pdf(Appendix(DocumentHeader("UBND"), "Danh mục", sections=sections), path)
    pages = page_texts(path)
    assert all(p.count(HEADER_ROW) == 1 for p in pages)
    assert_in_order(" ".join(pages), [f"Nhiệm vụ số {n}:" for n in range(1, 301)])
    titles = tuple(s.title for s in sections)
    for page, page_spans in zip(pages[:-1], all_spans(path), strict=False):
        assert not page.endswith(titles)  # no section row alone at the foot of a page
        lowest = min(s.y for s in page_spans)
        assert lowest < 20 * MM + 150  # filled down to the last row that fits


def test_page_numbers_sit_centred_in_the_top_margin_from_page_2(sample_pdf: Path) -> None:
    top_margin = PAGE_HEIGHT - MARGIN_TOP_MM * MM
    pages = all_spans(sample_pdf)
    assert [s for s in pages[0] if s.y > top_margin] == []
    for index in range(1, len(pages)):
        in_margin = [s for s in pages[index] if s.y > top_margin]
        assert [s.text for s in in_margin] == [str(index + 1)]
        assert abs(in_margin[0].x - PAGE_WIDTH / 2) < 10


def test_text_is_embedded_liberation_serif_with_real_bold(sample_pdf: Path) -> None:
    page = spans(sample_pdf, 0)
    assert page and all("LiberationSerif" in s.font for s in page)
    bold = [s for s in page if s.text.startswith("CỘNG HÒA")]
    assert bold and "Bold" in bold[0].font
    italic = [s for s in page if s.text.startswith("Bạch Long Vĩ, ngày")]
    assert italic and "Italic" in italic[0].font


def test_a_giant_cell_flows_over_pages_without_losing_a_word(
    long_appendix: Appendix, long_pdf: Path
) -> None:
    pages = page_texts(long_pdf)
    assert len(pages) >= 3
    everything = body_text(pages, HEADER_ROW)
    assert_in_order(everything, [f"(câu {i}) Ưu tiên" for i in range(1, 37)])
    assert_words_in_order(everything, giant_text())
    first = next(i for i, p in enumerate(pages) if "(câu 1)" in p)
    last = next(i for i, p in enumerate(pages) if "(câu 36)" in p)
    assert last > first
    # The task after the giant one is still printed, after it.
    assert_in_order(everything, ["(câu 36)", "Đánh giá chỉ số cải cách hành chính hằng năm"])


def test_decomposed_input_is_printed_composed(long_pdf: Path) -> None:
    text = " ".join(page_texts(long_pdf))
    assert is_nfc(text)
    for expected in (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
        "SỞ NGOẠI VỤ",
        "Hải Phòng, ngày 05 tháng 01 năm 2026",
        "Phụ lục II",
        "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026 CỦA SỞ NGOẠI VỤ",
        "Ủy ban Mặt trận Tổ quốc Việt Nam đặc khu",
        "2026 – tháng 2/2027",
    ):
        assert expected in text


def test_progress_reaches_the_total(sample_appendix: Appendix, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_appendix_pdf(sample_appendix, tmp_path / "p.pdf", lambda d, t: calls.append((d, t)))
    rows = 30 + len(sample_appendix.sections)
    assert calls[0] == (0, rows) and calls[-1] == (rows, rows)
    assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:], strict=False))
    assert len(calls) > 3


def test_writing_is_atomic(sample_appendix: Appendix, tmp_path: Path) -> None:
    path = tmp_path / "phu-luc.pdf"
    path.write_bytes(b"old")

    def fail(done: int, total: int) -> None:
        if done > 0:
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_appendix_pdf(sample_appendix, path, fail)
    assert path.read_bytes() == b"old"
    write_appendix_pdf(sample_appendix, path)
    assert path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["phu-luc.pdf"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_pages_render_to_png(sample_pdf: Path, long_pdf: Path, tmp_path: Path) -> None:
    """Render page 1 and a page of the split cell; CARAPP_PNG_DIR keeps them for a look."""
    from PIL import Image

    keep = os.environ.get("CARAPP_PNG_DIR")
    for pdf, page in ((sample_pdf, 1), (long_pdf, 2)):
        prefix = tmp_path / f"{pdf.stem}-{page}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile"]
            + [str(pdf), str(prefix)],
            check=True,
            timeout=60,
        )
        png = prefix.with_suffix(".png")
        with Image.open(png) as image:
            width, height = image.size
            assert width > height  # landscape
            grey = image.convert("L")
            top = grey.crop((0, 0, width, int(height * 20 / 210)))
            dark_top = sum(top.histogram()[:128])
            body = grey.crop((0, int(height * 0.1), width, int(height * 0.9)))
            assert sum(body.histogram()[:128]) > 1000  # something is drawn
        assert (dark_top == 0) == (page == 1)  # the page number, from page 2 only
        if keep:
            shutil.copy(png, Path(keep) / png.name)


def test_markup_characters_print_as_written_and_long_words_wrap(tmp_path: Path) -> None:
    url = "https://dichvucong.haiphong.gov.vn/" + "thutuc/" * 40 + "ket-thuc"
    task = TaskRow("1", f"Xem {url} <b>&amp; “ngoặc”", "A&B <i>", id="x")
    appendix = Appendix(DocumentHeader("UBND"), "T", sections=[SectionRow("I", "S", tasks=[task])])
    path = tmp_path / "url.pdf"
    write_appendix_pdf(appendix, path)
    text = " ".join(page_texts(path))
    assert "<b>&amp; “ngoặc”" in text and "A&B <i>" in text
    assert url in text.replace(" ", "")  # wrapped inside the word, nothing cut off


def test_signature_note_top_right_of_page_one_only(
    sample_appendix: Appendix, tmp_path: Path
) -> None:
    appendix = copy.deepcopy(sample_appendix)
    note = (
        "Ký số bởi: Ủy ban nhân dân đặc khu Bạch Long Vĩ",
        "Thời gian ký: 2026-03-14T09:30:00+07:00",
    )
    appendix.header.signature_note = note
    path = tmp_path / "phu-luc-ky-so.pdf"
    write_appendix_pdf(appendix, path)
    pages = page_texts(path)
    assert all(line in pages[0] for line in note)
    assert not any("Thời gian ký" in text for text in pages[1:])
    top_right = [s for s in spans(path, 0) if "Thời gian ký" in s.text]
    # In the top margin, right of the page's middle: where the type area starts nothing is drawn.
    assert top_right and top_right[0].x > PAGE_WIDTH / 2
    assert top_right[0].y > PAGE_HEIGHT - MARGIN_TOP_MM * 72 / 25.4

"""Table cells drawn by CellParagraph look exactly as reportlab's own drawing of them."""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from carapp.domain.documents import Appendix, ProgressReport, SectionRow, TaskRow
from carapp.export import pdf_cells, write_appendix_pdf, write_report_pdf
from carapp.export.fonts import MEMO_LENGTH, REGULAR, register_fonts
from carapp.export.layout import style
from tests.export.samples import giant_text

needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)"
)


def tricky_appendix(base: Appendix) -> Appendix:
    """The synthetic plan plus cells of every kind: nbsp, a word wider than its column,
    centred and justified lines, a giant cell cut into justified pieces."""
    tasks = [
        TaskRow("99", "Một\u00a0hai\u00a0ba bốn năm sáu bảy tám chín mười " * 6, "Sở\u00a0Nội vụ"),
        TaskRow("100", "Từ" + "dàiquá" * 30, "Ủy ban nhân dân", deadline="Quý IV/2026"),
        TaskRow("101", giant_text(6, "đoạn"), "Văn phòng", output="Báo cáo", deadline="2027"),
    ]
    base.sections.append(SectionRow("IX", "CÁC Ô ĐẶC BIỆT", tasks=tasks))
    return base


def pages_as_png(pdf: Path, folder: Path) -> list[bytes]:
    folder.mkdir()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "72", str(pdf), str(folder / "p")], check=True, timeout=120
    )
    return [p.read_bytes() for p in sorted(folder.glob("*.png"))]


def draw_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Callable[[Path], None]
) -> tuple[Path, Path, int]:
    """Write the document with CellParagraph's drawing, then with reportlab's for every cell."""
    lean: list[int] = []
    original = pdf_cells._plain_lines

    def counted(flow: Any) -> Any:
        lines = original(flow)
        lean.append(lines is not None)
        return lines

    monkeypatch.setattr(pdf_cells, "_plain_lines", counted)
    fast = tmp_path / "fast.pdf"
    write(fast)
    monkeypatch.setattr(pdf_cells, "_plain_lines", lambda flow: None)
    slow = tmp_path / "reportlab.pdf"
    write(slow)
    return fast, slow, sum(lean)


@needs_pdftoppm
def test_appendix_cells_render_as_reportlab_draws_them(
    long_appendix: Appendix, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    appendix = tricky_appendix(long_appendix)
    fast, slow, lean = draw_both_ways(
        tmp_path, monkeypatch, lambda path: write_appendix_pdf(appendix, path)
    )
    assert lean > 50  # the short way was taken
    assert fast.read_bytes() != slow.read_bytes()
    assert pages_as_png(fast, tmp_path / "a") == pages_as_png(slow, tmp_path / "b")


@needs_pdftoppm
def test_report_cells_render_as_reportlab_draws_them(
    long_report: ProgressReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report has labelled (italic lead-in) paragraphs: drawn by reportlab, mixed in."""
    fast, slow, lean = draw_both_ways(
        tmp_path, monkeypatch, lambda path: write_report_pdf(long_report, path)
    )
    assert lean > 10
    assert pages_as_png(fast, tmp_path / "a") == pages_as_png(slow, tmp_path / "b")


def test_face_encodes_a_remembered_text_as_before_in_each_document(tmp_path: Path) -> None:
    """Each document gives characters its own codes; a remembered text keeps its document's."""
    register_fonts()
    font = pdfmetrics.getFont(REGULAR)
    first, second = Canvas(str(tmp_path / "1.pdf")), Canvas(str(tmp_path / "2.pdf"))
    one = font.splitString("ắ ở", first._doc)
    two = font.splitString("ở ỹ ắ", second._doc)
    assert font.splitString("ắ ở", first._doc) == one
    assert font.splitString("ở ỹ ắ", second._doc) == two
    again = font.splitString("ắ ở", second._doc)  # codes given in the second document
    assert again != one and font.splitString("ắ ở", second._doc) == again
    long_text = "ư" * (MEMO_LENGTH + 1)
    assert font.splitString(long_text, first._doc) == font.splitString(long_text, first._doc)


def test_plain_text_breaks_into_reportlab_lines() -> None:
    """Random texts at random widths: the same lines, room left and widest line as reportlab."""
    rng = random.Random(7)
    words = [
        "rà",
        "soát",
        "đánh",
        "giá",
        "thủ",
        "tục",
        "hành",
        "chính",
        "Ủy",
        "ban",
        "nhân",
        "dân",
        "2026-2030",
        "Quý\xa0IV",
        "ứng",
        "dụng",
        "công",
        "nghệ",
        "số",
        "cơ",
        "sở",
        "dữ",
        "liệu",
        "a",
        "ở",
        "ư",
        "Bạch",
        "Long",
        "Vĩ",
        "Sở\xa0Nội\xa0vụ",
    ]
    taken = 0
    for size, bold, align in (
        (12.0, False, "justify"),
        (11.0, True, "center"),
        (13.0, False, "left"),
    ):
        para_style = style(size, bold=bold, align=align)
        for _ in range(300):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 60)))
            width = rng.uniform(20, 400)
            ours = pdf_cells.CellParagraph(text, para_style)
            theirs = Paragraph(text, para_style)
            mine = pdf_cells._plain_break(ours, [width, width])
            taken += mine is not None
            lines = (mine or ours.breakLines([width, width])).lines
            expected = theirs.breakLines([width, width]).lines
            assert [w for _, w in lines] == [w for _, w in expected]
            assert [e for e, _ in lines] == pytest.approx([e for e, _ in expected], abs=1e-9)
            assert ours._width_max == pytest.approx(theirs._width_max, abs=1e-9)
    assert taken > 800  # most texts take the short way; words wider than the line do not

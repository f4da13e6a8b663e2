"""Giant cells: cut into continuation rows once, every word printed exactly once, in order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from carapp.domain.areas import ReformArea
from carapp.domain.documents import Appendix, DocumentHeader, SectionRow, TaskRow
from carapp.export import write_appendix_pdf
from carapp.export.pdf_cells import WINDOW_WORDS


def numbered_words(count: int) -> str:
    """Return `count` distinct words ("từ00001" …), so each can be found once in the PDF."""
    return " ".join(f"từ{i:05d}" for i in range(1, count + 1))


def one_task(content: str) -> Appendix:
    task = TaskRow("1", content, "Văn phòng UBND", deadline="2026-2030")
    section = SectionRow("I", "CẢI CÁCH THỂ CHẾ", ReformArea.INSTITUTIONS, tasks=[task])
    return Appendix(
        DocumentHeader(issuer="Ủy ban nhân dân đặc khu"), "DANH MỤC", sections=[section]
    )


def printed_words(path: Path) -> list[str]:
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return re.findall(r"từ\d{5}", text)


def test_every_word_of_a_giant_cell_is_printed_once_in_order(tmp_path: Path) -> None:
    words = numbered_words(6_000)  # about 54,000 characters
    path = tmp_path / "giant.pdf"
    write_appendix_pdf(one_task(words), path)
    assert printed_words(path) == words.split()


def test_a_paragraph_of_several_lines_is_cut_completely_too(tmp_path: Path) -> None:
    # A cell with line breaks (markup paragraph) and a second paragraph after it.
    first = numbered_words(2_000)
    content = first.replace("từ01000 ", "từ01000\n")
    path = tmp_path / "lines.pdf"
    write_appendix_pdf(one_task(content), path)
    assert printed_words(path) == first.split()


def test_cutting_a_giant_cell_breaks_its_text_into_lines_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Printing time must be linear in the text: the text is line-broken a few times in all,
    not once more for every continuation row (which was quadratic: 1 MB never finished)."""
    broken = [0]
    original = Paragraph.breakLines

    def counting(self: Paragraph, width: object) -> object:
        broken[0] += sum(len(getattr(f, "text", "") or "") for f in self.frags)
        broken[0] += sum(len(w) for f in self.frags for w in getattr(f, "words", []) or [])
        return original(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    words = numbered_words(10_000)  # about 90,000 characters
    write_appendix_pdf(one_task(words), tmp_path / "giant.pdf")
    assert broken[0] < 6 * len(words)


def test_a_very_long_paragraph_is_line_broken_a_window_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reportlab's line breaker is quadratic in one paragraph's words (1 MB never finished):
    no call gets more than a window of words, and the text is still printed whole, in order."""
    most = [0]
    original = Paragraph.breakLines

    def counting(self: Paragraph, width: object) -> object:
        words = [len(getattr(f, "words", None) or (f.text or "").split()) for f in self.frags]
        most[0] = max(most[0], sum(words))
        return original(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    words = numbered_words(25_000)  # about 225,000 characters
    path = tmp_path / "very-long.pdf"
    write_appendix_pdf(one_task(words), path)
    assert most[0] <= 2 * WINDOW_WORDS
    assert printed_words(path) == words.split()

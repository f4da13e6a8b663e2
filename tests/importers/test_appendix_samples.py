"""The Bạch Long Vĩ appendix, as its officers have it in Word and Excel, imports exactly."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from carapp.domain.areas import ReformArea
from carapp.importers import read_appendix

from .files import FIXTURES, Builder, Table

FIELDS = ("number", "content", "lead", "cooperating", "output", "deadline")


def _expected(truth: dict[str, Any]) -> list[tuple[str, str, list[dict[str, str]]]]:
    """Return the sections of the transcription with only the printed fields of each task."""
    return [
        (s["number"], s["title"], [{k: t[k] for k in FIELDS} for t in s["tasks"]])
        for s in truth["sections"]
    ]


def _imported(path: Any) -> list[tuple[str, str, list[dict[str, str]]]]:
    """Return the imported sections in the same shape as `_expected`."""
    sections = read_appendix(path).appendix.sections
    return [
        (s.numeral, s.title, [{k: getattr(t, k) for k in FIELDS} for t in s.tasks])
        for s in sections
    ]


@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_sample_imports_cell_by_cell(suffix: str, truth: dict[str, Any]) -> None:
    result = read_appendix(FIXTURES / f"bach-long-vi-phu-luc.{suffix}")
    expected_count = int((FIXTURES / "bach-long-vi-phu-luc.expected-tasks").read_text())

    assert _imported(FIXTURES / f"bach-long-vi-phu-luc.{suffix}") == _expected(truth)
    assert len(result.tasks) == expected_count == 30
    assert len(result.appendix.sections) == 7
    assert result.kind == suffix
    assert result.issues == []


@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_sample_title_and_label_come_from_the_lines_above_the_table(
    suffix: str, truth: dict[str, Any]
) -> None:
    appendix = read_appendix(FIXTURES / f"bach-long-vi-phu-luc.{suffix}").appendix

    # The title is printed with a decomposed "Ặ" (Ă + combining dot below); it is stored in NFC.
    assert not unicodedata.is_normalized("NFC", truth["title"])
    assert appendix.label == truth["label"]
    assert appendix.title == unicodedata.normalize("NFC", truth["title"])
    assert appendix.attached_to == (truth["attached_to"] or "")


def test_sample_sections_get_their_reform_areas() -> None:
    sections = read_appendix(FIXTURES / "bach-long-vi-phu-luc.docx").appendix.sections

    assert [s.area for s in sections] == [
        ReformArea.INSTITUTIONS,
        ReformArea.PROCEDURES,
        ReformArea.ORGANISATION,
        ReformArea.CIVIL_SERVICE,
        ReformArea.PUBLIC_FINANCE,
        ReformArea.DIGITAL_GOVERNMENT,
        ReformArea.DIRECTION,
    ]


def test_sample_tasks_have_no_id_code_or_assigning_document() -> None:
    tasks = read_appendix(FIXTURES / "bach-long-vi-phu-luc.xlsx").tasks

    assert {(t.id, t.code, t.assigning_document) for t in tasks} == {(None, "", "")}


def test_raw_content_is_the_printed_line_split_and_imports_as_the_joined_text(
    build: Builder, kind: str, truth: dict[str, Any]
) -> None:
    # raw_content records how task 11 was printed: broken after "NĐ-" with "CP" on the next line.
    task = next(t for s in truth["sections"] for t in s["tasks"] if "raw_content" in t)
    first, second = task["raw_content"]
    assert task["content"].endswith(first + second)
    printed = task["content"][: -len(first + second)] + first + "\n" + second
    header = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"]
    rows = [
        header,
        ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
        ["11", printed, task["lead"], "2026-2030"],
    ]

    result = read_appendix(build.table(kind, Table(rows)))

    assert result.tasks[0].content == task["content"]

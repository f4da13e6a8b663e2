"""Input a user can type that the plan cannot hold: refused or cleaned, in Vietnamese.

Periods outside the plan's years, completion dates in year 1 or 9999, measurements for another
decade, control characters Excel cannot store, searches of a megabyte.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from carapp.cli.main import main
from carapp.domain.bounds import MAX_SEARCH_LENGTH, date_problem, period_problem
from carapp.domain.periods import parse_period
from carapp.domain.text import clean, control_count
from carapp.export.xlsx_common import Text
from carapp.export.xlsx_sheet import Sheet
from carapp.services.common import ServiceError
from carapp.services.plans import create_target, list_plans, list_sections, set_measurement
from carapp.services.progress import progress_for, set_progress
from carapp.services.tasks import find_task, list_tasks

Q1 = parse_period("2026-Q1")


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture
def loaded(capsys: pytest.CaptureFixture[str], db_path: Path) -> Path:
    assert run(capsys, db_path, "sample", "load")[0] == 0
    return db_path


@pytest.mark.parametrize("period", ["1999-Q1", "2025", "2031-H1", "9999-Q3"])
def test_a_period_outside_the_plan_is_refused(
    capsys: pytest.CaptureFixture[str], loaded: Path, period: str
) -> None:
    code, text = run(
        capsys, loaded, "progress", "set", "1", "--period", period, "--status", "đang thực hiện"
    )
    assert code == 1 and "nằm ngoài thời gian của kế hoạch (2026-2030)" in text
    assert "Traceback" not in text


@pytest.mark.parametrize("day", ["01/01/0001", "31/12/9999", "15/06/1899", "01/01/2200"])
def test_a_completion_date_far_from_the_plan_is_refused(
    capsys: pytest.CaptureFixture[str], loaded: Path, day: str
) -> None:
    args = ("progress", "set", "1", "--period", "2026-Q1", "--status", "đã hoàn thành")
    code, text = run(capsys, loaded, *args, "--completed-on", day)
    assert code == 1 and "Ngày hoàn thành" in text and "nằm ngoài thời gian" in text
    assert run(capsys, loaded, *args, "--completed-on", "30/03/2026")[0] == 0


def test_nothing_is_written_when_a_value_is_refused(sample_engine: Engine) -> None:
    task = find_task(sample_engine, "1")
    with pytest.raises(ServiceError, match="ngoài thời gian"):
        set_progress(sample_engine, "tester", task.id, parse_period("1999-Q1"), status="done")
    with pytest.raises(ServiceError, match="ngoài thời gian"):
        set_progress(sample_engine, "tester", task.id, Q1, completed_on=date(1, 1, 1))
    assert progress_for(sample_engine, task.id, Q1) is None


def test_a_measurement_outside_the_plan_is_refused(sample_engine: Engine) -> None:
    plan = list_plans(sample_engine)[0]
    section = list_sections(sample_engine, plan.id)[0]
    target = create_target(sample_engine, "tester", section.id, text="Tỷ lệ", value=90.0)
    with pytest.raises(ServiceError, match="Kỳ Quý I/1999 nằm ngoài"):
        set_measurement(sample_engine, "tester", target.id, parse_period("1999-Q1"), 50.0)
    assert set_measurement(sample_engine, "tester", target.id, Q1, 50.0).actual_value == 50.0


def test_the_bounds_rules() -> None:
    assert period_problem(Q1, 2026, 2030) is None
    assert period_problem(parse_period("2031"), 2026, 2030)
    assert date_problem(date(2025, 12, 31), 2026, 2030, "Ngày") is None  # a year around
    assert date_problem(date(2031, 12, 31), 2026, 2030, "Ngày") is None
    assert "từ năm 2025 đến năm 2031" in (date_problem(date(2032, 1, 1), 2026, 2030, "Ngày") or "")
    assert "từ năm 1900" in (date_problem(date(1, 1, 1), 1900, 1900, "Ngày") or "")


def test_a_megabyte_search_is_refused_at_once(
    capsys: pytest.CaptureFixture[str], loaded: Path, sample_engine: Engine
) -> None:
    code, text = run(capsys, loaded, "task", "list", "--search", "thủ tục " * 125_000)
    assert code == 1 and f"tối đa {MAX_SEARCH_LENGTH}" in text
    with pytest.raises(ServiceError, match="quá dài"):
        list_tasks(sample_engine, search="a" * 1_000_000)
    assert list_tasks(sample_engine, search="a" * MAX_SEARCH_LENGTH) == []


CONTROLS = "Rà soát\x00 văn\x07 bản\x1b quy\x7f phạm\x85 pháp\x9f luật\ud800"


def test_control_characters_are_dropped_on_input() -> None:
    assert clean(CONTROLS) == "Rà soát văn bản quy phạm\npháp luật"
    assert control_count(CONTROLS) == 6
    assert clean("dòng 1\x0bdòng 2\x0cdòng 3\x1cdòng 4") == "dòng 1\ndòng 2\ndòng 3\ndòng 4"


def test_an_edit_with_control_characters_is_cleaned_and_exports_to_excel(
    capsys: pytest.CaptureFixture[str],
    loaded: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ("progress", "set", "1", "--period", "2026-Q1", "--status", "đang thực hiện")
    assert run(capsys, loaded, *args, "--description", "Đã\x01 rà\x1f soát\x0b xong")[0] == 0
    code, text = run(capsys, loaded, "export", "report", "--period", "2026-Q1", "-o", "bc.xlsx")
    assert code == 0, text
    sheet = openpyxl.load_workbook(Path("bc.xlsx")).active
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("Đã rà soát\nxong" in t for t in texts)


def test_the_excel_writer_drops_control_characters_that_got_past_input(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = Sheet(workbook.active, [20.0, 20.0])
    sheet.line((1, 2, Text("Nội\x02 dung\x1e cũ", 12)))  # from a database written before
    workbook.save(tmp_path / "cu.xlsx")
    assert openpyxl.load_workbook(tmp_path / "cu.xlsx").active["A1"].value == "Nội dung cũ"


@pytest.mark.parametrize("written", ["31/12/9999", "01/01/0001", "tháng 3/1800"])
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_report_date_that_cannot_be_right_is_dropped_with_a_warning_naming_the_row(
    tmp_path: Path, kind: str, written: str
) -> None:
    from carapp.importers.report import read_progress_report
    from tests.importers.files import Builder, Table, where

    rows = [["Tên nhiệm vụ", "Trạng thái", "Ngày hoàn thành thực tế"]]
    rows.append(["Việc một", "Đã hoàn thành", written])
    report = read_progress_report(Builder(tmp_path).table(kind, Table(rows)))
    assert report.rows[0].completed_on is None
    [issue] = report.issues
    assert issue.where == where(kind, 2) and f"“{written}” không thể đúng" in issue.message


def test_an_import_failure_reads_the_same_in_the_window_and_the_command_line() -> None:
    from carapp.importers.issues import ImportFailure
    from carapp.services.common import user_message

    failure = ImportFailure("Tệp Excel “a.xlsx” bị hỏng.", "Trang tính “Phụ lục”")
    assert user_message(failure) == "Trang tính “Phụ lục”: Tệp Excel “a.xlsx” bị hỏng."
    assert user_message(PermissionError(13, "Permission denied", "b.pdf")) == (
        "Không đọc hoặc ghi được tệp “b.pdf”: không có quyền."
    )

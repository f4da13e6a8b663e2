"""The import dialog previews a file, asks for conflict decisions, and applies all or nothing."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from carapp.domain.periods import parse_period, periods_between
from carapp.services.documents import build_appendix
from carapp.services.exporting import export_document
from carapp.services.plans import list_plans
from carapp.services.progress import progress_for
from carapp.services.tasks import find_task, list_tasks, update_task
from carapp.ui.import_dialog import ImportDialog
from carapp.ui.import_models import AppendixPreviewModel
from tests.conftest import FIXTURES

DOCX = FIXTURES / "importers" / "bach-long-vi-phu-luc.docx"


def _dialog(qtbot, engine, plan_id: str | None) -> ImportDialog:
    dialog = ImportDialog(engine, plan_id, periods_between(2026, 2030), parse_period("2026-Q1"))
    qtbot.addWidget(dialog)
    return dialog


def _read(qtbot, dialog: ImportDialog, path: Path) -> None:
    dialog.file.setText(str(path))
    dialog.read_button.click()
    qtbot.waitUntil(lambda: dialog.read_button.isEnabled(), timeout=30_000)


def test_new_plan_from_word(qtbot, sample_engine) -> None:
    dialog = _dialog(qtbot, sample_engine, None)
    _read(qtbot, dialog, DOCX)
    assert dialog.table.model().rowCount() == 30
    assert "sẽ tạo kế hoạch mới" in dialog.message.text()
    dialog.owner.setCurrentIndex(dialog.owner.findData("BLV"))
    dialog.title.setText("Kế hoạch nhập từ Word")
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as blocker:
        dialog.apply_button.click()
    assert len(list_tasks(sample_engine, blocker.args[0])) == 30
    assert {p.title for p in list_plans(sample_engine)} >= {"Kế hoạch nhập từ Word"}


def test_conflict_must_be_decided_before_import(qtbot, sample_engine, tmp_path: Path) -> None:
    plan_id = list_plans(sample_engine)[0].id
    path = tmp_path / "phu-luc.xlsx"
    export_document(sample_engine, "appendix", plan_id, "xlsx", path)
    book = load_workbook(path)
    cell = next(c for row in book["Phụ lục"].iter_rows() for c in row if c.value == "2026-2027")
    cell.value = "Quý IV/2027"
    book.save(path)
    update_task(sample_engine, "tester", find_task(sample_engine, "2").id, deadline_text="2026")
    dialog = _dialog(qtbot, sample_engine, plan_id)
    _read(qtbot, dialog, path)
    model = dialog.table.model()
    assert isinstance(model, AppendixPreviewModel) and model.undecided() == 1
    assert not dialog.apply_button.isEnabled() and "cả hai nơi" in dialog.message.text()
    choice = model.index(0, AppendixPreviewModel.CHOICE)
    assert model.setData(choice, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.apply_button.click()
    assert find_task(sample_engine, "2").deadline_text == "Quý IV/2027"


def test_report_rows_recorded_for_chosen_period(qtbot, sample_engine, tmp_path: Path) -> None:
    plan_id = list_plans(sample_engine)[0].id
    path = tmp_path / "bao-cao.xlsx"
    export_document(sample_engine, "report", plan_id, "xlsx", path, parse_period("2026-Q1"))
    book = load_workbook(path)
    sheet = book["Báo cáo"]
    task6 = find_task(sample_engine, "6")
    row = next(r for r in sheet.iter_rows() if any(c.value == task6.id for c in r))
    row[4].value = "Đã hoàn thành"
    book.save(path)
    dialog = _dialog(qtbot, sample_engine, plan_id)
    dialog.report_kind.setChecked(True)
    _read(qtbot, dialog, path)
    dialog.period.setCurrentIndex(dialog.period.findText("6 tháng 2026"))
    asked = []
    dialog.ask_period = lambda document, chosen: asked.append(document) or chosen
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.apply_button.click()
    assert asked == [parse_period("2026-Q1")]  # the file says Quý I: the user was asked
    record = progress_for(sample_engine, task6.id, parse_period("2026-H1"))
    assert record is not None and record.status.label == "Đã hoàn thành"
    assert len(build_appendix(sample_engine, plan_id).sections) == 7


def test_unreadable_file_says_why_and_writes_nothing(qtbot, sample_engine, tmp_path: Path) -> None:
    bad = tmp_path / "x.docx"
    bad.write_text("hello")
    dialog = _dialog(qtbot, sample_engine, None)
    _read(qtbot, dialog, bad)
    assert "Không nhập được (chưa ghi gì)" in dialog.message.text()
    assert not dialog.apply_button.isEnabled() and len(list_plans(sample_engine)) == 1


def _q3_report(engine, tmp_path: Path) -> Path:
    path = tmp_path / "bao-cao-q3.xlsx"
    plan_id = list_plans(engine)[0].id
    export_document(engine, "report", plan_id, "xlsx", path, parse_period("2026-Q3"))
    return path


def test_report_of_quy_iii_while_nam_2026_is_selected_is_stopped(
    qtbot, sample_engine, tmp_path: Path
) -> None:
    plan_id = list_plans(sample_engine)[0].id
    dialog = _dialog(qtbot, sample_engine, plan_id)
    dialog.report_kind.setChecked(True)
    _read(qtbot, dialog, _q3_report(sample_engine, tmp_path))
    assert dialog.document_period.text().startswith("Quý III/2026 (“Kết quả thực hiện")
    dialog.period.setCurrentIndex(dialog.period.findText("Năm 2026"))
    seen: list[str] = []

    def answer_cancel() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == "Hủy").click()

    QTimer.singleShot(0, answer_cancel)
    dialog.apply_button.click()

    assert seen == ["Tệp là báo cáo kỳ Quý III/2026, nhưng đang chọn ghi vào kỳ Năm 2026."]
    assert dialog.message.text() == (
        "Chưa nhập gì: tệp là báo cáo kỳ Quý III/2026, còn kỳ đang chọn là Năm 2026."
    )
    task = list_tasks(sample_engine, plan_id)[0]
    assert progress_for(sample_engine, task.id, parse_period("2026")) is None


def test_report_preview_shows_each_task_read(qtbot, sample_engine, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, sample_engine, list_plans(sample_engine)[0].id)
    dialog.report_kind.setChecked(True)
    _read(qtbot, dialog, _q3_report(sample_engine, tmp_path))
    model = dialog.table.model()
    first = [model.index(0, c).data() for c in range(model.columnCount() - 1)]
    assert first[:2] == ["Trang tính “Báo cáo”, dòng 12", "1"]
    assert first[2].startswith("Rà soát, kiểm tra, hệ thống văn bản")
    assert first[3:5] == ["Văn phòng UBND", "2026-2030"]
    assert model.rowCount() == 30


def test_report_creates_a_new_plan_from_its_rows(qtbot, sample_engine, tmp_path: Path) -> None:
    path = _q3_report(sample_engine, tmp_path)
    dialog = _dialog(qtbot, sample_engine, list_plans(sample_engine)[0].id)
    dialog.report_kind.setChecked(True)
    dialog.new_plan.setChecked(True)
    _read(qtbot, dialog, path)
    assert "sẽ tạo kế hoạch mới với 30 nhiệm vụ" in dialog.message.text()
    dialog.owner.setCurrentIndex(dialog.owner.findData("BLV"))
    dialog.title.setText("Kế hoạch theo báo cáo")
    dialog.period.setCurrentIndex(dialog.period.findText("Quý III/2026"))
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as blocker:
        dialog.apply_button.click()
    assert len(list_tasks(sample_engine, blocker.args[0])) == 30
    assert "Kế hoạch theo báo cáo" in {p.title for p in list_plans(sample_engine)}


def test_without_a_plan_a_report_can_only_make_a_new_plan(
    qtbot, sample_engine, tmp_path: Path
) -> None:
    path = _q3_report(sample_engine, tmp_path)
    dialog = _dialog(qtbot, sample_engine, None)
    dialog.report_kind.setChecked(True)
    assert dialog.new_plan.isChecked() and not dialog.new_plan.isEnabled()
    _read(qtbot, dialog, path)
    assert dialog.owner.isEnabled() and dialog.title.isEnabled()
    dialog.owner.setCurrentIndex(dialog.owner.findData("BLV"))
    dialog.period.setCurrentIndex(dialog.period.findText("Quý III/2026"))
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as blocker:
        dialog.apply_button.click()
    assert len(list_tasks(sample_engine, blocker.args[0])) == 30
    assert len(list_plans(sample_engine)) == 2


def test_periods_are_asked_only_for_a_report(qtbot, sample_engine) -> None:
    dialog = _dialog(qtbot, sample_engine, list_plans(sample_engine)[0].id)
    dialog.show()
    assert not dialog.period.isVisible() and not dialog.new_plan.isVisible()
    dialog.report_kind.setChecked(True)
    assert dialog.period.isVisible() and dialog.document_period.isVisible()
    assert dialog.new_plan.isVisible()

"""Editing plan details, targets and units: saved at once, audited, undone through the service."""

from __future__ import annotations

from datetime import date

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLineEdit, QMessageBox

from carapp.domain.periods import parse_period
from carapp.services.audit import history
from carapp.services.common import NotFound
from carapp.services.plans import (
    get_plan,
    list_measurements,
    list_plans,
    list_sections,
    list_targets,
    set_measurement,
)
from carapp.services.units import create_unit, list_units, unit_by_code
from carapp.ui.plan_details import PlanDetailsWidget
from carapp.ui.plan_details_targets import COL_ACTUAL, COL_COMPARATOR, COL_NOTE, COL_TEXT
from carapp.ui.plan_details_units import COL_KIND, COL_NAME, COL_PARENT

Q1 = parse_period("2026-Q1")


def type_text(widget, text: str) -> None:
    """Type text character by character (qtbot.keyClicks aborts on non-ASCII letters)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def page(qtbot, sample_engine, stack) -> PlanDetailsWidget:
    widget = PlanDetailsWidget(sample_engine, stack)
    qtbot.addWidget(widget)
    widget.resize(1300, 900)
    widget.set_plan(list_plans(sample_engine)[0].id)
    widget.set_period(Q1)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _replace_line(qtbot, editor: QLineEdit, text: str) -> None:
    editor.selectAll()
    editor.del_()
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _open_editor(view, row: int, column: int):
    """Show the view's tab, open the cell's editor and return it."""
    tabs = view.window().tabs
    tabs.setCurrentIndex(
        next(
            i
            for i in range(tabs.count())
            if tabs.widget(i).isAncestorOf(view) or tabs.widget(i) is view
        )
    )
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = QApplication.focusWidget()
    assert view.isAncestorOf(editor)
    return editor


def _edit_cell(qtbot, view, row: int, column: int, text: str) -> None:
    editor = _open_editor(view, row, column)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    editor.del_()
    type_text(editor, text)
    _commit(qtbot, view, editor)


def _commit(qtbot, view, editor) -> None:
    """Press Enter in a cell editor; the delegate commits on the next turn of the event loop."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def test_typed_vietnamese_issuer_is_saved_audited_and_undone(qtbot, page, stack) -> None:
    plan_id = page.plan_id
    old = get_plan(page._engine, plan_id).issuer
    with qtbot.waitSignal(page.changed):
        _replace_line(qtbot, page.form.editors["issuer"], "ỦY BAN NHÂN DÂN XÃ MAO ĐIỀN")
    assert get_plan(page._engine, plan_id).issuer == "ỦY BAN NHÂN DÂN XÃ MAO ĐIỀN"
    assert stack.count() == 1 and stack.undoText() == "Sửa cơ quan ban hành"
    entry = history(page._engine, [plan_id])[0]
    assert (entry.field, entry.old, entry.new) == ("issuer", old, "ỦY BAN NHÂN DÂN XÃ MAO ĐIỀN")
    stack.undo()
    assert get_plan(page._engine, plan_id).issuer == old
    assert page.form.editors["issuer"].text() == old
    assert history(page._engine, [plan_id])[0].new == old
    stack.redo()
    assert get_plan(page._engine, plan_id).issuer == "ỦY BAN NHÂN DÂN XÃ MAO ĐIỀN"


def test_issue_date_is_written_dd_mm_yyyy(qtbot, page, stack) -> None:
    editor = page.form.editors["issued_on"]
    assert editor.text() == "03/09/2025"
    _replace_line(qtbot, editor, "5/9/2025")
    assert get_plan(page._engine, page.plan_id).issued_on == date(2025, 9, 5)
    assert editor.text() == "05/09/2025"
    _replace_line(qtbot, editor, "31/02/2025")
    assert get_plan(page._engine, page.plan_id).issued_on == date(2025, 9, 5)
    assert stack.count() == 1 and editor.text() == "05/09/2025"
    assert page.message_label.isVisible()
    assert page.message_label.text() == "Ngày ban hành: Không có ngày “31/02/2025” trong lịch."


def test_years_out_of_order_are_refused_and_not_kept_on_the_stack(qtbot, page, stack) -> None:
    spin = page.form.editors["end_year"]
    spin.selectAll()
    qtbot.keyClicks(spin, "2020")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert page.message_label.text() == "Giai đoạn kế hoạch không hợp lệ: 2026 - 2020."
    assert get_plan(page._engine, page.plan_id).end_year == 2030
    assert stack.count() == 0 and spin.value() == 2030


def test_signature_block_and_recipients(qtbot, page) -> None:
    combo = page.form.editors["sign_authority"]
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("KT. CHỦ TỊCH"))
    combo.activated.emit(combo.currentIndex())
    assert get_plan(page._engine, page.plan_id).sign_authority == "KT. CHỦ TỊCH"
    recipients = page.form.editors["recipients"]
    page.activateWindow()
    recipients.setFocus()
    type_text(recipients, "Như trên;")
    qtbot.keyClick(recipients, Qt.Key.Key_Return)
    type_text(recipients, "Lưu: VT.")
    page.form.editors["sign_name"].setFocus()
    qtbot.waitUntil(
        lambda: get_plan(page._engine, page.plan_id).recipients == "Như trên;\nLưu: VT."
    )


def test_a_deputy_signature_on_two_lines_and_the_place(qtbot, page) -> None:
    combo = page.form.editors["sign_authority"]
    assert combo.findText("TUQ. CHỦ TỊCH") >= 0 and combo.findText("Q. CHỦ TỊCH") >= 0
    post = page.form.editors["sign_post"]
    page.activateWindow()
    post.setFocus()
    type_text(post, "KT. CHỦ TỊCH")
    qtbot.keyClick(post, Qt.Key.Key_Return)
    type_text(post, "PHÓ CHỦ TỊCH")
    place = page.form.editors["place"]
    place.setFocus()
    qtbot.waitUntil(
        lambda: get_plan(page._engine, page.plan_id).sign_post == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    )
    type_text(place, " đặc khu")
    page.form.editors["sign_name"].setFocus()
    qtbot.waitUntil(lambda: get_plan(page._engine, page.plan_id).place.endswith("đặc khu"))


def test_targets_show_comparators_in_vietnamese(page) -> None:
    model = page.targets_model
    words = {model.index(r, COL_COMPARATOR).data() for r in range(model.rowCount())}
    assert words == {"bằng", "tối thiểu", "giảm"}
    assert model.headerData(COL_ACTUAL, Qt.Orientation.Horizontal) == "Thực hiện Quý I/2026"
    assert model.rowCount() == len(list_targets(page._engine, page.plan_id))


def test_measurement_for_quy_i_2026_is_edited_in_place_and_undone(qtbot, page, stack) -> None:
    target_id = page.targets_model.row_at(3).target.id
    _edit_cell(qtbot, page.targets_table, 3, COL_ACTUAL, "87,5")
    _edit_cell(
        qtbot, page.targets_table, 3, COL_NOTE, "Số liệu của Trung tâm Phục vụ hành chính công"
    )
    (measured,) = list_measurements(page._engine, target_id)
    assert (measured.period, measured.actual_value) == ("2026-Q1", 87.5)
    assert measured.note == "Số liệu của Trung tâm Phục vụ hành chính công"
    assert page.targets_model.index(3, COL_ACTUAL).data() == "87,5"
    assert stack.count() == 2 and stack.undoText() == "Ghi kết quả chỉ tiêu kỳ Quý I/2026"
    page.set_period(parse_period("2026-H1"))
    assert page.targets_model.index(3, COL_ACTUAL).data() == ""
    stack.undo()
    (measured,) = list_measurements(page._engine, target_id)
    assert (measured.actual_value, measured.note) == (87.5, "")
    stack.undo()  # the period had no measurement before: undo removes the row, not empties it
    assert list_measurements(page._engine, target_id) == []
    page.set_period(Q1)
    assert page.targets_model.index(3, COL_ACTUAL).data() == ""
    stack.redo()
    (measured,) = list_measurements(page._engine, target_id)
    assert (measured.period, measured.actual_value) == ("2026-Q1", 87.5)
    assert page.targets_model.index(3, COL_ACTUAL).data() == "87,5"


def test_an_actual_value_that_is_no_number_is_refused(qtbot, page, stack) -> None:
    _edit_cell(qtbot, page.targets_table, 0, COL_ACTUAL, "nhiều")
    assert page.message_label.text() == "Thực hiện Quý I/2026: “nhiều” không phải là một số."
    assert stack.count() == 0
    assert list_measurements(page._engine, page.targets_model.row_at(0).target.id) == []


def test_comparator_is_chosen_by_its_vietnamese_word(qtbot, page, stack) -> None:
    view, model = page.targets_table, page.targets_model
    assert model.index(0, COL_COMPARATOR).data() == "bằng"
    editor = _open_editor(view, 0, COL_COMPARATOR)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "tối thiểu",
        "tối đa",
        "bằng",
        "giảm",
    ]
    editor.setCurrentIndex(1)
    _commit(qtbot, view, editor)
    target_id = model.row_at(0).target.id
    assert list_targets(page._engine, page.plan_id)[0][1].comparator == "at_most"
    assert model.index(0, COL_COMPARATOR).data() == "tối đa"
    stack.undo()
    target = next(t for _, t in list_targets(page._engine, page.plan_id) if t.id == target_id)
    assert target.comparator == "equal"


def test_adding_a_unit(qtbot, page) -> None:
    units = page.units
    before = units.model.rowCount()
    units.code_edit.setText("MD")
    type_text(units.name_edit, "Ủy ban nhân dân xã Mao Điền")
    units.kind_combo.setCurrentIndex(units.kind_combo.findText("Xã"))
    units.parent_combo.setCurrentIndex(units.parent_combo.findData("HP"))
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(units.add_button, Qt.MouseButton.LeftButton)
    unit = unit_by_code(page._engine, "MD")
    assert (unit.name, unit.kind) == ("Ủy ban nhân dân xã Mao Điền", "commune")
    assert unit.parent_id == unit_by_code(page._engine, "HP").id
    assert units.model.rowCount() == before + 1 and units.code_edit.text() == ""
    row = next(r for r in range(units.model.rowCount()) if units.model.unit_at(r).code == "MD")
    assert units.model.index(row, COL_KIND).data() == "Xã"
    assert units.model.index(row, COL_PARENT).data() == "Ủy ban nhân dân thành phố Hải Phòng"
    units.code_edit.setText("MD")
    units.name_edit.setText("Trùng mã")
    qtbot.mouseClick(units.add_button, Qt.MouseButton.LeftButton)
    assert page.message_label.text() == "Mã đơn vị “MD” đã có."
    assert len(list_units(page._engine)) == before + 1


def test_adding_a_unit_is_undone_and_redone_with_the_same_id(qtbot, page, stack) -> None:
    units = page.units
    before = units.model.rowCount()
    units.code_edit.setText("MD")
    type_text(units.name_edit, "Ủy ban nhân dân xã Mao Điền")
    qtbot.mouseClick(units.add_button, Qt.MouseButton.LeftButton)
    unit_id = unit_by_code(page._engine, "MD").id
    assert stack.count() == 1 and stack.undoText() == "Thêm đơn vị"
    stack.undo()
    with pytest.raises(NotFound):
        unit_by_code(page._engine, "MD")
    assert units.model.rowCount() == before
    assert [e.action for e in history(page._engine, [unit_id])][:1] == ["delete"]
    stack.redo()
    assert unit_by_code(page._engine, "MD").id == unit_id
    assert units.model.rowCount() == before + 1


def test_undoing_a_unit_that_became_a_parent_is_refused(qtbot, page, stack) -> None:
    units = page.units
    units.code_edit.setText("MD")
    type_text(units.name_edit, "Xã Mao Điền")
    qtbot.mouseClick(units.add_button, Qt.MouseButton.LeftButton)
    # A unit under the new one arrives from elsewhere (not through this stack).
    create_unit(page._engine, "tester", "MD-VP", "Văn phòng xã", "office", "MD")
    stack.undo()
    assert page.message_label.text() == (
        "Không xóa được đơn vị “Xã Mao Điền” (MD): đơn vị này còn đơn vị trực thuộc."
    )
    assert unit_by_code(page._engine, "MD").name == "Xã Mao Điền"
    assert stack.count() == 0


def test_a_unit_name_is_edited_in_place_and_undone(qtbot, page, stack) -> None:
    model = page.units.model
    row = next(r for r in range(model.rowCount()) if model.unit_at(r).code == "BLV-KT")
    _edit_cell(qtbot, page.units.table, row, COL_NAME, "Phòng Kinh tế, Hạ tầng và Đô thị")
    assert unit_by_code(page._engine, "BLV-KT").name == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert model.index(row, COL_NAME).data() == "Phòng Kinh tế, Hạ tầng và Đô thị"
    stack.undo()
    assert unit_by_code(page._engine, "BLV-KT").name == "Phòng Kinh tế"


def test_undo_after_the_page_is_gone_still_restores_the_database(
    qtbot, sample_engine, stack
) -> None:
    widget = PlanDetailsWidget(sample_engine, stack)
    plan_id = list_plans(sample_engine)[0].id
    widget.set_plan(plan_id)
    _replace_line(qtbot, widget.form.editors["number"], "95/KH-UBND")
    assert get_plan(sample_engine, plan_id).number == "95/KH-UBND"
    shiboken6.delete(widget)
    stack.undo()
    assert get_plan(sample_engine, plan_id).number == ""


def _choose_section(panel, numeral: str) -> str:
    combo = panel.section_combo
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(f"{numeral}."))
    combo.setCurrentIndex(index)
    return combo.currentData()


def test_adding_a_target_to_a_chosen_section_is_undone_and_redone(qtbot, page, stack) -> None:
    panel, model = page.targets_panel, page.targets_model
    page.tabs.setCurrentWidget(panel)
    before = list_targets(page._engine, page.plan_id)
    section_id = _choose_section(panel, "II")
    type_text(
        panel.text_edit, "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình"
    )
    type_text(panel.indicator_edit, "Số thủ tục trực tuyến toàn trình / tổng số thủ tục")
    panel.comparator_combo.setCurrentIndex(panel.comparator_combo.findText("tối thiểu"))
    type_text(panel.value_edit, "82,5")
    panel.unit_edit.setText("%")
    type_text(panel.baseline_edit, "Năm 2025")
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    after = list_targets(page._engine, page.plan_id)
    assert len(after) == len(before) + 1
    section, added = next((s, t) for s, t in after if t.id not in {t.id for _, t in before})
    assert section.id == section_id and section.numeral == "II"
    assert (added.comparator, added.value, added.unit, added.baseline) == (
        "at_least",
        82.5,
        "%",
        "Năm 2025",
    )
    assert added.indicator == "Số thủ tục trực tuyến toàn trình / tổng số thủ tục"
    assert [t.id for s, t in after if s.id == section_id][-1] == added.id
    assert panel.text_edit.text() == "" and panel.section_combo.currentData() == section_id
    row = next(r for r in range(model.rowCount()) if model.row_at(r).target.id == added.id)
    assert model.index(row, COL_TEXT).data() == added.text
    assert stack.count() == 1 and stack.undoText() == "Thêm chỉ tiêu"
    stack.undo()
    assert [t.id for _, t in list_targets(page._engine, page.plan_id)] == [t.id for _, t in before]
    assert model.rowCount() == len(before)
    stack.redo()
    again = list_targets(page._engine, page.plan_id)
    assert added.id in {t.id for _, t in again} and model.rowCount() == len(before) + 1


def test_a_target_without_text_or_with_a_bad_value_is_refused(qtbot, page, stack) -> None:
    panel = page.targets_panel
    count = len(list_targets(page._engine, page.plan_id))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert page.message_label.text() == "Nội dung chỉ tiêu không được để trống."
    type_text(panel.text_edit, "Chỉ tiêu mới")
    type_text(panel.value_edit, "nhiều")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert page.message_label.text() == "Giá trị: “nhiều” không phải là một số."
    assert stack.count() == 0 and len(list_targets(page._engine, page.plan_id)) == count
    assert panel.text_edit.text() == "Chỉ tiêu mới"


def _answer(button: str, seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    seen.append(box.text())
    next(b for b in box.buttons() if b.text() == button).click()


def test_deleting_a_target_asks_first_and_undo_brings_back_its_measurements(
    qtbot, page, stack
) -> None:
    view, model, panel = page.targets_table, page.targets_model, page.targets_panel
    page.tabs.setCurrentWidget(panel)
    row = model.row_at(2)
    target_id, numeral = row.target.id, row.numeral
    set_measurement(page._engine, "tester", target_id, Q1, 40.0, "Quý I")
    measured_ids = {m.id for m in list_measurements(page._engine, target_id)}
    count = model.rowCount()
    view.setCurrentIndex(model.index(2, COL_TEXT))
    seen: list[str] = []

    QTimer.singleShot(0, lambda: _answer("Không xóa", seen))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert seen == [f"Xóa chỉ tiêu của mục {numeral}?"]
    assert stack.count() == 0 and model.rowCount() == count

    QTimer.singleShot(0, lambda: _answer("Xóa", seen))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert target_id not in {t.id for _, t in list_targets(page._engine, page.plan_id)}
    assert list_measurements(page._engine, target_id) == []
    assert model.rowCount() == count - 1 and stack.undoText() == "Xóa chỉ tiêu"
    assert {e.action for e in history(page._engine, [target_id, *measured_ids])} >= {"delete"}

    stack.undo()
    targets = list_targets(page._engine, page.plan_id)
    assert targets[2][1].id == target_id and model.row_at(2).target.id == target_id
    (measured,) = list_measurements(page._engine, target_id)
    assert (measured.id, measured.actual_value, measured.note) == (
        next(iter(measured_ids)),
        40.0,
        "Quý I",
    )
    assert model.index(2, COL_ACTUAL).data() == "40"
    stack.redo()
    assert target_id not in {t.id for _, t in list_targets(page._engine, page.plan_id)}


def test_deleting_without_a_chosen_target_says_so(qtbot, page, stack) -> None:
    page.targets_table.setCurrentIndex(page.targets_model.index(-1, -1))
    qtbot.mouseClick(page.targets_panel.delete_button, Qt.MouseButton.LeftButton)
    assert page.message_label.text() == "Chọn chỉ tiêu cần xóa trong bảng."
    assert stack.count() == 0
    assert (
        len(list_sections(page._engine, page.plan_id)) == page.targets_panel.section_combo.count()
    )

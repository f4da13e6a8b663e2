"""Tệp → Chế độ làm việc… and Khóa và tin cậy…: become the city, make keys, issue, revoke."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from carapp.services.sync.keys import load_key
from carapp.services.sync.setup import sync_settings
from carapp.services.sync.trust import load_trust
from carapp.ui.city_view import CityView
from carapp.ui.mode_dialog import ModeDialog
from carapp.ui.sync_controller import CITY_TAB_TITLE
from carapp.ui.trust_dialog import TrustDialog
from tests.ui.support import type_text
from tests.ui.sync_support import PASS, press_button, shown


def _tab_titles(window) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def _switch(qtbot, window, city: bool, code: str = "") -> None:
    window.actions_.work_mode.trigger()
    dialog = shown(ModeDialog)
    (dialog.city_mode if city else dialog.unit_mode).setChecked(True)
    if code:
        dialog.own_unit.setCurrentIndex(dialog.own_unit.findData(code))
    with qtbot.waitSignal(dialog.mode_changed):
        press_button(dialog.buttons, "Lưu")


def test_mode_switch_adds_and_removes_the_city_tab(qtbot, window, sample_engine) -> None:
    assert CITY_TAB_TITLE not in _tab_titles(window)
    assert window.actions_.send_report.isVisible()
    _switch(qtbot, window, city=True)
    assert _tab_titles(window)[-1] == CITY_TAB_TITLE
    assert isinstance(window.tabs.widget(window.tabs.count() - 1), CityView)
    assert not window.actions_.send_report.isVisible()  # the city receives reports
    _switch(qtbot, window, city=False, code="BLV")
    assert CITY_TAB_TITLE not in _tab_titles(window)
    settings = sync_settings(sample_engine)
    assert (settings.mode, settings.own_unit_code) == ("unit", "BLV")


def test_city_keys_issue_and_revoke(
    qtbot, window, sample_engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _switch(qtbot, window, city=True)
    window.actions_.keys_trust.trigger()
    dialog = shown(TrustDialog)
    assert dialog.tabs.tabText(0) == "Khóa của thành phố"
    assert not dialog.issue_box.isEnabled()  # no root yet
    dialog.city_key.set_path(str(tmp_path / "hp.p12"))
    type_text(dialog.city_pass.first, PASS)
    type_text(dialog.city_pass.second, PASS + "x")
    dialog.init_button.click()
    assert dialog.message.text() == "Hai lần nhập mật khẩu không khớp nhau."
    dialog.city_pass.second.clear()
    type_text(dialog.city_pass.second, PASS)
    with qtbot.waitSignal(dialog.changed, timeout=30_000):
        dialog.init_button.click()
    assert (tmp_path / "hp-goc.pem").exists() and dialog.issue_box.isEnabled()
    assert "Đã khởi tạo" in dialog.initialised.text()
    assert dialog.ca.key_file.path() == str(tmp_path / "hp-ca.p12")
    assert sync_settings(sample_engine).own_unit_code == "HP"

    type_text(dialog.ca.passphrase, PASS)
    type_text(dialog.unit_code, "BLV")
    dialog.unit_key.set_path(str(tmp_path / "blv.p12"))
    type_text(dialog.unit_pass.first, "mat-khau-don-vi")
    type_text(dialog.unit_pass.second, "mat-khau-don-vi")
    with qtbot.waitSignal(dialog.changed, timeout=30_000):
        dialog.issue_button.click()
    assert "Đã cấp tệp khóa cho BLV — Ủy ban nhân dân đặc khu Bạch Long Vĩ" in dialog.message.text()
    issued = load_key(tmp_path / "blv.p12", "mat-khau-don-vi")
    assert load_trust(sample_engine).is_allowed("BLV", issued.fingerprint)
    trust = dialog.trust
    codes = [trust.allowed_model.row_at(r).unit_code for r in range(trust.allowed_model.rowCount())]
    assert sorted(codes) == ["BLV", "HP"] and trust.roots_model.rowCount() == 1

    trust.select_allowed("BLV")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    trust.revoke_button.click()
    assert trust.message.text() == "Đã thu hồi quyền ký thay đơn vị BLV."
    assert not load_trust(sample_engine).is_allowed("BLV", issued.fingerprint)
    assert [trust.allowed_model.row_at(0).unit_code] == ["HP"]
    dialog.close()

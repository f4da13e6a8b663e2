"""Issue 5 through the windows: the unit sends its report, the city verifies it and answers.

Two databases, two main windows. The unit builds its package with "Gửi báo cáo"; the city
imports it on the "Thành phố" tab (the progress bar runs to its end, the verdict names the
signer); the receipt goes back and the unit's list of packages shows it received. A package
changed on the way is refused with the exact reason, and the city's database stays as it was.
"""

from __future__ import annotations

from pathlib import Path

from carapp.services.sync.report_package import build_report_package
from carapp.ui.city_models import ImportResultModel, UnitStatusModel
from carapp.ui.package_dialog import PackageDialog
from carapp.ui.packages_view import COL_PERIOD, COL_RECEIPT, COL_SEQUENCE, PackagesDialog
from tests.services.test_sync_support import db_digest
from tests.ui.support import Q1_2026, open_window, type_text
from tests.ui.sync_support import (
    PASS,
    World,
    choose_files,
    city_view,
    import_through_view,
    shown,
    tampered_copy,
)

BLV_SIGNER = "Ủy ban nhân dân đặc khu Bạch Long Vĩ (CCHC:BLV)"


def _cell(model, row: int, column: int) -> str:
    return str(model.data(model.index(row, column)))


def _send_report(qtbot, window, usb: Path, key_file: Path) -> Path:
    window.set_period(Q1_2026)
    window.actions_.send_report.trigger()
    dialog = shown(PackageDialog)
    assert dialog.period.currentText() == "Quý I/2026"
    assert dialog.key.key_file.path() == str(key_file)  # the unit's key file, set with its mode
    usb.mkdir(exist_ok=True)  # carapp writes into a folder the officer chose, never makes one
    dialog.folder.set_path(str(usb))
    type_text(dialog.key.passphrase, PASS)
    with qtbot.waitSignal(dialog.built, timeout=60_000) as built:
        dialog.build_button.click()
    assert dialog.bar.value() == dialog.bar.maximum()
    assert "CCHC_BLV_2026-Q1_0001.zip" in dialog.message.text()
    assert not dialog.open_folder.isHidden()
    assert dialog.key.passphrase.text() == ""  # used once, then forgotten
    dialog.close()
    return Path(built.args[0])


def test_report_is_verified_at_the_city_and_the_receipt_comes_back(
    qtbot, world: World, settings, city_settings, monkeypatch, tmp_path: Path
) -> None:
    unit = open_window(qtbot, world.unit, settings)
    package = _send_report(qtbot, unit, tmp_path / "usb", world.root / "blv.p12")
    assert package == tmp_path / "usb" / "CCHC_BLV_2026-Q1_0001.zip" and package.exists()
    saved = {key: str(settings.value(key)) for key in settings.allKeys()}
    assert PASS not in "".join(saved.values()) and saved["sync/unit-key-file"].endswith("blv.p12")

    city = open_window(qtbot, world.city, city_settings)
    view = city_view(city)
    view.set_period(Q1_2026)
    choose_files(monkeypatch, package)
    values = import_through_view(qtbot, view, tmp_path / "bien-nhan")
    assert view.bar.maximum() == 2 and values[-1] == 2  # verified, then applied
    results = view.results_model
    assert results.rowCount() == 1
    verdict = _cell(results, 0, ImportResultModel.COL_VERDICT)
    assert verdict.startswith(f"Đã xác minh — ký bởi {BLV_SIGNER}, lúc ")
    assert (
        _cell(results, 0, ImportResultModel.COL_UNIT)
        == "BLV — Ủy ban nhân dân đặc khu Bạch Long Vĩ"
    )
    assert "nhận 1" in view.message.text() and "từ chối 0" in view.message.text()
    receipt = tmp_path / "bien-nhan" / "BIEN-NHAN_BLV_2026-Q1_0001.zip"
    assert receipt.exists()

    units = view.units_model
    qtbot.waitUntil(lambda: _cell(units, 0, UnitStatusModel.COL_LAST) == "Quý I/2026 (số 1)")
    assert units.rowCount() == 1
    assert _cell(units, 0, UnitStatusModel.COL_VERIFIED) == "Đã xác minh"
    assert _cell(units, 0, UnitStatusModel.COL_COMPLETE) == "Thiếu 28/30"
    assert _cell(units, 0, UnitStatusModel.COL_TOTAL) == "30"
    assert "1/1 đơn vị đã gửi báo cáo" in view.units_box.title()
    areas = view.areas_model
    assert _cell(areas, areas.rowCount() - 1, areas.COL_TOTAL) == "30"  # the total row

    unit.actions_.sent_packages.trigger()
    sent = shown(PackagesDialog)
    assert _cell(sent.model, 0, COL_PERIOD) == "Quý I/2026"
    assert _cell(sent.model, 0, COL_SEQUENCE) == "1"
    assert _cell(sent.model, 0, COL_RECEIPT) == "Chưa có biên nhận"
    choose_files(monkeypatch, receipt)
    sent.receipt_button.click()
    qtbot.waitUntil(lambda: "Đã nhận lúc" in _cell(sent.model, 0, COL_RECEIPT), timeout=30_000)
    assert "Thành phố đã nhận gói số 1" in sent.message.text()
    sent.close()


def test_a_package_changed_on_the_way_is_refused_and_nothing_is_written(
    qtbot, world: World, city_settings, monkeypatch, tmp_path: Path
) -> None:
    built = build_report_package(world.unit, Q1_2026, world.unit_signer, world.folder("usb"))
    bad = tampered_copy(built.path, tmp_path / "hong")
    before = db_digest(world.city)

    city = open_window(qtbot, world.city, city_settings)
    view = city_view(city)
    choose_files(monkeypatch, bad.parent)  # the whole folder, through "Nhập cả thư mục…"
    values = import_through_view(qtbot, view, tmp_path / "bien-nhan", folder=True)
    assert values[-1] == view.bar.maximum() == 2
    verdict = _cell(view.results_model, 0, ImportResultModel.COL_VERDICT)
    assert verdict == (
        "Bị từ chối (Tệp trong gói) — Tệp “data.json” đã bị thay đổi "
        "(kích thước/SHA-256 không khớp)."
    )
    assert "từ chối 1" in view.message.text()
    assert _cell(view.results_model, 0, ImportResultModel.COL_UNIT) == "BLV (theo tên tệp)"
    assert not (tmp_path / "bien-nhan").exists() or not any((tmp_path / "bien-nhan").iterdir())

    city.tasks.wait()
    view.wait()
    assert db_digest(world.city) == before


def test_wrong_passphrase_is_said_and_nothing_is_sent(
    qtbot, world: World, settings, tmp_path: Path
) -> None:
    unit = open_window(qtbot, world.unit, settings)
    unit.set_period(Q1_2026)
    unit.actions_.send_report.trigger()
    dialog = shown(PackageDialog)
    (tmp_path / "usb").mkdir()
    dialog.folder.set_path(str(tmp_path / "usb"))
    dialog.build_button.click()
    assert dialog.message.text() == "Hãy nhập mật khẩu của tệp khóa."
    type_text(dialog.key.passphrase, "khong-dung")
    dialog.build_button.click()
    qtbot.waitUntil(lambda: dialog.build_button.isEnabled(), timeout=30_000)
    assert dialog.message.text() == (
        "Không lập được gói: Sai mật khẩu tệp khóa hoặc tệp không phải khóa PKCS#12 hợp lệ."
    )
    assert not (tmp_path / "usb").exists() or not any((tmp_path / "usb").iterdir())
    dialog.close()

"""The city gives tasks to a unit through the windows; the unit imports them and sees them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from carapp.domain.areas import ReformArea
from carapp.services.plans import create_plan, create_section
from carapp.services.sync.assignment_import import PLAN_TITLE
from carapp.services.sync.assignment_publish import create_city_task
from carapp.services.units import unit_by_code
from carapp.ui.assign_dialog import AssignDialog, checked
from carapp.ui.packages_view import PackagesDialog
from tests.services.test_sync_support import WHO
from tests.ui.support import open_window, type_text
from tests.ui.sync_support import PASS, World, choose_files, city_view, shown

CITY_PLAN = "Kế hoạch CCHC thành phố năm 2026"


@pytest.fixture
def city_plan(world: World) -> str:
    """Give the city a plan with two tasks to assign; return its id."""
    hp = unit_by_code(world.city, "HP")
    plan = create_plan(world.city, WHO, hp.id, title=CITY_PLAN, start_year=2026, end_year=2026)
    laws = create_section(
        world.city, WHO, plan.id, "I", "CẢI CÁCH THỂ CHẾ", ReformArea.INSTITUTIONS
    )
    digital = create_section(
        world.city, WHO, plan.id, "II", "CHUYỂN ĐỔI SỐ", ReformArea.DIGITAL_GOVERNMENT
    )
    for section, number, content, deadline in (
        (laws, "1", "Rà soát văn bản quy phạm pháp luật của đặc khu", "30/06/2026"),
        (digital, "2", "Số hóa hồ sơ thủ tục hành chính", "Quý IV/2026"),
    ):
        create_city_task(
            world.city,
            WHO,
            section.id,
            number=number,
            content=content,
            lead="Các đặc khu",
            deadline_text=deadline,
        )
    return plan.id


def _publish(qtbot, view, folder: Path) -> Path:
    view.assign_button.click()
    dialog = shown(AssignDialog)
    assert dialog.plan.currentText() == f"{CITY_PLAN} (2 nhiệm vụ)"
    assert len(checked(dialog.tasks)) == 2  # every task of the plan, unless unticked
    assert checked(dialog.units) == []  # the city says who receives them
    dialog.publish_button.click()
    assert dialog.message.text() == "Hãy chọn ít nhất một đơn vị nhận nhiệm vụ."
    blv = next(
        dialog.units.item(r) for r in range(dialog.units.rowCount())
        if dialog.units.item(r).text().startswith("BLV — ")
    )  # fmt: skip
    blv.setCheckState(Qt.CheckState.Checked)
    folder.mkdir(exist_ok=True)  # carapp writes into a folder the officer chose, never makes one
    dialog.folder.set_path(str(folder))
    type_text(dialog.key.passphrase, PASS)
    with qtbot.waitSignal(dialog.published, timeout=60_000) as published:
        dialog.publish_button.click()
    path = Path(published.args[0])
    assert path.name.startswith("GIAO-NHIEM-VU_HP_") and path.exists()
    assert path.name in dialog.message.text() and "cho BLV" in dialog.message.text()
    dialog.close()
    return path


def test_assignments_reach_the_unit_task_list(
    qtbot, world: World, city_plan: str, settings, city_settings, monkeypatch, tmp_path: Path
) -> None:
    city = open_window(qtbot, world.city, city_settings)
    package = _publish(qtbot, city_view(city), tmp_path / "giao")

    unit = open_window(qtbot, world.unit, settings)
    unit.actions_.sent_packages.trigger()
    dialog = shown(PackagesDialog)
    choose_files(monkeypatch, package)
    dialog.assignments_button.click()
    qtbot.waitUntil(lambda: "Nhận 2 nhiệm vụ mới" in dialog.message.text(), timeout=30_000)
    assert dialog.message.text().startswith("✓")
    qtbot.waitUntil(lambda: PLAN_TITLE in unit.plan_combo.currentText())
    qtbot.waitUntil(lambda: not unit.tasks.loading)
    contents = [unit.model.row_at(i).view.content for i in range(unit.model.rowCount())]
    assert contents == [
        "Rà soát văn bản quy phạm pháp luật của đặc khu",
        "Số hóa hồ sơ thủ tục hành chính",
    ]

    dialog.assignments_button.click()  # the same package again: already imported, no error
    qtbot.waitUntil(lambda: "đã được nhận trước đó" in dialog.message.text(), timeout=30_000)
    dialog.close()

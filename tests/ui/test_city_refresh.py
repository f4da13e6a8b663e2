"""The city tab at national scale: units shown a page at a time, pictures merged in place,
and another officer's import shown without anyone asking."""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView

from carapp import pacing
from carapp.db.migrate import open_database
from carapp.domain.city import TOTAL_LABEL, Consolidation, CountRow, UnitStatus
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.report_package import build_report_package
from carapp.ui import city_view as city_view_module
from carapp.ui.city_models import UnitStatusModel
from carapp.ui.city_view import CityView
from carapp.ui.row_tables import PAGE
from tests.services.test_sync_support import NOW
from tests.ui.support import Q1_2026, open_window
from tests.ui.sync_support import World, city_view

DUE = date(2026, 3, 18)


def _picture(codes: list[str]) -> Consolidation:
    statuses = [UnitStatus(code, f"Xã {code}", True, "2026-Q1", DUE) for code in codes]
    total = CountRow(TOTAL_LABEL, {}, 0)
    return Consolidation(Q1_2026, DUE, "HP", "Thành phố", statuses, [], [], total)


def _codes(model: UnitStatusModel) -> list[str]:
    return [model.row_at(r).code for r in range(model.rowCount())]


def test_units_come_a_page_at_a_time(qtbot) -> None:
    model = UnitStatusModel()
    model.set_consolidation(_picture([f"U{i:04d}" for i in range(1, 451)]))
    assert model.rowCount() == PAGE and model.canFetchMore()
    with qtbot.waitSignal(model.rowsInserted):
        model.fetchMore()
    assert model.rowCount() == 2 * PAGE
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    assert model.row_at(449).code == "U0450"


def test_a_new_picture_is_merged_in_place_keeping_the_selection(qtbot) -> None:
    model = UnitStatusModel()
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    codes = [f"U{i:04d}" for i in range(1, 301)]
    model.set_consolidation(_picture(codes))
    table.selectionModel().setCurrentIndex(
        model.index(5, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    changed = [*codes[:2], "U0002A", *codes[3:]]  # U0003 gone, U0002A new, the rest stay
    picture = _picture(changed)
    received = replace(picture.statuses[5], last_period="2026-Q1", last_sequence=1)
    picture.statuses[5] = received
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_consolidation(picture)
    assert _codes(model)[:4] == ["U0001", "U0002", "U0002A", "U0004"]
    assert model.rowCount() == PAGE  # still one page shown
    current = table.selectionModel().currentIndex()
    assert model.row_at(current.row()).code == "U0006"
    assert table.selectionModel().isRowSelected(current.row())
    assert model.data(model.index(current.row(), UnitStatusModel.COL_LAST)) == ("Quý I/2026 (số 1)")


def test_the_same_units_again_change_their_texts_in_place(qtbot) -> None:
    """The same units in the same order (no diff made): the texts shown before are made again."""
    model = UnitStatusModel()
    codes = [f"U{i:04d}" for i in range(1, 11)]
    model.set_consolidation(_picture(codes))
    assert model.data(model.index(4, UnitStatusModel.COL_LAST)) == "Chưa nhận gói nào"
    picture = _picture(codes)
    picture.statuses[4] = replace(picture.statuses[4], last_period="2026-Q1", last_sequence=2)
    with (
        qtbot.assertNotEmitted(model.rowsRemoved),
        qtbot.assertNotEmitted(model.rowsInserted),
        qtbot.waitSignal(model.dataChanged),
    ):
        model.set_consolidation(picture)
    assert model.data(model.index(4, UnitStatusModel.COL_LAST)) == "Quý I/2026 (số 2)"


def test_another_officers_import_appears_by_itself(qtbot, world: World, city_settings) -> None:
    window = open_window(qtbot, world.city, city_settings)
    view: CityView = city_view(window)
    view.set_period(Q1_2026)
    qtbot.waitUntil(lambda: view.units_model.rowCount() == 1 and not view.computing.isVisible())
    assert view.units_model.data(view.units_model.index(0, UnitStatusModel.COL_LAST)) == (
        "Chưa nhận gói nào"
    )
    view.units.selectRow(0)
    view.poll.setInterval(50)
    # Another officer, in another process: their own engine on the same database.
    other = open_database(world.city_db)
    built = build_report_package(world.unit, Q1_2026, world.unit_signer, world.folder("usb"))
    [result] = import_packages(
        other, [built.path], world.city_signer, receipts_dir=world.folder("bn"), now=NOW
    )
    assert result.status == "accepted"
    other.dispose()
    qtbot.waitUntil(
        lambda: (
            view.units_model.data(view.units_model.index(0, UnitStatusModel.COL_LAST))
            == "Quý I/2026 (số 1)"
        ),
        timeout=20_000,
    )
    assert view.units.selectionModel().isRowSelected(0)
    provinces = view.provinces_model
    assert provinces.rowCount() == 1 and provinces.row_at(0).received_label == "1/1"
    view.wait()


def test_status_columns_widen_to_new_texts_but_keep_the_officers_widths(
    qtbot, world: World, city_settings
) -> None:
    """The first picture sized "Chưa nhận"; once a package came in, its time is not cut off,
    and a column the officer resized keeps the width they gave it."""
    window = open_window(qtbot, world.city, city_settings)
    view: CityView = city_view(window)
    view.set_period(Q1_2026)
    qtbot.waitUntil(lambda: view.units_model.rowCount() == 1 and not view.computing.isVisible())
    units = view.units
    received = UnitStatusModel.COL_RECEIVED
    before = units.columnWidth(received)
    units.horizontalHeader().resizeSection(UnitStatusModel.COL_VERIFIED, 30)  # by hand
    built = build_report_package(world.unit, Q1_2026, world.unit_signer, world.folder("usb"))
    [result] = import_packages(
        world.city, [built.path], world.city_signer, receipts_dir=world.folder("bn"), now=NOW
    )
    assert result.status == "accepted"
    view.refresh()
    qtbot.waitUntil(lambda: view.units_model.row_at(0).received_at is not None, timeout=20_000)
    assert units.columnWidth(received) > before  # "Chưa nhận" became a date and time
    for column in city_view_module.GROWING_COLUMNS:
        if column != UnitStatusModel.COL_VERIFIED:
            assert units.columnWidth(column) >= units.sizeHintForColumn(column), column
    assert units.columnWidth(UnitStatusModel.COL_VERIFIED) == 30
    view.wait()


def test_the_picture_is_computed_with_the_collector_waiting_and_sized_from_a_few_rows(
    qtbot, world: World, city_settings, monkeypatch
) -> None:
    """A full collection during a national picture held the GIL 40–90 ms (the GUI stopped),
    and sizing the columns from 1,000 rows took 86 ms of the GUI thread."""
    seen: list[bool] = []
    pauses: list[object] = []
    original = city_view_module.consolidate

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        pauses.append(kwargs.get("pause"))
        return original(*args, **kwargs)

    monkeypatch.setattr(city_view_module, "consolidate", watched)
    window = open_window(qtbot, world.city, city_settings)
    view: CityView = city_view(window)
    view.set_period(Q1_2026)
    qtbot.waitUntil(lambda: bool(seen))
    view.wait()  # the indicator may hide before the worker leaves collector.quiet()
    qtbot.waitUntil(lambda: not view.computing.isVisible())
    assert seen[0] is False
    assert pauses[0] is pacing.give_way  # the worker gives the GUI thread a turn at the GIL
    qtbot.waitUntil(gc.isenabled)  # on again once the picture is made (and other loads end)
    header = view.units.horizontalHeader()
    assert header.resizeContentsPrecision() == city_view_module.SIZE_FROM_ROWS
    view.wait()

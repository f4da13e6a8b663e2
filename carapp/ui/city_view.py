"""The "Thành phố" tab (city mode): import the units' packages, see every unit's progress."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp import collector, pacing
from carapp.domain.city import Consolidation
from carapp.domain.periods import ReportingPeriod, parse_period, period_for, periods_between
from carapp.services.sync.city import consolidate, picture_version
from carapp.ui.assign_dialog import AssignDialog
from carapp.ui.city_dialogs import DueDatesDialog, UnitTasksDialog
from carapp.ui.city_models import (
    AreaCountModel,
    ImportResultModel,
    ProvinceModel,
    UnitStatusModel,
)
from carapp.ui.city_work import CityWork
from carapp.ui.workers import Jobs

PERIOD_SETTING = "city/period"
POLL_MS = 4000  # how often to look whether another officer imported packages
SIZE_FROM_ROWS = 25  # rows measured to size the columns of the picture's tables
# The units' columns whose texts change from one picture to the next (sizes checked again).
GROWING_COLUMNS = (
    UnitStatusModel.COL_LAST,
    UnitStatusModel.COL_RECEIVED,
    UnitStatusModel.COL_VERIFIED,
    UnitStatusModel.COL_TIMELY,
    UnitStatusModel.COL_COMPLETE,
)


def _table(model: object) -> QTableView:
    table = QTableView()
    table.setModel(model)  # type: ignore[arg-type]
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Qt measures up to 1,000 rows to size a column, each cell a call into Python for every
    # role: 86 ms of the GUI thread for a national picture (50 rows: 24–28 ms, then the first
    # paint ~20 ms). The first rows give the widths as well.
    header.setResizeContentsPrecision(SIZE_FROM_ROWS)
    return table


def _content_height(table: QTableView) -> int:
    """Return the height that shows every row of a table without scrolling."""
    rows = sum(table.rowHeight(r) for r in range(table.model().rowCount()))
    header = table.horizontalHeader()
    wide = header.length() > table.viewport().width()
    scroll = table.horizontalScrollBar().sizeHint().height() if wide else 0
    return table.horizontalHeader().height() + rows + 2 * table.frameWidth() + scroll


def _boxed(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 4, 6, 6)
    for widget in widgets:
        layout.addWidget(widget)
    return box


class CityView(QWidget):
    """Import packages, read each verdict, and see the units' consolidated picture."""

    imported = Signal()  # packages were applied: the units' plans changed
    period_chosen = Signal(object)  # the officer chose another period (a ReportingPeriod)

    def __init__(
        self,
        engine: Engine,
        settings: QSettings,
        who: str,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine, self._settings, self._who, self._today = engine, settings, who, today
        self._jobs, self._request = Jobs(self), 0
        self._version: object = None  # picture_version() when the picture shown was computed
        self._computing = self._polling = False
        self._sized_by_hand = False  # the officer moved a splitter: keep it on resizing
        self._sizing = False  # the columns are being sized here, not by the officer
        self._columns_set_by_hand: set[int] = set()  # units' columns the officer resized
        self.consolidation: Consolidation | None = None
        self.period = QComboBox()
        self.period.setAccessibleName("Kỳ báo cáo tổng hợp")
        self.import_button = QPushButton("Nhập gói báo cáo…")
        self.folder_button = QPushButton("Nhập cả thư mục…")
        self.assign_button = QPushButton("Giao nhiệm vụ cho đơn vị…")
        self.due_button = QPushButton("Hạn nộp báo cáo…")
        self.export_button = QPushButton("Xuất báo cáo tổng hợp…")
        self.open_folder = QPushButton("Mở thư mục")
        self.open_folder.setVisible(False)
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.computing = QProgressBar()  # busy while the picture is computed
        self.computing.setRange(0, 0)
        self.computing.setMaximumWidth(120)
        self.computing.setAccessibleName("Đang tính số liệu tổng hợp")
        self.computing.setVisible(False)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.message = QLabel("Chọn “Nhập gói báo cáo…” để nhận các gói .zip của đơn vị.")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.results_model = ImportResultModel(self)
        self.units_model = UnitStatusModel(self)
        self.areas_model = AreaCountModel(self)
        self.provinces_model = ProvinceModel(self)
        self.results, self.units = _table(self.results_model), _table(self.units_model)
        self.areas, self.provinces = _table(self.areas_model), _table(self.provinces_model)
        self.summary = QTabWidget()
        self.summary.addTab(self.areas, "Theo lĩnh vực")
        self.summary.addTab(self.provinces, "Theo tỉnh (đơn vị cấp trên)")
        hint = QLabel("Nhấp đúp (hoặc Enter) vào một đơn vị để xem nhiệm vụ của đơn vị đó.")
        hint.setStyleSheet("color: palette(placeholder-text);")
        self.units_box = _boxed("Các đơn vị", self.units, hint)
        self.results_box = _boxed("Kết quả kiểm tra các gói vừa nhập", self.results)
        self.results_box.setVisible(False)  # until something was imported
        self.areas_box = _boxed(
            "Tổng hợp theo lĩnh vực cải cách hành chính và theo tỉnh", self.summary
        )
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.work = CityWork(self, engine, settings)
        self._fill_periods()
        self._layout()
        self._connect_signals()
        self.refresh()
        self.poll.start()

    def _fill_periods(self) -> None:
        today = self._today()
        chosen = str(self._settings.value(PERIOD_SETTING, "") or period_for(today).code)
        for p in periods_between(today.year - 2, today.year + 1):
            self.period.addItem(p.label, p.code)
        self.period.setCurrentIndex(max(self.period.findData(chosen), 0))

    def _layout(self) -> None:
        top = QHBoxLayout()
        label = QLabel("&Kỳ báo cáo:")
        label.setBuddy(self.period)
        for widget in (label, self.period, self.import_button, self.folder_button):
            top.addWidget(widget)
        top.addSpacing(16)
        for widget in (self.assign_button, self.due_button, self.export_button):
            top.addWidget(widget)
        top.addStretch()
        status = QHBoxLayout()
        status.addWidget(self.computing)
        status.addWidget(self.bar, 1)
        status.addWidget(self.message, 3)
        status.addWidget(self.open_folder)
        for box in (self.results_box, self.units_box, self.areas_box):
            self.splitter.addWidget(box)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_sized_by_hand", True))
        self.units.horizontalHeader().sectionResized.connect(self._on_unit_column_resized)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(status)
        layout.addWidget(self.splitter, 1)

    def _connect_signals(self) -> None:
        self.period.activated.connect(lambda _i: self._on_period(chosen=True))
        self.assign_button.clicked.connect(self.open_assign_dialog)
        self.due_button.clicked.connect(self.open_due_dates)
        self.work.imported.connect(self.imported)
        self.units.doubleClicked.connect(self.open_unit)
        self.poll.timeout.connect(self.check_for_changes)
        QShortcut(
            QKeySequence(Qt.Key.Key_Return),
            self.units,
            lambda: self.open_unit(self.units.currentIndex()),
            context=Qt.ShortcutContext.WidgetShortcut,
        )

    def chosen_period(self) -> ReportingPeriod:
        """Return the period the picture is for."""
        return parse_period(str(self.period.currentData()))

    def set_period(self, period: ReportingPeriod) -> None:
        """Show another period (one the selector offers)."""
        index = self.period.findData(period.code)
        if index >= 0 and index != self.period.currentIndex():
            self.period.setCurrentIndex(index)
            self._on_period()

    def _on_period(self, chosen: bool = False) -> None:
        self._settings.setValue(PERIOD_SETTING, self.period.currentData())
        self.refresh()
        if chosen:
            self.period_chosen.emit(self.chosen_period())

    # The consolidated picture ------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the picture of the chosen period off the GUI thread; the tables update in place."""
        self._request += 1
        request, engine, period = self._request, self._engine, self.chosen_period()
        today = self._today()
        self._computing = True
        self.computing.setVisible(True)
        self.units_box.setTitle(f"Các đơn vị — {period.label} (đang tính…)")
        self._jobs.start(
            lambda: _computed(engine, period, today),
            lambda result: self._on_consolidated(request, *result),
            lambda message: self._on_failed(request, message),
        )

    def check_for_changes(self) -> None:
        """Compute the picture again when packages came in since (another officer's import too)."""
        if self._polling or self._computing or not self.window().isVisible():
            return
        self._polling = True
        engine = self._engine
        self._jobs.start(lambda: picture_version(engine), self._on_version, self._on_poll_failed)

    def _on_version(self, version: object) -> None:
        self._polling = False
        if version != self._version and not self._computing:
            self.refresh()

    def _on_poll_failed(self, _message: str) -> None:
        self._polling = False  # tried again at the next tick; the picture shown stays

    def _on_failed(self, request: int, message: str) -> None:
        if request == self._request:
            self._computing = False
            self.computing.setVisible(False)
        self.message.setText(f"Không tính được số liệu tổng hợp: {html.escape(message)}")

    def _on_consolidated(self, request: int, version: object, c: Consolidation) -> None:
        if request != self._request:
            return  # a newer request is on its way
        self._computing = False
        self.computing.setVisible(False)
        first = not self.units_model.all_rows()  # the first units shown size the columns
        self.consolidation, self._version = c, version
        for model in (self.units_model, self.areas_model, self.provinces_model):
            model.set_consolidation(c)
        received = sum(1 for s in c.statuses if s.received)
        due = c.statuses[0].due_on if c.statuses else None
        due_text = f"hạn nộp {due:%d/%m/%Y}; " if due else ""
        self.units_box.setTitle(
            f"Các đơn vị — {c.period.label}: {received}/{len(c.statuses)} đơn vị đã gửi báo cáo "
            f"({due_text}số liệu tính đến {c.as_of:%d/%m/%Y})"
        )
        if first:
            self._size_columns()
        else:  # later pictures keep the widths, but a status that grew longer is not cut off
            self._widen_unit_columns()
        self._fit()

    def _size_columns(self) -> None:
        self._sizing = True
        try:
            for table in (self.units, self.areas, self.provinces):
                table.resizeColumnsToContents()
            name = min(self.units.columnWidth(UnitStatusModel.COL_NAME), 320)
            self.units.setColumnWidth(UnitStatusModel.COL_NAME, name)
            self.areas.setColumnWidth(0, min(self.areas.columnWidth(0), 420))
            self.provinces.setColumnWidth(1, min(self.provinces.columnWidth(1), 320))
        finally:
            self._sizing = False

    def _widen_unit_columns(self) -> None:
        """Widen the units' status columns to their new texts ("Chưa nhận" became a time),
        never narrower, and leave alone the columns the officer resized."""
        self._sizing = True
        try:
            for column in GROWING_COLUMNS:
                if column in self._columns_set_by_hand:
                    continue
                wanted = self.units.sizeHintForColumn(column)
                if wanted > self.units.columnWidth(column):
                    self.units.setColumnWidth(column, wanted)
        finally:
            self._sizing = False

    def _on_unit_column_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._sizing:
            self._columns_set_by_hand.add(column)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if not self._sized_by_hand:
            self._fit()

    def _fit(self) -> None:
        """Give each table the height of its rows; the units' table takes what is left."""
        if self.splitter.height() < 100:
            return  # not laid out yet: fitted again once resized
        boxes = (self.results_box, self.units_box, self.areas_box)
        tables = (self.results, self.units, self.areas)
        needed = [
            _content_height(table) + box.sizeHint().height() - table.sizeHint().height()
            if not box.isHidden()
            else 0
            for box, table in zip(boxes, tables, strict=True)
        ]
        space = self.splitter.height() - 2 * self.splitter.handleWidth()
        if sum(needed) > space:  # the units' table scrolls; the others keep a fair share
            needed[0] = min(needed[0], space // 4)
            needed[2] = min(needed[2], space * 2 // 5)
        needed[1] = max(space - needed[0] - needed[2], 0)
        self.splitter.setSizes(needed)

    def open_unit(self, index: QModelIndex) -> UnitTasksDialog | None:
        """Show the tasks of the unit in a row of the units' table."""
        if not index.isValid():
            return None
        status = self.units_model.row_at(index.row())
        dialog = UnitTasksDialog(
            self._engine, status.code, status.name, self.chosen_period(), self._today, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # Due dates, assignments -------------------------------------------------------------

    def open_due_dates(self) -> DueDatesDialog:
        """Open the due dates; the picture is computed again when they change."""
        dialog = DueDatesDialog(self._engine, self._who, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self.refresh)
        dialog.open()
        return dialog

    def open_assign_dialog(self) -> AssignDialog:
        """Open the dialog that gives tasks of a city plan to units."""
        dialog = AssignDialog(self._engine, self._settings, self._who, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def wait(self) -> bool:
        """Wait for running work (tests, closing)."""
        return self.work.wait() and self._jobs.wait(60_000)


def _computed(engine: Engine, period: ReportingPeriod, today: date) -> tuple[object, Consolidation]:
    """Return the picture's version and the picture (on a worker thread).

    The cycle collector waits meanwhile (collector.quiet): its full collections, triggered by
    the ~110,000 grouped rows a national picture reads, held the GIL 40–90 ms at a time and
    stopped the GUI thread with it. The worker gives the GUI thread a turn now and then
    (carapp.pacing): looping over those rows, it otherwise kept the GIL 30–40 ms at a time.
    """
    with collector.quiet():
        version = picture_version(engine)  # read first: packages arriving meanwhile show later
        return version, consolidate(engine, period, today=today, pause=pacing.give_way)

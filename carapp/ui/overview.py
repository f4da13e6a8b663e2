"""The overview page: counts by report category per area and lead unit, chart, due lists."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp.domain.periods import ReportingPeriod
from carapp.services.overview import DUE_SOON_DAYS, Overview
from carapp.ui.overview_models import (
    COL_DUE_DATE,
    COL_DUE_LEAD,
    COL_LABEL,
    COL_NUMBER,
    COL_SITUATION,
    CountTableModel,
    DueTaskModel,
)
from carapp.ui.overview_views import ChoosingTableView
from carapp.ui.overview_worker import OverviewSignals, OverviewWorker

if TYPE_CHECKING:
    from carapp.ui.overview_chart import AreaChartView

BUSY_TEXT = "Đang tính số liệu tổng hợp…"
OVERDUE_TITLE = "Nhiệm vụ quá hạn ({})"
DUE_SOON_TITLE = f"Nhiệm vụ đến hạn trong {DUE_SOON_DAYS} ngày tới ({{}})"


def _boxed(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(widget)
    return box


NO_TASKS_TEXT = (
    "Chưa có nhiệm vụ nào để tổng hợp. Thêm nhiệm vụ (Ctrl+N) hoặc nhập phụ lục (Ctrl+I) "
    "ở trang Nhiệm vụ."
)


class OverviewWidget(QWidget):
    """Show how a plan's tasks stand in a period; a click on a count asks to list its tasks."""

    tasks_requested = Signal(list)
    busy_changed = Signal(bool)
    overview_ready = Signal(object)
    failed = Signal(str)

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._request = 0
        self._busy = False
        self._overview: Overview | None = None
        # One computation at a time; the pool waits for it when the widget goes away.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = OverviewSignals(self)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.title_label = QLabel("Chưa chọn kế hoạch.")
        self.title_label.setWordWrap(True)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFormat(BUSY_TEXT)
        self.busy_bar.setTextVisible(True)
        self.busy_bar.setMaximumWidth(260)
        self.busy_bar.hide()
        self.message_label = QLabel()
        self.message_label.setStyleSheet("color: #c62828")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.empty_label = QLabel(NO_TASKS_TEXT)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.area_model = CountTableModel("Lĩnh vực cải cách", self)
        self.lead_model = CountTableModel("Đơn vị chủ trì", self)
        self.overdue_model, self.due_soon_model = DueTaskModel(self), DueTaskModel(self)
        self.area_table = self._count_view(self.area_model)
        self.lead_table = self._count_view(self.lead_model)
        self.overdue_table = self._due_view(self.overdue_model)
        self.due_soon_table = self._due_view(self.due_soon_model)
        self._chart_view: AreaChartView | None = None  # made when first shown: QtCharts is big
        self._chart_box = QGroupBox("Biểu đồ")
        self._chart_layout = QVBoxLayout(self._chart_box)
        self.overdue_box = _boxed(OVERDUE_TITLE.format(0), self.overdue_table)
        self.due_soon_box = _boxed(DUE_SOON_TITLE.format(0), self.due_soon_table)
        self.content = self._splitters()
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.busy_bar)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.message_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.content, 1)

    def _splitters(self) -> QSplitter:
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.addWidget(self.overdue_box)
        lists.addWidget(self.due_soon_box)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self._chart_box)
        bottom.addWidget(lists)
        whole = QSplitter(Qt.Orientation.Vertical)
        whole.addWidget(_boxed("Theo lĩnh vực cải cách", self.area_table))
        whole.addWidget(_boxed("Theo đơn vị chủ trì", self.lead_table))
        whole.addWidget(bottom)
        bottom.setSizes([600, 800])
        whole.setSizes([330, 250, 420])
        return whole

    def _count_view(self, model: CountTableModel) -> ChoosingTableView:
        view = ChoosingTableView()
        view.setModel(model)
        view.setWordWrap(True)
        view.horizontalHeader().setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        view.horizontalHeader().setMinimumSectionSize(56)
        return view

    def _due_view(self, model: DueTaskModel) -> ChoosingTableView:
        view = ChoosingTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Size columns from the first rows only: these lists can hold thousands of tasks.
        view.horizontalHeader().setResizeContentsPrecision(100)
        return view

    def _connect_signals(self) -> None:
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        for view in (self.area_table, self.lead_table, self.overdue_table, self.due_soon_table):
            view.chosen.connect(self._on_chosen)

    @property
    def chart_view(self) -> AreaChartView:
        """Return the chart by area, made the first time it is needed (QtCharts loads then)."""
        if self._chart_view is None:
            from carapp.ui.overview_chart import AreaChartView

            self._chart_view = AreaChartView()
            self._chart_view.tasks_chosen.connect(self.tasks_requested.emit)
            self._chart_layout.addWidget(self._chart_view)
        return self._chart_view

    @property
    def busy(self) -> bool:
        """Return whether a computation is running."""
        return self._busy

    @property
    def current(self) -> Overview | None:
        """Return the overview shown, None before the first one arrives."""
        return self._overview

    def refresh(self, plan_id: str, period: ReportingPeriod, as_of: date) -> None:
        """Compute the overview in the background; a newer request supersedes older ones."""
        self._request += 1
        self.title_label.setText(
            f"Tình hình thực hiện kỳ {period.label}, số liệu đến ngày {as_of:%d/%m/%Y}"
        )
        self._set_busy(True)
        self._pool.start(
            OverviewWorker(self._signals, self._request, self._engine, plan_id, period, as_of)
        )

    def wait(self, msecs: int = -1) -> bool:
        """Block until the running computation ends (for tests and benchmarks)."""
        return bool(self._pool.waitForDone(msecs))

    def _set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.content.setEnabled(not busy)
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def _on_finished(self, request: int, result: Overview) -> None:
        if request != self._request:
            return
        self._overview = result
        self.message_label.hide()
        self.empty_label.setVisible(result.total.total == 0)
        self.empty_label = QLabel(NO_TASKS_TEXT)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.area_model.set_rows(result.by_area, result.total)
        self.lead_model.set_rows(result.by_lead, result.total)
        for view in (self.area_table, self.lead_table):
            for column in range(1, view.model().columnCount()):
                view.resizeColumnToContents(column)
            view.resizeRowsToContents()
        for view in (self.overdue_table, self.due_soon_table):
            for column in (COL_NUMBER, COL_DUE_DATE, COL_SITUATION):
                view.resizeColumnToContents(column)
            view.setColumnWidth(COL_DUE_LEAD, 200)
        self.chart_view.set_rows(result.by_area)
        self.overdue_model.set_tasks(result.overdue, result.as_of)
        self.due_soon_model.set_tasks(result.due_soon, result.as_of)
        self.overdue_box.setTitle(OVERDUE_TITLE.format(len(result.overdue)))
        self.due_soon_box.setTitle(DUE_SOON_TITLE.format(len(result.due_soon)))
        self._set_busy(False)
        self.overview_ready.emit(result)

    def _on_failed(self, request: int, message: str) -> None:
        if request != self._request:
            return
        self.message_label.setText(f"{message}\nSố liệu đang hiện là của lần tính trước.")
        self.message_label.show()
        self._set_busy(False)
        self.failed.emit(message)

    def _on_chosen(self, index: QModelIndex) -> None:
        ids = index.model().ids_at(index)  # type: ignore[attr-defined]
        if ids:
            self.tasks_requested.emit(ids)

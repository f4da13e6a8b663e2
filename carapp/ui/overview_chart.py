"""The overview chart: one stacked bar per reform area, one colour per report category."""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from carapp.domain.areas import ReformArea
from carapp.services.overview import CATEGORIES, Category, CountRow, category_label
from carapp.ui.overview_colors import category_color

# Axis names short enough to stay readable; the full name is in the tooltip and the table.
SHORT_AREA = {
    ReformArea.INSTITUTIONS: "Thể chế",
    ReformArea.PROCEDURES: "Thủ tục hành chính",
    ReformArea.ORGANISATION: "Tổ chức bộ máy",
    ReformArea.CIVIL_SERVICE: "Chế độ công vụ",
    ReformArea.PUBLIC_FINANCE: "Tài chính công",
    ReformArea.DIGITAL_GOVERNMENT: "Chính quyền số",
    ReformArea.DIRECTION: "Chỉ đạo điều hành",
    ReformArea.OTHER: "Nội dung khác",
}

# A bar set is known by its label: PySide may hand back a new wrapper for the same set.
_BY_LABEL: dict[str, Category] = {category_label(c): c for c in CATEGORIES}


class AreaChartView(QChartView):
    """Stacked horizontal bars of task counts per area; a click on a segment names its tasks."""

    tasks_chosen = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        chart = QChart()
        chart.setTitle("Số nhiệm vụ theo lĩnh vực cải cách")
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self._rows: list[CountRow] = []

    def set_rows(self, rows: list[CountRow]) -> None:
        """Draw one bar per area row, first area at the top."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        # Horizontal bars grow upwards from the first category: reverse to read top-down.
        self._rows = list(reversed(rows))
        series = QHorizontalStackedBarSeries()
        for category in CATEGORIES:
            bar_set = QBarSet(category_label(category))
            bar_set.setColor(category_color(category))
            bar_set.setBorderColor(category_color(category))
            bar_set.append([row.count(category) for row in self._rows])
            series.append(bar_set)
        series.clicked.connect(self._on_clicked)
        series.hovered.connect(self._on_hovered)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([SHORT_AREA.get(r.area, r.label) if r.area else r.label for r in self._rows])
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        # Whole numbers only, about ten ticks at most.
        step = max(1, math.ceil(max([r.total for r in rows] + [1]) / 10))
        counts.setRange(0, step * math.ceil(max([r.total for r in rows] + [1]) / step))
        counts.setTickType(QValueAxis.TickType.TicksDynamic)
        counts.setTickAnchor(0)
        counts.setTickInterval(step)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(counts)

    def bar_sets(self) -> list[QBarSet]:
        """Return the bar sets drawn, one per category in CATEGORIES order."""
        series = self.chart().series()
        return series[0].barSets() if series else []  # type: ignore[attr-defined]

    def ids_at(self, bar_index: int, bar_set: QBarSet) -> list[str]:
        """Return the ids of the tasks a segment stands for."""
        return list(self._rows[bar_index].ids(_BY_LABEL[bar_set.label()]))

    def _on_clicked(self, bar_index: int, bar_set: QBarSet) -> None:
        ids = self.ids_at(bar_index, bar_set)
        if ids:
            self.tasks_chosen.emit(ids)

    def _on_hovered(self, status: bool, bar_index: int, bar_set: QBarSet) -> None:
        if not status:
            QToolTip.hideText()
            return
        row = self._rows[bar_index]
        text = f"{row.label}\n{bar_set.label()}: {row.count(_BY_LABEL[bar_set.label()])}"
        QToolTip.showText(QCursor.pos(), text, self)

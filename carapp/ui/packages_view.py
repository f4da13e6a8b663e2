"""Gói đã gửi: the unit's report packages and their receipts; receipts and assignments come in."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp.domain.periods import parse_period
from carapp.services.sync.assignment_import import import_assignments
from carapp.services.sync.package_list import PackageView, list_packages
from carapp.services.sync.receipts import import_receipt
from carapp.services.sync.results import ALREADY, REJECTED, ImportResult
from carapp.ui.sync_text import local_time, verdict
from carapp.ui.workers import Jobs

ModelIndex = QModelIndex | QPersistentModelIndex
COL_PERIOD, COL_SEQUENCE, COL_CREATED, COL_FILE, COL_RECEIPT = range(5)
HEADERS = ("Kỳ báo cáo", "Số gói", "Lập lúc", "Tệp", "Biên nhận của thành phố")
NO_RECEIPT = "Chưa có biên nhận"
FOLDER_SETTING = "sync/receipt-folder"
ZIP_FILTER = "Gói .zip (*.zip);;Tất cả các tệp (*)"
_DISPLAY = Qt.ItemDataRole.DisplayRole


def receipt_label(package: PackageView) -> str:
    """Return "Đã nhận lúc dd/mm/yyyy HH:MM", a refusal, or "Chưa có biên nhận"."""
    if package.receipt_at is None:
        return NO_RECEIPT
    if package.verification.startswith("Thành phố từ chối"):
        return f"Thành phố từ chối lúc {local_time(package.receipt_at)}"
    return f"Đã nhận lúc {local_time(package.receipt_at)}"


def _period_label(code: str) -> str:
    try:
        return parse_period(code).label
    except ValueError:
        return code


class SentPackagesModel(QAbstractTableModel):
    """The report packages this unit sent, newest first, with the city's receipt."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._packages: list[PackageView] = []

    def set_packages(self, packages: list[PackageView]) -> None:
        """Show these packages (report packages only)."""
        self.beginResetModel()
        self._packages = [p for p in packages if p.kind == "report"]
        self.endResetModel()

    def package_at(self, row: int) -> PackageView:
        """Return the package of a row."""
        return self._packages[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._packages)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        package, column = self._packages[index.row()], index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return package.verification if column == COL_RECEIPT else package.file_name
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_SEQUENCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != _DISPLAY:
            return None
        return (
            _period_label(package.period),
            package.sequence,
            local_time(package.created_at),
            package.file_name,
            receipt_label(package),
        )[column]


class PackagesDialog(QDialog):
    """The packages sent, "Nhập biên nhận…" and "Nhập nhiệm vụ thành phố giao…"."""

    send_requested = Signal()
    assignments_imported = Signal()

    def __init__(
        self, engine: Engine, settings: QSettings, who: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Gói báo cáo đã gửi, biên nhận và nhiệm vụ được giao")
        self._engine, self._settings, self._who = engine, settings, who
        self._jobs = Jobs(self)
        self.model = SentPackagesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.send_button = QPushButton("Gửi báo cáo…")
        self.receipt_button = QPushButton("Nhập biên nhận…")
        self.assignments_button = QPushButton("Nhập nhiệm vụ thành phố giao…")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout()
        self.send_button.clicked.connect(self.send_requested)
        self.receipt_button.clicked.connect(self._choose_receipt)
        self.assignments_button.clicked.connect(self._choose_assignments)
        self.refresh()

    def _layout(self) -> None:
        actions = QHBoxLayout()
        for button in (self.send_button, self.receipt_button, self.assignments_button):
            actions.addWidget(button)
        actions.addStretch()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Các gói báo cáo đơn vị đã lập và gửi thành phố:"))
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def refresh(self) -> None:
        """Read the packages sent again."""
        self.model.set_packages(list_packages(self._engine, "out"))
        header = self.table.horizontalHeader()
        for column in (COL_PERIOD, COL_SEQUENCE, COL_CREATED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeColumnToContents(COL_FILE)

    def _choose(self, caption: str) -> str:
        folder = str(self._settings.value(FOLDER_SETTING, "") or Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, caption, folder, ZIP_FILTER)
        if chosen:
            self._settings.setValue(FOLDER_SETTING, str(Path(chosen).parent))
        return chosen

    def _choose_receipt(self) -> None:
        path = self._choose("Chọn tệp biên nhận của thành phố (BIEN-NHAN_….zip)")
        if path:
            self.import_receipt_file(path)

    def _choose_assignments(self) -> None:
        path = self._choose("Chọn gói giao nhiệm vụ của thành phố (GIAO-NHIEM-VU_….zip)")
        if path:
            self.import_assignments_file(path)

    def import_receipt_file(self, path: str) -> None:
        """Check and import the city's receipt off the GUI thread."""
        engine = self._engine
        self._run("Đang kiểm tra biên nhận…", lambda: import_receipt(engine, path), False)

    def import_assignments_file(self, path: str) -> None:
        """Check and import the city's assignments off the GUI thread."""
        engine, who = self._engine, self._who
        self._run(
            "Đang kiểm tra gói giao nhiệm vụ…",
            lambda: import_assignments(engine, path, who=who),
            True,
        )

    def _run(self, busy: str, work: Any, assignments: bool) -> None:
        self._set_busy(True)
        self.message.setText(busy)
        self._jobs.start(work, lambda result: self._on_result(result, assignments), self._on_failed)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.receipt_button, self.assignments_button):
            button.setEnabled(not busy)

    def _on_result(self, result: ImportResult, assignments: bool) -> None:
        self._set_busy(False)
        name = html.escape(result.path.name)
        if result.status == REJECTED:
            self.message.setText(f"✗ <b>{name}</b>: {html.escape(verdict(result))}")
        elif result.status == ALREADY:
            self.message.setText(f"• <b>{name}</b>: {html.escape(result.reason)}")
        else:
            signer = html.escape(verdict(result))
            self.message.setText(f"✓ <b>{name}</b>: {html.escape(result.reason)}<br>{signer}")
        self.refresh()
        if assignments and result.status != REJECTED:
            self.assignments_imported.emit()

    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self.message.setText(f"✗ Không nhập được: {html.escape(message)}")

    def wait(self) -> bool:
        """Wait for a running import (tests, closing)."""
        return self._jobs.wait(60_000)

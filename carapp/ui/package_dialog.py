"""Gửi báo cáo: a unit builds its signed report package for a period, off the GUI thread."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp.domain.periods import ReportingPeriod
from carapp.services.sync.report_package import BuiltPackage, build_report_package
from carapp.services.sync.setup import sync_settings
from carapp.ui.key_fields import KeyFields, PathField
from carapp.ui.status_style import WARNING_STYLE
from carapp.ui.workers import Jobs

KEY_SETTING = "sync/unit-key-file"
FOLDER_SETTING = "sync/package-folder"


class _Progress(QObject):
    """Carries progress from the worker thread to the GUI thread (queued signal)."""

    changed = Signal(int, int)


class PackageDialog(QDialog):
    """Choose the period, the key and where to write; build the package; say what was written."""

    built = Signal(str)  # the package's path

    def __init__(
        self,
        engine: Engine,
        periods: list[ReportingPeriod],
        period: ReportingPeriod,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Gửi báo cáo cho thành phố")
        self._engine, self._settings = engine, settings
        self._jobs = Jobs(self)
        self._progress = _Progress(self)
        self._folder_written: Path | None = None
        own = sync_settings(engine)
        self.from_unit = QLabel()
        self.from_unit.setWordWrap(True)
        self.period = QComboBox()
        self.period.setAccessibleName("Kỳ báo cáo")
        for p in periods:
            self.period.addItem(p.label, p)
        self.period.setCurrentIndex(periods.index(period) if period in periods else 0)
        self.key = KeyFields(tokens=True)
        self.key.key_file.set_path(str(settings.value(KEY_SETTING, "") or own.key_file))
        self.folder = PathField("folder", "Thư mục lưu gói")
        self.folder.set_path(str(settings.value(FOLDER_SETTING, "") or Path.home()))
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.open_folder = QPushButton("Mở thư mục")
        self.open_folder.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.build_button = self.buttons.addButton(
            "Lập gói", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self._show_sender(own.own_unit_code, own.own_unit_name, own.is_city)
        self._layout()
        self._connect_signals()
        self.key.focus_first_empty()

    def _show_sender(self, code: str, name: str, is_city: bool) -> None:
        if is_city or not code:
            why = "đang ở chế độ thành phố" if is_city else "chưa đặt mã đơn vị"
            self.from_unit.setText(
                f"Cơ sở dữ liệu này {why}: chọn Tệp → Chế độ làm việc… để đặt đơn vị gửi báo cáo."
            )
            self.from_unit.setStyleSheet(WARNING_STYLE)
            self.build_button.setEnabled(False)
            return
        self.from_unit.setText(
            f"Đơn vị gửi: <b>{code} — {name}</b>. Gói gồm dữ liệu, phụ lục và báo cáo của kỳ, "
            "ký số bằng tệp khóa của đơn vị; mang gói đến thành phố bằng USB hoặc thư điện tử."
        )

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("&Kỳ báo cáo:", self.period)
        self.key.add_to(form)
        form.addRow("&Lưu gói vào thư mục:", self.folder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.from_unit)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.open_folder)
        layout.addWidget(self.buttons)
        self.resize(680, self.sizeHint().height())

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.start_build)
        self.buttons.rejected.connect(self.reject)
        self.open_folder.clicked.connect(self._open_folder)
        self._progress.changed.connect(self._on_progress)

    def start_build(self) -> None:
        """Build the package off the GUI thread, showing progress."""
        problem = self.key.problem() or ("" if self.folder.path() else "Hãy chọn thư mục lưu gói.")
        if problem:
            self.message.setText(problem)
            return
        engine, period = self._engine, self.period.currentData()
        open_signer = self.key.signer_opener()
        folder = Path(self.folder.path())
        emit = self._progress.changed.emit

        def work() -> BuiltPackage:
            signer = open_signer()
            return build_report_package(engine, period, signer, folder, progress=emit)

        self.build_button.setEnabled(False)
        self.open_folder.setVisible(False)
        self.bar.setRange(0, 0)
        self.bar.setVisible(True)
        self.message.setText(f"Đang lập gói báo cáo {period.label}…")
        self._jobs.start(work, self._on_built, self._on_failed)

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _on_built(self, built: BuiltPackage) -> None:
        self.build_button.setEnabled(True)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.key.forget_passphrase()
        self._settings.setValue(KEY_SETTING, self.key.key_file.path())
        self._settings.setValue(FOLDER_SETTING, str(built.path.parent))
        self._folder_written = built.path.parent
        self.message.setText(
            f"Đã lập gói báo cáo {self.period.currentText()}, số {built.sequence}: "
            f"<b>{html.escape(built.path.name)}</b><br>Lưu tại: {html.escape(str(built.path.parent))}"
        )
        self.open_folder.setVisible(True)
        self.built.emit(str(built.path))

    def _on_failed(self, message: str) -> None:
        self.build_button.setEnabled(True)
        self.bar.setVisible(False)
        self.message.setText(f"Không lập được gói: {html.escape(message)}")

    def _open_folder(self) -> None:
        folder = self._folder_written or Path(self.folder.path())
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def wait(self) -> bool:
        """Wait for a running build (tests, closing)."""
        return self._jobs.wait(60_000)

"""The export dialog: document, period, format, destination; progress; open the folder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp.domain.periods import ReportingPeriod
from carapp.services.exporting import (
    DOCUMENT_LABELS,
    Format,
    default_file_name,
    export_document,
)
from carapp.ui import confirm
from carapp.ui.workers import Jobs


class _Progress(QObject):
    """Carries progress from the export thread to the GUI thread (queued signal)."""

    changed = Signal(int, int)


class ExportDialog(QDialog):
    """Export the plan's appendix or a period's progress report as PDF or Excel."""

    exported = Signal(str)

    def __init__(
        self,
        engine: Engine,
        plan_id: str,
        periods: list[ReportingPeriod],
        period: ReportingPeriod,
        *,
        folder: Path | None = None,
        as_of: Callable[[ReportingPeriod], date | None] = lambda _p: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Xuất phụ lục, báo cáo")
        self._engine, self._plan_id, self._as_of = engine, plan_id, as_of
        self._folder = folder or Path.home()
        self._jobs = Jobs(self)
        self._progress = _Progress(self)
        self.document = QComboBox()
        for key, label in DOCUMENT_LABELS.items():
            self.document.addItem(label, key)
        self.period = QComboBox()
        for p in periods:
            self.period.addItem(p.label, p)
        self.period.setCurrentIndex(max(0, periods.index(period) if period in periods else 0))
        self.pdf, self.xlsx = QRadioButton("PDF (để in, ký)"), QRadioButton("Excel (.xlsx)")
        self.pdf.setChecked(True)
        self.destination = QLineEdit()
        self.destination.setAccessibleName("Tệp kết quả")
        browse = QPushButton("Chọn…")
        browse.clicked.connect(self._browse)
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.open_folder = QPushButton("Mở thư mục")
        self.open_folder.setVisible(False)
        self.open_folder.clicked.connect(self._open_folder)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("Xuất", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        self._layout(browse)
        self._connect_signals()
        self._update_name()

    def _layout(self, browse: QPushButton) -> None:
        formats = QHBoxLayout()
        formats.addWidget(self.pdf)
        formats.addWidget(self.xlsx)
        formats.addStretch()
        target = QHBoxLayout()
        target.addWidget(self.destination, 1)
        target.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Tài liệu:", self.document)
        form.addRow("&Kỳ báo cáo:", self.period)
        form.addRow("Định dạng:", formats)
        form.addRow("&Lưu vào:", target)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.open_folder)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    def _connect_signals(self) -> None:
        self.document.currentIndexChanged.connect(self._update_name)
        self.period.currentIndexChanged.connect(self._update_name)
        self.pdf.toggled.connect(self._update_name)
        self._progress.changed.connect(self._on_progress)

    def _fmt(self) -> Format:
        return "pdf" if self.pdf.isChecked() else "xlsx"

    def _update_name(self) -> None:
        document = self.document.currentData()
        self.period.setEnabled(document == "report")
        name = default_file_name(document, self._fmt(), self.period.currentData())
        current = Path(self.destination.text()) if self.destination.text() else self._folder / name
        self.destination.setText(str(current.parent / name))

    def _browse(self) -> None:
        fmt = self._fmt()
        filters = "PDF (*.pdf)" if fmt == "pdf" else "Excel (*.xlsx)"
        chosen, _ = QFileDialog.getSaveFileName(self, "Lưu tệp", self.destination.text(), filters)
        if chosen:
            self.destination.setText(chosen if chosen.endswith(f".{fmt}") else f"{chosen}.{fmt}")

    def start_export(self) -> None:
        """Write the file off the GUI thread, showing progress."""
        target = self._target()
        if target is None:
            return
        document, fmt, period = self.document.currentData(), self._fmt(), self.period.currentData()
        engine, plan_id, as_of = self._engine, self._plan_id, self._as_of(period)
        emit = self._progress.changed.emit
        self.export_button.setEnabled(False)
        self.bar.setRange(0, 0)
        self.bar.setVisible(True)
        self.open_folder.setVisible(False)
        self.message.setText("Đang xuất…")
        self._jobs.start(
            lambda: export_document(engine, document, plan_id, fmt, target, period, as_of, emit),
            lambda _result: self._on_done(target),
            self._on_failed,
        )

    def _target(self) -> Path | None:
        """Return the file to write (suffix as the format), None when refused or not confirmed."""
        text = self.destination.text().strip()
        if not text or not Path(text).name:
            self.message.setText("Hãy chọn nơi lưu tệp.")
            return None
        target = Path(text).expanduser()
        suffix = f".{self._fmt()}"
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
            self.destination.setText(str(target))
        if not target.parent.is_dir():
            self.message.setText(f"Không có thư mục “{target.parent}”: hãy chọn thư mục có sẵn.")
            return None
        if target.is_dir():
            self.message.setText(f"“{target}” là một thư mục: hãy đặt tên tệp.")
            return None
        if target.exists() and not confirm.ask(
            self, "Ghi đè tệp", f"Tệp “{target.name}” đã có.",
            f"Thư mục: {target.parent}\nGhi đè thì nội dung cũ của tệp bị thay thế.",
            "Ghi đè", "Không ghi",
        ):  # fmt: skip
            self.message.setText("Chưa ghi gì: hãy đặt tên khác hoặc chọn ghi đè.")
            return None
        return target

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _on_done(self, target: Path) -> None:
        self.export_button.setEnabled(True)
        self.bar.setVisible(False)
        self.message.setText(f"Đã ghi {target}")
        self.open_folder.setVisible(True)
        self.exported.emit(str(target))

    def _on_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.bar.setVisible(False)
        self.message.setText(f"Không xuất được: {message}")

    def _open_folder(self) -> None:
        folder = Path(self.destination.text()).parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def wait(self) -> bool:
        """Wait for a running export (tests, closing)."""
        return self._jobs.wait()

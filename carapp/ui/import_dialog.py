"""The import dialog: choose a file, preview what was read, decide, then apply all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp.domain.periods import ReportingPeriod
from carapp.importers import ImportFailure
from carapp.services.common import ServiceError, current_user
from carapp.services.importing import (
    AppendixPreview,
    Choice,
    apply_appendix,
    preview_appendix,
)
from carapp.services.importing_report import (
    ReportPreview,
    apply_report,
    apply_report_as_new_plan,
    preview_report,
)
from carapp.services.units import list_units
from carapp.ui.import_models import AppendixPreviewModel, ReportPreviewModel
from carapp.ui.workers import Jobs

FILTER = "Word, Excel (*.docx *.xlsx);;Tất cả các tệp (*)"


class ImportDialog(QDialog):
    """Bring an appendix or a progress report in from a .docx/.xlsx file."""

    imported = Signal(str)  # the plan id that changed

    def __init__(
        self,
        engine: Engine,
        plan_id: str | None,
        periods: list[ReportingPeriod],
        period: ReportingPeriod,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nhập phụ lục, báo cáo từ Word/Excel")
        self._engine, self._plan_id = engine, plan_id
        self._jobs = Jobs(self)
        self._preview: AppendixPreview | ReportPreview | None = None
        self._model: AppendixPreviewModel | ReportPreviewModel | None = None
        self.file = QLineEdit()
        self.file.setAccessibleName("Tệp cần nhập")
        self.browse = QPushButton("Chọn tệp…")
        self.appendix_kind = QRadioButton("Phụ lục (danh mục nhiệm vụ)")
        self.report_kind = QRadioButton("Báo cáo tiến độ của một kỳ")
        self.appendix_kind.setChecked(True)
        self.new_plan = QCheckBox("Tạo kế hoạch mới từ các dòng của báo cáo")
        self.new_plan.setChecked(plan_id is None)
        self.new_plan.setEnabled(False)
        self.document_period = QLabel("—")
        self.document_period.setWordWrap(True)
        self.read_button = QPushButton("Đọc tệp")
        self.table = QTableView()
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.issues = QListWidget()
        self.issues.setMaximumHeight(110)
        self.owner = QComboBox()
        for unit in list_units(engine):
            self.owner.addItem(f"{unit.code} — {unit.name}", unit.code)
        self.title = QLineEdit()
        self.title.setPlaceholderText("Để trống: “Kế hoạch cải cách hành chính giai đoạn …”")
        self.period = QComboBox()
        for p in periods:
            self.period.addItem(p.label, p)
        if period in periods:
            self.period.setCurrentIndex(periods.index(period))
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("Nhập", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(False)
        self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self._layout()
        self._connect_signals()
        self.hint = QLabel("Chọn tệp .docx hoặc .xlsx rồi bấm “Đọc tệp”: chưa có gì được ghi.")
        self.hint.setParent(self.table.viewport())
        self.hint.setWordWrap(True)
        self.hint.move(12, 12)
        self.hint.resize(600, 40)
        if self.owner.count() == 0:
            self.message.setText(
                "Chưa có đơn vị nào làm chủ kế hoạch mới: hãy thiết lập đơn vị của tôi ở trang "
                "đầu (hoặc Tệp → Đơn vị của tôi…), rồi nhập phụ lục."
            )

    def _layout(self) -> None:
        source = QHBoxLayout()
        source.addWidget(self.file, 1)
        source.addWidget(self.browse)
        kinds = QHBoxLayout()
        kinds.addWidget(self.appendix_kind)
        kinds.addWidget(self.report_kind)
        kinds.addWidget(self.new_plan)
        kinds.addStretch()
        kinds.addWidget(self.read_button)
        self.form = QFormLayout()
        self.form.addRow("Đơn vị sở hữu kế hoạch mới:", self.owner)
        self.form.addRow("Tên kế hoạch mới:", self.title)
        self.form.addRow("Kỳ ghi trong tệp:", self.document_period)
        self.form.addRow("Ghi vào kỳ:", self.period)
        layout = QVBoxLayout(self)
        layout.addLayout(source)
        layout.addLayout(kinds)
        layout.addWidget(QLabel("Nội dung đọc được:"))
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("Cảnh báo:"))
        layout.addWidget(self.issues)
        layout.addLayout(self.form)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(1000, 700)

    def _connect_signals(self) -> None:
        self.browse.clicked.connect(self._browse)
        self.read_button.clicked.connect(self.read_file)
        self.report_kind.toggled.connect(self._on_kind)
        self._on_kind(self.report_kind.isChecked())
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Chọn tệp", self.file.text(), FILTER)
        if chosen:
            self.file.setText(chosen)
            self.read_file()

    def _on_kind(self, report: bool) -> None:
        # Without a plan open, a report can only make a new plan.
        self.new_plan.setEnabled(report and self._plan_id is not None)
        # Periods and "new plan from the report" only mean something for a report.
        self.new_plan.setVisible(report)
        self.form.setRowVisible(self.document_period, report)
        self.form.setRowVisible(self.period, report)

    def _busy(self, text: str) -> None:
        self.bar.setRange(0, 0)
        self.bar.setVisible(True)
        self.message.setText(text)
        self.apply_button.setEnabled(False)
        self.read_button.setEnabled(False)

    def _idle(self, text: str) -> None:
        self.bar.setVisible(False)
        self.message.setText(text)
        self.read_button.setEnabled(True)

    def read_file(self) -> None:
        """Read and preview the file off the GUI thread; nothing is written."""
        path = Path(self.file.text().strip())
        engine, report = self._engine, self.report_kind.isChecked()
        plan_id = None if self.new_plan.isChecked() else self._plan_id
        self._busy("Đang đọc tệp…")

        def work() -> AppendixPreview | ReportPreview:
            if report:
                return preview_report(engine, path, plan_id)
            return preview_appendix(engine, path)

        self._jobs.start(_guarded(work), self._on_preview, self._on_failed)

    def _on_preview(self, preview: AppendixPreview | ReportPreview) -> None:
        self._preview = preview
        if isinstance(preview, AppendixPreview):
            self._model = AppendixPreviewModel(preview, self)
            new_plan = preview.plan_id is None
            summary = (
                f"Đọc được {len(preview.source.tasks)} nhiệm vụ: thêm mới {len(preview.new_tasks)}, "
                f"sửa {len(preview.changes)} nội dung"
                + (
                    f", {len(preview.conflicts)} xung đột cần quyết định"
                    if preview.conflicts
                    else ""
                )
                + (" — sẽ tạo kế hoạch mới." if new_plan else ".")
            )
            self.owner.setEnabled(new_plan)
            self.title.setEnabled(new_plan)
            self.period.setEnabled(False)
        else:
            self._model = ReportPreviewModel(preview, self)
            summary = _report_summary(preview)
            self.owner.setEnabled(preview.plan_id is None)
            self.title.setEnabled(preview.plan_id is None)
            self.period.setEnabled(True)
            source = preview.source
            self.document_period.setText(
                f"{source.period.label} (“{source.period_line}”)"
                if source.period
                else "tệp không ghi kỳ báo cáo"
            )
        self._model.dataChanged.connect(self._update_apply)
        self.hint.hide()
        self.table.setModel(self._model)
        self.table.setColumnWidth(2, 380)
        self.table.resizeRowsToContents()
        self.issues.clear()
        for issue in preview.source.issues:
            self.issues.addItem(f"{issue.where}: {issue.message}")
        self._idle(summary)
        self._update_apply()

    def _update_apply(self) -> None:
        ready = self._model is not None
        if isinstance(self._model, AppendixPreviewModel) and self._model.undecided():
            ready = False
            self.message.setText(
                f"Còn {self._model.undecided()} nội dung bị sửa ở cả hai nơi: đánh dấu “Lấy từ tệp” "
                "hoặc bỏ dấu để giữ nội dung trong máy."
            )
        self.apply_button.setEnabled(ready)

    def apply(self) -> None:
        """Apply everything shown in one transaction, off the GUI thread."""
        work = self._apply_work()
        if work is not None:
            self._busy("Đang nhập…")
            self._jobs.start(_guarded(work), self._on_applied, self._on_failed)

    def _apply_work(self) -> Callable[[], str] | None:
        preview, model = self._preview, self._model
        engine, who = self._engine, current_user()
        if isinstance(preview, AppendixPreview) and isinstance(model, AppendixPreviewModel):
            choices: dict[tuple[str, str], Choice] = {
                k: ("file" if v else "database") for k, v in model.choices.items()
            }
            owner, title = self.owner.currentData() or "", self.title.text().strip()

            def run_appendix() -> str:
                result = apply_appendix(
                    engine, who, preview, choices=choices, owner_code=owner, title=title
                )
                return result.plan_id

            return run_appendix
        if isinstance(preview, ReportPreview) and isinstance(model, ReportPreviewModel):
            period = self._period_for(preview)
            if period is None:
                return None
            selection, allow = set(model.selection), period != preview.source.period
            owner, title = self.owner.currentData() or "", self.title.text().strip()

            def run_report() -> str:
                if preview.plan_id is None:
                    return apply_report_as_new_plan(
                        engine, who, preview, period, owner_code=owner, title=title,
                        allow_period_mismatch=allow,
                    ).plan_id  # fmt: skip
                apply_report(engine, who, preview, period, selection, allow_period_mismatch=allow)
                return preview.plan_id

            return run_report
        return None

    def _period_for(self, preview: ReportPreview) -> ReportingPeriod | None:
        """Return the period to record into, asking when the file names another; None: cancel."""
        chosen: ReportingPeriod = self.period.currentData()
        document = preview.source.period
        if document is None or document == chosen:
            return chosen
        answer = self.ask_period(document, chosen)
        if answer is None:
            self.message.setText(
                f"Chưa nhập gì: tệp là báo cáo kỳ {document.label}, "
                f"còn kỳ đang chọn là {chosen.label}."
            )
        return answer

    def ask_period(
        self, document: ReportingPeriod, chosen: ReportingPeriod
    ) -> ReportingPeriod | None:
        """Ask which period a report of another period goes into; None when the user cancels."""
        box = QMessageBox(QMessageBox.Icon.Question, "Kỳ báo cáo khác nhau", "", parent=self)
        box.setText(
            f"Tệp là báo cáo kỳ {document.label}, nhưng đang chọn ghi vào kỳ {chosen.label}."
        )
        box.setInformativeText("Ghi tiến độ trong tệp vào kỳ nào?")
        in_file = box.addButton(
            f"Kỳ {document.label} (theo tệp)", QMessageBox.ButtonRole.AcceptRole
        )
        selected = box.addButton(
            f"Kỳ {chosen.label} (đang chọn)", QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton("Hủy", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(in_file)
        box.exec()
        clicked = box.clickedButton()
        return document if clicked is in_file else chosen if clicked is selected else None

    def _on_applied(self, plan_id: str) -> None:
        self._idle("Đã nhập xong. Mọi thay đổi đã được lưu.")
        self._preview, self._model = None, None
        self.table.setModel(None)
        self.imported.emit(plan_id)

    def _on_failed(self, message: str) -> None:
        self._idle(f"Không nhập được (chưa ghi gì): {message}")
        self._update_apply()

    def wait(self) -> bool:
        """Wait for running work (tests, closing)."""
        return self._jobs.wait()


def _report_summary(preview: ReportPreview) -> str:
    """Return the line under a report's preview: rows read, and matched or new tasks."""
    if preview.plan_id is None:
        return (
            f"Đọc được {len(preview.matches)} dòng — sẽ tạo kế hoạch mới "
            f"với {len(preview.matches)} nhiệm vụ."
        )
    matched = len(preview.default_selection())
    return f"Đọc được {len(preview.matches)} dòng; ghép được {matched} nhiệm vụ."


def _guarded(work: Any) -> Any:
    """Turn a reader's ImportFailure into the ServiceError the worker reports."""

    def run() -> Any:
        try:
            return work()
        except ImportFailure as exc:
            raise ServiceError(str(exc)) from exc

    return run

"""Small dialogs of the city tab: the key that signs receipts, due dates, one unit's tasks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp.domain.periods import PeriodKind, ReportingPeriod
from carapp.services.common import ServiceError
from carapp.services.sync.city import unit_tasks
from carapp.services.sync.due_dates import due_dates, set_due_date
from carapp.services.sync.setup import sync_settings
from carapp.services.tasks import TaskView
from carapp.ui.city_models import UnitTaskModel
from carapp.ui.key_fields import KeyFields, PathField
from carapp.ui.status_style import WARNING_STYLE
from carapp.ui.workers import Jobs

CITY_KEY_SETTING = "sync/city-key-file"
RECEIPTS_SETTING = "sync/receipts-folder"
KIND_LABELS = {
    PeriodKind.Q1: "Báo cáo quý I",
    PeriodKind.H1: "Báo cáo 6 tháng",
    PeriodKind.Q3: "Báo cáo quý III",
    PeriodKind.YEAR: "Báo cáo năm",
}


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ImportKeyDialog(QDialog):
    """Ask once per import for the city's key (to sign receipts) and the receipts folder."""

    def __init__(
        self, engine: Engine, settings: QSettings, files: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nhập gói báo cáo — khóa ký biên nhận")
        self._settings = settings
        own = sync_settings(engine)
        self.key = KeyFields("Tệp khóa ký của thành phố")
        self.key.key_file.set_path(str(settings.value(CITY_KEY_SETTING, "") or own.key_file))
        self.receipts = PathField("folder", "Thư mục ghi biên nhận")
        self.receipts.set_path(str(settings.value(RECEIPTS_SETTING, "") or ""))
        self.receipts.edit.setPlaceholderText("Để trống: ghi biên nhận cạnh mỗi gói")
        self.message = QLabel()
        self.message.setWordWrap(True)
        what = QLabel(
            f"Sẽ kiểm tra {files} mục đã chọn. Với mỗi gói hợp lệ, thành phố ký một biên nhận "
            "để gửi lại đơn vị. Mật khẩu chỉ dùng cho lần nhập này, không được lưu."
        )
        what.setWordWrap(True)
        form = QFormLayout()
        self.key.add_to(form)
        form.addRow("Ghi &biên nhận vào:", self.receipts)
        self.buttons = _buttons(self, "Nhập")
        self.buttons.accepted.connect(self._accept)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(680, self.sizeHint().height())
        self.key.focus_first_empty()

    def _accept(self) -> None:
        problem = self.key.problem()
        if problem:
            self.message.setText(problem)
            return
        self._settings.setValue(CITY_KEY_SETTING, self.key.key_file.path())
        self._settings.setValue(RECEIPTS_SETTING, self.receipts.path())
        self.accept()

    def values(self) -> tuple[str, str, str]:
        """Return the key file, its passphrase and the receipts folder ('' = beside each)."""
        key_file, passphrase = self.key.values()
        return key_file, passphrase, self.receipts.path()


class DueDatesDialog(QDialog):
    """Edit the day each kind of report is due at the city ("18/3")."""

    changed = Signal()

    def __init__(self, engine: Engine, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hạn nộp báo cáo của các đơn vị")
        self._engine, self._who = engine, who
        self.edits: dict[PeriodKind, QLineEdit] = {}
        form = QFormLayout()
        for kind, (month, day) in due_dates(engine).items():
            edit = QLineEdit(f"{day}/{month}")
            edit.setAccessibleName(f"Hạn nộp {KIND_LABELS[kind].lower()}")
            edit.setPlaceholderText("ngày/tháng, ví dụ 18/3")
            self.edits[kind] = edit
            form.addRow(f"{KIND_LABELS[kind]}:", edit)
        self.message = QLabel("Viết ngày/tháng, ví dụ 18/3. Báo cáo nhận sau ngày này là muộn.")
        self.message.setWordWrap(True)
        self.buttons = _buttons(self, "Lưu")
        self.buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        """Save every due date that changed; stop at the first one that is not a date."""
        current = due_dates(self._engine)
        try:
            for kind, edit in self.edits.items():
                month, day = current[kind]
                if edit.text().strip() != f"{day}/{month}":
                    set_due_date(self._engine, self._who, kind, edit.text())
        except (ValueError, ServiceError) as exc:
            self.message.setText(str(exc))
            self.changed.emit()
            return
        self.changed.emit()
        self.accept()


class UnitTasksDialog(QDialog):
    """One unit's tasks with their progress and status for the period (read-only)."""

    def __init__(
        self,
        engine: Engine,
        code: str,
        name: str,
        period: ReportingPeriod,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Nhiệm vụ của {name or code} — {period.label}")
        self._jobs = Jobs(self)
        self.model = UnitTaskModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(UnitTaskModel.COL_CONTENT, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel("Đang đọc nhiệm vụ…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(1200, 640)
        day = today()
        self._jobs.start(
            lambda: unit_tasks(engine, code, period, today=day), self._on_loaded, self._on_failed
        )

    def _on_loaded(self, tasks: list[TaskView]) -> None:
        self.model.set_rows(tasks)
        self.table.resizeRowsToContents()
        counted = [t for t in tasks if not t.is_heading]  # a group heading is not a task
        reported = sum(1 for t in counted if t.status is not None)
        self.message.setText(
            f"{len(counted)} nhiệm vụ; {reported} nhiệm vụ đã báo cáo tiến độ kỳ này. "
            "Nhiệm vụ của đơn vị chỉ thay đổi khi nhập gói báo cáo tiếp theo của đơn vị."
        )

    def _on_failed(self, message: str) -> None:
        self.message.setText(f"Không đọc được nhiệm vụ: {message}")
        self.message.setStyleSheet(WARNING_STYLE)

    def wait(self) -> bool:
        """Wait for the tasks to be read (tests, closing)."""
        return self._jobs.wait()

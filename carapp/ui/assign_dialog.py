"""Giao nhiệm vụ cho đơn vị: the city signs a package giving tasks of its plan to units."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp.services.plans import list_plans
from carapp.services.sync.assignment_publish import publish_assignments
from carapp.services.sync.keys import load_key
from carapp.services.sync.report_package import BuiltPackage
from carapp.services.sync.setup import sync_settings
from carapp.services.tasks import list_tasks
from carapp.services.units import list_units
from carapp.ui.city_dialogs import CITY_KEY_SETTING
from carapp.ui.key_fields import KeyFields, PathField
from carapp.ui.workers import Jobs

FOLDER_SETTING = "sync/assignments-folder"
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def checked(model: QStandardItemModel) -> list[str]:
    """Return the ids of the checked rows, in order."""
    return [
        str(model.item(row).data(ID_ROLE))
        for row in range(model.rowCount())
        if model.item(row).checkState() == Qt.CheckState.Checked
    ]


def _checkable(text: str, key: str, on: bool) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(key, ID_ROLE)
    item.setToolTip(text)
    item.setEditable(False)
    item.setCheckable(True)
    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
    return item


class AssignDialog(QDialog):
    """Choose a city plan's tasks and the units that must carry them out; sign; write the zip."""

    published = Signal(str)  # the package's path

    def __init__(
        self, engine: Engine, settings: QSettings, who: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Giao nhiệm vụ cho đơn vị")
        self._engine, self._settings, self._who = engine, settings, who
        self._jobs = Jobs(self)
        self._written: Path | None = None
        own = sync_settings(engine)
        self.plan = QComboBox()
        self.plan.setAccessibleName("Kế hoạch của thành phố")
        for p in list_plans(engine):
            if p.owner_code == own.own_unit_code and p.kind != "assignments":
                self.plan.addItem(f"{p.title} ({p.task_count} nhiệm vụ)", p.id)
        self.tasks, self.units = QStandardItemModel(self), QStandardItemModel(self)
        for unit in list_units(engine):
            if unit.code != own.own_unit_code:
                self.units.appendRow(_checkable(f"{unit.code} — {unit.name}", unit.code, False))
        self.task_list, self.unit_list = QListView(), QListView()
        self.task_list.setModel(self.tasks)
        self.unit_list.setModel(self.units)
        self.key = KeyFields("Tệp khóa ký của thành phố")
        self.key.key_file.set_path(str(settings.value(CITY_KEY_SETTING, "") or own.key_file))
        self.folder = PathField("folder", "Thư mục lưu gói giao nhiệm vụ")
        self.folder.set_path(str(settings.value(FOLDER_SETTING, "") or Path.home()))
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.open_folder = QPushButton("Mở thư mục")
        self.open_folder.setVisible(False)
        self.open_folder.clicked.connect(self._open_folder)
        self.buttons = QDialogButtonBox()
        self.publish_button = self.buttons.addButton(
            "Lập gói giao nhiệm vụ", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.start_publish)
        self.buttons.rejected.connect(self.reject)
        self.plan.currentIndexChanged.connect(self._load_tasks)
        self._layout()
        self._load_tasks()
        self.key.focus_first_empty()
        if self.plan.count() == 0:
            self.message.setText("Thành phố chưa có kế hoạch nào để giao nhiệm vụ.")
            self.publish_button.setEnabled(False)

    def _layout(self) -> None:
        lists = QGridLayout()
        for column, (text, view) in enumerate(
            (("&Nhiệm vụ giao:", self.task_list), ("Đơn &vị nhận:", self.unit_list))
        ):
            label = QLabel(text)
            label.setBuddy(view)
            lists.addWidget(label, 0, column)
        lists.addWidget(self.task_list, 1, 0)
        lists.addWidget(self.unit_list, 1, 1)
        lists.setColumnStretch(0, 3)
        lists.setColumnStretch(1, 2)
        form = QFormLayout()
        form.addRow("&Kế hoạch:", self.plan)
        keys = QFormLayout()
        self.key.add_to(keys)
        keys.addRow("&Lưu gói vào thư mục:", self.folder)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(lists, 1)
        layout.addLayout(keys)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.open_folder)
        layout.addWidget(self.buttons)
        self.resize(960, 620)

    def _load_tasks(self) -> None:
        self.tasks.clear()
        plan_id = self.plan.currentData()
        if plan_id is None:
            return
        for task in list_tasks(self._engine, plan_id):
            deadline = f" — hạn {task.deadline.text}" if task.deadline.text else ""
            self.tasks.appendRow(
                _checkable(f"{task.number}. {task.content}{deadline}", task.id, True)
            )

    def start_publish(self) -> None:
        """Sign and write the package off the GUI thread."""
        task_ids, codes = checked(self.tasks), checked(self.units)
        problem = (
            ("" if task_ids else "Hãy chọn ít nhất một nhiệm vụ.")
            or ("" if codes else "Hãy chọn ít nhất một đơn vị nhận nhiệm vụ.")
            or self.key.problem()
            or ("" if self.folder.path() else "Hãy chọn thư mục lưu gói.")
        )
        if problem:
            self.message.setText(problem)
            return
        engine, who, plan_id = self._engine, self._who, self.plan.currentData()
        key_file, passphrase = self.key.values()
        folder = Path(self.folder.path())

        def work() -> BuiltPackage:
            signer = load_key(key_file, passphrase)
            return publish_assignments(
                engine, plan_id, codes, signer, folder, task_ids=task_ids, who=who
            )

        self.publish_button.setEnabled(False)
        self.open_folder.setVisible(False)
        self.bar.setVisible(True)
        self.message.setText("Đang lập và ký gói giao nhiệm vụ…")
        self._jobs.start(work, lambda built: self._on_done(built, codes), self._on_failed)

    def _on_done(self, built: BuiltPackage, codes: list[str]) -> None:
        self.publish_button.setEnabled(True)
        self.bar.setVisible(False)
        self.key.forget_passphrase()
        self._settings.setValue(CITY_KEY_SETTING, self.key.key_file.path())
        self._settings.setValue(FOLDER_SETTING, str(built.path.parent))
        self._written = built.path.parent
        self.message.setText(
            f"Đã lập gói giao nhiệm vụ số {built.sequence} cho {', '.join(codes)}: "
            f"<b>{html.escape(built.path.name)}</b><br>Lưu tại: {html.escape(str(built.path.parent))}"
            "<br>Gửi tệp này cho các đơn vị; đơn vị chọn Tệp → Gói đã gửi, biên nhận… → "
            "Nhập nhiệm vụ thành phố giao…"
        )
        self.open_folder.setVisible(True)
        self.published.emit(str(built.path))

    def _on_failed(self, message: str) -> None:
        self.publish_button.setEnabled(True)
        self.bar.setVisible(False)
        self.message.setText(f"Không lập được gói giao nhiệm vụ: {html.escape(message)}")

    def _open_folder(self) -> None:
        folder = self._written or Path(self.folder.path())
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def wait(self) -> bool:
        """Wait for a running publication (tests, closing)."""
        return self._jobs.wait(60_000)

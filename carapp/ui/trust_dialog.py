"""Khóa và tin cậy: the city's keys (initialise, issue unit keys) and the trust store."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp.services.sync.keys import CityKeys, IssuedKey, init_city, issue_unit_key, load_key
from carapp.services.sync.setup import sync_settings as read_settings
from carapp.ui.key_fields import KeyFields, NewPassphrase, PathField
from carapp.ui.trust_list import TrustList, grouped
from carapp.ui.workers import Jobs

P12_FILTER = "Tệp khóa PKCS#12 (*.p12)"


def _line(text: str, name: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    return edit


class TrustDialog(QDialog):
    """City mode: make the city's keys, issue units' keys; any mode: the trust store."""

    changed = Signal()

    def __init__(self, engine: Engine, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Khóa và tin cậy")
        self._engine, self._who = engine, who
        self._jobs = Jobs(self)
        settings = read_settings(engine)
        self.trust = TrustList(engine, who)
        self.city_code = _line(settings.own_unit_code or "HP", "Mã đơn vị của thành phố")
        self.city_name = _line("Sở Nội vụ thành phố Hải Phòng", "Tên cơ quan thành phố")
        self.city_key = PathField("save", "Tệp khóa ký của thành phố sẽ ghi", P12_FILTER)
        self.city_key.set_path(str(Path.home() / "thanh-pho.p12"))
        self.city_pass = NewPassphrase()
        self.init_button = QPushButton("Khởi tạo khóa của thành phố")
        self.initialised = QLabel()
        self.initialised.setWordWrap(True)
        self.ca = KeyFields("Tệp khóa CA của thành phố")
        self.ca.key_file.set_path(settings.ca_key_file)
        self.unit_code = _line("", "Mã đơn vị được cấp khóa")
        self.unit_code.setPlaceholderText("ví dụ BLV")
        self.unit_name = _line("", "Tên đơn vị được cấp khóa")
        self.unit_key = PathField("save", "Tệp khóa của đơn vị sẽ ghi", P12_FILTER)
        self.unit_pass = NewPassphrase()
        self.issue_button = QPushButton("Cấp tệp khóa cho đơn vị")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.tabs = QTabWidget()
        if settings.is_city:
            self.tabs.addTab(self._keys_page(), "Khóa của thành phố")
        self.tabs.addTab(self.trust, "Kho tin cậy")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.init_button.clicked.connect(self.start_init)
        self.issue_button.clicked.connect(self.start_issue)
        self.trust.changed.connect(self.changed)
        self._show_state(settings.root_fingerprint)
        self.resize(900, 680)

    def _keys_page(self) -> QWidget:
        init = QFormLayout()
        init.addRow("Mã đơn vị thành phố:", self.city_code)
        init.addRow("Tên cơ quan:", self.city_name)
        init.addRow("Ghi tệp khóa ký vào:", self.city_key)
        self.city_pass.add_to(init)
        init.addRow("", self.init_button)
        init_box = QGroupBox("Khởi tạo (một lần): chứng thư gốc và khóa ký của thành phố")
        box_layout = QVBoxLayout(init_box)
        box_layout.addWidget(self.initialised)
        box_layout.addLayout(init)
        issue = QFormLayout()
        self.ca.add_to(issue)
        issue.addRow("Mã đơn vị:", self.unit_code)
        issue.addRow("Tên đơn vị:", self.unit_name)
        issue.addRow("Ghi tệp khóa của đơn vị vào:", self.unit_key)
        self.unit_pass.add_to(issue)
        issue.addRow("", self.issue_button)
        self.issue_box = QGroupBox("Cấp tệp khóa ký cho một đơn vị")
        self.issue_box.setLayout(issue)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(init_box)
        layout.addWidget(self.issue_box)
        layout.addStretch()
        return page

    def _show_state(self, root_fingerprint: str) -> None:
        done = bool(root_fingerprint)
        for widget in (self.city_code, self.city_name, self.city_key, self.init_button):
            widget.setEnabled(not done)
        self.city_pass.first.setEnabled(not done)
        self.city_pass.second.setEnabled(not done)
        self.initialised.setText(
            f"Đã khởi tạo. Vân tay chứng thư gốc (đọc cho đơn vị đối chiếu): "
            f"{grouped(root_fingerprint)}"
            if done
            else "Chưa khởi tạo: điền các ô dưới đây rồi bấm “Khởi tạo khóa của thành phố”."
        )
        if hasattr(self, "issue_box"):
            self.issue_box.setEnabled(done)

    def start_init(self) -> None:
        """Create the root CA and the city's signing key off the GUI thread."""
        problem = self.city_pass.problem() or ("" if self.city_key.path() else "Hãy chọn nơi ghi.")
        if problem:
            self.message.setText(problem)
            return
        engine, who, passphrase = self._engine, self._who, self.city_pass.value()
        code, name, path = (
            self.city_code.text().strip(),
            self.city_name.text(),
            self.city_key.path(),
        )
        self._busy("Đang tạo chứng thư gốc và khóa ký của thành phố…")
        self._jobs.start(
            lambda: init_city(engine, who, code, name, path, passphrase),
            self._on_init,
            self._on_failed,
        )

    def _on_init(self, keys: CityKeys) -> None:
        self._idle()
        self.city_pass.clear()
        self.ca.key_file.set_path(str(keys.ca_key_file))
        files = (keys.key_file, keys.ca_key_file, keys.root_pem_file, keys.city_pem_file)
        self.message.setText(
            "Đã khởi tạo. Đã ghi: "
            + ", ".join(html.escape(str(f)) for f in files)
            + ". Gửi cho các đơn vị hai tệp .pem (chứng thư gốc và chứng thư ký của thành phố); "
            "cất giữ tệp khóa CA cẩn thận."
        )
        self.trust.refresh()
        self.changed.emit()

    def start_issue(self) -> None:
        """Issue a unit's key file off the GUI thread."""
        problem = (
            self.ca.problem()
            or ("" if self.unit_code.text().strip() else "Hãy nhập mã đơn vị.")
            or ("" if self.unit_key.path() else "Hãy chọn nơi ghi tệp khóa của đơn vị.")
            or self.unit_pass.problem()
        )
        if problem:
            self.message.setText(problem)
            return
        engine, who = self._engine, self._who
        ca_file, ca_pass = self.ca.values()
        code, name = self.unit_code.text().strip().upper(), self.unit_name.text()
        out, passphrase = self.unit_key.path(), self.unit_pass.value()

        def work() -> IssuedKey:
            ca = load_key(ca_file, ca_pass)
            return issue_unit_key(engine, who, ca, code, name, out, passphrase)

        self._busy(f"Đang cấp tệp khóa cho đơn vị {code}…")
        self._jobs.start(work, self._on_issued, self._on_failed)

    def _on_issued(self, issued: IssuedKey) -> None:
        self._idle()
        self.unit_pass.clear()
        self.ca.forget_passphrase()
        self.message.setText(
            f"Đã cấp tệp khóa cho {html.escape(issued.unit_code)} — "
            f"{html.escape(issued.unit_name)}: {html.escape(str(issued.path))}; hiệu lực đến "
            f"{issued.not_after:%d/%m/%Y}. Vân tay: {grouped(issued.fingerprint)}"
        )
        self.trust.refresh()
        self.trust.select_allowed(issued.unit_code)
        self.changed.emit()

    def _busy(self, text: str) -> None:
        self.bar.setVisible(True)
        self.message.setText(text)
        self.init_button.setEnabled(False)
        self.issue_button.setEnabled(False)

    def _idle(self) -> None:
        self.bar.setVisible(False)
        self.issue_button.setEnabled(True)
        self._show_state(read_settings(self._engine).root_fingerprint)

    def _on_failed(self, message: str) -> None:
        self._idle()
        self.message.setText(html.escape(message))

    def wait(self) -> bool:
        """Wait for running work (tests, closing)."""
        return self._jobs.wait(60_000)

"""The trust store as tables: trusted roots, certificates allowed per unit; revoke, add, allow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from carapp.services.common import ServiceError
from carapp.services.sync.trust import (
    AllowedView,
    CertificateView,
    add_root,
    allow_certificate,
    read_certificate,
    revoke_certificate,
    trust_view,
)
from carapp.ui.row_tables import RowTable
from carapp.ui.sync_text import signer_name

CERT_FILTER = "Chứng thư số (*.pem *.crt *.cer *.der);;Tất cả các tệp (*)"


def grouped(fingerprint: str) -> str:
    """Return a fingerprint in blocks of four, as people read it aloud to compare."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


class RootModel(RowTable):
    """Trusted root certificates."""

    headers = ("Chứng thư gốc", "Vân tay SHA-256", "Hiệu lực đến")

    def cell(self, row: CertificateView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.subject
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (signer_name(row.subject), grouped(row.fingerprint), f"{row.not_after:%d/%m/%Y}")[
            column
        ]


class AllowedModel(RowTable):
    """Certificates allowed to sign for each unit code."""

    COL_CODE, COL_NAME, COL_FINGERPRINT = range(3)
    headers = ("Mã", "Đơn vị", "Vân tay SHA-256 của chứng thư được phép ký")

    def cell(self, row: AllowedView, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (row.unit_code, row.unit_name, grouped(row.fingerprint))[column]


def _table(model: RowTable) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class TrustList(QWidget):
    """Show the trust store; revoke a unit's certificate; trust a root; allow a certificate."""

    changed = Signal()

    def __init__(self, engine: Engine, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine, self._who = engine, who
        self.roots_model, self.allowed_model = RootModel(self), AllowedModel(self)
        self.roots, self.allowed = _table(self.roots_model), _table(self.allowed_model)
        self.revoke_button = QPushButton("Thu hồi quyền ký…")
        self.add_root_button = QPushButton("Tin cậy chứng thư gốc…")
        self.allow_code = QLineEdit()
        self.allow_code.setPlaceholderText("Mã đơn vị, ví dụ HP")
        self.allow_code.setAccessibleName("Mã đơn vị được phép ký")
        self.allow_code.setMaximumWidth(180)
        self.allow_button = QPushButton("Cho phép chứng thư ký thay đơn vị…")
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for widget in (self.revoke_button, self.add_root_button, self.allow_code):
            buttons.addWidget(widget)
        buttons.addWidget(self.allow_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Chứng thư gốc tin cậy:"))
        layout.addWidget(self.roots, 1)
        layout.addWidget(QLabel("Chứng thư được phép ký thay từng đơn vị:"))
        layout.addWidget(self.allowed, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.revoke_button.clicked.connect(self._revoke)
        self.add_root_button.clicked.connect(self._add_root)
        self.allow_button.clicked.connect(self._allow)
        self.refresh()

    def refresh(self) -> None:
        """Read the trust store again."""
        view = trust_view(self._engine)
        self.roots_model.set_rows(view.roots)
        self.allowed_model.set_rows(view.allowed)

    def select_allowed(self, code: str) -> None:
        """Select the first certificate allowed for a unit code."""
        for row in range(self.allowed_model.rowCount()):
            if self.allowed_model.row_at(row).unit_code == code:
                self.allowed.selectRow(row)
                return

    def _revoke(self) -> None:
        rows = self.allowed.selectionModel().selectedRows()
        if not rows:
            self.message.setText("Hãy chọn chứng thư cần thu hồi trong bảng trên.")
            return
        allowed: AllowedView = self.allowed_model.row_at(rows[0].row())
        answer = QMessageBox.question(
            self,
            "Thu hồi quyền ký",
            f"Thu hồi quyền ký thay đơn vị {allowed.unit_code} của chứng thư "
            f"{grouped(allowed.fingerprint)}?\nCác gói ký bằng chứng thư này sẽ bị từ chối.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        revoke_certificate(self._engine, self._who, allowed.unit_code, allowed.fingerprint)
        self.message.setText(f"Đã thu hồi quyền ký thay đơn vị {allowed.unit_code}.")
        self._changed()

    def _certificate_file(self, caption: str) -> str:
        chosen, _ = QFileDialog.getOpenFileName(self, caption, str(Path.home()), CERT_FILTER)
        return chosen

    def _add_root(self) -> None:
        path = self._certificate_file("Chọn chứng thư gốc của thành phố (…-goc.pem)")
        if path:
            self._apply(lambda: add_root(self._engine, self._who, read_certificate(path)), "gốc")

    def _allow(self) -> None:
        code = self.allow_code.text().strip().upper()
        if not code:
            self.message.setText("Hãy nhập mã đơn vị mà chứng thư được ký thay.")
            return
        path = self._certificate_file(f"Chọn chứng thư được ký thay đơn vị {code}")
        if path:
            self._apply(
                lambda: allow_certificate(self._engine, self._who, code, read_certificate(path)),
                f"ký thay đơn vị {code}",
            )

    def _apply(self, change: Any, what: str) -> None:
        try:
            fingerprint = change()
        except ServiceError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(f"Đã tin cậy chứng thư {what}, vân tay {grouped(fingerprint)}.")
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

"""Fields the sync dialogs share: a path with "Chọn…", a key file with its passphrase.

The key is either a PKCS#12 file or a key on a USB token (PKCS#11: the vendor's module file and
the token's label); the password field then takes the token's PIN, asked at each signing.
Passphrases and PINs live only in their QLineEdit (password mode) while the dialog is open; they
are never written to QSettings or the database. Key files' paths may be remembered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

KEY_FILTER = "Tệp khóa PKCS#12 (*.p12 *.pfx);;Tất cả các tệp (*)"
MODULE_FILTER = "Thư viện PKCS#11 (*.dll *.so *.dylib);;Tất cả các tệp (*)"
FILE_SOURCE, TOKEN_SOURCE = "file", "token"
MIN_PASSPHRASE = 8
PathKind = Literal["open", "save", "folder"]

if TYPE_CHECKING:
    from carapp.sync.pki import Signer


class PathField(QWidget):
    """A file or folder path, typed or chosen with the system's file dialog."""

    def __init__(
        self,
        kind: PathKind,
        caption: str,
        file_filter: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._kind, self._caption, self._filter = kind, caption, file_filter
        self.edit = QLineEdit()
        self.edit.setAccessibleName(caption)
        self.edit.setMinimumWidth(360)
        self.browse = QPushButton("Chọn…")
        self.browse.setAccessibleName(f"Chọn: {caption}")
        self.browse.clicked.connect(self._choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)

    def path(self) -> str:
        """Return the path as typed, trimmed ('' when empty)."""
        return self.edit.text().strip()

    def set_path(self, path: str) -> None:
        """Show a path."""
        self.edit.setText(path)

    def _choose(self) -> None:
        current = self.path()
        if self._kind == "folder":
            chosen = QFileDialog.getExistingDirectory(self, self._caption, current)
        elif self._kind == "save":
            chosen, _ = QFileDialog.getSaveFileName(self, self._caption, current, self._filter)
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, self._caption, current, self._filter)
        if chosen:
            self.edit.setText(chosen)


def password_edit(name: str) -> QLineEdit:
    """Return a line edit that hides what is typed."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


class KeyFields:
    """Where the signing key is (a PKCS#12 file or a USB token) and its passphrase or PIN."""

    def __init__(self, caption: str = "Tệp khóa ký", *, tokens: bool = False) -> None:
        """`tokens`: offer the USB token choice (only where the dialog signs via signer_opener)."""
        self.caption = caption
        self._tokens = tokens
        self.source = QComboBox()
        self.source.setAccessibleName("Loại khóa ký")
        self.source.addItem("Tệp khóa (.p12)", FILE_SOURCE)
        self.source.addItem("Khóa trên thiết bị ký số (USB token)", TOKEN_SOURCE)
        self.key_file = PathField("open", caption, KEY_FILTER)
        self.token_module = PathField("open", "Thư viện PKCS#11 của thiết bị", MODULE_FILTER)
        self.token_label = QLineEdit()
        self.token_label.setAccessibleName("Nhãn thiết bị ký số")
        self.passphrase = password_edit(f"Mật khẩu {caption.lower()}")
        self._form: QFormLayout | None = None
        self.source.currentIndexChanged.connect(self._show_source)

    def add_to(self, form: QFormLayout) -> None:
        """Add the key choice, key file or token, and passphrase/PIN rows to a form."""
        self._form = form
        form.addRow("Khóa ký:", self.source)
        form.setRowVisible(self.source, self._tokens)
        form.addRow(f"{self.caption}:", self.key_file)
        form.addRow("Thư viện PKCS#11:", self.token_module)
        form.addRow("Nhãn thiết bị:", self.token_label)
        form.addRow("Mật khẩu tệp khóa:", self.passphrase)
        self._show_source()

    def on_token(self) -> bool:
        """Tell whether the key chosen is on a USB token."""
        return bool(self.source.currentData() == TOKEN_SOURCE)

    def _show_source(self) -> None:
        if self._form is None:
            return
        token = self.on_token()
        self._form.setRowVisible(self.key_file, not token)
        self._form.setRowVisible(self.token_module, token)
        self._form.setRowVisible(self.token_label, token)
        label = self._form.labelForField(self.passphrase)
        if isinstance(label, QLabel):
            label.setText("Mã PIN thiết bị:" if token else "Mật khẩu tệp khóa:")
        self.passphrase.clear()

    def signer_opener(self) -> Callable[[], Signer]:
        """Return a function (for the worker thread) that opens the chosen key."""
        from carapp.services.sync.keys import load_key
        from carapp.services.sync.token_keys import open_token_key

        secret = self.passphrase.text()
        if self.on_token():
            module, label = self.token_module.path(), self.token_label.text().strip()
            return lambda: open_token_key(module, label, None, secret)
        path = self.key_file.path()
        return lambda: load_key(path, secret)

    def focus_first_empty(self) -> None:
        """Put the cursor where the officer types next: the passphrase once a key is known."""
        (self.passphrase if self.key_file.path() else self.key_file.edit).setFocus()

    def problem(self) -> str:
        """Return what is missing, in Vietnamese ('' when both are given)."""
        if self.on_token():
            if not self.token_module.path():
                return "Hãy chọn tệp thư viện PKCS#11 của thiết bị ký số (.dll/.so)."
            if not self.token_label.text().strip():
                return "Hãy nhập nhãn (tên) của thiết bị ký số."
            return "" if self.passphrase.text() else "Hãy nhập mã PIN của thiết bị ký số."
        if not self.key_file.path():
            return f"Hãy chọn {self.caption.lower()} (.p12)."
        if not self.passphrase.text():
            return "Hãy nhập mật khẩu của tệp khóa."
        return ""

    def values(self) -> tuple[str, str]:
        """Return the key file's path and the passphrase typed."""
        return self.key_file.path(), self.passphrase.text()

    def forget_passphrase(self) -> None:
        """Clear the passphrase once it was used."""
        self.passphrase.clear()


class NewPassphrase:
    """A passphrase for a new key file, typed twice."""

    def __init__(self) -> None:
        self.first = password_edit("Mật khẩu cho tệp khóa mới")
        self.second = password_edit("Nhập lại mật khẩu")

    def add_to(self, form: QFormLayout) -> None:
        """Add both rows to a form."""
        form.addRow(f"Mật khẩu (ít nhất {MIN_PASSPHRASE} ký tự):", self.first)
        form.addRow("Nhập lại mật khẩu:", self.second)

    def problem(self) -> str:
        """Return why the passphrase cannot be used ('' when it can)."""
        if len(self.first.text()) < MIN_PASSPHRASE:
            return f"Mật khẩu tệp khóa phải có ít nhất {MIN_PASSPHRASE} ký tự."
        if self.first.text() != self.second.text():
            return "Hai lần nhập mật khẩu không khớp nhau."
        return ""

    def value(self) -> str:
        """Return the passphrase."""
        return self.first.text()

    def clear(self) -> None:
        """Forget both entries."""
        self.first.clear()
        self.second.clear()

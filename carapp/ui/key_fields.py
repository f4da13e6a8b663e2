"""Fields the sync dialogs share: a path with "Chọn…", a key file with its passphrase.

Passphrases live only in their QLineEdit (password mode) while the dialog is open; they are
never written to QSettings or the database. Key files' paths may be remembered.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

KEY_FILTER = "Tệp khóa PKCS#12 (*.p12 *.pfx);;Tất cả các tệp (*)"
MIN_PASSPHRASE = 8
PathKind = Literal["open", "save", "folder"]


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
    """A PKCS#12 key file and its passphrase, as two rows of a form."""

    def __init__(self, caption: str = "Tệp khóa ký") -> None:
        self.caption = caption
        self.key_file = PathField("open", caption, KEY_FILTER)
        self.passphrase = password_edit(f"Mật khẩu {caption.lower()}")

    def add_to(self, form: QFormLayout) -> None:
        """Add the key file and passphrase rows to a form."""
        form.addRow(f"{self.caption}:", self.key_file)
        form.addRow("Mật khẩu tệp khóa:", self.passphrase)

    def focus_first_empty(self) -> None:
        """Put the cursor where the officer types next: the passphrase once a key is known."""
        (self.passphrase if self.key_file.path() else self.key_file.edit).setFocus()

    def problem(self) -> str:
        """Return what is missing, in Vietnamese ('' when both are given)."""
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

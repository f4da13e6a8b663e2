"""The welcome page, shown instead of the task page while the database holds no plan."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carapp.ui.status_style import WARNING_STYLE
from carapp.ui.unit_setup_form import UnitSetupForm


def _year() -> QSpinBox:
    box = QSpinBox()
    box.setRange(2000, 2100)
    return box


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class WelcomePage(QScrollArea):
    """Three ways in: set up my unit (then an empty plan or my appendix), open a file, try."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.heading = QLabel("<h2>Bắt đầu với carapp</h2>")
        self.intro = _note("")
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unit_form = UnitSetupForm()
        self.plan_title = QLineEdit()
        self.plan_title.setAccessibleName("Tên kế hoạch")
        self.start_year, self.end_year = _year(), _year()
        self.start_year.setAccessibleName("Từ năm")
        self.end_year.setAccessibleName("Đến năm")
        self.start_empty = QPushButton("Bắt đầu với kế hoạch &trống")
        self.import_appendix = QPushButton("&Nhập phụ lục từ Word/Excel…")
        self.open_file = QPushButton("&Mở tệp dữ liệu có sẵn…")
        self.try_demo = QPushButton("&Dùng thử với kế hoạch mẫu")
        self.message = _note("")
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.hide()
        content = QWidget()
        content.setMaximumWidth(1100)
        columns = QHBoxLayout()
        columns.addWidget(self._own_unit_box(), 3)
        others = QVBoxLayout()
        others.addWidget(
            self._choice_box(
                "Đã có dữ liệu",
                "Mở tệp dữ liệu carapp (.sqlite3) chép từ máy khác hoặc từ bản sao lưu. "
                "Cửa sổ chuyển sang làm việc trên tệp đó.",
                self.open_file,
            )
        )
        others.addWidget(
            self._choice_box(
                "Dùng thử",
                "Xem thử kế hoạch mẫu của đặc khu Bạch Long Vĩ (30 nhiệm vụ). Kế hoạch mẫu nằm "
                "trong một tệp dữ liệu riêng, không lẫn vào dữ liệu của đơn vị.",
                self.try_demo,
            )
        )
        others.addStretch()
        columns.addLayout(others, 2)
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.message)
        layout.addLayout(columns)
        layout.addStretch()
        outer = QWidget()
        centred = QHBoxLayout(outer)
        centred.addStretch(1)
        centred.addWidget(content, 12)
        centred.addStretch(1)
        self.setWidget(outer)

    def _own_unit_box(self) -> QGroupBox:
        box = QGroupBox("Thiết lập đơn vị của tôi")
        years = QHBoxLayout()
        years.addWidget(QLabel("Giai đoạn từ năm"))
        years.addWidget(self.start_year)
        years.addWidget(QLabel("đến năm"))
        years.addWidget(self.end_year)
        years.addStretch()
        title = QHBoxLayout()
        title_label = QLabel("Tên &kế hoạch: Kế hoạch")
        title_label.setBuddy(self.plan_title)
        title.addWidget(title_label)
        title.addWidget(self.plan_title, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_empty)
        buttons.addWidget(self.import_appendix)
        buttons.addStretch()
        layout = QVBoxLayout(box)
        layout.addWidget(
            _note(
                "Thông tin này được in trên phụ lục, báo cáo và gửi kèm gói báo cáo cho thành phố; "
                "có thể sửa sau ở Tệp → Đơn vị của tôi…"
            )
        )
        layout.addWidget(self.unit_form)
        layout.addWidget(_note("<b>Kế hoạch của đơn vị</b>"))
        layout.addLayout(title)
        layout.addLayout(years)
        layout.addWidget(
            _note(
                "Bắt đầu với kế hoạch trống có sẵn bảy mục (I–VII) theo các lĩnh vực cải cách; "
                "hoặc nhập phụ lục của đơn vị từ tệp Word/Excel (tên và giai đoạn đọc từ tệp)."
            )
        )
        layout.addLayout(buttons)
        return box

    @staticmethod
    def _choice_box(title: str, text: str, button: QPushButton) -> QGroupBox:
        """A way in other than setting up a unit: what it does, and its button."""
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(_note(text))
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def show_message(self, text: str) -> None:
        """Say why something was refused ('' hides the message)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

"""The window's actions, menus (in Vietnamese, with shortcuts) and toolbar."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMainWindow, QToolBar, QWidget

SHORTCUTS_HELP = """<table cellpadding=3>
<tr><td><b>Ctrl+F</b></td><td>Tìm nhiệm vụ (gõ có dấu hoặc không dấu)</td></tr>
<tr><td><b>Ctrl+N</b></td><td>Thêm nhiệm vụ vào mục đang chọn</td></tr>
<tr><td><b>Ctrl+Delete</b></td><td>Xóa nhiệm vụ đang chọn</td></tr>
<tr><td><b>Ctrl+Z / Ctrl+Y</b></td><td>Hoàn tác / Làm lại thay đổi đã lưu (trong ô đang gõ:
hoàn tác chữ vừa gõ)</td></tr>
<tr><td><b>F2</b></td><td>Sửa nội dung nhiệm vụ đang chọn</td></tr>
<tr><td><b>F3</b></td><td>Ghi tiến độ kỳ báo cáo của nhiệm vụ đang chọn</td></tr>
<tr><td><b>F6 / Shift+F6</b></td><td>Chuyển sang vùng kế tiếp / trước đó</td></tr>
<tr><td><b>Ctrl+P</b></td><td>Chọn kỳ báo cáo</td></tr>
<tr><td><b>Ctrl+1, 2, 3</b></td><td>Nhiệm vụ, Tổng quan, Thông tin kế hoạch</td></tr>
<tr><td><b>Ctrl+Enter</b></td><td>Lưu ô nhiều dòng đang gõ</td></tr>
<tr><td><b>Ctrl+I / Ctrl+E</b></td><td>Nhập từ Word/Excel / Xuất PDF, Excel</td></tr>
<tr><td><b>F5</b></td><td>Đọc lại dữ liệu</td></tr>
<tr><td><b>F8 / F9</b></td><td>Ẩn/hiện các mục kế hoạch / bảng chi tiết (màn hình nhỏ)</td></tr>
<tr><td><b>F1</b></td><td>Hướng dẫn sử dụng</td></tr>
</table>"""


@dataclass
class Actions:
    """Every action of the main window, reachable from menus, toolbar and keyboard."""

    undo: QAction
    redo: QAction
    import_file: QAction
    export_file: QAction
    send_report: QAction
    sent_packages: QAction
    work_mode: QAction
    keys_trust: QAction
    add_task: QAction
    delete_task: QAction
    find: QAction
    clear_filters: QAction
    edit_task: QAction
    edit_progress: QAction
    next_pane: QAction
    previous_pane: QAction
    toggle_sections: QAction
    toggle_details: QAction
    choose_period: QAction
    reload: QAction
    quit: QAction
    pages: list[QAction]
    user_guide: QAction
    shortcuts: QAction
    about: QAction


def _action(
    window: QMainWindow,
    text: str,
    keys: list[QKeySequence | QKeySequence.StandardKey | str] | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    sequences: list[QKeySequence] = []
    for key in keys or []:
        found = (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        # A sequence given twice makes the shortcut ambiguous, and then it never fires.
        sequences += [s for s in found if not s.isEmpty() and s not in sequences]
    action.setShortcuts(sequences)
    action.setStatusTip(tip or text.replace("&", ""))
    window.addAction(action)  # shortcuts work whichever widget has the focus
    return action


def build_actions(window: QMainWindow) -> Actions:
    """Create the actions and put them in the menu bar."""
    std = QKeySequence.StandardKey
    actions = Actions(
        import_file=_action(
            window, "&Nhập từ Word/Excel…", ["Ctrl+I"], "Nhập phụ lục hoặc báo cáo từ .docx/.xlsx"
        ),
        export_file=_action(
            window, "&Xuất phụ lục, báo cáo…", ["Ctrl+E"], "Xuất ra PDF hoặc Excel để in, ký"
        ),
        send_report=_action(
            window, "&Gửi báo cáo cho thành phố…", [], "Lập gói báo cáo ký số của một kỳ (.zip)"
        ),
        sent_packages=_action(
            window, "Gói đã gửi, &biên nhận…", [], "Gói đã gửi; nhập biên nhận, nhiệm vụ được giao"
        ),
        work_mode=_action(window, "&Chế độ làm việc…", [], "Đơn vị hay thành phố; mã đơn vị"),
        keys_trust=_action(window, "&Khóa và tin cậy…", [], "Khóa ký số, chứng thư tin cậy"),
        undo=_action(window, "&Hoàn tác", [std.Undo]),
        redo=_action(window, "&Làm lại", ["Ctrl+Y", "Ctrl+Shift+Z", std.Redo]),
        add_task=_action(window, "&Thêm nhiệm vụ…", ["Ctrl+N"], "Thêm nhiệm vụ vào mục đang chọn"),
        delete_task=_action(window, "&Xóa nhiệm vụ…", ["Ctrl+Delete"]),
        find=_action(window, "Tìm &kiếm", [std.Find]),
        clear_filters=_action(window, "&Bỏ mọi bộ lọc", ["Ctrl+Shift+F"]),
        edit_task=_action(window, "Sửa &nội dung nhiệm vụ", ["F2"]),
        edit_progress=_action(window, "&Ghi tiến độ", ["F3"]),
        next_pane=_action(window, "Vùng &sau", ["F6"]),
        previous_pane=_action(window, "Vùng t&rước", ["Shift+F6"]),
        toggle_sections=_action(window, "Ẩn/hiện các &mục kế hoạch", ["F8"]),
        toggle_details=_action(window, "Ẩn/hiện bảng &chi tiết", ["F9"]),
        choose_period=_action(window, "Chọn kỳ &báo cáo", ["Ctrl+P"]),
        reload=_action(window, "Đọc &lại dữ liệu", ["F5", std.Refresh]),
        quit=_action(window, "&Thoát", ["Ctrl+Q", std.Quit]),
        pages=[
            _action(window, "&Nhiệm vụ", ["Ctrl+1"]),
            _action(window, "&Tổng quan", ["Ctrl+2"]),
            _action(window, "Thông tin &kế hoạch", ["Ctrl+3"]),
        ],
        user_guide=_action(window, "&Hướng dẫn sử dụng", [std.HelpContents]),
        shortcuts=_action(window, "&Phím tắt"),
        about=_action(window, "&Giới thiệu carapp"),
    )
    actions.undo.setEnabled(False)
    actions.redo.setEnabled(False)
    bar = window.menuBar()
    file_menu = bar.addMenu("&Tệp")
    file_menu.addAction(actions.import_file)
    file_menu.addAction(actions.export_file)
    file_menu.addSeparator()
    for sync_action in (
        actions.send_report,
        actions.sent_packages,
        actions.work_mode,
        actions.keys_trust,
    ):
        file_menu.addAction(sync_action)
    file_menu.addSeparator()
    file_menu.addAction(actions.reload)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    edit = bar.addMenu("&Sửa")
    for item in (
        actions.undo,
        actions.redo,
        None,
        actions.add_task,
        actions.delete_task,
        None,
        actions.edit_task,
        actions.edit_progress,
        None,
        actions.find,
        actions.clear_filters,
    ):
        edit.addSeparator() if item is None else edit.addAction(item)
    view = bar.addMenu("&Xem")
    for page in actions.pages:
        view.addAction(page)
    view.addSeparator()
    for item in (actions.choose_period, actions.next_pane, actions.previous_pane):
        view.addAction(item)
    view.addSeparator()
    view.addAction(actions.toggle_sections)
    view.addAction(actions.toggle_details)
    help_menu = bar.addMenu("Trợ &giúp")
    help_menu.addAction(actions.user_guide)
    help_menu.addAction(actions.shortcuts)
    help_menu.addAction(actions.about)
    return actions


def build_toolbar(
    window: QMainWindow, actions: Actions, plan: QComboBox, period: QComboBox
) -> tuple[QToolBar, QAction]:
    """Create the toolbar: plan and period selectors, undo/redo, add and delete."""
    bar = QToolBar("Thanh công cụ")
    bar.setObjectName("main-toolbar")
    bar.setMovable(False)
    plan_label = QLabel(" Kế &hoạch: ")
    plan_label.setBuddy(plan)
    plan_box = QWidget()
    layout = QHBoxLayout(plan_box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(plan_label)
    layout.addWidget(plan)
    plan_action = bar.addWidget(plan_box)
    period_label = QLabel(" Kỳ &báo cáo: ")
    period_label.setBuddy(period)
    bar.addWidget(period_label)
    bar.addWidget(period)
    bar.addSeparator()
    for action in (actions.undo, actions.redo, None, actions.add_task, actions.delete_task):
        bar.addSeparator() if action is None else bar.addAction(action)
    window.addToolBar(bar)
    return bar, plan_action

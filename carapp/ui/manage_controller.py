"""The window's management entries: Tệp → Đơn vị của tôi…, and the "Kế hoạch" menu (rename,
archive or bring back, delete) — each an undoable command whose redo and undo call services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu
from sqlalchemy import Engine

from carapp.services.plan_backup import DeletedPlan, delete_plan, restore_deleted_plan
from carapp.services.plan_lifecycle import archive_plan, rename_plan, unarchive_plan
from carapp.services.plans import PlanSummary, list_plans
from carapp.ui import confirm
from carapp.ui.own_unit_dialog import OwnUnitDialog
from carapp.ui.plan_details_commands import ServiceEdit, Writer

if TYPE_CHECKING:
    from carapp.ui.main_window import MainWindow

STATUS_MS = 20_000
ARCHIVED_MARK = " (lưu trữ)"
ARCHIVED_NOTE = "(đã lưu trữ: xem và in được, không tính vào gói báo cáo; Kế hoạch → Bỏ lưu trữ)"


def window_plans(engine: Engine) -> list[PlanSummary]:
    """Return the plans the window offers: the active ones, then the archived (still readable
    and printable, out of packages and counts)."""
    plans = list_plans(engine, include_archived=True)
    return [p for p in plans if p.archived_at is None] + [p for p in plans if p.archived_at]


def plan_choice(plan: PlanSummary) -> str:
    """Return a plan's line in the plan selector."""
    return f"{plan.owner_code} — {plan.title}{ARCHIVED_MARK if plan.archived_at else ''}"


class ManageController:
    """Add the entries to the menus and run them on the plan the window shows."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        bar = window.menuBar()
        file_menu, view_menu = bar.actions()[0].menu(), bar.actions()[2].menu()
        assert isinstance(file_menu, QMenu) and isinstance(view_menu, QMenu)
        self.own_unit = QAction("Đơn vị của &tôi…", window)
        self.own_unit.setStatusTip("Tên, tiêu đề văn bản, người ký của đơn vị")
        file_menu.insertAction(window.actions_.send_report, self.own_unit)
        self.menu = QMenu("&Kế hoạch", window)
        bar.insertMenu(view_menu.menuAction(), self.menu)
        self.rename = self.menu.addAction("Đổi &tên kế hoạch…")
        self.archive = self.menu.addAction("&Lưu trữ kế hoạch")
        self.menu.addSeparator()
        self.delete = self.menu.addAction("&Xóa kế hoạch…")
        self.menu.aboutToShow.connect(self.update_actions)
        self.own_unit.triggered.connect(self.open_own_unit)
        self.rename.triggered.connect(self.ask_rename)
        self.archive.triggered.connect(self.toggle_archive)
        self.delete.triggered.connect(self.ask_delete)

    def update_actions(self) -> None:
        """Name the archive entry after what it would do; nothing to do without a plan."""
        plan = self._window.tasks.plan
        for action in (self.rename, self.archive, self.delete):
            action.setEnabled(plan is not None)
        archived = plan is not None and plan.archived_at is not None
        self.archive.setText("&Bỏ lưu trữ kế hoạch" if archived else "&Lưu trữ kế hoạch")

    def open_own_unit(self) -> OwnUnitDialog:
        """Open "Đơn vị của tôi"; saving is one undoable edit."""
        window = self._window
        dialog = OwnUnitDialog(window.engine, window.who, window.undo_stack, window.reload, window)
        dialog.open()
        return dialog

    def _push(self, text: str, write: Writer, old: Any, new: Any, done: str = "") -> bool:
        window, refused = self._window, list[str]()
        window.undo_stack.push(ServiceEdit(text, write, old, new, window.reload, refused.append))
        if refused:
            window.show_error(refused[0])
            return False
        if done:
            window.statusBar().showMessage(done, STATUS_MS)
        return True

    def ask_rename(self) -> bool:
        """Ask for the plan's new title and rename it."""
        plan = self._window.tasks.plan
        if plan is None:
            return False
        title, ok = QInputDialog.getText(
            self._window, "Đổi tên kế hoạch", "Tên kế hoạch (sau chữ “Kế hoạch”):",
            QLineEdit.EchoMode.Normal, plan.title,
        )  # fmt: skip
        return ok and self.rename_to(title)

    def rename_to(self, title: str) -> bool:
        """Rename the plan shown, undoably."""
        plan, window = self._window.tasks.plan, self._window
        if plan is None or title.strip() == plan.title:
            return False
        plan_id = plan.id

        def write(value: str) -> None:
            rename_plan(window.engine, window.who, plan_id, value)

        return self._push("Đổi tên kế hoạch", write, plan.title, title)

    def toggle_archive(self) -> bool:
        """Archive the plan shown (it leaves lists, packages and counts), or bring it back."""
        plan, window = self._window.tasks.plan, self._window
        if plan is None:
            return False
        plan_id, archived = plan.id, plan.archived_at is not None

        def write(to_archive: bool) -> None:
            (archive_plan if to_archive else unarchive_plan)(window.engine, window.who, plan_id)

        text = "Bỏ lưu trữ kế hoạch" if archived else "Lưu trữ kế hoạch"
        note = (
            f"Đã lưu trữ kế hoạch “{plan.title}”: vẫn xem và in được, không còn trong gói báo "
            "cáo và số liệu. Hoàn tác: Ctrl+Z."
            if not archived
            else f"Kế hoạch “{plan.title}” đã trở lại danh sách."
        )
        return self._push(text, write, archived, not archived, note)

    def ask_delete(self) -> bool:
        """Ask, naming the plan and its tasks, then delete it (a backup is kept; Ctrl+Z)."""
        window, plan = self._window, self._window.tasks.plan
        if plan is None:
            return False
        count = window.model.total()
        if not confirm.ask(
            window, "Xóa kế hoạch", f"Xóa kế hoạch “{plan.title}”?",
            f"Kế hoạch có {count} nhiệm vụ; nhiệm vụ, chỉ tiêu và tiến độ đã ghi cũng bị xóa. "
            "carapp giữ một bản lưu để khôi phục; có thể hoàn tác bằng Ctrl+Z.",
            "Xóa kế hoạch", "Không xóa",
        ):  # fmt: skip
            return False
        return self.delete_shown()

    def delete_shown(self) -> bool:
        """Delete the plan shown, undoably; the status bar says where its backup went."""
        window, plan = self._window, self._window.tasks.plan
        if plan is None:
            return False
        plan_id, title, deleted = plan.id, plan.title, list[DeletedPlan]()

        def write(present: bool) -> None:
            if present:
                restore_deleted_plan(window.engine, window.who, deleted.pop().snapshot)
            else:
                deleted.append(delete_plan(window.engine, window.who, plan_id))

        window.tasks.commit_pending()
        if not self._push("Xóa kế hoạch", write, True, False):
            return False
        backup = deleted[-1]
        window.statusBar().showMessage(
            f"Đã xóa kế hoạch “{title}” ({backup.task_count} nhiệm vụ). Bản lưu: {backup.path}. "
            "Hoàn tác: Ctrl+Z.",
            STATUS_MS,
        )
        return True

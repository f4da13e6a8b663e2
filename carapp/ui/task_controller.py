"""Drive the task page: load the table, follow the selection, turn edits into commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from sqlalchemy import Engine

from carapp.db.models import Plan, Section, Unit
from carapp.domain.periods import ReportingPeriod
from carapp.services.common import ServiceError
from carapp.ui.add_task_dialog import AddTaskDialog, next_numbers
from carapp.ui.commands import (
    AddTaskCommand,
    Change,
    DeleteTaskCommand,
    EditContext,
    EditTaskCommand,
    ProgressCommand,
    push,
)
from carapp.ui.loading import (
    SYNC_LIMIT,
    LoadedTable,
    TaskDetails,
    fresh_rows,
    load_details,
    load_table,
    rank_rows,
)
from carapp.ui.task_page import TaskPage
from carapp.ui.task_rows import COL_CONTENT, Ranks, TableRow, TableSummary, summarise
from carapp.ui.workers import Jobs

UNPAINTED_MS = 500  # a held first load, or a ranking, starts anyway if nothing painted by then
HEADING_NOTE = (
    "<b>Dòng tiêu đề nhóm nhiệm vụ</b><br>Không ghi tiến độ cho nhóm: hãy chọn từng nhiệm vụ "
    "con để ghi. Đánh giá của nhóm được tổng hợp từ các nhiệm vụ con."
)


class TaskController(QObject):
    """Keep the task page in step with the database and push every edit as a command."""

    busy = Signal(str)  # what is being done; "" when idle
    failed = Signal(str)
    summary_changed = Signal(str)
    tasks_changed = Signal()

    def __init__(
        self,
        engine: Engine,
        page: TaskPage,
        undo_stack: QUndoStack,
        who: str,
        today: Callable[[], date],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine, self.page, self.undo_stack, self.today = engine, page, undo_stack, today
        self.ctx = EditContext(engine, who, self._on_changed, self.failed.emit)
        self.jobs = Jobs(self)
        self.plan: Plan | None = None
        self.sections: list[Section] = []
        self.units: list[Unit] = []
        self.period: ReportingPeriod | None = None
        self.as_of = today()
        self.current_id: str | None = None
        self.loading = False
        self._task_count = 0
        self._generation = 0
        self._pending_select: str | None = None
        self._edited_while_loading: set[str] = set()
        self._restoring = False
        self._stale = True  # the panels show older data than the table: show them again
        self._read_ahead: tuple[str, TaskDetails] | None = None  # see LoadedTable.details
        self._unranked: tuple[int, list[TableRow]] = (0, [])  # see _start_ranking
        self._holding = False  # see hold_until_painted
        self._held: tuple[str | None] | None = None  # the load asked for meanwhile (its select)
        self._connect_signals()

    def _connect_signals(self) -> None:
        page = self.page
        page.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        page.filters.changed.connect(self.apply_filter)
        page.tree.section_chosen.connect(lambda _section: self.apply_filter())
        page.task_panel.edit_requested.connect(self._on_task_edit)
        page.progress_panel.progress_requested.connect(self._on_progress_edit)

    # Plan, period, loading -------------------------------------------------------------

    def set_plan(
        self, plan: Plan, task_count: int, sections: list[Section], units: list[Unit]
    ) -> None:
        """Show a plan (the period is set separately, then load()); the same one keeps its task."""
        if self.plan is None or self.plan.id != plan.id:
            self.current_id = None
        self.plan, self._task_count, self.sections, self.units = plan, task_count, sections, units
        self.page.task_panel.set_plan(sections, units, (plan.start_year, plan.end_year))
        names = {unit.id: unit.name for unit in units}
        names.update({s.id: f"{s.numeral}. {s.title}" for s in sections})
        self.page.change_history.set_names(names)

    def clear(self) -> None:
        """Show no plan: there is none (yet), or the last one was deleted."""
        self._generation += 1  # a load still running is for a plan no longer shown
        self.loading = False
        self.plan, self._task_count, self.sections, self.current_id = None, 0, [], None
        self.page.model.set_rows([], Ranks(), self.as_of)
        self.page.tree.set_sections("", [], {})
        self._show(None)
        self._update_summary()

    def set_years(self, plan: Plan) -> None:
        """Read deadlines within the plan's (changed) years."""
        self.plan = plan
        self.page.task_panel.set_years((plan.start_year, plan.end_year))

    def set_period(self, period: ReportingPeriod, as_of: date) -> None:
        """Judge and edit progress in another period."""
        self.period, self.as_of = period, as_of
        self.page.progress_panel.set_today(as_of)

    def hold_until_painted(self) -> None:
        """Keep the first load until the table has first painted (the program's start).

        A small plan is read on the GUI thread: before the window's first paint it delayed that
        paint by the reading and the filling of every panel. Held, the window paints first and
        fills right after (or after UNPAINTED_MS if nothing gets painted: hidden, minimised).
        """
        self._holding = True
        self.page.table.viewport().installEventFilter(self)
        QTimer.singleShot(UNPAINTED_MS, self, self._release)

    def _release(self) -> None:
        if not self._holding:
            return
        self._holding = False
        if not self._unranked[1]:
            self.page.table.viewport().removeEventFilter(self)
        held, self._held = self._held, None
        if held is not None:
            self.loading = False
            self.load(held[0])

    def load(self, select: str | None = None) -> None:
        """Read the plan's tasks, on a worker thread when the plan is large."""
        if self.plan is None or self.period is None:
            return
        if self._holding:  # see hold_until_painted
            self._held = (select,)
            self.loading = True
            return
        self._generation += 1
        self._pending_select = select or self.current_id
        self._edited_while_loading.clear()
        done = functools.partial(self._on_loaded, self._generation)
        select = self._pending_select
        if self._task_count <= SYNC_LIMIT:
            done(load_table(self.engine, self.plan.id, self.period, self.as_of, select=select))
            return
        work = functools.partial(
            load_table, self.engine, self.plan.id, self.period, self.as_of,
            ranked=self.page.model.sorted_by_text(), select=select,
        )  # fmt: skip
        self.loading = True
        self.busy.emit(f"Đang đọc {self._task_count:,} nhiệm vụ…".replace(",", "."))
        self.jobs.start(work, done, self._on_load_failed)

    def _on_loaded(self, generation: int, table: LoadedTable) -> None:
        if generation != self._generation:
            return  # a newer load was started meanwhile
        self.loading = False
        self.busy.emit("")
        page = self.page
        self._task_count = len(table.rows)
        self._stale = True
        self._restoring = True
        page.model.set_rows(table.rows, table.ranks, table.as_of, table.summary.tally)
        self._show_summary(table.summary)
        self._restoring = False
        if self._edited_while_loading:
            self._refresh_rows(list(self._edited_while_loading))
        edited = self._edited_while_loading
        if table.details and table.period == self.period and table.details[0] not in edited:
            self._read_ahead = table.details
        self.apply_filter(select=self._pending_select)
        self._read_ahead = None  # only for the selection the load made
        self.tasks_changed.emit()
        if not table.ranks.has(COL_CONTENT):  # ranked once the filled table is painted
            self._unranked = (generation, table.rows)
            self.page.table.viewport().installEventFilter(self)
            QTimer.singleShot(UNPAINTED_MS, self, self._start_ranking)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Load after the first paint (hold_until_painted); rank once the table has painted
        the loaded rows (see _start_ranking)."""
        if event.type() == QEvent.Type.Paint:
            if self._holding:
                QTimer.singleShot(0, self, self._release)  # fires after this paint
            if self._unranked[1]:
                QTimer.singleShot(0, self, self._start_ranking)
        return super().eventFilter(watched, event)

    def _start_ranking(self) -> None:
        """Rank the loaded rows on a worker, after the first paint of the filled table.

        Started earlier, the worker would contend for the GIL with the layout and the paint
        of the filled table (5-10 ms more of the longest stall on 20,000 tasks).
        """
        self.page.table.viewport().removeEventFilter(self)
        (generation, rows), self._unranked = self._unranked, (0, [])
        if rows and generation == self._generation:
            ranked = functools.partial(self._on_ranked, generation)
            self.jobs.start(functools.partial(rank_rows, rows), ranked, self._on_load_failed)

    def _on_ranked(self, generation: int, ranks: Ranks) -> None:
        if generation == self._generation:
            self.page.model.set_ranks(ranks)

    def _show_summary(self, summary: TableSummary) -> None:
        title = self.plan.title if self.plan else ""
        self.page.tree.set_sections(title, self.sections, summary.section_counts)
        self.page.filters.set_choices(summary, self.units)

    def _on_load_failed(self, message: str) -> None:
        self.loading = False
        self.busy.emit("")
        self.failed.emit(f"Không đọc được danh sách nhiệm vụ: {message}")

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for background work (closing the window, tests)."""
        return self.jobs.wait(msecs)

    # Filtering and selection -----------------------------------------------------------

    def apply_filter(self, select: str | None = None) -> None:
        """Show the tasks the filter bar and the section tree let through; keep the selection."""
        keep = select or self.current_id
        self._restoring = True
        self.page.model.set_filter(self.page.filters.task_filter(self.page.tree.section_id()))
        self._restoring = False
        self.select_task(keep)
        self._update_summary()

    def select_task(self, task_id: str | None) -> bool:
        """Make a task current if it is shown, else the first task shown; False if none is."""
        model, table = self.page.model, self.page.table
        row = model.row_of(task_id) if task_id else -1
        if row < 0 and model.rowCount() > 0:
            row = 0
        if row < 0:
            table.selectionModel().clearSelection()
            self._show(None)
            return False
        index = model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag
        table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        table.scrollTo(index)
        chosen = model.row_at(row).id
        if chosen != self.current_id or self._stale:
            self._show(chosen)
        return chosen == task_id

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring:
            return
        task_id = self.page.model.row_at(current.row()).id if current.isValid() else None
        if task_id != self.current_id:
            self.commit_pending()
            self._show(task_id)

    def _show(self, task_id: str | None) -> None:
        self.current_id, self._stale = task_id, False
        page = self.page
        row = page.model.find(task_id) if task_id else None
        parent = page.model.find(row.view.outline_parent_id or "") if row else None
        page.task_panel.set_task(row.view if row else None, parent.view if parent else None)
        if row is None or self.period is None:
            page.progress_panel.set_progress(None, None, None, None)
            page.progress_history.set_history([])
            page.change_history.set_changes([])
            return
        details = self._details(row.id, self.period)
        if row.view.is_heading:  # progress is recorded on its sub-items, never on it
            page.progress_panel.set_progress(None, None, None, None)
            page.progress_panel.title.setText(HEADING_NOTE)
            page.progress_history.set_history([])
            page.change_history.set_changes(details.changes)
            return
        page.progress_panel.set_progress(row.id, self.period, details.record, details.carried)
        page.progress_history.set_history(details.others)
        page.change_history.set_changes(details.changes)

    def _details(self, task_id: str, period: ReportingPeriod) -> TaskDetails:
        """Return what the panels show of a task: read with the table if it was, else now."""
        ahead = self._read_ahead
        if ahead is not None and ahead[0] == task_id:
            return ahead[1]
        return load_details(self.engine, task_id, period)

    def show_tasks(self, task_ids: list[str], label: str) -> None:
        """Show only these tasks (asked for by the overview)."""
        self.page.tree.choose(None)
        self.page.filters.set_task_ids(task_ids, label)
        self.select_task(task_ids[0] if task_ids else None)

    def _update_summary(self) -> None:
        model = self.page.model
        total = model.total()
        overdue, soon = model.counts()
        self.page.shown_label.setText(f"Đang hiện {model.shown_count()}/{total} nhiệm vụ")
        self.summary_changed.emit(
            f"{total} nhiệm vụ · {overdue} quá hạn · {soon} sắp đến hạn (30 ngày) · "
            f"đánh giá tại ngày {self.as_of:%d/%m/%Y}"
        )

    # Edits -----------------------------------------------------------------------------

    def commit_pending(self) -> None:
        """Save whatever field is being typed in, before anything else happens."""
        self.page.task_panel.commit_pending()
        self.page.progress_panel.commit_pending()

    def _push(self, build: Callable[[], Any]) -> bool:
        try:
            command = build()
        except ServiceError as exc:
            self.failed.emit(str(exc))
            return False
        return push(self.undo_stack, command)

    def _on_task_edit(self, task_id: str, changes: dict[str, Any], label: str) -> None:
        if "section_id" in changes:
            positions = [
                r.view.position
                for r in self.page.model.all_rows()
                if r.view.section_id == changes["section_id"]
            ]
            changes = {**changes, "position": max(positions, default=0) + 1}
        self._push(lambda: EditTaskCommand(self.ctx, task_id, changes, label))

    def _on_progress_edit(self, task_id: str, changes: dict[str, Any], label: str) -> None:
        period = self.period
        if period is not None:
            self._push(lambda: ProgressCommand(self.ctx, task_id, period, changes, label))

    def add_task(self, parent: QWidget) -> str | None:
        """Ask for a new task under the chosen section and add it; return its id."""
        if self.plan is None or not self.sections:
            self.failed.emit(
                "Chưa có kế hoạch để thêm nhiệm vụ: hãy thiết lập đơn vị ở trang đầu hoặc nhập "
                "phụ lục (Ctrl+I)."
                if self.plan is None
                else "Kế hoạch chưa có mục nào (I, II…) để thêm nhiệm vụ: hãy nhập phụ lục (Ctrl+I)."
            )
            return None
        section_id = self.page.tree.section_id()
        current = self.page.model.find(self.current_id) if self.current_id else None
        if section_id is None and current is not None:
            section_id = current.view.section_id
        numbers: dict[str, list[str]] = {}
        for r in self.page.model.all_rows():
            numbers.setdefault(r.view.section_id, []).append(r.view.number)
        years = (self.plan.start_year, self.plan.end_year)
        dialog = AddTaskDialog(
            self.sections, section_id, next_numbers(numbers, self.sections), years, parent
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        command = AddTaskCommand(self.ctx, dialog.section_id(), dialog.fields())
        return command.task_id if push(self.undo_stack, command) else None

    def delete_task(self, parent: QWidget) -> bool:
        """Delete the current task after the officer confirms."""
        task_id = self.current_id
        row = self.page.model.find(task_id) if task_id else None
        if row is None:
            return False
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Xóa nhiệm vụ")
        box.setText(f"Xóa nhiệm vụ {row.view.number}?")
        box.setInformativeText(
            f"{row.view.content[:200]}\n\nTiến độ đã ghi của nhiệm vụ cũng bị xóa. "
            "Có thể hoàn tác bằng Ctrl+Z."
        )
        yes = box.addButton("Xóa", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Không xóa", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not yes:
            return False
        neighbours = self.page.model.shown_rows()
        index = next((i for i, r in enumerate(neighbours) if r.id == task_id), 0)
        after = neighbours[index + 1] if index + 1 < len(neighbours) else None
        self._pending_select = after.id if after else None
        return self._push(lambda: DeleteTaskCommand(self.ctx, row.id))

    def undo(self) -> None:
        """Save the field being typed, then undo the latest edit."""
        self.commit_pending()
        self.undo_stack.undo()

    def redo(self) -> None:
        """Redo the edit undone last."""
        self.commit_pending()
        self.undo_stack.redo()

    def _on_changed(self, change: Change) -> None:
        if change.structure:
            target = change.task_ids[0] if change.task_ids else None
            present = target is not None and self.page.model.find(target) is not None
            select = target if not present else self._pending_select
            self.load(select=select or target)
            return
        if self.loading:
            self._edited_while_loading.update(change.task_ids)
        self._refresh_rows(list(change.task_ids))
        self._show_summary(summarise(self.page.model.all_rows()))  # a lead may have changed
        if self.current_id in change.task_ids:
            self._show(self.current_id)
        elif len(change.task_ids) == 1:
            self.select_task(change.task_ids[0])  # undo of another task: bring it into view
        self._update_summary()
        self.tasks_changed.emit()

    def _refresh_rows(self, task_ids: list[str]) -> None:
        if self.plan is None or self.period is None:
            return
        rows = fresh_rows(self.engine, self.plan.id, task_ids, self.period, self.as_of)
        self.page.model.update_rows(rows)

"""The main window: the plan's name and its tasks."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QTableView, QVBoxLayout, QWidget
from sqlalchemy import Engine

from carapp.services.plans import list_plans
from carapp.services.tasks import list_tasks
from carapp.ui.task_model import TaskTableModel


class MainWindow(QMainWindow):
    """Show the first plan and its task list."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self._engine = engine
        self.setWindowTitle("carapp — Kế hoạch cải cách hành chính")
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.table = QTableView()
        self.model = TaskTableModel(self)
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.resize(1200, 760)
        self.reload()

    def reload(self) -> None:
        """Read the plan and its tasks again from the database."""
        plans = list_plans(self._engine)
        if not plans:
            self.plan_label.setText("Chưa có kế hoạch nào.")
            self.model.set_tasks([])
            return
        plan = plans[0]
        self.plan_label.setText(f"<b>Kế hoạch {plan.title}</b> — {plan.owner_name}")
        self.model.set_tasks(list_tasks(self._engine, plan.id))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, 520)
        self.table.resizeRowsToContents()

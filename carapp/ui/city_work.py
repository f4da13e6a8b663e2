"""The city tab's long work: importing the units' packages, exporting the consolidated report.

A controller over `CityView`'s widgets (the view lays them out): it asks for files and the
city's key, runs the work on its own pool and shows progress and verdicts in the view.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import Engine

from carapp.services.sync.city_export import export_consolidated
from carapp.services.sync.keys import load_key
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.results import ImportResult
from carapp.ui.city_dialogs import ImportKeyDialog
from carapp.ui.sync_text import summary
from carapp.ui.workers import Jobs

if TYPE_CHECKING:
    from carapp.ui.city_view import CityView

FOLDER_SETTING = "city/package-folder"
EXPORT_FILTER = "PDF (*.pdf);;Excel (*.xlsx)"


class _Progress(QObject):
    """Carries import progress from the worker thread to the GUI thread (queued signal)."""

    changed = Signal(int, int)


class CityWork(QObject):
    """Import packages and export the consolidated report for a `CityView`, off the GUI thread."""

    imported = Signal()  # packages were applied: the units' plans changed

    def __init__(self, view: CityView, engine: Engine, settings: QSettings) -> None:
        super().__init__(view)
        self._view, self._engine, self._settings = view, engine, settings
        self._jobs, self._progress = Jobs(self), _Progress(self)
        self._export_folder = Path.home()
        self._progress.changed.connect(self._on_progress)
        view.import_button.clicked.connect(self.choose_files)
        view.folder_button.clicked.connect(self.choose_folder)
        view.export_button.clicked.connect(self.choose_export)
        view.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._export_folder)))
        )

    # Import ------------------------------------------------------------------------------

    def choose_files(self) -> None:
        """Ask for package files, then for the key."""
        folder = str(self._settings.value(FOLDER_SETTING, "") or Path.home())
        chosen, _ = QFileDialog.getOpenFileNames(
            self._view, "Chọn các gói báo cáo của đơn vị", folder, "Gói báo cáo (*.zip)"
        )
        if chosen:
            self.ask_key(chosen)

    def choose_folder(self) -> None:
        """Ask for a folder of packages, then for the key."""
        folder = str(self._settings.value(FOLDER_SETTING, "") or Path.home())
        chosen = QFileDialog.getExistingDirectory(self._view, "Chọn thư mục chứa các gói", folder)
        if chosen:
            self.ask_key([chosen])

    def ask_key(self, paths: list[str]) -> ImportKeyDialog:
        """Ask for the city's key and the receipts folder, then import `paths`."""
        self._settings.setValue(FOLDER_SETTING, str(Path(paths[0]).parent))
        dialog = ImportKeyDialog(self._engine, self._settings, len(paths), self._view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start_import(paths, *dialog.values()))
        dialog.open()
        return dialog

    def start_import(self, paths: list[str], key_file: str, passphrase: str, receipts: str) -> None:
        """Verify and import the packages off the GUI thread, the bar counting both passes."""
        engine, emit = self._engine, self._progress.changed.emit

        def work() -> list[ImportResult]:
            signer = load_key(key_file, passphrase)
            return import_packages(
                engine, paths, signer, receipts_dir=receipts or None, progress=emit
            )

        self._set_busy(True)
        self._view.bar.setRange(0, 0)
        self._show("Đang mở tệp khóa và kiểm tra các gói…")
        self._jobs.start(work, self._on_imported, self._on_import_failed)

    def _on_progress(self, done: int, total: int) -> None:
        self._view.bar.setRange(0, max(total, 1))
        self._view.bar.setValue(done if total else 1)
        if total:
            self._view.message.setText(f"Đang kiểm tra và nhập các gói… ({done}/{total} bước)")

    def _on_imported(self, results: list[ImportResult]) -> None:
        self._set_busy(False)
        # Done: the service's last report can fall short when every package was refused.
        self._view.bar.setValue(self._view.bar.maximum())
        self._view.results_model.set_rows(results)
        self._view.results_box.setVisible(bool(results))
        self._view.results.resizeColumnsToContents()
        self._view.results.horizontalHeader().setStretchLastSection(True)
        if not results:
            self._view.bar.setVisible(False)
            self._show("Không tìm thấy tệp .zip nào trong những mục đã chọn.")
            return
        receipts = {str(r.receipt_path.parent) for r in results if r.receipt_path}
        where = (
            f" Biên nhận ghi tại: {html.escape(', '.join(sorted(receipts)))}." if receipts else ""
        )
        self._show(summary(results) + where)
        self._view.refresh()
        self.imported.emit()

    def _on_import_failed(self, message: str) -> None:
        self._set_busy(False)
        self._view.bar.setVisible(False)
        self._show(f"Không nhập được: {html.escape(message)}")

    def _set_busy(self, busy: bool) -> None:
        self._view.bar.setVisible(True)
        for button in (self._view.import_button, self._view.folder_button):
            button.setEnabled(not busy)

    def _show(self, text: str) -> None:
        self._view.message.setText(text)

    # Export ------------------------------------------------------------------------------

    def choose_export(self) -> None:
        """Ask where to write the consolidated report (PDF or Excel), then write it."""
        period = self._view.chosen_period()
        proposed = str(self._export_folder / f"tong-hop-{period.code}.pdf")
        chosen, selected = QFileDialog.getSaveFileName(
            self._view, "Xuất báo cáo tổng hợp", proposed, EXPORT_FILTER
        )
        if chosen:
            fmt = "xlsx" if chosen.endswith(".xlsx") or "xlsx" in selected else "pdf"
            self.start_export(Path(chosen).with_suffix(f".{fmt}"))

    def start_export(self, path: Path) -> None:
        """Write the consolidated report (PDF or xlsx, by the suffix) off the GUI thread."""
        engine, period = self._engine, self._view.chosen_period()
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "pdf"
        self._view.export_button.setEnabled(False)
        self._view.open_folder.setVisible(False)
        self._show(f"Đang xuất báo cáo tổng hợp {period.label}…")
        self._jobs.start(
            lambda: export_consolidated(engine, period, fmt, path),  # type: ignore[arg-type]
            lambda _r: self._on_exported(path),
            self._on_export_failed,
        )

    def _on_exported(self, path: Path) -> None:
        self._view.export_button.setEnabled(True)
        self._export_folder = path.parent
        self._view.open_folder.setVisible(True)
        self._show(f"Đã ghi báo cáo tổng hợp: {html.escape(str(path))}")

    def _on_export_failed(self, message: str) -> None:
        self._view.export_button.setEnabled(True)
        self._show(f"Không xuất được báo cáo tổng hợp: {html.escape(message)}")

    def wait(self) -> bool:
        """Wait for running work (tests, closing)."""
        return self._jobs.wait(60_000)

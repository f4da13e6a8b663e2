"""The export dialog writes the chosen document off the GUI thread and says where."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from carapp.domain.periods import parse_period, periods_between
from carapp.services.common import ServiceError
from carapp.services.plans import list_plans
from carapp.ui import export_dialog
from carapp.ui.export_dialog import ExportDialog


def _dialog(qtbot, engine, folder: Path) -> ExportDialog:
    plan_id = list_plans(engine)[0].id
    periods = periods_between(2026, 2030)
    dialog = ExportDialog(engine, plan_id, periods, parse_period("2026-H1"), folder=folder)
    qtbot.addWidget(dialog)
    return dialog


def test_report_pdf_for_the_chosen_period(qtbot, sample_engine, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, sample_engine, tmp_path)
    dialog.document.setCurrentIndex(dialog.document.findData("report"))
    assert dialog.destination.text() == str(tmp_path / "bao-cao-2026-H1.pdf")
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as blocker:
        dialog.export_button.click()
    assert blocker.args == [str(tmp_path / "bao-cao-2026-H1.pdf")]
    text = PdfReader(tmp_path / "bao-cao-2026-H1.pdf").pages[0].extract_text()
    assert "6 tháng đầu năm 2026" in text
    assert not dialog.open_folder.isHidden() and "Đã ghi" in dialog.message.text()


def test_appendix_xlsx(qtbot, sample_engine, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, sample_engine, tmp_path)
    dialog.xlsx.setChecked(True)
    assert not dialog.period.isEnabled()
    assert dialog.destination.text().endswith("phu-luc.xlsx")
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.export_button.click()
    assert load_workbook(tmp_path / "phu-luc.xlsx").active.title == "Phụ lục"


def test_report_as_a_word_copy(qtbot, sample_engine, tmp_path: Path) -> None:
    import docx

    dialog = _dialog(qtbot, sample_engine, tmp_path)
    dialog.document.setCurrentIndex(dialog.document.findData("report"))
    dialog.docx.setChecked(True)
    assert dialog.destination.text() == str(tmp_path / "bao-cao-2026-H1.docx")
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.export_button.click()
    document = docx.Document(str(tmp_path / "bao-cao-2026-H1.docx"))
    assert any("6 tháng đầu năm 2026" in p.text for p in document.paragraphs)


def test_number_and_signer_for_this_document(qtbot, sample_engine, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, sample_engine, tmp_path)
    dialog.document.setCurrentIndex(dialog.document.findData("report"))
    dialog.number.setText("12")
    dialog.signer.setText("A|B|C|D|Nguyễn Văn A")  # four lines: refused, nothing written
    dialog.export_button.click()
    assert "tối đa 3 dòng" in dialog.message.text()
    assert not (tmp_path / "bao-cao-2026-H1.pdf").exists()
    dialog.signer.setText("TM. ỦY BAN NHÂN DÂN|KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn A")
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.export_button.click()
    reader = PdfReader(tmp_path / "bao-cao-2026-H1.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Số: 12/BC-UBND" in text and "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert "Nguyễn Văn A" in text


def test_failure_is_reported_and_nothing_written(
    qtbot, sample_engine, tmp_path: Path, monkeypatch
) -> None:
    dialog = _dialog(qtbot, sample_engine, tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    dialog.destination.setText(str(blocker / "phu-luc.pdf"))
    dialog.export_button.click()
    assert "Không có thư mục" in dialog.message.text()  # refused before anything starts

    def fail(*_args: object, **_kwargs: object) -> None:
        raise ServiceError("Ổ đĩa đầy.")

    monkeypatch.setattr(export_dialog, "export_document", fail)
    dialog.destination.setText(str(tmp_path / "phu-luc.pdf"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "Không xuất được" in dialog.message.text(), timeout=30_000)
    assert dialog.export_button.isEnabled() and not (tmp_path / "phu-luc.pdf").exists()
    assert "Ổ đĩa đầy." in dialog.message.text()


def _answer(button: str, seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    seen.append(box.text())
    next(b for b in box.buttons() if b.text() == button).click()


def test_writing_over_an_existing_file_asks_first(qtbot, sample_engine, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, sample_engine, tmp_path)
    target = tmp_path / "phu-luc.pdf"
    target.write_bytes(b"the signed copy")
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer("Không ghi", seen))
    dialog.export_button.click()
    assert seen == ["Tệp “phu-luc.pdf” đã có."]
    assert target.read_bytes() == b"the signed copy" and "Chưa ghi gì" in dialog.message.text()
    QTimer.singleShot(0, lambda: _answer("Ghi đè", seen))
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.export_button.click()
    assert target.read_bytes().startswith(b"%PDF")


def test_missing_folder_is_refused_and_the_suffix_follows_the_format(
    qtbot, sample_engine, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, sample_engine, tmp_path)
    dialog.destination.setText(str(tmp_path / "chua-co" / "phu-luc.pdf"))
    dialog.export_button.click()
    assert "Không có thư mục" in dialog.message.text()
    assert not (tmp_path / "chua-co").exists()
    dialog.xlsx.setChecked(True)
    dialog.destination.setText(str(tmp_path / "phu-luc.pdf"))
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as blocker:
        dialog.export_button.click()
    assert blocker.args == [str(tmp_path / "phu-luc.pdf.xlsx")]


def test_a_full_disk_or_a_folder_is_reported_in_vietnamese(
    qtbot, sample_engine, tmp_path: Path, monkeypatch
) -> None:
    """The window's workers give the command line's messages, never an English class name."""
    import errno

    import carapp.fileio

    out = tmp_path / "out"
    out.mkdir()
    dialog = _dialog(qtbot, sample_engine, out)
    folder = out / "phu-luc.pdf"
    folder.mkdir()  # a folder where the file should go
    dialog.destination.setText(str(folder))
    dialog.export_button.click()
    assert "là một thư mục" in dialog.message.text()  # refused before anything starts

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(carapp.fileio.os, "fsync", full)
    dialog.destination.setText(str(out / "phu-luc-2.pdf"))
    dialog.message.clear()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "Không xuất được" in dialog.message.text(), timeout=30_000)
    assert "ổ đĩa đã đầy" in dialog.message.text() and "Error" not in dialog.message.text()
    assert [p.name for p in out.iterdir()] == ["phu-luc.pdf"]  # the folder; no half file


def test_a_worker_maps_file_and_database_errors(qtbot) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from carapp.ui.workers import failure_message

    assert failure_message(PermissionError(13, "Permission denied", "/x/y.pdf")) == (
        "Không đọc hoặc ghi được tệp “/x/y.pdf”: không có quyền."
    )
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # type: ignore[attr-defined]
    assert "Ổ đĩa đã đầy" in failure_message(OperationalError("INSERT", {}, full))

"""Item models of the city tab: import results, the units' table, counts per area, unit tasks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont

from carapp.domain.city import CATEGORIES, Consolidation, CountRow, ProvinceSummary, UnitStatus
from carapp.domain.city import category_label as category_name
from carapp.domain.status import DerivedStatus, RecordedStatus
from carapp.services.sync.results import ALREADY, REJECTED, ImportResult
from carapp.services.tasks import TaskView
from carapp.ui.overview_colors import category_swatch
from carapp.ui.row_tables import PagedTable, RowTable
from carapp.ui.status_style import derived_background, derived_foreground
from carapp.ui.sync_text import local_time, verdict
from carapp.ui.task_table import outline_text

_DISPLAY = Qt.ItemDataRole.DisplayRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
BAD, GOOD = QColor("#7f1d1d"), QColor("#14532d")
# The same two-line titles as the overview's count tables, so both pages read alike.
CATEGORY_HEADERS: dict[DerivedStatus | None, str] = {
    DerivedStatus.DONE_ON_TIME: "Hoàn thành\nđúng hạn",
    DerivedStatus.DONE_LATE: "Hoàn thành\nquá hạn",
    DerivedStatus.IN_PROGRESS_ON_TIME: "Đang thực hiện\ntrong hạn",
    DerivedStatus.OVERDUE: "Quá hạn",
    DerivedStatus.NOT_DUE: "Chưa\nđến hạn",
    None: "Chưa xác định\nđược thời hạn",
}
TOTAL_HEADER = "Tổng số\nnhiệm vụ"
FILE_NAME = re.compile(r"^CCHC_([A-Z0-9-]+)_")  # CCHC_<unit>_<period>_<sequence>.zip


class ImportResultModel(RowTable):
    """One row per package of the last import: file, unit, period and the verdict."""

    COL_FILE, COL_UNIT, COL_PERIOD, COL_SEQUENCE, COL_VERDICT = range(5)
    headers = ("Tệp", "Đơn vị", "Kỳ", "Số gói", "Kết quả kiểm tra")

    def cell(self, row: ImportResult, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_VERDICT:
            return BAD if row.status == REJECTED else None if row.status == ALREADY else GOOD
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row) if column == self.COL_VERDICT else str(row.path)
        if role == Qt.ItemDataRole.FontRole and column == self.COL_UNIT and not row.unit_code:
            font = QFont()
            font.setItalic(True)  # only what the file's name claims
            return font
        if role != _DISPLAY:
            return None
        return (
            row.path.name,
            self.unit_text(row),
            row.period_label if row.period else "",
            row.sequence if row.sequence is not None else "",
            verdict(row),
        )[column]

    @staticmethod
    def unit_text(row: ImportResult) -> str:
        """Return the unit the package is from; for a refused one, what its file name says."""
        if row.unit_code:
            return f"{row.unit_code} — {row.unit_name}" if row.unit_name else row.unit_code
        named = FILE_NAME.match(row.path.name)
        return f"{named.group(1)} (theo tên tệp)" if named else ""

    @staticmethod
    def _tooltip(row: ImportResult) -> str:
        lines = [verdict(row)]
        if row.signer_subject:
            lines.append(f"Chứng thư: {row.signer_subject}")
            lines.append(f"Vân tay SHA-256: {row.signer_fingerprint}")
        if row.status not in (REJECTED, ALREADY) and row.reason:
            lines.append(row.reason)
        if row.receipt_path:
            lines.append(f"Biên nhận: {row.receipt_path}")
        return "\n".join(lines)


def category_header(column_category: DerivedStatus | None, role: int) -> Any:
    """Return a category column's title, swatch or full name for a header role."""
    if role == _DISPLAY:
        return CATEGORY_HEADERS[column_category]
    if role == Qt.ItemDataRole.DecorationRole:
        return category_swatch(column_category)
    if role == Qt.ItemDataRole.ToolTipRole:
        return category_name(column_category)
    return None


class CountTable(PagedTable):
    """A paged table whose columns FIRST_COUNT … COL_TOTAL - 1 count tasks per category."""

    FIRST_COUNT = 0
    COL_TOTAL = 0

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and self.FIRST_COUNT <= section < self.COL_TOTAL
        ):
            return category_header(CATEGORIES[section - self.FIRST_COUNT], role)
        return super().headerData(section, orientation, role)


class UnitStatusModel(CountTable):
    """The units' table of a period: what came in, verified, on time, complete, and counts.

    Shown a page at a time and updated in place (by unit code) when the picture is computed again.
    """

    COL_CODE, COL_NAME, COL_LAST, COL_RECEIVED, COL_VERIFIED, COL_TIMELY, COL_COMPLETE = range(7)
    FIRST_COUNT = 7
    COL_TOTAL = FIRST_COUNT + len(CATEGORIES)
    headers = (
        "Mã",
        "Đơn vị",
        "Gói gần nhất",
        "Nhận báo cáo\nkỳ này lúc",
        "Xác minh",
        "Thời hạn",
        "Đầy đủ",
        *(CATEGORY_HEADERS[c] for c in CATEGORIES),
        TOTAL_HEADER,
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._counts: dict[str, CountRow] = {}
        # Each shown row's texts, made at its first paint: the view asks for every cell and
        # role at each paint (a date formatted and a period parsed each time was most of the
        # GUI thread's time when a national picture came in).
        self._texts: dict[str, tuple[str, ...]] = {}

    def key(self, row: UnitStatus) -> object:
        return row.code

    def set_consolidation(self, c: Consolidation) -> None:
        """Show the units of a consolidated picture, in place of the previous one."""
        self._counts = {row.code: row for row in c.units}
        self.update_rows(c.statuses)

    def set_rows(self, rows: list[Any]) -> None:
        self._texts = {}
        super().set_rows(rows)

    def update_rows(self, rows: Sequence[Any]) -> None:
        self._texts = {}  # before the rows change: the views repaint meanwhile
        super().update_rows(rows)

    def cell(self, row: UnitStatus, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.FIRST_COUNT:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.COL_NAME, self.COL_VERIFIED):
            signed = f"\nKý bởi: {row.signer_subject}" if row.signer_subject else ""
            return f"{row.name}{signed}"
        if role != _DISPLAY:
            return None
        if column >= self.FIRST_COUNT:
            counts = self._counts.get(row.code)
            if counts is None:
                return 0
            return (
                counts.total
                if column == self.COL_TOTAL
                else counts.count(CATEGORIES[column - self.FIRST_COUNT])
            )
        texts = self._texts.get(row.code)
        if texts is None:
            texts = self._texts[row.code] = self.texts(row)
        return texts[column]

    def texts(self, row: UnitStatus) -> tuple[str, ...]:
        """Return the texts of a unit's columns before the counts."""
        last = f"{row.last_period_label} (số {row.last_sequence})" if row.last_period else ""
        return (
            row.code,
            row.name,
            last or "Chưa nhận gói nào",
            local_time(row.received_at) or "Chưa nhận",
            self.verification(row),
            row.timeliness_label,
            row.completeness_label,
        )

    @staticmethod
    def verification(row: UnitStatus) -> str:
        """Return the last package's verification, or why there is none."""
        if row.last_sequence is None:
            return "—" if row.registered else "Chưa cấp khóa"
        state = "Đã xác minh" if row.verification == "Hợp lệ" else row.verification
        return state if row.registered else f"{state} (khóa đã bị thu hồi)"

    def _colour(self, row: UnitStatus, column: int) -> QColor | None:
        if column == self.COL_TIMELY and row.on_time is not None:
            return GOOD if row.on_time else BAD
        if column == self.COL_COMPLETE and row.received:
            return GOOD if row.complete else BAD
        return None


class AreaCountModel(CountTable):
    """Counts of the units' tasks per reform area, with a bold total row (updated in place)."""

    FIRST_COUNT = 1
    COL_TOTAL = 1 + len(CATEGORIES)
    headers = ("Lĩnh vực", *(CATEGORY_HEADERS[c] for c in CATEGORIES), TOTAL_HEADER)

    def set_consolidation(self, c: Consolidation) -> None:
        """Show the areas and the total of a consolidated picture."""
        self.update_rows([*c.areas, c.total])

    def key(self, row: CountRow) -> object:
        return row.area or row.label

    def cell(self, row: CountRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and row is self._rows[-1]:
            font = QFont()
            font.setBold(True)
            return font
        if role != _DISPLAY:
            return None
        if column == 0:
            return row.label
        return row.total if column == self.COL_TOTAL else row.count(CATEGORIES[column - 1])


class ProvinceModel(CountTable):
    """Per province (a parent unit): its units' reports received, on time, complete, counts."""

    COL_CODE, COL_NAME, COL_RECEIVED, COL_TIMELY, COL_COMPLETE = range(5)
    FIRST_COUNT = 5
    COL_TOTAL = FIRST_COUNT + len(CATEGORIES)
    headers = (
        "Mã",
        "Tỉnh / đơn vị cấp trên",
        "Đơn vị đã\ngửi báo cáo",
        "Gửi\nđúng hạn",
        "Báo cáo\nđầy đủ",
        *(CATEGORY_HEADERS[c] for c in CATEGORIES),
        TOTAL_HEADER,
    )

    def key(self, row: ProvinceSummary) -> object:
        return row.code

    def set_consolidation(self, c: Consolidation) -> None:
        """Show the provinces of a consolidated picture, in place of the previous ones."""
        self.update_rows(c.provinces)

    def cell(self, row: ProvinceSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.COL_RECEIVED:
            return _RIGHT
        if role != _DISPLAY:
            return None
        if column >= self.FIRST_COUNT:
            category = column - self.FIRST_COUNT
            return (
                row.tasks.total
                if column == self.COL_TOTAL
                else row.tasks.count(CATEGORIES[category])
            )
        return (row.code, row.name, row.received_label, row.on_time, row.complete)[column]


class UnitTaskModel(RowTable):
    """One unit's tasks as the city sees them for a period (read-only)."""

    COL_NUMBER, COL_CONTENT, COL_LEAD, COL_DEADLINE, COL_PROGRESS, COL_DERIVED, COL_ORIGIN = range(
        7
    )
    headers = (
        "STT",
        "Nội dung nhiệm vụ",
        "Chủ trì",
        "Thời hạn",
        "Tiến độ kỳ này",
        "Đánh giá",
        "Nguồn",
    )

    def cell(self, row: TaskView, column: int, role: int) -> Any:
        if column == self.COL_DERIVED and role == Qt.ItemDataRole.BackgroundRole:
            return derived_background(row.derived)
        if column == self.COL_DERIVED and role == Qt.ItemDataRole.ForegroundRole:
            return derived_foreground(row.derived)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_CONTENT:
            return row.content
        if role != _DISPLAY:
            return None
        progress = row.status.label if row.status else "Chưa báo cáo"
        if row.status is RecordedStatus.IN_PROGRESS and row.percent is not None:
            progress += f" ({row.percent}%)"
        if row.is_heading:  # a group heading reports nothing itself: its sub-items do
            progress = ""
        return (
            row.number,
            outline_text(row),
            row.lead,
            row.deadline.text,
            progress,
            category_name(row.derived),
            "Thành phố giao" if row.origin == "city" else "Đơn vị",
        )[column]

"""The consolidated report's text: subject, headings, and each table's rows as strings."""

from __future__ import annotations

from datetime import date

from carapp.domain.city import CATEGORIES, Consolidation, CountRow, category_label
from carapp.domain.documents import DocumentHeader, SignatureBlock
from carapp.domain.periods import ReportingPeriod, period_phrase
from carapp.domain.status import DerivedStatus
from carapp.export import wording
from carapp.export.summary import Tally, total_sentence

TABLE_SIZE = 10.0
UNITS_HEADING = "I. TÌNH HÌNH GỬI BÁO CÁO VÀ KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA CÁC ĐƠN VỊ"
AREAS_HEADING = "II. TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO LĨNH VỰC"
UNIT_COLUMNS = ("STT", "Đơn vị", "Ngày nhận báo cáo", "Đúng hạn", "Đầy đủ", "Tổng số nhiệm vụ")
AREA_COLUMNS = ("STT", "Lĩnh vực", "Tổng số nhiệm vụ")
PROVINCES_HEADING = "III. TỔNG HỢP THEO TỈNH, THÀNH PHỐ (ĐƠN VỊ CẤP TRÊN)"
PROVINCE_COLUMNS = ("STT", "Tỉnh, thành phố", "Đơn vị đã gửi báo cáo", "Tổng số nhiệm vụ")
RECIPIENTS = ("UBND thành phố (để báo cáo);", "Các đơn vị (để biết);", "Lưu: VT.")
SIGNATURE = SignatureBlock(authority="", post="THỦ TRƯỞNG CƠ QUAN", signer="")


def subject(period: ReportingPeriod) -> str:
    """Return the report's subject line."""
    return f"Tổng hợp kết quả thực hiện cải cách hành chính của các đơn vị {period_phrase(period)}"


def consolidated_header(c: Consolidation) -> DocumentHeader:
    """Return the document header: the city's name (or the standing office), the day."""
    return DocumentHeader(
        issuer=c.city_name or "CƠ QUAN THƯỜNG TRỰC CẢI CÁCH HÀNH CHÍNH", issued_on=c.as_of
    )


def _day(value: date | None) -> str:
    return wording.day_month_year(value) if value else ""


def unit_cells(c: Consolidation) -> list[list[str]]:
    """Return the units table's rows as text."""
    rows = []
    by_code = {row.code: row for row in c.units}
    for number, status in enumerate(c.statuses, start=1):
        counts = by_code[status.code]
        received = status.received_at.date() if status.received_at else None
        rows.append(
            [
                str(number),
                f"{status.name} ({status.code})" if status.name else status.code,
                _day(received) or "Chưa nhận",
                status.timeliness_label,
                status.completeness_label,
                str(counts.total),
                *(str(counts.count(cat)) for cat in CATEGORIES),
            ]
        )
    return rows


def _count_cells(number: str, row: CountRow) -> list[str]:
    return [number, row.label, str(row.total), *(str(row.count(cat)) for cat in CATEGORIES)]


def area_cells(c: Consolidation) -> list[list[str]]:
    """Return the areas table's rows as text, the total last."""
    rows = [_count_cells(str(n), row) for n, row in enumerate(c.areas, start=1)]
    return [*rows, _count_cells("", c.total)]


def province_cells(c: Consolidation) -> list[list[str]]:
    """Return the provinces table's rows as text; none when every unit is under one province."""
    if len(c.provinces) < 2:
        return []
    return [
        [str(n), p.name, p.received_label, str(p.tasks.total)]
        + [str(p.tasks.count(cat)) for cat in CATEGORIES]
        for n, p in enumerate(c.provinces, start=1)
    ]


def total_text(c: Consolidation) -> str:
    """Return the total sentence ("Tổng số N nhiệm vụ; đã hoàn thành …")."""
    counts = {s: c.total.count(s) for s in DerivedStatus}
    return total_sentence(Tally(c.total.label, counts, c.total.total))


def category_titles() -> list[str]:
    """Return the category columns' titles."""
    return [category_label(cat) for cat in CATEGORIES]

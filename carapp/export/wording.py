"""The printed words shared by the PDF and Excel writers (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from carapp.domain.documents import DocumentHeader, ProgressRow
from carapp.domain.periods import ReportingPeriod
from carapp.domain.text import nfc

NATIONAL_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_HEAD = "Nơi nhận:"
DIFFICULTIES = "Khó khăn, vướng mắc:"
PROPOSALS = "Đề xuất:"
REPORT_KIND = "BÁO CÁO"
SUMMARY_HEADING = "TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO LĨNH VỰC"
ID_HEADER = "ID"

APPENDIX_COLUMNS = (
    "STT",
    "Nội dung công việc",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Kết quả/ Sản phẩm",
    "Thời gian hoàn thành",
)
REPORT_COLUMNS = (
    "STT",
    "Tên nhiệm vụ",
    "Đơn vị chủ trì",
    "Thời hạn",
    "Trạng thái",
    "Kết quả thực hiện",
    "Ngày hoàn thành thực tế",
    "Đánh giá",
)
STATUS_AND_ASSESSMENT = "Trạng thái, đánh giá"
SUMMARY_COLUMNS = ("STT", "Lĩnh vực", "Tổng số nhiệm vụ")
SUMMARY_TOTAL = "Tổng cộng"

# Blanks left for the clerk to fill in by hand when the document has no number or date yet.
_BLANK = "\u00a0" * 6


def text(value: str | None) -> str:
    """Return a printable string: NFC, trimmed."""
    return nfc(value).strip()


def day_month_year(day: date) -> str:
    """Return 03/09/2025: the short form used in tables."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def long_date(day: date | None) -> str:
    """Return "ngày 03 tháng 9 năm 2025": zero before days < 10 and months 1 and 2."""
    if day is None:
        return f"ngày{_BLANK}tháng{_BLANK}năm{_BLANK}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(header: DocumentHeader) -> str:
    """Return "Bạch Long Vĩ, ngày 03 tháng 9 năm 2025" (the place left out when unknown)."""
    place = text(header.place)
    when = long_date(header.issued_on)
    return f"{place}, {when}" if place else when[0].upper() + when[1:]


def number_line(header: DocumentHeader) -> str:
    """Return "Số: 95/KH-UBND", "Số: 12/BC-UBND", or "Số:      /BC-UBND" for the văn thư."""
    number, symbol = text(header.number), text(header.symbol).strip("/")
    if number and symbol and "/" not in number:
        return f"Số: {number}/{symbol}"
    if number:
        return f"Số: {number}"
    return f"Số:{_BLANK * 2}/{symbol}" if symbol else f"Số:{_BLANK * 2}"


def issuer_lines(header: DocumentHeader) -> tuple[str, str]:
    """Return the parent body and the issuing body in capitals, each maybe on several lines."""

    def lines(value: str) -> str:
        return "\n".join(" ".join(x.split()) for x in text(value).upper().split("\n") if x.strip())

    return lines(header.parent_issuer), lines(header.issuer)


def in_parentheses(line: str | None) -> str:
    """Return the "(Kèm theo …)" line with its parentheses, adding them when missing."""
    value = text(line)
    if not value:
        return ""
    inner = value[1:-1] if value.startswith("(") and value.endswith(")") else value.strip("()")
    return f"({_without_repeats(inner.strip())})"


def _without_repeats(value: str) -> str:
    """Drop a phrase written twice in a row ("Kèm theo Kèm theo …", "của của")."""
    words = value.split()
    out: list[str] = []
    for word in words:
        out.append(word)
        for size in (1, 2, 3):
            if len(out) >= 2 * size and [w.casefold() for w in out[-size:]] == [
                w.casefold() for w in out[-2 * size : -size]
            ]:
                del out[-size:]
                break
    return " ".join(out)


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """Return "- Như trên;" lines: a dash in front, ';' after each but the last, '.' after it."""
    items = [text(r) for r in recipients if text(r)]
    lines = []
    for i, item in enumerate(items):
        line = item if item[0] in "-+•" else f"- {item}"
        if line[-1] not in ".;:,":
            line += "." if i == len(items) - 1 else ";"
        lines.append(line)
    return lines


def report_subject(title: str, period: ReportingPeriod) -> str:
    """Return the report's summary line; the default names the reporting period."""
    return text(title) or f"Kết quả thực hiện kế hoạch cải cách hành chính {period.label}"


def report_scope(plan_title: str, as_of: date) -> list[str]:
    """Return the italic lines under the report's title: the plan and the as-of date."""
    lines = [text(plan_title)] if text(plan_title) else []
    lines.append(f"(Số liệu tính đến ngày {day_month_year(as_of)})")
    return lines


def status_text(row: ProgressRow) -> str:
    """Return the recorded status label, with the percent when one was recorded."""
    label = row.status.label if row.status else ""
    if row.percent is not None and label:
        return f"{label} ({row.percent}%)"
    return label


def result_paragraphs(row: ProgressRow) -> list[tuple[str, str]]:
    """Return the result cell as (label, text) paragraphs: description lines, then problems."""
    paragraphs = [("", line.strip()) for line in nfc(row.description).split("\n") if line.strip()]
    if text(row.difficulties):
        paragraphs.append((DIFFICULTIES, text(row.difficulties)))
    if text(row.proposals):
        paragraphs.append((PROPOSALS, text(row.proposals)))
    return paragraphs


def result_text(row: ProgressRow) -> str:
    """Return the result cell as plain text, one paragraph a line (for spreadsheets)."""
    return "\n".join(f"{label} {body}" if label else body for label, body in result_paragraphs(row))

"""Sample documents for the export tests: the Bạch Long Vĩ appendix and synthetic hard cases."""

from __future__ import annotations

import json
import unicodedata
import uuid
from datetime import date
from pathlib import Path

from carapp.domain.areas import area_of
from carapp.domain.documents import (
    Appendix,
    DocumentHeader,
    ProgressReport,
    ProgressRow,
    ReportSection,
    SectionRow,
    SignatureBlock,
    TaskRow,
)
from carapp.domain.periods import PeriodKind, ReportingPeriod
from carapp.domain.status import DerivedStatus, RecordedStatus

# A copy of /work/shared/reference/samples/bach-long-vi-phu-luc.json (the appendix transcribed
# cell by cell), kept here so that the tests run on a clone with nothing beside it.
SAMPLE = Path(__file__).parent / "fixtures" / "bach-long-vi-phu-luc.json"

HEADER = DocumentHeader(
    issuer="Ủy ban nhân dân đặc khu Bạch Long Vĩ",
    number="95/KH-UBND",
    place="Bạch Long Vĩ",
    issued_on=date(2025, 9, 3),
)
ATTACHED = "Kèm theo Kế hoạch số 95/KH-UBND ngày 03/9/2025 của Ủy ban nhân dân đặc khu Bạch Long Vĩ"


def task_id(number: str) -> str:
    """Return the stable id the sample gives task `number`."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"carapp-test/blv/{number}"))


def nfd(text: str) -> str:
    """Return `text` decomposed, as some Word and macOS sources deliver it."""
    return unicodedata.normalize("NFD", text)


def load_sample_appendix() -> Appendix:
    """Return the 30-task Bạch Long Vĩ appendix."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    sections = []
    for section in data["sections"]:
        tasks = [
            TaskRow(
                number=t["number"],
                content=t["content"],
                lead=t["lead"],
                cooperating=t["cooperating"],
                output=t["output"],
                deadline=t["deadline"],
                id=task_id(t["number"]),
            )
            for t in section["tasks"]
        ]
        sections.append(
            SectionRow(section["number"], section["title"], area_of(section["title"]), tasks)
        )
    return Appendix(HEADER, data["title"], ATTACHED, data["label"], sections)


def giant_text(sentences: int = 36, marker: str = "câu") -> str:
    """Return about 6,000 characters of numbered Vietnamese sentences ("(câu 1)" … "(câu 36)")."""
    body = (
        "rà soát, đánh giá, cắt giảm thủ tục hành chính rườm rà, chồng chéo, gây khó khăn cho "
        "người dân, doanh nghiệp; ứng dụng công nghệ số và cơ sở dữ liệu sẵn có"
    )
    return " ".join(f"({marker} {i}) Ưu tiên {body}." for i in range(1, sentences + 1))


def synthetic_appendix() -> Appendix:
    """Return a plan with a 6,000-character task, long cells everywhere and NFD input."""
    header = DocumentHeader(
        issuer=nfd("Sở Ngoại vụ"),
        parent_issuer=nfd("Ủy ban nhân dân thành phố Hải Phòng"),
        number=nfd("12/KH-SNgV"),
        place=nfd("Hải Phòng"),
        issued_on=date(2026, 1, 5),
    )
    long_lead = "Phòng Văn hóa - Xã hội chủ trì phối hợp với Văn phòng HĐND và UBND đặc khu"
    tasks = [
        TaskRow("1", nfd("Tổ chức tuyên truyền Nghị quyết số 76/NQ-CP"), "Văn phòng", id="t-1"),
        TaskRow(
            "2",
            giant_text(),
            nfd(long_lead),
            nfd("Các phòng, ban, đơn vị có liên quan; Ủy ban Mặt trận Tổ quốc Việt Nam đặc khu"),
            nfd("Báo cáo; kế hoạch; quyết định; tin, bài viết, video trên Cổng thông tin điện tử"),
            nfd("2026 – tháng 2/2027"),
            id="t-2",
        ),
        TaskRow("3", nfd("Đánh giá chỉ số cải cách hành chính hằng năm"), "Văn phòng", id="t-3"),
    ]
    section = SectionRow("I", nfd("CẢI CÁCH THỦ TỤC HÀNH CHÍNH"), area_of("thủ tục hành chính"))
    section.tasks = tasks
    return Appendix(
        header,
        nfd("Danh mục nhiệm vụ cải cách hành chính năm 2026 của Sở Ngoại vụ"),
        nfd("(Kèm theo Kế hoạch số 12/KH-SNgV ngày 05/01/2026 của Sở Ngoại vụ)"),
        nfd("Phụ lục II"),
        [section],
    )


_STATUSES = [
    (RecordedStatus.DONE, DerivedStatus.DONE_ON_TIME),
    (RecordedStatus.DONE, DerivedStatus.DONE_LATE),
    (RecordedStatus.IN_PROGRESS, DerivedStatus.IN_PROGRESS_ON_TIME),
    (RecordedStatus.IN_PROGRESS, DerivedStatus.OVERDUE),
    (RecordedStatus.NOT_STARTED, DerivedStatus.NOT_DUE),
]


def _progress_row(i: int, task: TaskRow) -> ProgressRow:
    recorded, derived = _STATUSES[i % len(_STATUSES)]
    done = date(2026, 3, (i % 28) + 1) if recorded is RecordedStatus.DONE else None
    description = (
        f"Đã tổ chức thực hiện nhiệm vụ số {task.number}; 99,09% hồ sơ được tiếp nhận trực tuyến.\n"
        "Tổng số 9.096 hồ sơ được tiếp nhận; 8.969 hồ sơ đã giải quyết đúng hạn."
    )
    return ProgressRow(
        task=task,
        status=recorded,
        derived=derived,
        percent=60 if recorded is RecordedStatus.IN_PROGRESS else None,
        description=description,
        completed_on=done,
        difficulties="Đường truyền Internet ra đảo chưa ổn định." if i % 4 == 0 else "",
        proposals="Đề nghị thành phố hỗ trợ thiết bị số hóa." if i % 6 == 0 else "",
    )


def sample_report_from(appendix: Appendix) -> ProgressReport:
    """Return a Quý I/2026 report on every task of `appendix`, statuses cycling."""
    sections = []
    counter = 0
    for section in appendix.sections:
        rows = []
        for task in section.tasks:
            rows.append(_progress_row(counter, task))
            counter += 1
        sections.append(ReportSection(section.numeral, section.title, section.area, rows))
    return ProgressReport(
        header=DocumentHeader(
            issuer=appendix.header.issuer,
            parent_issuer=appendix.header.parent_issuer,
            number="15/BC-UBND",
            place=appendix.header.place,
            issued_on=date(2026, 3, 16),
        ),
        title="",
        period=ReportingPeriod(2026, PeriodKind.Q1),
        as_of=date(2026, 3, 14),
        plan_title=nfd("Kế hoạch cải cách hành chính đặc khu Bạch Long Vĩ giai đoạn 2026 - 2030"),
        sections=sections,
        signature=SignatureBlock(
            "TM. Ủy ban nhân dân", "KT. Chủ tịch\nPhó Chủ tịch", "Nguyễn Văn An"
        ),
        recipients=["Như trên", "Sở Nội vụ thành phố", "Lưu: VT"],
    )

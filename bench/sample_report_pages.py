"""Print the page counts of the sample plan's reports (Quý I, 6 tháng, 9 tháng, Năm) and appendix.

Progress is recorded on every task of the sample plan (Bạch Long Vĩ, 30 tasks) in every period,
with a result of a sentence or two, as a unit writes it; then each document is exported as PDF.
Usage: python bench/sample_report_pages.py [FOLDER]   (default: a temporary folder)
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from carapp.db.migrate import open_database
from carapp.domain.periods import PeriodKind, ReportingPeriod
from carapp.domain.status import RecordedStatus
from carapp.services.exporting import export_document
from carapp.services.plans import list_plans
from carapp.services.progress import set_progress
from carapp.services.sample import load_sample
from carapp.services.tasks import list_tasks

RESULTS = (
    "Đã ban hành văn bản triển khai; tổ chức rà soát theo đúng kế hoạch, kết quả đạt yêu cầu.",
    "Đã tiếp nhận và giải quyết 1.234 hồ sơ, trong đó 99,09% hồ sơ được tiếp nhận trực tuyến; "
    "100% hồ sơ giải quyết đúng hạn.",
    "Đang phối hợp với các phòng, ban chuyên môn hoàn thiện dự thảo, dự kiến trình trong quý sau.",
)
STATUSES = (
    RecordedStatus.DONE,
    RecordedStatus.IN_PROGRESS,
    RecordedStatus.IN_PROGRESS,
    RecordedStatus.NOT_STARTED,
)


def main(folder: Path) -> None:
    engine = open_database(str(folder / "sample.sqlite3"), create=True)
    load_sample(engine, "bench")
    plan = list_plans(engine)[0]
    periods = [ReportingPeriod(2026, kind) for kind in PeriodKind]
    for period in periods:
        for i, task in enumerate(list_tasks(engine, plan.id)):
            status = STATUSES[i % len(STATUSES)]
            set_progress(
                engine,
                "bench",
                task.id,
                period,
                status=status.value,
                description=RESULTS[i % len(RESULTS)],
                completed_on=date(2026, 3, 10) if status is RecordedStatus.DONE else None,
            )
    export_document(engine, "appendix", plan.id, "pdf", folder / "phu-luc.pdf")
    print(f"phu-luc.pdf: {len(PdfReader(folder / 'phu-luc.pdf').pages)} trang")
    for period in periods:
        path = folder / f"bao-cao-{period.code}.pdf"
        export_document(engine, "report", plan.id, "pdf", path, period, period.end)
        print(f"{path.name}: {len(PdfReader(path).pages)} trang")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()))

"""Time the city importing many units' report packages.

Run: .venv/bin/python bench/bench_sync.py [--units 150] [--tasks 100] [--keep DIR]

Setup (not timed): the city's PKI (init-city), one signing certificate per unit U001…U150
allowed in the city's trust store, a generator database holding every unit's plan (7 sections,
`--tasks` tasks, targets, Quý I progress on about 70% of the tasks), and one real report package
per unit built by carapp.services.sync.report_package.build_report_package (data.json plus the
appendix and report as xlsx and PAdES-signed PDF).

Timed: `import_packages` of the whole folder at the city — verification of every package (zip,
hashes, CMS signature, chain, pin, the PAdES signature of each PDF) then, per package in one transaction, the sequence rule, the
snapshot applied with its audit entries, the PackageRecord and a signed receipt written. Then
the same folder again (everything "already imported"), and the consolidated picture. Also
timed alone: the PDF check (carapp.sync.pdfcheck) of every package, i.e. what checking the
PDFs adds to each package's verification.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, func, insert, select  # noqa: E402

from carapp.db.migrate import open_database  # noqa: E402
from carapp.db.models import (  # noqa: E402
    AuditEntry,
    Plan,
    ProgressRecord,
    Section,
    Target,
    Task,
    Unit,
    new_id,
)
from carapp.domain.areas import ReformArea  # noqa: E402
from carapp.domain.periods import PeriodKind, ReportingPeriod  # noqa: E402
from carapp.services.common import reading  # noqa: E402
from carapp.services.deadlines import deadline_columns  # noqa: E402
from carapp.services.sync.city import consolidate  # noqa: E402
from carapp.services.sync.keys import init_city, load_key
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.report_package import build_report_package
from carapp.services.sync.setup import set_mode
from carapp.services.sync.trust import allow_certificate, trust_of
from carapp.services.tasks import search_key  # noqa: E402
from carapp.sync.pdfcheck import check_pdfs  # noqa: E402
from carapp.sync.pki import Signer, issue_unit_certificate  # noqa: E402
from carapp.sync.safezip import Limits, read_package_zip  # noqa: E402

PASS = "mat-khau-bench"
Q1 = ReportingPeriod(2026, PeriodKind.Q1)
SECTIONS = [
    ("I", "CẢI CÁCH THỂ CHẾ", ReformArea.INSTITUTIONS),
    ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", ReformArea.PROCEDURES),
    ("III", "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", ReformArea.ORGANISATION),
    ("IV", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", ReformArea.CIVIL_SERVICE),
    ("V", "CẢI CÁCH TÀI CHÍNH CÔNG", ReformArea.PUBLIC_FINANCE),
    ("VI", "XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", ReformArea.DIGITAL_GOVERNMENT),
    ("VII", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", ReformArea.DIRECTION),
]
PHRASES = [
    "Rà soát, kiểm tra, hệ thống hóa văn bản quy phạm pháp luật thuộc thẩm quyền",
    "Triển khai thanh toán trực tuyến đối với thủ tục hành chính có nghĩa vụ tài chính",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công",
    "Tổ chức đánh giá mức độ hài lòng của người dân, doanh nghiệp",
    "Sắp xếp, kiện toàn tổ chức bộ máy các cơ quan chuyên môn",
    "Bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức",
    "Thực hiện cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
    "Tuyên truyền về cải cách hành chính trên cổng thông tin điện tử",
]
LEADS = [
    "Văn phòng HĐND và UBND",
    "Phòng Nội vụ",
    "Phòng Tài chính - Kế hoạch",
    "Các phòng chuyên môn",
]
DEADLINES = [
    "2026",
    "Quý I/2026",
    "31/03/2026",
    "6 tháng đầu năm 2026",
    "Hằng năm",
    "Thường xuyên",
    "2026-2030",
    "Quý IV/2026",
]
STATUSES = ["done", "in_progress", "in_progress", "not_started"]


def _rows(rng: random.Random, code: str, index: int, tasks: int) -> dict[str, list[dict[str, Any]]]:
    now = datetime.now(UTC)
    stamp = {"created_at": now, "updated_at": now, "revision": 1}
    unit_id = new_id()
    unit = {
        "id": unit_id,
        "code": code,
        "name": f"Ủy ban nhân dân xã số {index}",
        "kind": "commune",
        "parent_id": None,
        **stamp,
    }
    plan = {
        "id": new_id(),
        "owner_unit_id": unit_id,
        "kind": "annual",
        "start_year": 2026,
        "end_year": 2026,
        "title": f"Kế hoạch cải cách hành chính năm 2026 của xã số {index}",
        "document_type": "KẾ HOẠCH",
        "number": f"{index}/KH-UBND",
        "issuer": unit["name"].upper(),
        "place": f"Xã số {index}",
        "appendix_title": "DANH MỤC NHIỆM VỤ",
        **stamp,
    }
    shape = SimpleNamespace(start_year=2026, end_year=2026)
    sections, targets, task_rows, records = [], [], [], []
    for position, (numeral, title, area) in enumerate(SECTIONS, start=1):
        sections.append(
            {
                "id": new_id(),
                "plan_id": plan["id"],
                "position": position,
                "numeral": numeral,
                "title": title,
                "area": area.value,
                **stamp,
            }
        )
        targets.append(
            {
                "id": new_id(),
                "section_id": sections[-1]["id"],
                "position": 1,
                "text": f"Tỷ lệ hoàn thành nhiệm vụ {title.lower()} đạt tối thiểu 90%",
                "indicator": "tỷ lệ",
                "comparator": "at_least",
                "value": 90.0,
                "unit": "%",
                "baseline": "",
                "due": "2026",
                **stamp,
            }
        )
    for number in range(1, tasks + 1):
        section = sections[(number - 1) * len(sections) // tasks]
        values = {
            "id": new_id(),
            "plan_id": plan["id"],
            "section_id": section["id"],
            "position": number,
            "number": str(number),
            "code": "",
            "content": f"{rng.choice(PHRASES)} (nội dung {number})",
            "lead": rng.choice(LEADS),
            "lead_unit_id": None,
            "cooperating": "Các đơn vị liên quan",
            "cooperating_unit_ids": "[]",
            "output": "Báo cáo",
            "assigning_document": "",
            "parent_task_id": None,
            "origin": "unit",
            **deadline_columns(rng.choice(DEADLINES), shape),  # type: ignore[arg-type]
            **stamp,
        }
        values["search_key"] = search_key(Task(**values))
        task_rows.append(values)
        if rng.random() < 0.7:
            status = rng.choice(STATUSES)
            records.append(
                {
                    "id": new_id(),
                    "task_id": values["id"],
                    "period": Q1.code,
                    "status": status,
                    "percent": 100 if status == "done" else rng.randrange(0, 90, 10),
                    "description": "Đã triển khai theo kế hoạch; " * rng.randint(1, 6),
                    "completed_on": date(2026, 3, rng.randint(1, 14)) if status == "done" else None,
                    "evidence": "[]",
                    "difficulties": "",
                    "proposals": "",
                    "updated_by": "chuyên viên",
                    **stamp,
                }
            )
    return {
        "unit": [unit],
        "plan": [plan],
        "section": sections,
        "target": targets,
        "task": task_rows,
        "progress_record": records,
    }


def generate(engine: Engine, count: int, tasks: int) -> list[str]:
    """Fill the generator database with `count` units' plans; return their codes."""
    rng = random.Random(2026)
    tables = {
        "unit": Unit,
        "plan": Plan,
        "section": Section,
        "target": Target,
        "task": Task,
        "progress_record": ProgressRecord,
    }
    codes = [f"U{i:03d}" for i in range(1, count + 1)]
    with engine.begin() as conn:
        for index, code in enumerate(codes, start=1):
            for name, rows in _rows(rng, code, index, tasks).items():
                conn.execute(insert(tables[name].__table__), rows)  # type: ignore[attr-defined]
    return codes


def pdf_check_time(city: Engine, folder: Path, signers: dict[str, Signer]) -> None:
    """Print what checking every package's PDFs costs, per package."""
    with reading(city) as session:
        trust = trust_of(session)
    zips = sorted(folder.glob("*.zip"))
    elapsed, pdfs = 0.0, 0
    for path in zips:
        members = read_package_zip(path, Limits()).members
        code = path.name.split("_")[1]
        started = time.perf_counter()
        check_pdfs(members, signers[code].fingerprint, trust, datetime.now(UTC))
        elapsed += time.perf_counter() - started
        pdfs += sum(1 for name in members if name.endswith(".pdf"))
    print(
        f"Kiểm tra chữ ký PDF (thêm vào mỗi gói): {elapsed / len(zips) * 1000:.0f} ms/gói "
        f"({pdfs // len(zips)} tệp PDF/gói, {elapsed:.2f} s cho {len(zips)} gói)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=150)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="keep the databases and packages here")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="carapp-bench-sync-"))
    root.mkdir(parents=True, exist_ok=True)
    packages, receipts = root / "goi", root / "bien-nhan"
    for folder in (packages, receipts):  # carapp never creates a missing output folder
        folder.mkdir(exist_ok=True)

    started = time.perf_counter()
    city = open_database(root / "city.sqlite3")
    keys = init_city(city, "bench", "HP", "Sở Nội vụ thành phố Hải Phòng", root / "city.p12", PASS)
    ca, city_signer = load_key(keys.ca_key_file, PASS), load_key(keys.key_file, PASS)
    source = open_database(root / "units.sqlite3")
    codes = generate(source, args.units, args.tasks)
    set_mode(source, "bench", "unit")
    signers: dict[str, Signer] = {}
    for code in codes:
        signers[code] = issue_unit_certificate(ca, code, f"Đơn vị {code}")
        allow_certificate(city, "bench", code, signers[code].certificate)
    print(
        f"Chuẩn bị: {args.units} đơn vị × {args.tasks} nhiệm vụ, {time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    sizes = []
    for code in codes:
        built = build_report_package(
            source, Q1, signers[code], packages, unit_code=code, who="bench"
        )
        sizes.append(built.path.stat().st_size)
    build_time = time.perf_counter() - started
    print(
        f"Lập {len(codes)} gói: {build_time:.1f} s ({build_time / len(codes) * 1000:.0f} ms/gói, "
        f"trung bình {sum(sizes) / len(sizes) / 1024:.0f} KB/gói)"
    )

    marks: dict[int, float] = {}
    started = time.perf_counter()
    results = import_packages(
        city,
        [packages],
        city_signer,
        receipts_dir=receipts,
        who="bench",
        progress=lambda done, total: marks.setdefault(done, time.perf_counter()),
    )
    total = time.perf_counter() - started
    accepted = sum(1 for r in results if r.status == "accepted")
    verify = marks[len(results)] - started
    print(
        f"NHẬP {len(results)} gói tại thành phố: {total:.2f} s "
        f"({total / len(results) * 1000:.0f} ms/gói; kiểm tra chữ ký {verify:.2f} s, "
        f"ghi dữ liệu + biên nhận {total - verify:.2f} s); nhận {accepted}"
    )
    with city.connect() as conn:
        task_count = conn.execute(select(func.count()).select_from(Task.__table__)).scalar()  # type: ignore[attr-defined]
        audit = conn.execute(select(func.count()).select_from(AuditEntry.__table__)).scalar()  # type: ignore[attr-defined]
    print(
        f"  thành phố có {task_count} nhiệm vụ, {audit} dòng nhật ký, "
        f"{len(list(receipts.iterdir()))} biên nhận"
    )

    started = time.perf_counter()
    again = import_packages(city, [packages], city_signer, receipts_dir=receipts, who="bench")
    print(
        f"Nhập lại cả thư mục (đã nhận trước đó: "
        f"{sum(1 for r in again if r.status == 'already_imported')}): "
        f"{time.perf_counter() - started:.2f} s"
    )

    pdf_check_time(city, packages, signers)

    started = time.perf_counter()
    picture = consolidate(city, Q1, today=date(2026, 3, 20))
    print(
        f"Bảng tổng hợp {len(picture.statuses)} đơn vị, {picture.total.total} nhiệm vụ: "
        f"{time.perf_counter() - started:.2f} s"
    )
    print(f"Dữ liệu: {root}")


if __name__ == "__main__":
    main()

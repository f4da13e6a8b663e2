"""The generated plans of the sync bench: one plan per unit, 7 sections, tasks, Quý I progress."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, insert

from carapp.db.models import Plan, ProgressRecord, Section, Target, Task, Unit, new_id
from carapp.domain.areas import ReformArea
from carapp.domain.periods import PeriodKind, ReportingPeriod
from carapp.services.deadlines import deadline_columns
from carapp.services.tasks import search_key

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

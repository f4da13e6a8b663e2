"""Build a database holding one plan of many realistic tasks, for benchmarks.

Run: .venv/bin/python bench/gen_tasks.py OUT.sqlite3 [--tasks 20000] [--seed 2026]

The database is made by carapp.db.migrate.open_database (so it has the real schema), then
filled with SQLAlchemy Core inserts of lists of dicts (about six times faster than ORM
add_all). Every column is filled as the services would: defaults taken from the models,
search_key by carapp.services.tasks.search_key, deadline columns by
carapp.services.deadlines.deadline_columns. No audit entries are written: nobody edited this.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, insert  # noqa: E402

from carapp.db.migrate import open_database  # noqa: E402
from carapp.db.models import Plan, ProgressRecord, Section, Task, Unit, new_id, utcnow  # noqa: E402
from carapp.domain.areas import ReformArea  # noqa: E402
from carapp.services.deadlines import deadline_columns  # noqa: E402
from carapp.services.tasks import search_key  # noqa: E402

START_YEAR, END_YEAR = 2026, 2030
SECTIONS = [
    ("I", "CẢI CÁCH THỂ CHẾ", ReformArea.INSTITUTIONS),
    ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", ReformArea.PROCEDURES),
    ("III", "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", ReformArea.ORGANISATION),
    ("IV", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", ReformArea.CIVIL_SERVICE),
    ("V", "CẢI CÁCH TÀI CHÍNH CÔNG", ReformArea.PUBLIC_FINANCE),
    (
        "VI",
        "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ",
        ReformArea.DIGITAL_GOVERNMENT,
    ),
    ("VII", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", ReformArea.DIRECTION),
]
# code, name, kind, parent code
UNITS = [
    ("HP", "Ủy ban nhân dân thành phố Hải Phòng", "city", None),
    ("SNV", "Sở Nội vụ", "department", "HP"),
    ("BLV", "Ủy ban nhân dân đặc khu Bạch Long Vĩ", "special_zone", "HP"),
    ("BLV-VP", "Văn phòng Ủy ban nhân dân đặc khu", "office", "BLV"),
    ("BLV-VHXH", "Phòng Văn hóa - Xã hội", "department", "BLV"),
    ("BLV-KT", "Phòng Kinh tế", "department", "BLV"),
    ("BLV-TTPVHCC", "Trung tâm Phục vụ hành chính công", "office", "BLV"),
    ("BLV-TTSNC", "Trung tâm sự nghiệp công", "office", "BLV"),
    ("BLV-CA", "Công an đặc khu Bạch Long Vĩ", "office", "BLV"),
    ("BLV-QS", "Ban Chỉ huy quân sự đặc khu", "office", "BLV"),
    ("BLV-DTQL", "Đội Quản lý trật tự đô thị", "office", "BLV"),
    ("BLV-MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam đặc khu", "office", "BLV"),
]
# Leads as offices write them: a unit (text + id) or free text naming no single unit.
LEADS = [
    ("Văn phòng UBND", "BLV-VP"),
    ("Văn phòng UBND đặc khu", "BLV-VP"),
    ("Phòng Văn hóa - Xã hội", "BLV-VHXH"),
    ("Phòng Văn hóa - Xã hội chủ trì phối hợp với Văn phòng UBND đặc khu", "BLV-VHXH"),
    ("Phòng Kinh tế", "BLV-KT"),
    ("Trung tâm Phục vụ hành chính công", "BLV-TTPVHCC"),
    ("Trung tâm sự nghiệp công", "BLV-TTSNC"),
    ("Công an đặc khu Bạch Long Vĩ", "BLV-CA"),
    ("Ban Chỉ huy quân sự đặc khu", "BLV-QS"),
    ("Đội Quản lý trật tự đô thị", "BLV-DTQL"),
    ("Các phòng chuyên môn", None),
    ("Các đơn vị trực thuộc UBND đặc khu", None),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam đặc khu", None),
]
COOPERATING = [
    "Các phòng, ban, đơn vị có liên quan",
    "Văn phòng UBND đặc khu; các phòng chuyên môn",
    "Phòng Văn hóa - Xã hội, Trung tâm Phục vụ hành chính công",
    "Các cơ quan, đơn vị thuộc UBND đặc khu",
    "",
]
OUTPUTS = [
    "Báo cáo",
    "Kế hoạch, báo cáo",
    "Quyết định phân cấp",
    "Tin, bài viết, video, phóng sự",
    "Văn bản chỉ đạo, hướng dẫn",
    "Danh mục thủ tục hành chính được công bố",
    "Hệ thống phần mềm được đưa vào sử dụng",
]
VERBS = [
    "Rà soát, kiểm tra, hệ thống hóa",
    "Triển khai thực hiện có hiệu quả",
    "Tổ chức tập huấn, bồi dưỡng về",
    "Xây dựng và ban hành kế hoạch về",
    "Nâng cao chất lượng",
    "Đẩy mạnh số hóa",
    "Kiểm tra, đánh giá việc thực hiện",
    "Tuyên truyền, phổ biến",
    "Thực hiện cắt giảm, đơn giản hóa",
    "Tham mưu ban hành quy chế về",
]
OBJECTS = [
    "văn bản quy phạm pháp luật do Hội đồng nhân dân, Ủy ban nhân dân đặc khu ban hành",
    "thủ tục hành chính thuộc thẩm quyền giải quyết của Ủy ban nhân dân đặc khu",
    "hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công",
    "dịch vụ công trực tuyến toàn trình trên Cổng dịch vụ công quốc gia",
    "đội ngũ cán bộ, công chức, viên chức gắn với vị trí việc làm",
    "cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
    "chỉ số hài lòng của người dân, doanh nghiệp đối với sự phục vụ của cơ quan hành chính",
    "hệ thống quản lý văn bản và điều hành, chữ ký số chuyên dùng",
    "công tác cải cách hành chính và chuyển đổi số",
    "quy định về kỷ luật, kỷ cương hành chính trong thực thi công vụ",
]
COMPLEMENTS = [
    "theo quy định",
    "bảo đảm đúng tiến độ, chất lượng",
    "gắn với thực hiện chính quyền địa phương 02 cấp",
    "trên địa bàn đặc khu",
    "phù hợp với điều kiện thực tế của đơn vị",
    "kịp thời phát hiện, xử lý các văn bản chồng chéo, mâu thuẫn, trái pháp luật",
]
DEADLINES = [
    "2026-2030",
    "2026 - 2027",
    "giai đoạn 2026-2030",
    "Hằng năm",
    "Hàng năm",
    "Thường xuyên",
    "trước ngày 15/12 hằng năm",
    "Quý IV/2026",
    "Quý 2/2027",
    "tháng 6/2027",
    "T9/2026",
    "6 tháng đầu năm 2028",
    "năm 2029",
    "2026 – tháng 2/2027",
    "206-2030",  # really printed: a typo the app must flag, not guess
    "",
]
PERIODS = ["2026-Q1", "2026-H1", "2026-Q3", "2026"]
DESCRIPTIONS = [
    "Đã ban hành kế hoạch và tổ chức triển khai đến các phòng, ban, đơn vị.",
    "99,09% hồ sơ được tiếp nhận trực tuyến; tổng số 9.096 hồ sơ được giải quyết đúng hạn.",
    "Đang phối hợp với các cơ quan liên quan hoàn thiện dự thảo, dự kiến trình trong quý tới.",
    "Tổ chức 02 lớp tập huấn cho 120 lượt cán bộ, công chức.",
]


def _template(model: Any, **required: Any) -> dict[str, Any]:
    """Return a row of a model's defaults (so no column is forgotten), without id and times."""
    row: dict[str, Any] = model(**required).model_dump()
    for key in ("id", "created_at", "updated_at"):
        row.pop(key, None)
    return row


def _stamped(template: dict[str, Any], now: Any, **values: Any) -> dict[str, Any]:
    return {**template, "id": new_id(), "created_at": now, "updated_at": now, **values}


def _deadline_text(rng: random.Random) -> str:
    if rng.random() < 0.35:  # a day, written as offices do
        day = date(START_YEAR, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        return rng.choice(("{:%d/%m/%Y}", "{:%d-%m-%Y}", "{:%Y-%m-%d}")).format(day)
    return rng.choice(DEADLINES)


def _content(rng: random.Random) -> str:
    parts = [rng.choice(VERBS), rng.choice(OBJECTS)]
    if rng.random() < 0.5:
        parts.append("và " + rng.choice(OBJECTS))
    parts.append(rng.choice(COMPLEMENTS))
    return " ".join(parts)


def _units(now: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
    template = _template(Unit, code="", name="")
    ids = {code: new_id() for code, *_ in UNITS}
    rows = [
        {**_stamped(template, now, code=code, name=name, kind=kind), "id": ids[code]}
        | {"parent_id": ids[parent] if parent else None}
        for code, name, kind, parent in UNITS
    ]
    return rows, ids


def _plan(now: Any, owner_id: str) -> dict[str, Any]:
    template = _template(Plan, owner_unit_id="", title="", start_year=START_YEAR, end_year=END_YEAR)
    return _stamped(
        template,
        now,
        owner_unit_id=owner_id,
        title="Thực hiện Chương trình tổng thể cải cách hành chính nhà nước đặc khu Bạch Long Vĩ giai đoạn 2026 - 2030 (dữ liệu thử hiệu năng)",
        number="95/KH-UBND",
        issued_on=date(2025, 9, 3),
        issuer="ỦY BAN NHÂN DÂN ĐẶC KHU BẠCH LONG VĨ",
        parent_issuer="ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
        place="Bạch Long Vĩ",
        attached_to="Kèm theo Quyết định số 95/QĐ-UBND ngày 03/9/2025 của Chủ tịch UBND đặc khu Bạch Long Vĩ",
        appendix_title="DANH MỤC NHIỆM VỤ CỤ THỂ TRIỂN KHAI THỰC HIỆN CHƯƠNG TRÌNH TỔNG THỂ CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC ĐẶC KHU GIAI ĐOẠN 2026-2030",
        sign_authority="TM. ỦY BAN NHÂN DÂN",
        sign_post="CHỦ TỊCH",
        sign_name="Nguyễn Văn An",
        recipients="Như trên;\nLưu: VT.",
    )


def _tasks(
    rng: random.Random,
    now: Any,
    plan: dict[str, Any],
    sections: list[dict[str, Any]],
    unit_ids: dict[str, str],
    count: int,
) -> list[dict[str, Any]]:
    template = _template(Task, plan_id="", section_id="", position=0, content="")
    plan_obj = SimpleNamespace(start_year=plan["start_year"], end_year=plan["end_year"])
    parsed: dict[str, dict[str, Any]] = {}
    rows = []
    for index in range(count):
        section = sections[index * len(sections) // count]
        lead, lead_code = rng.choice(LEADS)
        text = _deadline_text(rng)
        if text not in parsed:
            parsed[text] = deadline_columns(text, plan_obj)  # type: ignore[arg-type]
        row = _stamped(
            template,
            now,
            plan_id=plan["id"],
            section_id=section["id"],
            position=index + 1,
            number=str(index + 1),
            code=f"NV-{index + 1:05d}" if rng.random() < 0.2 else "",
            content=_content(rng),
            lead=lead,
            lead_unit_id=unit_ids[lead_code] if lead_code else None,
            cooperating=rng.choice(COOPERATING),
            output=rng.choice(OUTPUTS),
            **parsed[text],
        )
        row["search_key"] = search_key(SimpleNamespace(**row))  # type: ignore[arg-type]
        rows.append(row)
    return rows


def _progress(rng: random.Random, now: Any, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    template = _template(ProgressRecord, task_id="", period="")
    rows = []
    for task in tasks:
        if rng.random() >= 0.5:
            continue
        for period in PERIODS[: rng.randint(1, len(PERIODS))]:
            status = rng.choice(("not_started", "in_progress", "in_progress", "done"))
            done = status == "done"
            rows.append(
                _stamped(
                    template,
                    now,
                    task_id=task["id"],
                    period=period,
                    status=status,
                    percent=100 if done else rng.choice((None, 20, 50, 80)),
                    description=rng.choice(DESCRIPTIONS),
                    completed_on=date(2026, 1, 1) + timedelta(days=rng.randrange(330))
                    if done
                    else None,
                    updated_by="bench",
                )
            )
            if done:
                break
    return rows


def generate(path: Path | str, tasks: int = 20000, seed: int = 2026) -> tuple[Engine, str]:
    """Create a new database at `path` with one plan of `tasks` tasks; return it and the plan id."""
    target = Path(path)
    if target.exists():
        raise FileExistsError(f"{target} đã có; hãy chọn tên tệp khác.")
    rng = random.Random(seed)
    engine = open_database(target)
    now = utcnow()
    units, unit_ids = _units(now)
    plan = _plan(now, unit_ids["BLV"])
    section_template = _template(Section, plan_id="", position=0, numeral="", title="")
    sections = [
        _stamped(
            section_template, now, plan_id=plan["id"], position=i, numeral=n, title=t, area=a.value
        )
        for i, (n, t, a) in enumerate(SECTIONS, start=1)
    ]
    task_rows = _tasks(rng, now, plan, sections, unit_ids, tasks)
    progress_rows = _progress(rng, now, task_rows)
    with engine.begin() as conn:
        # Parents before children: the foreign keys are checked on every insert.
        for unit in units:
            conn.execute(insert(Unit.__table__), [unit])  # type: ignore[attr-defined]
        conn.execute(insert(Plan.__table__), [plan])  # type: ignore[attr-defined]
        conn.execute(insert(Section.__table__), sections)  # type: ignore[attr-defined]
        conn.execute(insert(Task.__table__), task_rows)  # type: ignore[attr-defined]
        if progress_rows:
            conn.execute(insert(ProgressRecord.__table__), progress_rows)  # type: ignore[attr-defined]
    return engine, str(plan["id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Tạo cơ sở dữ liệu thử hiệu năng (một kế hoạch nhiều nhiệm vụ)."
    )
    parser.add_argument("out", type=Path, help="tệp .sqlite3 mới")
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        engine, plan_id = generate(args.out, args.tasks, args.seed)
    except FileExistsError as exc:
        print(exc, file=sys.stderr)
        return 1
    engine.dispose()
    print(
        f"{args.tasks} nhiệm vụ, kế hoạch {plan_id}, {time.perf_counter() - started:.2f} s -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""An appendix with sub-items, as other units write them, imported into a database for tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from carapp.services.importing import apply_appendix, preview_appendix
from carapp.services.units import create_unit
from tests.importers.files import Builder, Table

HEADER = [
    "STT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Sản phẩm",
    "Thời gian hoàn thành",
]
ROWS = [
    HEADER,
    ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
    ["1", "Rà soát, đơn giản hóa TTHC", "Văn phòng", "Các phòng", "Kế hoạch", "2026-2030"],
    [None, "- Rà soát, đánh giá TTHC nội bộ", "Văn phòng Sở", "", "Văn bản", "31/12/2026"],
    [None, "- Cắt giảm quy định kinh doanh", "Phòng Kinh tế", "", "Báo cáo", "30/06/2026"],
    ["2", "Công khai thủ tục hành chính", None, None, None, None],
    [None, "Niêm yết công khai tại bộ phận một cửa", "Trung tâm", "", "Niêm yết", "31/03/2026"],
    [None, "Cập nhật Cổng dịch vụ công", "Văn phòng", "", "Dữ liệu", "30/09/2026"],
    ["II", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH"],
    ["3", "Kiểm tra công tác CCHC", "Văn phòng", "Các phòng", "Kế hoạch", "31/12/2026"],
]
# (number, marker, content, lead, deadline, is_heading, parent's content, depth) in outline order.
OUTLINE = [
    ("1", "", "Rà soát, đơn giản hóa TTHC", "Văn phòng", "2026-2030", False, None, 0),
    ("", "-", "Rà soát, đánh giá TTHC nội bộ", "Văn phòng Sở", "31/12/2026", False,
     "Rà soát, đơn giản hóa TTHC", 1),
    ("", "-", "Cắt giảm quy định kinh doanh", "Phòng Kinh tế", "30/06/2026", False,
     "Rà soát, đơn giản hóa TTHC", 1),
    ("2", "", "Công khai thủ tục hành chính", "", "", True, None, 0),
    ("", "", "Niêm yết công khai tại bộ phận một cửa", "Trung tâm", "31/03/2026", False,
     "Công khai thủ tục hành chính", 1),
    ("", "", "Cập nhật Cổng dịch vụ công", "Văn phòng", "30/09/2026", False,
     "Công khai thủ tục hành chính", 1),
    ("3", "", "Kiểm tra công tác CCHC", "Văn phòng", "31/12/2026", False, None, 0),
]  # fmt: skip


def outline_file(folder: Path, kind: str = "docx") -> Path:
    """Write the appendix with sub-items as a .docx or .xlsx file."""
    return Builder(folder).table(kind, Table(ROWS), ["Phụ lục", "DANH MỤC NHIỆM VỤ"])


def import_outline_plan(engine: Engine, folder: Path, kind: str = "docx") -> str:
    """Import the appendix with sub-items as a new plan of unit "CH"; return the plan's id."""
    create_unit(engine, "tester", "CH", "Ủy ban nhân dân đặc khu Cát Hải", "special_zone")
    preview = preview_appendix(engine, outline_file(folder, kind))
    return apply_appendix(engine, "tester", preview, owner_code="CH").plan_id

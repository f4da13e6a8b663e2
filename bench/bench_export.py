"""Time the appendix writers on a 1,000-task plan, against LibreOffice printing the workbook.

Run: .venv/bin/python bench/bench_export.py [--tasks 1000] [--keep DIR]

The aim: our PDF takes at most half the time LibreOffice needs to turn the .xlsx into a PDF.
LibreOffice is timed twice, with a fresh profile (cold) and again with it (warm).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from carapp.domain.areas import ReformArea  # noqa: E402
from carapp.domain.documents import Appendix, DocumentHeader, SectionRow, TaskRow  # noqa: E402
from carapp.export import write_appendix_pdf, write_appendix_xlsx  # noqa: E402

AREAS = [
    ("I", "CẢI CÁCH THỂ CHẾ", ReformArea.INSTITUTIONS),
    ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", ReformArea.PROCEDURES),
    ("III", "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", ReformArea.ORGANISATION),
    ("IV", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", ReformArea.CIVIL_SERVICE),
    ("V", "CẢI CÁCH TÀI CHÍNH CÔNG", ReformArea.PUBLIC_FINANCE),
    ("VI", "XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", ReformArea.DIGITAL_GOVERNMENT),
    ("VII", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", ReformArea.DIRECTION),
]
PHRASES = [
    "Rà soát, kiểm tra, hệ thống hóa văn bản quy phạm pháp luật",
    "trình Chủ tịch UBND đặc khu xử lý các văn bản chồng chéo, mâu thuẫn",
    "niêm yết công khai kịp thời các quy định thủ tục hành chính",
    "tạo điều kiện thuận lợi để cá nhân, tổ chức tiếp cận và thực hiện",
    "đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "nâng cao chất lượng cung cấp dịch vụ công trực tuyến toàn trình",
    "thực hiện cơ chế một cửa, một cửa liên thông theo Nghị định số 118/2025/NĐ-CP",
    "bồi dưỡng, nâng cao năng lực số cho đội ngũ cán bộ, công chức",
    "giảm bình quân 10% biên chế hưởng lương từ ngân sách so với năm 2025",
    "tái sử dụng 100% dữ liệu đã số hóa để cắt giảm chi phí tuân thủ",
]
LEADS = [
    "Văn phòng UBND",
    "Phòng Văn hóa - Xã hội",
    "Trung tâm Phục vụ hành chính công",
    "Phòng Kinh tế",
    "Công an đặc khu Bạch Long Vĩ",
    "Phòng Văn hóa - Xã hội chủ trì phối hợp với Văn phòng UBND đặc khu",
]
COOPERATING = ["Các phòng, ban, đơn vị có liên quan", "Các cơ quan, đơn vị", ""]
OUTPUTS = ["Báo cáo", "Kế hoạch, báo cáo", "Quyết định phân cấp", "Tin, bài viết, video"]
DEADLINES = ["2026-2030", "2026-2027", "2026 – tháng 2/2027", "Hằng năm", "Quý IV/2026"]


def synthetic_appendix(tasks: int, seed: int = 2026) -> Appendix:
    """Return an appendix of `tasks` tasks with the lengths real plans have (80–500 characters)."""
    rng = random.Random(seed)
    sections = [SectionRow(n, t, a) for n, t, a in AREAS]
    for number in range(1, tasks + 1):
        content = "; ".join(rng.sample(PHRASES, rng.randint(1, 5)))
        task = TaskRow(
            number=str(number),
            content=content[0].upper() + content[1:],
            lead=rng.choice(LEADS),
            cooperating=rng.choice(COOPERATING),
            output=rng.choice(OUTPUTS),
            deadline=rng.choice(DEADLINES),
            id=f"bench-{number}",
        )
        sections[(number - 1) * len(sections) // tasks].tasks.append(task)
    header = DocumentHeader(
        "Ủy ban nhân dân đặc khu Bạch Long Vĩ", "", "95/KH-UBND", "Bạch Long Vĩ", date(2025, 9, 3)
    )
    title = "Danh mục nhiệm vụ cải cách hành chính giai đoạn 2026-2030"
    return Appendix(
        header, title, "Kèm theo Kế hoạch số 95/KH-UBND ngày 03/9/2025", "Phụ lục", sections
    )


Timing = tuple[float, float]  # wall-clock seconds, CPU seconds


def timed(action: Callable[[], object]) -> Timing:
    """Return the wall-clock and CPU time of `action` (CPU of this process and its children)."""
    start = time.perf_counter(), _cpu()
    action()
    return time.perf_counter() - start[0], _cpu() - start[1]


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def show(label: str, timing: Timing, extra: str = "") -> None:
    print(f"{label:<28}{timing[0]:6.2f} s  (CPU {timing[1]:5.2f} s){extra}")


def libreoffice(xlsx: Path, out: Path, profile: Path) -> Timing:
    soffice = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(out), str(xlsx)]
    return timed(lambda: subprocess.run(command, check=True, capture_output=True, timeout=900))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="thư mục giữ lại các tệp đã tạo")
    args = parser.parse_args()
    appendix = synthetic_appendix(args.tasks)
    chars = sum(len(t.content) for s in appendix.sections for t in s.tasks)
    grouped = f"{chars:,}".replace(",", ".")
    print(f"Phụ lục thử: {args.tasks} nhiệm vụ, {grouped} ký tự nội dung")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        pdf, xlsx = folder / "phu-luc.pdf", folder / "phu-luc.xlsx"
        ours = timed(lambda: write_appendix_pdf(appendix, pdf))
        show("PDF (reportlab):", ours, f"  {pdf.stat().st_size // 1024} KB")
        sheet = timed(lambda: write_appendix_xlsx(appendix, xlsx))
        show("Excel (openpyxl):", sheet, f"  {xlsx.stat().st_size // 1024} KB")
        if not (shutil.which("soffice") or shutil.which("libreoffice")):
            print("Không có LibreOffice (soffice): bỏ qua phần so sánh.")
            return
        out = folder / "libreoffice"
        profile = Path(tmp) / "lo-profile"
        show("LibreOffice, lần đầu:", libreoffice(xlsx, out, profile), "  (tạo hồ sơ mới)")
        warm = libreoffice(xlsx, out, profile)
        show("LibreOffice, lần sau:", warm)
        for kind, index in (("thời gian thực", 0), ("CPU", 1)):
            ratio = ours[index] / warm[index]
            verdict = "đạt" if ratio <= 0.5 else "CHƯA ĐẠT"
            print(f"PDF của ta / LibreOffice ({kind}): {ratio:.0%} (mục tiêu ≤ 50%: {verdict})")


if __name__ == "__main__":
    main()

"""Make docs/screenshots/city-mode.png: the "Thành phố" tab once six units' packages came in.

Run on a virtual screen:

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshot_city.py [OUT]

Everything goes through the services and the real window: the city runs init-city and issues
six units' keys; the units (one database, as in bench/bench_sync.py) record their progress of
"Năm 2026" and build signed report packages; the city imports the folder through the tab (one
package was changed on the way, one had been imported already); then the window is grabbed.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TZ", "Asia/Ho_Chi_Minh")  # times show as an office in Vietnam sees them
time.tzset()

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from carapp.db.migrate import open_database  # noqa: E402
from carapp.domain.areas import ReformArea  # noqa: E402
from carapp.domain.periods import PeriodKind, ReportingPeriod  # noqa: E402
from carapp.services.plans import create_plan, create_section, list_plans  # noqa: E402
from carapp.services.progress import set_progress  # noqa: E402
from carapp.services.sample import load_sample  # noqa: E402
from carapp.services.sync.keys import init_city, issue_unit_key, load_key  # noqa: E402
from carapp.services.sync.package_import import import_packages  # noqa: E402
from carapp.services.sync.report_package import build_report_package  # noqa: E402
from carapp.services.sync.setup import set_mode  # noqa: E402
from carapp.services.tasks import create_task, list_tasks  # noqa: E402
from carapp.services.units import create_unit  # noqa: E402

PASS = "mat-khau-anh-chup"
WHO = "chuyên viên"
YEAR = ReportingPeriod(2026, PeriodKind.YEAR)
Q3 = ReportingPeriod(2026, PeriodKind.Q3)
TODAY = date(2026, 11, 27)
VIETNAM = timezone(timedelta(hours=7))
KEYS_FROM = datetime(2026, 1, 5, tzinfo=VIETNAM)  # the keys were made in January
UNITS = [  # code, name, kind, tasks (0: the Bạch Long Vĩ sample plan), share recorded
    ("BLV", "Ủy ban nhân dân đặc khu Bạch Long Vĩ", "special_zone", 0, 1.0),
    ("CHI", "Ủy ban nhân dân đặc khu Cát Hải", "special_zone", 24, 1.0),
    ("HBA", "Ủy ban nhân dân phường Hồng Bàng", "ward", 21, 0.85),
    ("ALA", "Ủy ban nhân dân xã An Lão", "commune", 18, 0.7),
    ("STP", "Sở Tư pháp", "department", 15, 1.0),
    ("NQU", "Ủy ban nhân dân phường Ngô Quyền", "ward", 16, 0.0),  # sends nothing yet
]
CONTENTS = [
    "Rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc thẩm quyền",
    "Thanh toán trực tuyến đối với thủ tục hành chính có nghĩa vụ tài chính",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Đánh giá mức độ hài lòng của người dân, doanh nghiệp",
    "Sắp xếp, kiện toàn tổ chức bộ máy các cơ quan chuyên môn",
    "Bồi dưỡng kỹ năng số cho cán bộ, công chức",
    "Thực hiện cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
    "Tuyên truyền cải cách hành chính trên cổng thông tin điện tử",
]
DEADLINES = ["Quý I/2026", "30/06/2026", "Quý III/2026", "Quý IV/2026", "Thường xuyên", "2026"]
STATUSES = ["done", "done", "in_progress", "not_started"]


def _plan(units: Engine, code: str, name: str, kind: str, tasks: int) -> None:
    unit = create_unit(units, WHO, code, name, kind, "HP")
    plan = create_plan(
        units, WHO, unit.id, title="Cải cách hành chính năm 2026",
        start_year=2026, end_year=2026,
    )  # fmt: skip
    areas = list(ReformArea)[:6]
    sections = [
        create_section(units, WHO, plan.id, numeral, area.label.upper(), area)
        for numeral, area in zip(("I", "II", "III", "IV", "V", "VI"), areas, strict=True)
    ]
    for number in range(1, tasks + 1):
        create_task(
            units,
            WHO,
            sections[(number - 1) * len(sections) // tasks].id,
            number=str(number),
            content=CONTENTS[number % len(CONTENTS)],
            lead=name,
            deadline_text=DEADLINES[number % len(DEADLINES)],
        )


def _record(units: Engine, plan_id: str, share: float, rng: random.Random) -> None:
    for task in list_tasks(units, plan_id, as_of=TODAY, period=YEAR):
        if rng.random() >= share:
            continue
        status = rng.choice(STATUSES)
        done = date(2026, rng.randint(2, 11), rng.randint(1, 25)) if status == "done" else None
        percent = 100 if done else rng.randrange(0, 90, 10)
        set_progress(units, WHO, task.id, YEAR, status=status, percent=percent, completed_on=done)


def _tampered(package: Path, target: Path) -> None:
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "data.json":
                data = data[:200] + bytes([data[200] ^ 0x01]) + data[201:]
            copy.writestr(info, data)


def prepare(root: Path) -> tuple[Engine, Path, Path]:
    """Set up the city and the units; return the city, its key file and the packages' folder."""
    city = open_database(root / "city.sqlite3")
    keys = init_city(
        city, WHO, "HP", "Sở Nội vụ thành phố Hải Phòng", root / "hp.p12", PASS, now=KEYS_FROM
    )
    ca, city_signer = load_key(keys.ca_key_file, PASS), load_key(keys.key_file, PASS)
    units = open_database(root / "units.sqlite3")
    load_sample(units, WHO)
    set_mode(units, WHO, "unit")
    rng = random.Random(2026)
    inbox, earlier = root / "goi", root / "goi-truoc"
    inbox.mkdir()
    earlier.mkdir()
    for code, name, kind, tasks, share in UNITS:
        if tasks:
            _plan(units, code, name, kind, tasks)
        plan = next(p for p in list_plans(units) if p.owner_code == code)
        _record(units, plan.id, share, rng)
        issue_unit_key(
            city, WHO, ca, code, name, root / f"{code}.p12", PASS, kind=kind, now=KEYS_FROM
        )
        if not share:
            continue
        signer = load_key(root / f"{code}.p12", PASS)
        if code == "STP":  # sent its Quý III report in October, and drops it in again
            built = build_report_package(units, Q3, signer, earlier, unit_code=code)
            october = datetime(2026, 10, 2, 8, 15, tzinfo=VIETNAM)
            import_packages(city, [built.path], city_signer, receipts_dir=root, now=october)
            shutil.copy(built.path, inbox / built.path.name)
        built = build_report_package(units, YEAR, signer, inbox, unit_code=code)
        if code == "ALA":  # a copy damaged on the way, beside the good one
            _tampered(built.path, inbox / built.path.name.replace(".zip", "-ban-sao.zip"))
    return city, keys.key_file, inbox


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots/city-mode.png")
    root = Path(tempfile.mkdtemp(prefix="carapp-anh-"))
    city, key_file, inbox = prepare(root)
    app = QApplication(sys.argv)
    from carapp.ui.main_window import MainWindow

    settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(city, settings=settings, today=lambda: TODAY, who=WHO)
    window.resize(1600, 1000)
    window.show()
    view = window.sync.city_view
    assert view is not None
    window.tabs.setCurrentWidget(view)
    view.set_period(YEAR)
    (root / "bien-nhan").mkdir()
    view.work.start_import([str(inbox)], str(key_file), PASS, str(root / "bien-nhan"))
    while not view.import_button.isEnabled() or "đang tính" in view.units_box.title():
        QTest.qWait(50)
    QTest.qWait(500)
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(f"{out} ({root})")
    window.close()
    app.quit()


if __name__ == "__main__":
    main()

"""Issue 5 end to end, with two databases: report → receipt, assignments → progress → consolidation.

Independent tools check what travels: ``openssl cms -verify`` the manifest signature against
the city's root, and poppler's ``pdfsig`` every PDF of the package.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from carapp.db.migrate import open_database
from carapp.db.models import AuditEntry
from carapp.domain.areas import ReformArea
from carapp.services.common import reading
from carapp.services.documents import report_day
from carapp.services.plans import create_plan, create_section
from carapp.services.progress import progress_for, set_progress
from carapp.services.sample import load_sample
from carapp.services.sync.assignment_import import import_assignments
from carapp.services.sync.assignment_publish import create_city_task, publish_assignments
from carapp.services.sync.city import consolidate, unit_tasks
from carapp.services.sync.keys import init_city, issue_unit_key, load_key
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.package_list import list_packages
from carapp.services.sync.receipts import import_receipt
from carapp.services.sync.report_package import build_report_package
from carapp.services.sync.setup import set_mode, sync_settings
from carapp.services.sync.trust import load_trust, trust_issuer_from
from carapp.services.tasks import list_tasks
from carapp.services.units import unit_by_code
from carapp.sync.pki import fingerprint
from tests import databases
from tests.services.test_sync_support import (
    BLV_NAME,
    CITY_NAME,
    NOW,
    PASS,
    Q1,
    START,
    WHO,
    World,
    make_world,
    record_q1,
)

TODAY = date(2026, 3, 20)  # the city looks at the picture after Quý I's due date (18/3)


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


def test_report_receipt_assignments_and_consolidation(world: World) -> None:
    # 1. The unit records Quý I and builds its package.
    record_q1(world.unit)
    built = build_report_package(
        world.unit, Q1, world.unit_signer, world.folder("usb"), who=WHO, now=NOW
    )
    assert built.path.name == "CCHC_BLV_2026-Q1_0001.zip" and built.sequence == 1
    with zipfile.ZipFile(built.path) as archive:
        assert sorted(archive.namelist()) == [
            "bao-cao.pdf",
            "bao-cao.xlsx",
            "data.json",
            "manifest.json",
            "manifest.p7s",
            "phu-luc.pdf",
            "phu-luc.xlsx",
        ]
    sent = list_packages(world.unit, "out")
    assert [(p.sequence, p.received) for p in sent] == [(1, False)]
    assert sent[0].state_label == "Chưa có biên nhận"

    # 2. The city imports it and answers with a signed receipt.
    receipts = world.folder("bien-nhan")
    [result] = import_packages(
        world.city, [built.path.parent], world.city_signer, receipts_dir=receipts, now=NOW
    )
    assert result.status == "accepted", result.reason
    assert result.unit_code == "BLV" and result.sequence == 1 and result.period == "2026-Q1"
    assert "CCHC:BLV" in result.signer_subject
    assert result.changes is not None and result.changes.tables["task"].created == 30
    assert result.receipt_path == receipts / "BIEN-NHAN_BLV_2026-Q1_0001.zip"
    received = list_packages(world.city, "in")
    assert [(p.unit_code, p.sequence, p.verification) for p in received] == [("BLV", 1, "Hợp lệ")]

    # 3. The unit imports the receipt: its package shows "Đã nhận" with the city's time.
    answer = import_receipt(world.unit, result.receipt_path, now=NOW)
    assert answer.status == "accepted", answer.reason
    [sent_view] = list_packages(world.unit, "out")
    assert sent_view.received and sent_view.receipt_at == NOW
    assert sent_view.state_label.startswith("Đã nhận ")

    # 4. The city assigns two tasks to BLV.
    hp = unit_by_code(world.city, "HP")
    plan = create_plan(
        world.city,
        WHO,
        hp.id,
        title="Kế hoạch CCHC thành phố năm 2026",
        start_year=2026,
        end_year=2026,
    )
    section = create_section(
        world.city, WHO, plan.id, "I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", ReformArea.PROCEDURES
    )
    first = create_city_task(
        world.city,
        WHO,
        section.id,
        number="1",
        content="Số hóa hồ sơ thủ tục hành chính",
        lead="UBND các đặc khu",
        deadline_text="31/03/2026",
    )
    create_city_task(
        world.city,
        WHO,
        section.id,
        number="2",
        content="Rà soát quy trình nội bộ",
        lead="UBND các đặc khu",
        deadline_text="Quý II/2026",
    )
    package = publish_assignments(
        world.city, plan.id, ["BLV"], world.city_signer, world.folder("giao"), who=WHO, now=NOW
    )
    imported = import_assignments(world.unit, package.path, who=WHO, now=NOW)
    assert imported.status == "accepted", imported.reason
    assert "Nhận 2 nhiệm vụ mới" in imported.reason
    assigned = [t for t in list_tasks(world.unit, period=Q1) if t.origin == "city"]
    assert [t.content for t in assigned] == [
        "Số hóa hồ sơ thủ tục hành chính",
        "Rà soát quy trình nội bộ",
    ]

    # 5. The unit records progress on them and reports again.
    set_progress(world.unit, WHO, assigned[0].id, Q1, status="done", completed_on=date(2026, 3, 12))
    set_progress(world.unit, WHO, assigned[1].id, Q1, status="in_progress", percent=20)
    second = build_report_package(
        world.unit, Q1, world.unit_signer, world.folder("usb2"), who=WHO, now=NOW
    )
    assert second.sequence == 2
    [result] = import_packages(
        world.city, [second.path], world.city_signer, receipts_dir=receipts, now=NOW
    )
    assert result.status == "accepted", result.reason
    assert result.changes is not None and result.changes.tables["task"].created == 2

    # 6. The city's consolidated picture matches what the unit itself counts.
    picture = consolidate(world.city, Q1, today=TODAY)
    [status] = picture.statuses
    assert (status.code, status.received, status.on_time) == ("BLV", True, True)
    assert status.timeliness_label == "Đúng hạn"
    assert (status.tasks_total, status.tasks_reported) == (32, 4)
    assert status.completeness_label == "Thiếu 28/32"
    unit_views = list_tasks(world.unit, as_of=report_day(Q1, TODAY), period=Q1)
    expected = Counter(v.derived for v in unit_views)
    [row] = picture.units
    assert row.total == 32 and {k: v for k, v in row.counts.items() if v} == dict(expected)
    assert picture.total.counts == row.counts
    assert sum(a.total for a in picture.areas) == 32
    procedures = next(a for a in picture.areas if a.area is ReformArea.PROCEDURES)
    assert procedures.total == 7 + 2
    city_view = [v for v in unit_tasks(world.city, "BLV", Q1, today=TODAY) if v.origin == "city"]
    assert [(v.content, v.status.value if v.status else None) for v in city_view] == [
        ("Số hóa hồ sơ thủ tục hành chính", "done"),
        ("Rà soát quy trình nội bộ", "in_progress"),
    ]
    assert city_view[0].id != first.id  # the unit's copy, not the city's own task

    # 7. The city's own task was never given the unit's progress, and re-publishing the
    # assignments never overwrites what the unit recorded.
    assert progress_for(world.city, first.id, Q1) is None
    again = publish_assignments(
        world.city, plan.id, ["BLV"], world.city_signer, world.folder("giao2"), who=WHO, now=NOW
    )
    assert import_assignments(world.unit, again.path, who=WHO, now=NOW).status == "accepted"
    kept = progress_for(world.unit, assigned[0].id, Q1)
    assert kept is not None and kept.status.value == "done"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl missing")
@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils missing")
def test_independent_tools_verify_a_built_package(world: World) -> None:
    record_q1(world.unit)
    built = build_report_package(world.unit, Q1, world.unit_signer, world.folder("out"), now=NOW)
    folder = world.folder("unpacked")
    with zipfile.ZipFile(built.path) as archive:
        archive.extractall(folder)
    shutil.copy(world.keys.root_pem_file, folder / "root.pem")
    command = [
        "openssl",
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-content",
        "manifest.json",
        "-in",
        "manifest.p7s",
        "-CAfile",
        "root.pem",
        "-purpose",
        "any",
        "-out",
        "/dev/null",
    ]
    checked = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "Verification successful" in checked.stderr
    pdfs = sorted(folder.glob("*.pdf"))
    assert [p.name for p in pdfs] == ["bao-cao.pdf", "phu-luc.pdf"]
    for pdf in pdfs:
        shown = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True)
        assert "Signature is Valid" in shown.stdout, (pdf.name, shown.stdout, shown.stderr)
        assert "Total document signed" in shown.stdout
        assert "ETSI.CAdES.detached" in shown.stdout
        assert "CCHC:BLV" in shown.stdout


def test_a_unit_with_only_its_key_file_trusts_the_city(tmp_path: Path) -> None:
    """No manual trust step: the key file the city issued carries the root and the city's cert."""
    city = open_database(databases.new_database(tmp_path, "city"))
    keys = init_city(city, WHO, "HP", CITY_NAME, tmp_path / "city.p12", PASS, now=START)
    ca = load_key(keys.ca_key_file, PASS)
    issue_unit_key(city, WHO, ca, "BLV", BLV_NAME, tmp_path / "blv.p12", PASS, years=20, now=START)
    unit = open_database(databases.new_database(tmp_path, "unit"))
    load_sample(unit, WHO)
    set_mode(unit, WHO, "unit", "BLV", tmp_path / "blv.p12")
    assert load_trust(unit).roots == []
    record_q1(unit)

    (tmp_path / "usb").mkdir()
    (tmp_path / "bn").mkdir()
    built = build_report_package(
        unit, Q1, load_key(tmp_path / "blv.p12", PASS), tmp_path / "usb", who=WHO, now=NOW
    )
    trust = load_trust(unit)
    assert [fingerprint(c) for c in trust.root_certificates()] == [keys.root_fingerprint]
    assert trust.allowed == {"HP": [keys.city_fingerprint]}
    assert sync_settings(unit).root_fingerprint == keys.root_fingerprint
    [result] = import_packages(
        city, [built.path], load_key(keys.key_file, PASS), receipts_dir=tmp_path / "bn", now=NOW
    )
    assert result.status == "accepted", result.reason
    assert result.receipt_path is not None
    answer = import_receipt(unit, result.receipt_path, now=NOW)
    assert answer.status == "accepted", answer.reason

    with reading(unit) as session:
        audits = session.exec(
            select(AuditEntry).where(AuditEntry.entity_id == "sync.trust_store")
        ).all()
    assert len(audits) == 1 and audits[0].who == WHO
    assert not trust_issuer_from(unit, WHO, load_key(tmp_path / "blv.p12", PASS))

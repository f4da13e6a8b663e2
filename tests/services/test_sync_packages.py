"""Building report packages at the unit, checking them, and the unit's side of receipts."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from carapp.domain.vietnam_time import VIETNAM_TIME
from carapp.services.common import ServiceError
from carapp.services.sync.package_checks import verify_files
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.package_list import list_packages
from carapp.services.sync.receipts import import_receipt, receipt_file_name
from carapp.services.sync.report_package import build_report_package
from carapp.services.sync.setup import sync_settings
from carapp.sync.manifest import Kind, parse_manifest
from carapp.sync.package import build_package
from carapp.sync.pki import issue_unit_certificate
from tests import databases
from tests.services.test_sync_support import (
    NOW,
    Q1,
    START,
    World,
    db_digest,
    make_world,
    record_q1,
)


@pytest.fixture
def world(tmp_path: Path) -> World:
    world = make_world(tmp_path)
    record_q1(world.unit)
    return world


def test_sequences_increase_and_each_build_is_recorded(world: World) -> None:
    out = world.folder("out")
    first = build_report_package(world.unit, Q1, world.unit_signer, out, now=NOW)
    second = build_report_package(world.unit, Q1, world.unit_signer, out, now=NOW)
    assert (first.sequence, second.sequence) == (1, 2)
    assert sorted(p.name for p in out.iterdir()) == [
        "CCHC_BLV_2026-Q1_0001.zip",
        "CCHC_BLV_2026-Q1_0002.zip",
    ]
    views = list_packages(world.unit, "out")
    assert sorted(v.sequence for v in views) == [1, 2]
    assert all(v.kind == "report" and "CCHC:BLV" in v.signer_subject for v in views)


def test_a_failed_build_leaves_no_file_and_no_used_number(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = world.folder("out")

    def broken(*args: object) -> None:
        raise RuntimeError("đĩa đầy")

    monkeypatch.setattr("carapp.services.sync.report_package._out_record", broken)
    with pytest.raises(RuntimeError):
        build_report_package(world.unit, Q1, world.unit_signer, out, now=NOW)
    assert list(out.iterdir()) == []
    monkeypatch.undo()
    assert build_report_package(world.unit, Q1, world.unit_signer, out, now=NOW).sequence == 1


def test_build_is_refused_when_it_cannot_be_right(world: World, sample_engine: object) -> None:
    out = world.folder("out")
    with pytest.raises(ServiceError, match="chế độ thành phố"):
        build_report_package(world.city, Q1, world.city_signer, out, now=NOW)
    with pytest.raises(ServiceError, match="Chưa đặt mã đơn vị"):
        build_report_package(sample_engine, Q1, world.unit_signer, out, now=NOW)  # type: ignore[arg-type]
    chi = issue_unit_certificate(world.ca, "CHI", "Phường Chi Lăng", not_before=START)
    with pytest.raises(ServiceError, match="không phải đơn vị BLV"):
        build_report_package(world.unit, Q1, chi, out, now=NOW)
    assert list(out.iterdir()) == []


def test_only_the_city_imports_reports(world: World) -> None:
    built = build_report_package(world.unit, Q1, world.unit_signer, world.folder("o"), now=NOW)
    with pytest.raises(ServiceError, match="chế độ thành phố"):
        import_packages(world.unit, [built.path], world.unit_signer, now=NOW)


def test_verify_reports_without_writing(world: World) -> None:
    built = build_report_package(world.unit, Q1, world.unit_signer, world.folder("o"), now=NOW)
    broken = world.folder("o") / "hong.zip"
    broken.write_bytes(built.path.read_bytes()[:200])
    before = db_digest(world.city)
    results = verify_files(world.city, [world.folder("o")], now=NOW)
    assert [(r.path.name, r.status) for r in results] == [
        ("CCHC_BLV_2026-Q1_0001.zip", "valid"),
        ("hong.zip", "rejected"),
    ]
    assert results[0].unit_code == "BLV" and "CCHC:BLV" in results[0].signer_subject
    assert db_digest(world.city) == before
    import_packages(world.city, [built.path], world.city_signer, now=NOW)
    [again] = verify_files(world.city, [built.path], now=NOW)
    assert again.status == "already_imported"


def _receipt(world: World) -> Path:
    built = build_report_package(world.unit, Q1, world.unit_signer, world.folder("o"), now=NOW)
    [result] = import_packages(
        world.city, [built.path], world.city_signer, receipts_dir=world.folder("r"), now=NOW
    )
    assert result.receipt_path is not None
    return result.receipt_path


def test_receipt_marks_the_package_received_once(world: World) -> None:
    path = _receipt(world)
    assert path.name == receipt_file_name("BLV", "2026-Q1", 1) == "BIEN-NHAN_BLV_2026-Q1_0001.zip"
    first = import_receipt(world.unit, path, now=NOW)
    assert first.status == "accepted" and "Thành phố đã nhận gói số 1" in first.reason
    before = db_digest(world.unit)
    assert import_receipt(world.unit, path, now=NOW).status == "already_imported"
    assert db_digest(world.unit) == before
    [view] = list_packages(world.unit, "out")
    assert view.receipt_at == NOW and view.verification.startswith("Đã nhận")


def _forged_receipt(world: World, path: Path, **changes: object) -> Path:
    data = {
        "kind": "receipt",
        "package_sha256": "a" * 64,
        "manifest_sha256": "b" * 64,
        "unit_code": "BLV",
        "sequence": 1,
        "received_at": NOW.isoformat(),
        "result": "accepted",
        "step": None,
        "message": "",
    }
    data.update(changes)  # type: ignore[arg-type]
    build_package(
        path,
        Kind.RECEIPT,
        "HP",
        "Sở Nội vụ",
        "2026-Q1",
        9,
        [],
        {},
        data,
        world.city_signer,
        created_at=NOW,
    )
    return path


def test_receipts_that_do_not_match_are_refused_and_change_nothing(world: World) -> None:
    real = _receipt(world)
    with zipfile.ZipFile(real) as archive:
        manifest_sha = json.loads(archive.read("data.json"))["manifest_sha256"]
    before = db_digest(world.unit)
    cases = [
        (_forged_receipt(world, world.root / "a.zip"), "không khớp"),
        (
            _forged_receipt(
                world, world.root / "b.zip", unit_code="CHI", manifest_sha256=manifest_sha
            ),
            "không phải đơn vị BLV",
        ),
        (
            _forged_receipt(world, world.root / "c.zip", sequence=7, manifest_sha256=manifest_sha),
            "Không có gói số 7",
        ),
    ]
    for path, why in cases:
        result = import_receipt(world.unit, path, now=NOW)
        assert result.status == "rejected" and why in result.reason, result.reason
    # A receipt signed by the unit's own key is not the city's.
    own = world.root / "d.zip"
    build_package(
        own,
        Kind.RECEIPT,
        "HP",
        "Sở Nội vụ",
        "2026-Q1",
        9,
        [],
        {},
        {
            "kind": "receipt",
            "package_sha256": "a" * 64,
            "manifest_sha256": manifest_sha,
            "unit_code": "BLV",
            "sequence": 1,
            "received_at": NOW.isoformat(),
            "result": "accepted",
            "step": None,
            "message": "",
        },
        world.unit_signer,
        created_at=NOW,
    )
    result = import_receipt(world.unit, own, now=NOW)
    assert (result.status, result.step) == ("rejected", "unit")
    assert db_digest(world.unit) == before
    assert not list_packages(world.unit, "out")[0].received
    assert sync_settings(world.unit).mode == "unit"


def test_package_pdfs_show_who_signed_and_when(world: World) -> None:
    built = build_report_package(world.unit, Q1, world.unit_signer, world.folder("out"), now=NOW)
    with zipfile.ZipFile(built.path) as package:
        for name in ("phu-luc.pdf", "bao-cao.pdf"):
            first_page = PdfReader(io.BytesIO(package.read(name))).pages[0].extract_text()
            assert "Ký số bởi: " in first_page
            assert (
                f"Thời gian ký: {NOW.astimezone(VIETNAM_TIME).isoformat(timespec='seconds')}"
                in (first_page)
            )
            assert "+07:00" in first_page


def test_the_city_backs_up_its_database_before_applying_packages(world: World) -> None:
    from carapp.services.backups import list_backups

    built = build_report_package(world.unit, Q1, world.unit_signer, world.folder("out"), now=NOW)
    assert list_backups(world.city) == []
    import_packages(world.city, [built.path], world.city_signer, now=NOW)
    # On a PostgreSQL server no copy is taken: its backups are the administrator's (README).
    expected = [] if databases.on_postgresql() else ["truoc-nhap"]
    assert [b.reason for b in list_backups(world.city)] == expected


def test_stamp_shows_the_document_number_and_manifest_keeps_vietnam_time(world: World) -> None:
    built = build_report_package(
        world.unit, Q1, world.unit_signer, world.folder("out"), now=NOW, report_number="12"
    )
    with zipfile.ZipFile(built.path) as package:
        manifest = json.loads(package.read("manifest.json"))
        first_page = PdfReader(io.BytesIO(package.read("bao-cao.pdf"))).pages[0].extract_text()
    assert manifest["created_at"] == "2026-03-16T09:30:00+07:00"
    stamp = first_page.split("Thời gian ký")[0]
    assert "Số: 12/" in stamp and "Ký số bởi:" in stamp
    assert verify_files(world.city, [built.path])[0].status != "rejected"


def test_manifest_times_with_z_or_an_offset_are_both_read() -> None:
    base = {
        "format_version": 1,
        "kind": "report",
        "unit_code": "BLV",
        "unit_name": "Bạch Long Vĩ",
        "plan_ids": [],
        "period": "2026-Q1",
        "sequence": 1,
        "app_version": "0.1.0",
        "files": [{"name": "data.json", "size": 2, "sha256": "0" * 64}],
    }
    for written in ("2026-03-16T02:30:00Z", "2026-03-16T09:30:00+07:00"):
        raw = json.dumps({**base, "created_at": written}).encode()
        try:
            manifest = parse_manifest(raw)
        except Exception as error:  # the format's own fields may differ: show them
            pytest.fail(f"{written}: {error}")
        assert manifest.created_at == datetime(2026, 3, 16, 2, 30, tzinfo=UTC)

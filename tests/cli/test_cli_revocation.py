"""The city's revocation list: a revoked signer is refused by the city, and by units once they
hold the list (carried in assignments packages, or imported as a file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from carapp.db.migrate import open_database
from carapp.domain.areas import ReformArea
from carapp.services.plans import create_plan, create_section
from carapp.services.sync.assignment_publish import create_city_task
from carapp.services.sync.keys import load_key
from carapp.services.units import unit_by_code
from tests import databases
from tests.cli.test_cli_sync import PASS, offices, run  # noqa: F401 - the fixture

REVOKED = "chứng thư số đã bị thu hồi"


def _city_plan(city: Path) -> None:
    engine = open_database(city)
    plan = create_plan(
        engine, "tester", unit_by_code(engine, "HP").id, title="KH thành phố",
        start_year=2026, end_year=2026,
    )  # fmt: skip
    section = create_section(engine, "tester", plan.id, "I", "THỦ TỤC", ReformArea.PROCEDURES)
    create_city_task(engine, "tester", section.id, number="1", content="Nhiệm vụ 1")
    engine.dispose()


def _publish(capsys: pytest.CaptureFixture[str], city: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    code, _, err = run(capsys, city, "assignments", "publish", "--units", "BLV", "-o", str(folder))
    assert code == 0, err
    return sorted(folder.iterdir())[-1]


def test_a_revoked_signer_is_refused_by_the_city_then_by_the_unit(
    offices: tuple[Path, Path],  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    city, unit = offices
    assert run(capsys, unit, "package", "build", "--period", "2026-Q1", "-o", "usb")[0] == 0
    code, out, _ = run(capsys, city, "package", "import", "usb", "--receipts", "bien-nhan")
    assert code == 0 and "đã nhận" in out

    blv = load_key(tmp_path / "blv.p12", PASS).certificate
    (tmp_path / "blv.pem").write_bytes(blv.public_bytes(serialization.Encoding.PEM))
    code, out, err = run(capsys, city, "pki", "revoke-cert", "blv.pem", "--out", "thu-hoi.crl")
    assert code == 0, err
    assert f"Đã thu hồi chứng thư số sê-ri {blv.serial_number:X}" in out
    assert "Danh sách thu hồi số 1" in out and (tmp_path / "thu-hoi.crl").exists()
    code, _, err = run(capsys, city, "pki", "revoke-cert", f"{blv.serial_number:X}")
    assert code == 1 and "đã bị thu hồi trước đó" in err

    assert run(capsys, unit, "package", "build", "--period", "2026-Q1", "-o", "usb")[0] == 0
    code, out, _ = run(capsys, city, "package", "import", "usb", "--receipts", "bien-nhan")
    assert code == 1 and REVOKED in out and "Tổng cộng: 2 gói; nhận 0" in out, out

    # The list travels to the unit in the city's next assignments package.
    _city_plan(city)
    code, out, err = run(
        capsys, unit, "assignments", "import", str(_publish(capsys, city, tmp_path / "giao"))
    )
    assert code == 0, err
    code, out, _ = run(capsys, unit, "pki", "crl", "list")
    assert "Danh sách thu hồi số 1" in out and f"{blv.serial_number:X}" in out

    # The city's own signing key is compromised: the city revokes it and hands units the file;
    # the unit refuses what that key signs from then on.
    code, _, err = run(
        capsys, city, "pki", "revoke-cert", "city-chung-thu.pem", "--out", "thu-hoi-2.crl"
    )
    assert code == 0, err
    code, out, err = run(capsys, unit, "pki", "crl", "import", "thu-hoi-2.crl")
    assert code == 0 and "Danh sách thu hồi số 2" in out, err
    code, out, _ = run(capsys, unit, "pki", "crl", "import", "thu-hoi.crl")
    assert code == 0 and "mới hơn; không thay đổi gì" in out  # an older list changes nothing
    code, out, _ = run(
        capsys, unit, "assignments", "import", str(_publish(capsys, city, tmp_path / "giao2"))
    )
    assert code == 1 and REVOKED in out, out


def test_a_list_no_trusted_root_signed_is_refused(
    offices: tuple[Path, Path],  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    city, unit = offices
    assert run(capsys, city, "pki", "revoke-cert", "1234", "--out", "thu-hoi.crl")[0] == 0
    other = databases.new_database(tmp_path, "khac")
    code, _, err = run(capsys, other, "pki", "crl", "import", "thu-hoi.crl")
    assert code == 1 and "không được ký bởi chứng thư gốc nào trong kho tin cậy" in err
    (tmp_path / "rac.crl").write_bytes(b"khong phai crl")
    code, _, err = run(capsys, unit, "pki", "crl", "import", "rac.crl")
    assert code == 1 and "không phải danh sách chứng thư số bị thu hồi" in err
    code, out, _ = run(capsys, unit, "pki", "crl", "list")
    assert "Chưa có danh sách thu hồi nào." in out

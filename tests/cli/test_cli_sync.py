"""The sync commands as an office would type them: city setup, a unit's report, receipt, view."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from carapp.cli.main import main
from carapp.db.migrate import open_database
from carapp.domain.areas import ReformArea
from carapp.services.plans import create_plan, create_section
from carapp.services.sync.assignment_publish import create_city_task
from carapp.services.units import unit_by_code
from tests import databases

PASS = "mat-khau-cli-1"


def run(capsys: pytest.CaptureFixture[str], db: str | Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def offices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """The city initialised and the unit set up, as the manual tells each office to do."""
    monkeypatch.setenv("CARAPP_PASSPHRASE", PASS)
    monkeypatch.setenv("CARAPP_NEW_PASSPHRASE", PASS)
    monkeypatch.chdir(tmp_path)
    for folder in ("usb", "bien-nhan", "giao"):  # carapp writes into folders, never makes them
        (tmp_path / folder).mkdir()
    city, unit = databases.new_database(tmp_path, "city"), databases.new_database(tmp_path, "unit")
    code, out, err = run(capsys, city, "pki", "init-city", "--out", "city.p12")
    assert code == 0, err
    assert "Vân tay chứng thư gốc" in out and (tmp_path / "city-goc.pem").exists()
    code, out, err = run(
        capsys,
        city,
        "pki",
        "issue-unit",
        "BLV",
        "--out",
        "blv.p12",
        "--name",
        "Ủy ban nhân dân đặc khu Bạch Long Vĩ",
        "--kind",
        "special_zone",
    )
    assert code == 0, err
    assert "Đã cấp tệp khóa cho đơn vị BLV" in out
    for args in (
        ("sample", "load"),
        ("mode", "unit", "--code", "BLV", "--key", "blv.p12"),
        ("pki", "trust", "add-root", "city-goc.pem"),
        ("pki", "trust", "allow", "HP", "city-chung-thu.pem"),
        ("progress", "set", "1", "--period", "2026-Q1", "--status", "đã hoàn thành"),
    ):
        code, out, err = run(capsys, unit, *args)
        assert code == 0, (args, err)
    return city, unit


def test_report_import_receipt_and_the_city_view(
    offices: tuple[Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    city, unit = offices
    code, out, err = run(capsys, unit, "package", "build", "--period", "2026-Q1", "-o", "usb")
    assert code == 0, err
    assert "Đã lập gói báo cáo Quý I/2026, số 1" in out
    package = tmp_path / "usb" / "CCHC_BLV_2026-Q1_0001.zip"
    assert package.exists()

    code, out, _ = run(capsys, city, "package", "verify", str(package))
    assert code == 0 and "Hợp lệ" in out and "Ký bởi: CN=Ủy ban nhân dân đặc khu" in out

    code, out, err = run(capsys, city, "package", "import", "usb", "--receipts", "bien-nhan")
    assert code == 0, err
    assert "✓ CCHC_BLV_2026-Q1_0001.zip: Hợp lệ — đã nhận" in out
    assert "nhiệm vụ: 30 mới" in out and "Tổng cộng: 1 gói; nhận 1; từ chối 0." in out
    code, out, _ = run(capsys, city, "package", "import", "usb", "--receipts", "bien-nhan")
    assert code == 0 and "Đã nhận trước đó" in out

    receipt = tmp_path / "bien-nhan" / "BIEN-NHAN_BLV_2026-Q1_0001.zip"
    code, out, err = run(capsys, unit, "receipt", "import", str(receipt))
    assert code == 0, err
    assert "Thành phố đã nhận gói số 1" in out
    code, out, _ = run(capsys, unit, "package", "list", "--out")
    assert code == 0 and "Đã nhận" in out and "CCHC_BLV_2026-Q1_0001.zip" in out

    code, out, _ = run(capsys, city, "city", "units", "--period", "2026-Q1")
    assert code == 0
    assert "Ủy ban nhân dân đặc khu Bạch Long Vĩ" in out and "Thiếu 29/30" in out
    assert "Theo lĩnh vực:" in out and "Cải cách thể chế" in out
    code, out, _ = run(capsys, city, "city", "provinces", "--period", "2026-Q1")
    assert code == 0 and "Đã gửi" in out and "1/1" in out  # BLV, under the city
    code, out, _ = run(capsys, city, "city", "areas", "--period", "2026-Q1")
    assert code == 0 and "Cải cách thể chế" in out and "Tổng cộng" in out
    code, out, _ = run(capsys, city, "city", "tasks", "BLV", "--period", "2026-Q1")
    assert code == 0 and "Rà soát, kiểm tra, hệ thống văn bản" in out and "Đã hoàn thành" in out
    code, out, _ = run(capsys, city, "city", "export", "--period", "2026-Q1", "--format", "xlsx")
    assert code == 0 and (tmp_path / "tong-hop-2026-Q1.xlsx").exists()
    code, out, _ = run(capsys, city, "city", "due-dates", "--set", "Q1=20/3")
    assert code == 0 and "Quý I (Q1): hạn nộp ngày 20/03" in out


def test_a_tampered_package_is_refused_with_its_reason(
    offices: tuple[Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    city, unit = offices
    assert run(capsys, unit, "package", "build", "--period", "2026-Q1", "-o", "usb")[0] == 0
    source = tmp_path / "usb" / "CCHC_BLV_2026-Q1_0001.zip"
    tampered = tmp_path / "sua.zip"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info.filename, data + b" " if info.filename == "bao-cao.xlsx" else data)
    code, out, _ = run(capsys, city, "package", "import", str(tampered), "--log", "tu-choi.jsonl")
    assert code == 1
    assert "✗ sua.zip: Bị từ chối" in out
    assert "Lý do (Tệp trong gói): Tệp “bao-cao.xlsx” đã bị thay đổi" in out
    assert (tmp_path / "tu-choi.jsonl").exists()
    assert not list(tmp_path.glob("BIEN-NHAN*"))


def test_assignments_from_the_city_to_the_unit(
    offices: tuple[Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    city, unit = offices
    engine = open_database(city)
    hp = unit_by_code(engine, "HP")
    plan = create_plan(
        engine,
        "tester",
        hp.id,
        title="Kế hoạch CCHC thành phố 2026",
        start_year=2026,
        end_year=2026,
    )
    section = create_section(
        engine, "tester", plan.id, "I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", ReformArea.PROCEDURES
    )
    for number in ("1", "2"):
        create_city_task(
            engine,
            "tester",
            section.id,
            number=number,
            content=f"Nhiệm vụ {number}",
            deadline_text="Quý IV/2026",
        )
    engine.dispose()
    code, out, err = run(
        capsys, city, "assignments", "publish", "--units", "BLV", "--tasks", "2", "-o", "giao"
    )
    assert code == 0, err
    [package] = (tmp_path / "giao").iterdir()
    code, out, err = run(capsys, unit, "assignments", "import", str(package))
    assert code == 0, err
    assert "Nhận 1 nhiệm vụ mới" in out
    code, out, _ = run(capsys, unit, "task", "list", "--search", "Nhiệm vụ 2")
    assert "Nhiệm vụ 2" in out


def test_keys_mode_and_trust_commands(
    offices: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    city, unit = offices
    code, out, _ = run(capsys, unit, "mode")
    assert code == 0 and "Chế độ: đơn vị (unit)" in out and "BLV — Ủy ban nhân dân" in out
    code, out, _ = run(capsys, city, "pki", "trust", "list")
    assert code == 0 and "BLV" in out and "HP" in out
    fingerprint = next(line.split()[-1] for line in out.splitlines() if line.startswith("BLV"))
    code, out, _ = run(capsys, city, "pki", "trust", "revoke", "BLV", fingerprint)
    assert code == 0 and "Đã thu hồi" in out
    code, _, err = run(capsys, city, "pki", "trust", "revoke", "BLV", fingerprint)
    assert code == 1 and err.startswith("Lỗi: ")

    monkeypatch.setenv("CARAPP_PASSPHRASE", "sai-mat-khau")
    code, _, err = run(capsys, unit, "package", "build", "--period", "2026-Q1")
    assert code == 1 and "Sai mật khẩu tệp khóa" in err
    (tmp_path / "mk.txt").write_text(PASS + "\n", encoding="utf-8")
    code, _, err = run(
        capsys, city, "package", "build", "--period", "2026-Q1", "--passphrase-file", "mk.txt"
    )
    assert code == 1 and "chế độ thành phố" in err

    monkeypatch.delenv("CARAPP_NEW_PASSPHRASE")
    answers = iter(["mat-khau-moi-1", "mat-khau-moi-2"])
    monkeypatch.setattr("carapp.cli.commands_sync.getpass.getpass", lambda _prompt: next(answers))
    monkeypatch.setattr("carapp.cli.commands_sync.sys.stdin.isatty", lambda: True)  # a person
    code, _, err = run(
        capsys,
        city,
        "pki",
        "issue-unit",
        "CHI",
        "--name",
        "Phường Chi Lăng",
        "--out",
        "chi.p12",
        "--passphrase-file",
        "mk.txt",
    )
    assert code == 1 and "không khớp" in err and not (tmp_path / "chi.p12").exists()

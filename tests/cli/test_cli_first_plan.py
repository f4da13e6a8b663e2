"""A unit's own plan from a bare database, through the command line only (issue 9's judge)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from carapp.cli.main import main
from tests import databases
from tests.importers.files import Builder, Table

PASS = "mat-khau-md-1"
LETTERHEAD = [
    "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
    "ỦY BAN NHÂN DÂN XÃ MAO ĐIỀN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 12/KH-UBND",
    "Mao Điền, ngày 05 tháng 01 năm 2026",
    "Phụ lục",
    "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
]
COLUMNS = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Sản phẩm", "Thời gian hoàn thành"]
TASKS = Table(
    [
        COLUMNS,
        ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
        [
            "1",
            "Niêm yết thủ tục hành chính tại bộ phận một cửa",
            "Văn phòng HĐND và UBND",
            "Báo cáo",
            "Quý I/2026",
        ],
        ["2", "Số hóa hồ sơ đã giải quyết", "Công chức Tư pháp - Hộ tịch", "Dữ liệu", "năm 2026"],
        ["II", "CẢI CÁCH TÀI CHÍNH CÔNG"],
        [
            "3",
            "Công khai dự toán ngân sách xã",
            "Văn phòng HĐND và UBND",
            "Quyết định",
            "31/03/2026",
        ],
    ],
    merges=[(1, 1, 1, 4), (4, 1, 4, 4)],
)


def run(capsys: pytest.CaptureFixture[str], db: str | Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], db: str | Path, *args: str) -> str:
    code, out, err = run(capsys, db, *args)
    assert code == 0, (args, out, err)
    return out


@pytest.fixture
def appendix(tmp_path: Path) -> Path:
    """A commune's own appendix as Word, with its letterhead above the table."""
    return Builder(tmp_path).docx("phu-luc-mao-dien.docx", *LETTERHEAD, TASKS)


def test_a_fresh_database_to_a_signed_package_of_exactly_that_plan(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    appendix: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CARAPP_PASSPHRASE", PASS)
    monkeypatch.setenv("CARAPP_NEW_PASSPHRASE", PASS)
    monkeypatch.chdir(tmp_path)
    db, city = (
        databases.new_database(tmp_path, "mao-dien"),
        databases.new_database(tmp_path, "city"),
    )
    ok(capsys, city, "pki", "init-city", "--out", "city.p12")
    ok(capsys, city, "pki", "issue-unit", "MD", "--out", "md.p12", "--name", "UBND xã Mao Điền")

    ok(capsys, db, "db", "init")
    out = ok(
        capsys, db, "unit", "add", "MD", "--name", "Ủy ban nhân dân xã Mao Điền", "--kind", "xã",
        "--letterhead", r"ỦY BAN NHÂN DÂN\nXÃ MAO ĐIỀN", "--place", "Mao Điền",
        "--sign-post", "CHỦ TỊCH", "--sign-name", "Trần Văn B", "--own",
    )  # fmt: skip
    assert "Đã thêm đơn vị MD — Ủy ban nhân dân xã Mao Điền (Xã)." in out
    ok(capsys, db, "unit", "add", "MD-VP", "--name", "Văn phòng HĐND và UBND", "--parent", "MD")
    out = ok(capsys, db, "import", "appendix", str(appendix))
    assert "Đã nhập: thêm 3 nhiệm vụ" in out
    assert "Đơn vị chủ trì gắn với danh sách đơn vị: 2/3 nhiệm vụ." in out
    out = ok(capsys, db, "plan", "list")
    assert "MD " in out and "Kế hoạch cải cách hành chính năm 2026" in out
    out = ok(
        capsys, db, "progress", "set", "1", "--period", "2026-Q1", "--status", "đã hoàn thành",
        "--completed-on", "20/02/2026", "--description", "Đã niêm yết 45 thủ tục",
    )  # fmt: skip
    assert "Quý I/2026" in out
    ok(capsys, db, "export", "report", "--period", "2026-Q1", "-o", "bao-cao.pdf")
    assert (tmp_path / "bao-cao.pdf").stat().st_size > 1000
    ok(capsys, db, "mode", "unit", "--key", "md.p12")
    (tmp_path / "usb").mkdir()
    out = ok(capsys, db, "package", "build", "--period", "2026-Q1", "-o", "usb")

    [package] = (tmp_path / "usb").iterdir()
    assert package.name == "CCHC_MD_2026-Q1_0001.zip"
    with zipfile.ZipFile(package) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["unit"]["code"] == "MD"
    assert [p["title"] for p in data["plans"]] == ["Kế hoạch cải cách hành chính năm 2026"]
    assert sorted(t["content"] for t in data["tasks"]) == [  # rows come by section id
        "Công khai dự toán ngân sách xã",
        "Niêm yết thủ tục hành chính tại bộ phận một cửa",
        "Số hóa hồ sơ đã giải quyết",
    ]
    assert "Bạch Long Vĩ" not in json.dumps(data, ensure_ascii=False)
    [plan] = data["plans"]
    assert plan["issuer"] == "ỦY BAN NHÂN DÂN XÃ MAO ĐIỀN" and plan["number"] == "12/KH-UBND"


def test_one_line_import_creates_the_owner_unit(
    capsys: pytest.CaptureFixture[str], db_url: str, appendix: Path
) -> None:
    args = ("import", "appendix", str(appendix), "--unit", "MD")
    code, _, err = run(capsys, db_url, *args)
    assert code == 1
    assert 'Chưa có đơn vị mã “MD”: thêm --unit-name "Tên đơn vị"' in err
    out = ok(capsys, db_url, *args, "--unit-name", "Ủy ban nhân dân xã Mao Điền")
    assert "Đơn vị mới: MD — Ủy ban nhân dân xã Mao Điền (Xã)." in out
    out = ok(capsys, db_url, "unit", "list")
    assert "* MD" in out and "Xã" in out and "commune" not in out


def test_the_owner_is_read_from_the_letterhead_and_confirmed(
    capsys: pytest.CaptureFixture[str], db_url: str, appendix: Path
) -> None:
    code, out, err = run(capsys, db_url, "import", "appendix", str(appendix))
    assert code == 1  # stdin is no terminal under pytest: no silent yes
    assert "Đơn vị đọc từ tiêu đề tệp: MD — Ủy ban nhân dân xã Mao Điền (Xã)" in out
    assert "chạy lại với --yes" in err and '--unit MÃ --unit-name "Tên đơn vị"' in err
    code, _, dry_err = run(capsys, db_url, "import", "appendix", str(appendix), "--dry-run")
    assert (code, dry_err) == (1, err)
    out = ok(capsys, db_url, "import", "appendix", str(appendix), "--yes", "--dry-run")
    assert "Chạy thử" in out
    assert "Chưa có đơn vị nào" in ok(capsys, db_url, "unit", "list")
    ok(capsys, db_url, "import", "appendix", str(appendix), "--yes")
    out = ok(capsys, db_url, "unit", "list")
    assert "* MD" in out and "Ủy ban nhân dân xã Mao Điền" in out


def test_a_file_without_letterhead_names_the_options(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    bare = Builder(tmp_path).docx("bang.docx", TASKS)
    code, _, err = run(capsys, db_url, "import", "appendix", str(bare), "--dry-run")
    assert code == 1 and '--unit MÃ --unit-name "Tên đơn vị"' in err
    code, _, real = run(capsys, db_url, "import", "appendix", str(bare))
    assert (code, real) == (1, err)


def test_on_a_terminal_the_officer_is_asked(
    capsys: pytest.CaptureFixture[str],
    db_url: str,
    appendix: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "không")
    code, _, err = run(capsys, db_url, "import", "appendix", str(appendix))
    assert code == 1 and "Chưa nhập gì" in err and asked
    monkeypatch.setattr("builtins.input", lambda prompt: "c")
    assert "Đã nhập: thêm 3 nhiệm vụ" in ok(capsys, db_url, "import", "appendix", str(appendix))


def test_what_is_missing_names_the_option(
    capsys: pytest.CaptureFixture[str], db_url: str, appendix: Path
) -> None:
    args = ("import", "appendix", str(appendix))
    code, _, err = run(capsys, db_url, *args, "--unit-name", "Ủy ban nhân dân xã Mao Điền")
    assert code == 1 and "Thiếu mã cho đơn vị" in err and "--unit MÃ" in err
    ok(capsys, db_url, "unit", "add", "MD", "--name", "Phòng Mỹ Đức", "--kind", "sở")
    ok(capsys, db_url, "unit", "add", "BLV", "--name", "Đặc khu Bạch Long Vĩ", "--kind", "đặc-khu")
    ok(capsys, db_url, "unit", "add", "CL", "--name", "Phường Chi Lăng", "--kind", "phường")
    code, _, err = run(capsys, db_url, *args, "--yes")
    assert code == 1 and "mã MD đã là của đơn vị “Phòng Mỹ Đức”" in err
    assert '--unit MÃ --unit-name "Tên đơn vị"' in err
    out = ok(capsys, db_url, *args, "--unit", "MD2", "--unit-name", "UBND xã Mao Điền")
    assert "Đơn vị mới: MD2 — UBND xã Mao Điền (Xã)." in out  # kind and letterhead from the file

"""`carapp export …` writes files that read back, and round-trips through `carapp import`."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from carapp.cli.main import main


def _load(capsys, db: str | Path) -> None:
    assert main(["--db", str(db), "sample", "load"]) == 0
    capsys.readouterr()


def test_export_report_pdf_and_appendix_xlsx(capsys, db_url: str, tmp_path: Path) -> None:
    _load(capsys, db_url)
    pdf, xlsx = tmp_path / "bao-cao.pdf", tmp_path / "phu-luc.xlsx"
    args = ["--db", db_url, "export"]
    assert main([*args, "report", "--period", "2026-Q1", "-o", str(pdf)]) == 0
    assert main([*args, "appendix", "--format", "xlsx", "-o", str(xlsx)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "quý I năm 2026" in text
    sheet = load_workbook(xlsx).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any(str(v).startswith("Niêm yết công khai") for v in values)


def test_edited_export_comes_back_as_a_change(capsys, db_url: str, tmp_path: Path) -> None:
    _load(capsys, db_url)
    xlsx = tmp_path / "phu-luc.xlsx"
    assert main(["--db", db_url, "export", "appendix", "--format", "xlsx", "-o", str(xlsx)]) == 0
    book = load_workbook(xlsx)
    sheet = book["Phụ lục"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "2026-2027")
    cell.value = "Quý IV/2027"
    book.save(xlsx)
    capsys.readouterr()
    assert main(["--db", db_url, "import", "appendix", str(xlsx)]) == 0
    out = capsys.readouterr().out
    assert "Thêm mới: 0; sửa: 1 nội dung" in out and "Cảnh báo" not in out
    main(["--db", db_url, "task", "list", "--search", "danh muc van ban"])
    assert "Quý IV/2027" in capsys.readouterr().out


def test_plan_is_chosen_or_the_user_is_told_how(capsys, db_url: str, tmp_path: Path) -> None:
    out = str(tmp_path / "phu-luc.pdf")
    assert main(["--db", db_url, "export", "appendix", "-o", out]) == 1
    assert "Chưa có kế hoạch nào" in capsys.readouterr().err
    _load(capsys, db_url)
    docx = Path(__file__).parents[1] / "fixtures" / "importers" / "bach-long-vi-phu-luc.docx"
    assert main(["--db", db_url, "import", "appendix", str(docx), "--title", "B"]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "export", "appendix", "-o", out]) == 1
    assert "Có 2 kế hoạch: hãy chọn bằng --plan" in capsys.readouterr().err
    assert main(["--db", db_url, "export", "appendix", "--plan", "zzz", "-o", out]) == 1
    assert "Không xác định được kế hoạch “zzz”" in capsys.readouterr().err
    main(["--db", db_url, "plan", "list"])
    prefix = next(ln.split()[0] for ln in capsys.readouterr().out.splitlines() if ln.endswith(" B"))
    assert main(["--db", db_url, "export", "appendix", "--plan", prefix, "-o", out]) == 0


def _squashed(pdf: Path) -> str:
    return " ".join("".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def test_plan_set_and_export_options_print_the_signer_and_number(
    capsys, db_url: str, tmp_path: Path
) -> None:
    _load(capsys, db_url)
    db = ["--db", db_url]
    assert main([*db, "plan", "list"]) == 0
    plan = capsys.readouterr().out.splitlines()[-1].split()[0]
    settings = ["--sign-post", "KT. CHỦ TỊCH|PHÓ CHỦ TỊCH", "--sign-name", "Lê Văn C"]
    assert main([*db, "plan", "set", plan, *settings, "--recipients", "Như trên; Lưu: VT"]) == 0
    pdf = tmp_path / "bao-cao.pdf"
    assert main([*db, "export", "report", "--period", "2026-Q1", "-o", str(pdf)]) == 0
    text = _squashed(pdf)
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Lê Văn C" in text
    assert "/BC-UBND" in text and "Số: /BC" not in text.replace("Số: /BC-UBND", "")
    signer = "TM. ỦY BAN NHÂN DÂN|KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn A"
    options = ["--number", "12", "--date", "05/03/2026", "--signer", signer, "--force"]
    assert main([*db, "export", "report", "--period", "2026-Q1", "-o", str(pdf), *options]) == 0
    text = _squashed(pdf)
    assert "Số: 12/BC-UBND" in text and "ngày 05 tháng 3 năm 2026" in text
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Nguyễn Văn A" in text


def test_a_signature_the_decree_does_not_allow_is_refused(
    capsys, db_url: str, tmp_path: Path
) -> None:
    _load(capsys, db_url)
    db = ["--db", db_url]
    main([*db, "plan", "list"])
    plan = capsys.readouterr().out.splitlines()[-1].split()[0]
    assert main([*db, "plan", "set", plan, "--sign-authority", "K.T. CHỦ TỊCH"]) != 0
    assert "không phải hình thức ký" in capsys.readouterr().err


def test_export_word_copies(capsys, db_url: str, tmp_path: Path) -> None:
    import docx

    _load(capsys, db_url)
    db = ["--db", db_url, "export"]
    assert main([*db, "appendix", "-o", str(tmp_path / "phu-luc.docx")]) == 0
    report = tmp_path / "bao-cao.docx"
    assert main([*db, "report", "--period", "2026-Q1", "--format", "docx", "-o", str(report)]) == 0
    assert len(docx.Document(str(report)).tables) == 4
    assert len(docx.Document(str(tmp_path / "phu-luc.docx")).tables) == 2

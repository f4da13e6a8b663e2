"""The workbooks as LibreOffice prints them (skipped where LibreOffice is not installed).

Text extraction cannot tell a clipped line from a visible one, so this only checks that the
workbook converts, prints landscape A4 and carries every task; that every line of every cell is
visible was checked by looking at the rendered pages (see the export notes in the report).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from carapp.domain.documents import Appendix
from carapp.export import write_appendix_xlsx
from tests.export.pdftext import page_texts, squash

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (soffice)")


def convert(xlsx: Path, out: Path) -> Path:
    """Convert `xlsx` to PDF with a throw-away LibreOffice profile; return the PDF."""
    assert SOFFICE
    profile = (out / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(out), str(xlsx)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    return out / f"{xlsx.stem}.pdf"


def test_libreoffice_prints_every_cell(
    sample_appendix: Appendix, long_appendix: Appendix, tmp_path: Path
) -> None:
    for name, appendix in (("phu-luc", sample_appendix), ("dai", long_appendix)):
        xlsx = tmp_path / f"{name}.xlsx"
        write_appendix_xlsx(appendix, xlsx)
        pdf = convert(xlsx, tmp_path)
        for page in PdfReader(pdf).pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert (round(width), round(height)) == (842, 595)
        text = " ".join(page_texts(pdf))
        # LibreOffice draws cells in its own order: look for every visible cell's whole text.
        ws = openpyxl.load_workbook(xlsx).active
        cells = [
            cell.value
            for row in ws.iter_rows(max_col=6)
            for cell in row
            if isinstance(cell.value, str) and cell.value.strip()
        ]
        assert len(cells) > 30
        # LibreOffice may wrap a line after a hyphen ("76/NQ-" / "CP"): compare without the
        # space such a break leaves after a hyphen, on both sides alike.
        joined = _join_hyphen_breaks(text)
        for value in cells:
            assert _join_hyphen_breaks(squash(value)) in joined
    assert "(câu 36) Ưu tiên" in text


def _join_hyphen_breaks(text: str) -> str:
    return text.replace("- ", "-")

"""Every font a printed PDF names is embedded (pdffonts): no Helvetica left by reportlab's tables."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from carapp.domain.documents import Appendix, ProgressReport
from carapp.export import write_appendix_pdf, write_report_pdf


def _fonts(path: Path) -> list[tuple[str, str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils missing")
def test_appendix_and_report_embed_every_font(
    sample_appendix: Appendix, sample_report: ProgressReport, tmp_path: Path
) -> None:
    write_appendix_pdf(sample_appendix, tmp_path / "a.pdf")
    write_report_pdf(sample_report, tmp_path / "b.pdf")
    for name in ("a.pdf", "b.pdf"):
        fonts = _fonts(tmp_path / name)
        assert fonts and all(embedded == "yes" for _, embedded in fonts), fonts
        assert all("LiberationSerif" in font for font, _ in fonts), fonts

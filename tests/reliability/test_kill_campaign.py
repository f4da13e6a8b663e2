"""A short kill -9 campaign in the suite; tools/kill_campaign.py runs the long one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import kill_campaign  # noqa: E402


@pytest.mark.campaign
def test_a_short_kill_campaign_loses_nothing(tmp_path: Path) -> None:
    tally = kill_campaign.campaign(runs=8, seed=12, folder=tmp_path, echo=lambda _line: None)
    assert tally.runs == 8 and tally.killed and tally.acknowledged
    assert tally.clean(), tally.problems


def test_the_campaign_sees_a_half_file_and_a_lost_write(tmp_path: Path) -> None:
    """The checks can fail: a cut PDF at an output name is a half file; a temporary one is not."""
    whole = b"%PDF-1.4\n...\n%%EOF\n"
    (tmp_path / "phu-luc.pdf").write_bytes(whole[:10])
    (tmp_path / ".phu-luc.pdf.abcd1234.tmp").write_bytes(whole[:10])
    (tmp_path / "bao-cao.xlsx").write_bytes(b"PK\x03\x04 cut")
    tally = kill_campaign.Tally()
    kill_campaign.check_outputs(tally, tmp_path, "test")
    assert tally.half_files == 2 and not tally.clean()
    tally.problem("lost", "progress 1@2026-Q1")
    assert "lost 1" in tally.summary()

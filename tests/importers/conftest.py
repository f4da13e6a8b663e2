"""Fixtures of the importer tests: a file builder, both file kinds, the sample's truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .files import FIXTURES, Builder


@pytest.fixture
def build(tmp_path: Path) -> Builder:
    """Return a builder writing into the test's temporary folder."""
    return Builder(tmp_path)


@pytest.fixture(params=["docx", "xlsx"])
def kind(request: pytest.FixtureRequest) -> str:
    """Run a test once with a Word file and once with an Excel file."""
    return str(request.param)


@pytest.fixture(scope="session")
def truth() -> dict[str, Any]:
    """Return the Bạch Long Vĩ appendix transcribed cell by cell."""
    data: dict[str, Any] = json.loads(
        (FIXTURES / "bach-long-vi-phu-luc.json").read_text(encoding="utf-8")
    )
    return data

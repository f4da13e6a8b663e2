"""Fixtures of the export tests (builders in samples.py)."""

from __future__ import annotations

import pytest

from carapp.domain.documents import Appendix, ProgressReport
from tests.export.samples import (
    giant_text,
    load_sample_appendix,
    nfd,
    sample_report_from,
    synthetic_appendix,
)


@pytest.fixture
def sample_appendix() -> Appendix:
    return load_sample_appendix()


@pytest.fixture
def long_appendix() -> Appendix:
    return synthetic_appendix()


@pytest.fixture
def sample_report() -> ProgressReport:
    return sample_report_from(load_sample_appendix())


@pytest.fixture
def long_report() -> ProgressReport:
    report = sample_report_from(synthetic_appendix())
    report.sections[0].rows[1].description = nfd(giant_text(40, "đoạn"))
    return report

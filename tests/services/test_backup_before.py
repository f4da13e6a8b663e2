"""Imports take an automatic backup first, which holds the database as it was before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from carapp.db.backup import list_backups
from carapp.domain.periods import parse_period
from carapp.services.importing import apply_appendix, preview_appendix
from carapp.services.importing_report import apply_report, preview_report
from carapp.services.plans import list_plans
from carapp.services.units import create_unit
from tests.services.test_importing import SAMPLES, _report_book

pytestmark = pytest.mark.sqlite_only("automatic backups are copies of the SQLite file")


def _plans(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count: int = conn.execute("SELECT COUNT(*) FROM plan").fetchone()[0]
    conn.close()
    return count


def test_appendix_import_backs_up_the_database_before_writing(engine, db_path: Path) -> None:
    create_unit(engine, "tester", "BLV", "Ủy ban nhân dân đặc khu Bạch Long Vĩ", "special_zone")
    preview = preview_appendix(engine, SAMPLES / "bach-long-vi-phu-luc.xlsx")
    assert list_backups(db_path) == []  # a preview writes nothing
    apply_appendix(engine, "tester", preview)
    [backup] = list_backups(db_path)
    assert backup.reason == "truoc-nhap"
    assert (_plans(backup.path), _plans(db_path)) == (0, 1)


def test_report_import_backs_up_the_database_before_writing(
    sample_engine, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bao-cao.xlsx"
    _report_book(path)
    preview = preview_report(sample_engine, path, list_plans(sample_engine)[0].id)
    assert apply_report(sample_engine, "tester", preview, parse_period("2026-Q1")) == 1
    [backup] = list_backups(db_path)
    with sqlite3.connect(backup.path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM progress_record").fetchone()[0] == 0
    conn.close()

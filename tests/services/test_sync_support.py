"""Helpers for the sync service tests (no tests here): a city and a unit database with keys.

`make_world` builds what two offices have after the setup the manual describes: the city ran
``pki init-city`` and ``pki issue-unit BLV``; the unit loaded its plan, set its mode and code,
and trusts the city's root and signing certificate. The test PKI is anchored at START so that
tests can pass a fixed `NOW` to every service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Engine

from carapp.db.migrate import open_database
from carapp.domain.periods import PeriodKind, ReportingPeriod
from carapp.services.progress import set_progress
from carapp.services.sample import load_sample
from carapp.services.sync.keys import CityKeys, init_city, issue_unit_key, load_key
from carapp.services.sync.setup import set_mode
from carapp.services.sync.trust import add_root, allow_certificate, read_certificate
from carapp.services.tasks import list_tasks
from carapp.sync.pki import Signer
from tests import databases

PASS = "mat-khau-thu-nghiem"
WHO = "tester"
VIETNAM = timezone(timedelta(hours=7))
START = datetime(2025, 12, 1, tzinfo=VIETNAM)
NOW = datetime(2026, 3, 16, 9, 30, tzinfo=VIETNAM)
Q1 = ReportingPeriod(2026, PeriodKind.Q1)
H1 = ReportingPeriod(2026, PeriodKind.H1)
CITY_NAME = "Sở Nội vụ thành phố Hải Phòng"
BLV_NAME = "Ủy ban nhân dân đặc khu Bạch Long Vĩ"


@dataclass
class World:
    """A city database and a unit (BLV) database, with their keys, under `root`."""

    root: Path
    city: Engine
    unit: Engine
    keys: CityKeys
    ca: Signer
    city_signer: Signer
    unit_signer: Signer

    @property
    def city_db(self) -> Path:
        """Return the city's database file."""
        return self.root / "city.sqlite3"

    @property
    def unit_db(self) -> Path:
        """Return the unit's database file."""
        return self.root / "unit.sqlite3"

    def folder(self, name: str) -> Path:
        """Return a new folder under the world's root."""
        path = self.root / name
        path.mkdir(parents=True, exist_ok=True)
        return path


def make_world(root: Path) -> World:
    """Set up the city and the unit as the manual describes (see the module doc)."""
    root.mkdir(parents=True, exist_ok=True)
    city = open_database(databases.new_database(root, "city"))
    keys = init_city(city, WHO, "HP", CITY_NAME, root / "city.p12", PASS, now=START)
    ca = load_key(keys.ca_key_file, PASS)
    issue_unit_key(
        city,
        WHO,
        ca,
        "BLV",
        BLV_NAME,
        root / "blv.p12",
        PASS,
        kind="special_zone",
        years=20,
        now=START,
    )
    unit = open_database(databases.new_database(root, "unit"))
    load_sample(unit, WHO)
    set_mode(unit, WHO, "unit", "BLV", root / "blv.p12")
    add_root(unit, WHO, read_certificate(keys.root_pem_file))
    allow_certificate(unit, WHO, "HP", read_certificate(keys.city_pem_file))
    return World(
        root,
        city,
        unit,
        keys,
        ca,
        load_key(keys.key_file, PASS),
        load_key(root / "blv.p12", PASS),
    )


def record_q1(unit: Engine) -> None:
    """Record Quý I progress on the first two tasks: one done, one in progress."""
    tasks = list_tasks(unit, period=Q1)
    set_progress(
        unit,
        WHO,
        tasks[0].id,
        Q1,
        status="done",
        description="Đã rà soát 12 văn bản",
        completed_on=datetime(2026, 3, 10).date(),
        evidence=[
            {"number": "25/BC-UBND", "issued_on": "10/03/2026", "title": "Báo cáo", "file": ""}
        ],
    )
    set_progress(unit, WHO, tasks[1].id, Q1, status="in_progress", percent=40)


def db_digest(engine: Engine) -> str:
    """Return a digest of the whole database once every connection is closed."""
    return databases.digest(engine)


def clone_database(source: Engine, target: Path) -> Engine:
    """Copy a database (every connection closed first) and open the copy.

    `target` names a file on SQLite; on PostgreSQL its folder and stem name the copy.
    """
    return open_database(databases.clone_database(source, target.parent, target.stem))

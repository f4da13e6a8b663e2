"""The demo database: the sample plan in a file of its own, never in the officer's database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from carapp.db.engine import default_path, sqlite_path
from carapp.db.migrate import open_database
from carapp.services.plans import list_plans
from carapp.services.sample import load_sample

DEMO_NAME = "carapp-mau.sqlite3"


def demo_path() -> Path:
    """Return the demo database's file, beside the default database in the user data dir."""
    return default_path().parent / DEMO_NAME


def open_demo_database(who: str) -> Engine:
    """Open the demo database, creating it with the Bạch Long Vĩ sample plan when absent."""
    engine = open_database(demo_path())
    if not list_plans(engine):
        load_sample(engine, who)
    return engine


def is_demo(engine: Engine) -> bool:
    """Tell whether an engine works on the demo database."""
    path = sqlite_path(str(engine.url))
    return path is not None and path.resolve() == demo_path().resolve()

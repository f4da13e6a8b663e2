"""Fixtures shared by every test: a fresh database per test, the sample plan, Qt offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from carapp.db.migrate import open_database  # noqa: E402
from carapp.services.sample import load_sample  # noqa: E402
from tests import databases, token_support  # noqa: E402
from tests.token_support import SoftToken  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=databases.ENGINES,
        default="sqlite",
        help=f"database engine of the run; postgresql needs {databases.PG_ENV} (see README)",
    )


def pytest_configure(config: pytest.Config) -> None:
    databases.start(config.getoption("--engine"))


def pytest_unconfigure(config: pytest.Config) -> None:
    databases.finish()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not databases.on_postgresql():
        for item in items:
            if item.get_closest_marker("postgresql_only") is not None:
                item.add_marker(pytest.mark.skip(reason="needs the PostgreSQL pass (--engine)"))
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "about SQLite files"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep tests away from the user's database and settings (and out of the test's folder).

    On the PostgreSQL pass CARAPP_DB is a fresh database, dropped with the test's others.
    """
    made = databases.created_count()
    monkeypatch.setenv("CARAPP_DB", databases.new_database(tmp_path, "default"))
    home = tmp_path.parent / f"{tmp_path.name}-xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    yield
    databases.drop_created(made)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return the path of a SQLite database file for this test (tests about files)."""
    if databases.on_postgresql():
        pytest.fail("db_path is a SQLite file: use db_url, or mark the test sqlite_only")
    return tmp_path / "carapp.sqlite3"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """Return the location (--db value) of this test's database on the run's engine."""
    if databases.on_postgresql():
        return os.environ["CARAPP_DB"]
    return str(tmp_path / "carapp.sqlite3")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """Return an engine on a fresh, empty, migrated database."""
    eng = open_database(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sample_engine(engine: Engine) -> Engine:
    """Return an engine on a database holding the Bạch Long Vĩ sample plan."""
    load_sample(engine, "tester")
    return engine


@pytest.fixture(scope="session")
def soft_token(tmp_path_factory: pytest.TempPathFactory) -> SoftToken:
    """SoftHSM2 tokens for the whole session (the PKCS#11 module is loaded once per process)."""
    if not token_support.available():
        pytest.skip("softhsm2 is not installed (scripts/setup --test installs it)")
    return token_support.make_tokens(tmp_path_factory.mktemp("softhsm"))

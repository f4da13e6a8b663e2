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
from tests import token_support  # noqa: E402
from tests.token_support import SoftToken  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the user's database and settings (and out of the test's folder)."""
    monkeypatch.setenv("CARAPP_DB", str(tmp_path / "default.sqlite3"))
    home = tmp_path.parent / f"{tmp_path.name}-xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return the path of a database file for this test."""
    return tmp_path / "carapp.sqlite3"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    """Return an engine on a fresh, empty, migrated database."""
    eng = open_database(db_path)
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

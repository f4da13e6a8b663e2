"""Fixtures of the hostile-package tests (built once per test module)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.services.hostile_support import Attempt, Setup, make_attempt, make_setup


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """Return the module's world and packages."""
    return make_setup(tmp_path_factory)


@pytest.fixture
def attempt(setup: Setup, tmp_path: Path) -> Attempt:
    """Return a fresh copy of the city's database for one test."""
    return make_attempt(setup, tmp_path)

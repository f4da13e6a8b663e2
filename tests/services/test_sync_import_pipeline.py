"""Checking and writing overlap: the batch is ordered by its manifests before verification.

A chunk is written as soon as its packages are verified; a package whose manifest could not be
read cheaply is verified first and still takes its place by content; a package whose verified
manifest differs from the one read first is written after the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import carapp.services.sync.import_pipeline as import_pipeline
import carapp.services.sync.package_import as package_import
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.package_list import list_packages
from carapp.services.sync.package_skip import read_manifest
from carapp.services.sync.results import ImportResult
from tests.services.hostile_support import Attempt, Setup, folder_of, forged
from tests.services.test_sync_support import NOW
from tests.sync.support import read_members


@pytest.fixture
def one_per_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Write each package in its own chunk, so the order of the writes shows."""
    monkeypatch.setattr(import_pipeline, "CHUNK", 1)


def _import(setup: Setup, attempt: Attempt, folder: Path) -> list[ImportResult]:
    return import_packages(
        attempt.city, [folder], setup.world.city_signer, receipts_dir=attempt.receipts, now=NOW
    )


def _watch(monkeypatch: pytest.MonkeyPatch, attempt: Attempt) -> list[tuple[str, int]]:
    """Record, as each verified package comes back, its file name and the receipts so far."""
    seen: list[tuple[str, int]] = []
    original = package_import.verify_stream

    def watched(paths: list[Path], *args: Any, **kwargs: Any) -> Iterator[tuple[int, Any]]:
        for position, outcome in original(paths, *args, **kwargs):
            seen.append((paths[position].name, len(list(attempt.receipts.iterdir()))))
            yield position, outcome

    monkeypatch.setattr(package_import, "verify_stream", watched)
    return seen


@pytest.mark.usefixtures("one_per_chunk")
def test_packages_are_written_while_the_next_ones_are_checked(
    setup: Setup, attempt: Attempt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    third = forged(setup, tmp_path, dict(read_members(setup.good))["data.json"], sequence=3)
    seen = _watch(monkeypatch, attempt)
    folder = folder_of(tmp_path, c=third, a=setup.good, b=setup.second)
    results = _import(setup, attempt, folder)
    assert [(r.path.name, r.status, r.sequence) for r in results] == [
        ("a.zip", "accepted", 1),
        ("b.zip", "accepted", 2),
        ("c.zip", "accepted", 3),
    ]
    # Checked in the order they are applied; each written before the next one came back.
    assert seen == [("a.zip", 0), ("b.zip", 1), ("c.zip", 2)]


@pytest.mark.usefixtures("one_per_chunk")
def test_a_manifest_not_read_cheaply_is_checked_first_and_still_ordered_by_content(
    setup: Setup, attempt: Attempt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def blind_to_z(path: Path) -> bytes | None:
        return None if path.name == "z.zip" else read_manifest(path)

    monkeypatch.setattr(package_import, "read_manifest", blind_to_z)
    seen = _watch(monkeypatch, attempt)
    folder = folder_of(tmp_path, a=setup.second, z=setup.good)  # z.zip holds sequence 1
    results = _import(setup, attempt, folder)
    assert [(r.path.name, r.status, r.sequence) for r in results] == [
        ("a.zip", "accepted", 2),
        ("z.zip", "accepted", 1),
    ]
    assert seen == [("z.zip", 0), ("a.zip", 1)]  # z.zip checked first, written at once
    assert sorted(p.sequence for p in list_packages(attempt.city, "in")) == [1, 2]


@pytest.mark.usefixtures("one_per_chunk")
def test_a_package_whose_manifest_changed_is_written_after_the_others(
    setup: Setup, attempt: Attempt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """a.zip's manifest read cheaply says sequence 2 (as if replaced during the import)."""

    def stale(path: Path) -> bytes | None:
        return read_manifest(setup.second if path.name == "a.zip" else path)

    monkeypatch.setattr(package_import, "read_manifest", stale)
    folder = folder_of(tmp_path, a=setup.good, b=setup.second)
    results = _import(setup, attempt, folder)
    assert [(r.path.name, r.status, r.sequence) for r in results] == [
        ("a.zip", "rejected", 1),  # judged by its verified content, after sequence 2
        ("b.zip", "accepted", 2),
    ]
    assert sorted(p.sequence for p in list_packages(attempt.city, "in")) == [2]

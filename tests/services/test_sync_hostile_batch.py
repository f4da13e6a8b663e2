"""A batch never stops at one bad package, and decides between packages by content.

Each package of a folder gets its own verdict: one that crashes (in checking or in applying)
is refused as "lỗi không mong đợi" with nothing written for it, and the others go on. Two
different packages with the same unit and sequence: the newer one (by the manifest's
created_at, then its SHA-256) is taken whatever the file names, the other is a conflict.
"""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import carapp.services.sync.package_checks as package_checks
import carapp.services.sync.package_write as package_write
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.package_list import list_packages
from carapp.services.sync.results import ImportResult
from carapp.sync.manifest import Kind
from carapp.sync.package import build_package, encode_json
from tests.services.hostile_support import Attempt, Setup, folder_of, forged
from tests.services.test_sync_support import BLV_NAME, NOW, db_digest
from tests.sync.support import read_members


def _batch(
    setup: Setup, attempt: Attempt, folder: Path, log: Path | None = None
) -> list[ImportResult]:
    return import_packages(
        attempt.city,
        [folder],
        setup.world.city_signer,
        receipts_dir=attempt.receipts,
        now=NOW,
        rejection_log=log,
    )


def _received(attempt: Attempt) -> list[int]:
    return sorted(p.sequence for p in list_packages(attempt.city, "in"))


def test_a_package_that_crashed_the_import_no_longer_stops_the_batch(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    data = copy.deepcopy(setup.snapshot)
    data["tasks"][0]["revision"] = 2**63
    hostile = forged(setup, tmp_path, encode_json(data), sequence=1)
    results = _batch(setup, attempt, folder_of(tmp_path, a=hostile, b=setup.second))
    assert [(r.path.name, r.status) for r in results] == [
        ("a.zip", "rejected"),
        ("b.zip", "accepted"),
    ]
    assert "$.tasks[0].revision" in results[0].reason
    assert _received(attempt) == [2]


def test_an_unexpected_failure_in_checking_is_one_refusal(
    setup: Setup, attempt: Attempt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = package_checks.verify_package

    def fragile(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == "a.zip":
            raise RecursionError("maximum recursion depth exceeded")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(package_checks, "verify_package", fragile)
    log = tmp_path / "nhat-ky.jsonl"
    results = _batch(setup, attempt, folder_of(tmp_path, a=setup.good, b=setup.second), log)
    assert [r.status for r in results] == ["rejected", "accepted"]
    assert "lỗi không mong đợi khi kiểm tra gói" in results[0].reason.lower()
    assert "Recursion" not in results[0].reason and results[0].step_label == "Lỗi không mong đợi"
    line = json.loads(log.read_text(encoding="utf-8").splitlines()[0])
    assert line["file"].endswith("a.zip") and "RecursionError" in line["detail"]


def test_an_unexpected_failure_in_applying_writes_nothing_for_that_package(
    setup: Setup, attempt: Attempt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = package_write.apply_snapshot
    calls: list[int] = []

    def fragile(session: Any, data: Any, actor: str, source: Any = None, **kw: Any) -> Any:
        calls.append(1)
        stats = original(session, data, actor, source, **kw)
        if len(calls) == 1:  # after the rows were written: they must be rolled back
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return stats

    monkeypatch.setattr(package_write, "apply_snapshot", fragile)
    results = _batch(setup, attempt, folder_of(tmp_path, a=setup.good, b=setup.second))
    assert [(r.status, r.sequence) for r in results] == [("rejected", 1), ("accepted", 2)]
    assert results[0].step == "unexpected" and results[0].unit_code == "BLV"
    assert _received(attempt) == [2]
    assert [p.name for p in attempt.receipts.iterdir()] == ["BIEN-NHAN_BLV_2026-Q1_0002.zip"]


def _newer_same_sequence(setup: Setup, tmp_path: Path) -> Path:
    """Return a genuine BLV package numbered 1 like `good`, made an hour later, other content."""
    files = {
        n: b
        for n, b in read_members(setup.good)
        if n not in ("manifest.json", "manifest.p7s", "data.json")
    }
    data = copy.deepcopy(setup.snapshot)
    data["progress"][0]["description"] = "Đã rà soát 14 văn bản (số liệu cập nhật)"
    path = tmp_path / "lap-lai.zip"
    build_package(
        path,
        Kind.REPORT,
        "BLV",
        BLV_NAME,
        "2026-Q1",
        1,
        [p["id"] for p in data["plans"]],
        files,
        data,
        setup.world.unit_signer,
        created_at=NOW + timedelta(hours=1),
    )
    return path


@pytest.mark.parametrize(("older", "newer"), [("a", "b"), ("b", "a")])
def test_two_packages_with_one_sequence_are_decided_by_content_not_by_name(
    setup: Setup, attempt: Attempt, tmp_path: Path, older: str, newer: str
) -> None:
    newer_path = _newer_same_sequence(setup, tmp_path)
    folder = folder_of(tmp_path, **{older: setup.good, newer: newer_path})
    results = {r.path.stem: r for r in _batch(setup, attempt, folder)}
    assert results[newer].status == "accepted", results[newer].reason
    assert results[older].status == "rejected"
    assert "hai gói khác nhau cùng số thứ tự 1" in results[older].reason
    assert f"“{newer}.zip”" in results[older].reason
    assert _received(attempt) == [1]


def test_two_copies_of_one_package_are_one_import_and_one_replay(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    results = _batch(setup, attempt, folder_of(tmp_path, a=setup.good, b=setup.good))
    assert sorted(r.status for r in results) == ["accepted", "already_imported"]
    assert db_digest(attempt.city) != attempt.before[0]

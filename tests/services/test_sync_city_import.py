"""The city's import near its floor: package bodies instead of per-field audit of new rows, the
skip by hash before any cryptography, and the database refusing a second record of a sequence.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

import carapp.services.sync.package_checks as package_checks
import carapp.services.sync.package_write as package_write
from carapp.db.models import AuditEntry, PackageBody, PackageRecord, ProgressRecord, Task
from carapp.services.audit import task_history
from carapp.services.common import reading, transaction
from carapp.services.sync.package_bodies import package_data, verify_body
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.results import ACCEPTED
from carapp.sync.package import encode_json
from carapp.ui.history import shown_value
from tests.services.hostile_support import Attempt, Setup, forged
from tests.services.test_sync_support import NOW


def _import(setup: Setup, attempt: Attempt, *paths: Path) -> list[Any]:
    return import_packages(
        attempt.city, list(paths), setup.world.city_signer, receipts_dir=attempt.receipts, now=NOW
    )


def _audit(attempt: Attempt) -> list[AuditEntry]:
    with reading(attempt.city) as session:
        return list(session.exec(select(AuditEntry)).scalars())  # type: ignore[call-overload]


def test_created_rows_get_one_audit_entry_naming_the_kept_package_body(
    setup: Setup, attempt: Attempt
) -> None:
    [result] = _import(setup, attempt, setup.good)
    assert result.status == ACCEPTED
    created = [a for a in _audit(attempt) if a.action == "create" and a.who.startswith("BLV")]
    with reading(attempt.city) as session:
        tasks = session.exec(select(func.count()).select_from(Task)).one()[0]
    # One entry per created row (plan, sections, targets, tasks, records …), none per field.
    assert {a.field for a in created} == {"package"}
    assert len({a.entity_id for a in created}) == len(created) >= tasks
    assert {a.new for a in created} == {result.manifest_sha256}
    assert package_data(attempt.city, result.manifest_sha256) == setup.snapshot
    assert verify_body(attempt.city, result.manifest_sha256)
    assert package_data(attempt.city, "0" * 64) is None


def test_a_tampered_body_no_longer_verifies(setup: Setup, attempt: Attempt) -> None:
    [result] = _import(setup, attempt, setup.good)
    with transaction(attempt.city) as session:
        body = session.get(PackageBody, result.manifest_sha256)
        assert body is not None
        body.data_zlib = __import__("zlib").compress(b'{"tasks": []}')
        session.add(body)
    assert not verify_body(attempt.city, result.manifest_sha256)


def test_a_task_history_at_the_city_says_which_package_created_it(
    setup: Setup, attempt: Attempt
) -> None:
    [result] = _import(setup, attempt, setup.good)
    with reading(attempt.city) as session:
        record = session.exec(select(ProgressRecord)).scalars().first()  # type: ignore[call-overload]
        assert record is not None
    changes = task_history(attempt.city, record.task_id)
    made = [c for c in changes if c.action == "create"]
    assert {(c.entity, c.who) for c in made} == {
        ("task", "BLV (gói số 1)"),
        ("progress_record", "BLV (gói số 1)"),
    }
    assert [c.period for c in made if c.entity == "progress_record"] == [record.period]
    assert result.manifest_sha256 in shown_value("package", made[0].new)


def test_only_changed_fields_of_changed_rows_are_audited(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    _import(setup, attempt, setup.good)
    before = len(_from_packages(attempt))
    [second] = _import(setup, attempt, setup.second)  # same content, sequence 2
    assert second.status == ACCEPTED
    assert len(_from_packages(attempt)) == before  # nothing changed: no entry at all
    data = copy.deepcopy(setup.snapshot)
    task = data["tasks"][0]
    task.update(content="Nội dung đã sửa", revision=task["revision"] + 1)
    [third] = _import(setup, attempt, forged(setup, tmp_path, encode_json(data), sequence=3))
    assert third.status == ACCEPTED, third.reason
    new = _from_packages(attempt)[before:]
    assert [(a.action, a.entity_id, a.field, a.new) for a in new] == [
        ("update", task["id"], "content", "Nội dung đã sửa")
    ]


def _from_packages(attempt: Attempt) -> list[AuditEntry]:
    return [a for a in _audit(attempt) if a.who.startswith("BLV")]


def test_a_known_package_is_skipped_before_any_cryptography(
    setup: Setup, attempt: Attempt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(setup, attempt, setup.good)
    again_path = tmp_path / "ban-sao" / "lai-lan-nua.zip"
    again_path.parent.mkdir()
    shutil.copy(setup.good, again_path)

    def no_crypto(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("verified again")

    monkeypatch.setattr(package_checks, "verify_package", no_crypto)
    [again] = _import(setup, attempt, again_path.parent)
    assert again.status == "already_imported" and again.sequence == 1
    assert again.unit_code == "BLV" and "đã được nhận trước đó" in again.reason
    assert len(list(attempt.receipts.iterdir())) == 1


def test_a_damaged_zip_is_not_skipped_but_refused_by_the_full_check(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    _import(setup, attempt, setup.good)
    broken = tmp_path / "hong.zip"
    broken.write_bytes(setup.good.read_bytes()[:-200])
    [result] = _import(setup, attempt, broken)
    assert result.status == "rejected"


def test_the_database_refuses_a_second_record_of_one_sequence(
    setup: Setup, attempt: Attempt
) -> None:
    _import(setup, attempt, setup.good)
    with pytest.raises(IntegrityError), transaction(attempt.city) as session:
        session.add(PackageRecord(direction="in", kind="report", unit_code="BLV", sequence=1))


def test_the_loser_of_a_race_reads_again_and_says_already_imported(
    setup: Setup, attempt: Attempt, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another officer's import committed between our sequence check and our record."""
    _import(setup, attempt, setup.good)
    monkeypatch.setattr(package_write, "sequence_verdict", _blind_once())
    copied = attempt.receipts.parent / "chep" / setup.good.name
    copied.parent.mkdir()
    shutil.copy(setup.good, copied)
    monkeypatch.setattr(
        "carapp.services.sync.package_import.already_imported", lambda *_a, **_k: {}
    )
    [result] = _import(setup, attempt, copied)
    assert result.status == "already_imported", result.reason
    assert len(list(attempt.receipts.iterdir())) == 1  # no second receipt


def _blind_once() -> Any:
    original = package_write.sequence_verdict
    calls: list[int] = []

    def verdict(*args: Any) -> tuple[str, str]:
        calls.append(1)
        return (ACCEPTED, "") if len(calls) == 1 else original(*args)

    return verdict


def test_a_chunk_whose_commit_fails_writes_nothing_and_removes_its_receipts(
    setup: Setup, attempt: Attempt, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = package_write.transaction

    @contextmanager
    def failing_commit(engine: Any) -> Iterator[Any]:
        with real(engine) as session:
            yield session
            raise OSError("disk full")  # after every package of the chunk was written

    monkeypatch.setattr(package_write, "transaction", failing_commit)
    results = _import(setup, attempt, setup.good, setup.second)
    assert [(r.status, r.step) for r in results] == [("rejected", "unexpected")] * 2
    assert "OSError: disk full" in results[0].detail
    assert list(attempt.receipts.iterdir()) == []
    with reading(attempt.city) as session:
        assert session.exec(select(func.count()).select_from(PackageRecord)).one()[0] == 0

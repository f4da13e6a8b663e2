"""Hostile values in a package signed with the key the city pinned for the unit.

Each must be refused at the schema step with a Vietnamese message naming the field — never
accepted, never a traceback — and change neither database (issue 12, points 4 and 6).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carapp.sync.errors import Step
from carapp.sync.package import encode_json
from tests.services.hostile_support import Attempt, Setup, forged, raw_json, refused

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
Edit = Callable[[dict[str, Any]], object]


def _changed(setup: Setup, change: Edit, encode: Callable[[Any], bytes] = encode_json) -> bytes:
    data = copy.deepcopy(setup.snapshot)
    change(data)
    return encode(data)


def _set(key: str, index: int, field: str, value: object) -> Edit:
    return lambda d: d[key][index].update({field: value})


@pytest.mark.parametrize(("key", "field"), [("tasks", "content"), ("progress", "description")])
def test_a_nul_character_in_a_text_is_refused_on_either_engine(
    setup: Setup, attempt: Attempt, tmp_path: Path, key: str, field: str
) -> None:
    """SQLite stored it; a PostgreSQL city failed with an English driver message."""
    data = _changed(setup, _set(key, 0, field, "Rà soát\u0000văn bản"))
    result = refused(
        setup, attempt, forged(setup, tmp_path, data), Step.DATA.value, f"$.{key}[0].{field}"
    )
    assert "NUL" in result.reason


@pytest.mark.parametrize("digits", [ARABIC, FULL_WIDTH], ids=["arabic-indic", "full-width"])
def test_a_period_in_non_ascii_digits_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, digits: dict[int, str]
) -> None:
    period = "2026".translate(digits) + "-Q1"
    data = _changed(setup, lambda d: d.update(period=period))
    path = forged(setup, tmp_path, data, period=period)
    refused(setup, attempt, path, Step.MANIFEST.value, "$.period")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_set("progress", 0, "period", "2026".translate(ARABIC) + "-Q1"), "$.progress[0].period"),
        (_set("tasks", 0, "due_month_day", "03-31".translate(ARABIC)), "due_month_day"),
        (_set("tasks", 0, "due_month_day", "03-31".translate(FULL_WIDTH)), "due_month_day"),
        (_set("tasks", 0, "deadline_end", "2026-03-31".translate(FULL_WIDTH)), "deadline_end"),
        (
            _set("progress", 0, "updated_at", "2026-03-10T08:00:00+07:00".translate(ARABIC)),
            "updated_at",
        ),
        (_set("tasks", 0, "due_month_day", "02-30"), "due_month_day"),
    ],
)
def test_dates_in_non_ascii_digits_are_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, change: Edit, field: str
) -> None:
    path = forged(setup, tmp_path, _changed(setup, change))
    refused(setup, attempt, path, Step.DATA.value, field)


BIG = [2**63, 2**64, 2**31]


@pytest.mark.parametrize("value", BIG)
@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("tasks", "revision"),
        ("tasks", "position"),
        ("sections", "position"),
        ("progress", "revision"),
    ],
)
def test_huge_integers_are_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, key: str, field: str, value: int
) -> None:
    path = forged(setup, tmp_path, _changed(setup, _set(key, 0, field, value)))
    refused(setup, attempt, path, Step.DATA.value, f"$.{key}[0].{field}")


@pytest.mark.parametrize("value", BIG)
def test_a_huge_sequence_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, value: int
) -> None:
    path = forged(setup, tmp_path, encode_json(setup.snapshot), sequence=value)
    refused(setup, attempt, path, Step.MANIFEST.value, "$.sequence")


@pytest.mark.parametrize("literal", [b"10e400", b"-1e999", b"NaN", b"1e300", b"1" + b"0" * 5000])
def test_a_target_value_out_of_range_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, literal: bytes
) -> None:
    marker = 987654.25
    data = _changed(setup, _set("targets", 0, "value", marker)).replace(
        str(marker).encode(), literal
    )
    result = refused(setup, attempt, forged(setup, tmp_path, data), Step.DATA.value, "data.json")
    assert "$.targets[0].value" in result.reason or "JSON" in result.reason


@pytest.mark.parametrize(
    ("key", "field", "value"),
    [
        ("tasks", "created_at", "0001-01-01T00:00:00+07:00"),
        ("tasks", "updated_at", "9999-12-31T23:59:59-07:00"),
        ("progress", "updated_at", "0001-01-01T00:00:00Z"),
        ("progress", "completed_on", "0001-01-01"),
        ("progress", "completed_on", "9999-12-31"),
        ("tasks", "deadline_start", "1899-12-31"),
        ("plans", "issued_on", "2201-01-01"),
    ],
)
def test_times_and_dates_outside_1900_2200_are_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, key: str, field: str, value: str
) -> None:
    path = forged(setup, tmp_path, _changed(setup, _set(key, 0, field, value)))
    refused(setup, attempt, path, Step.DATA.value, f"$.{key}[0].{field}")


def test_a_manifest_created_in_year_one_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    from datetime import datetime, timedelta, timezone

    year_one = datetime(1, 1, 1, 3, tzinfo=timezone(timedelta(hours=7)))
    path = forged(setup, tmp_path, encode_json(setup.snapshot), created_at=year_one)
    refused(setup, attempt, path, Step.MANIFEST.value, "$.created_at")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_set("progress", 0, "period", "2031-Q1"), "$.progress[0].period"),
        (_set("progress", 0, "period", "2025"), "$.progress[0].period"),
        (lambda d: d.update(period="2031-Q1"), "$.period"),
    ],
)
def test_periods_outside_the_plans_years_are_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, change: Edit, field: str
) -> None:
    data = _changed(setup, change)
    period = "2031-Q1" if field == "$.period" else "2026-Q1"
    path = forged(setup, tmp_path, data, period=period)
    refused(setup, attempt, path, Step.DATA.value, field)


@pytest.mark.parametrize(("key", "field"), [("tasks", "content"), ("progress", "description")])
def test_a_lone_surrogate_in_a_text_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path, key: str, field: str
) -> None:
    data = _changed(setup, _set(key, 0, field, "Rà soát \ud800 văn bản"), encode=raw_json)
    assert b"\\ud800" in data
    refused(setup, attempt, forged(setup, tmp_path, data), Step.DATA.value, f"$.{key}[0].{field}")


@pytest.mark.parametrize("digits", [ARABIC, FULL_WIDTH], ids=["arabic-indic", "full-width"])
def test_no_file_name_is_built_from_non_ascii_digits(digits: dict[int, str]) -> None:
    from carapp.services.sync.receipts import receipt_file_name
    from carapp.sync.validate import SchemaError

    with pytest.raises(SchemaError):
        receipt_file_name("BLV", "2026".translate(digits) + "-Q3", 1)


def test_a_lone_surrogate_in_a_key_is_refused_and_logged(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    import json

    from carapp.services.sync.package_import import import_packages
    from tests.services.hostile_support import assert_untouched, assert_vietnamese
    from tests.services.test_sync_support import NOW

    data = _changed(setup, lambda d: d["tasks"][0].update({"x\ud800": 1}), encode=raw_json)
    log = tmp_path / "nhat-ky.jsonl"
    [result] = import_packages(
        attempt.city,
        [forged(setup, tmp_path, data)],
        setup.world.city_signer,
        receipts_dir=attempt.receipts,
        now=NOW,
        rejection_log=log,
    )
    assert result.step == Step.DATA.value and "không được phép" in result.reason
    assert_vietnamese(result.reason)
    assert json.loads(log.read_text(encoding="utf-8"))["reason"] == result.reason
    assert_untouched(setup, attempt)

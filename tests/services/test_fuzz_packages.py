"""Fuzz the package verifier: a mutated genuine package gets a Vietnamese verdict, nothing else.

Three kinds of mutation of BLV's genuine package: its zip bytes (flips, overwrites, cuts,
insertions), a value anywhere in data.json and a value anywhere in manifest.json — those two
signed again with the key the city pinned for BLV, the hardest case. Each must be rejected at
a named step with a reason in Vietnamese (or, when the mutation left every member as it was,
or changed data.json into other valid data, found valid); never an unexpected exception, and
the city's database never changes. Longer runs: tools/fuzz.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carapp.services.sync.batch import UNEXPECTED_STEP
from carapp.services.sync.package_checks import verify_files
from carapp.services.sync.results import REJECTED, VALID, ImportResult
from carapp.sync.cms import sign_detached
from tests.reliability.fuzzing import FUZZ
from tests.services.hostile_support import Setup, assert_vietnamese
from tests.services.test_sync_support import NOW, db_digest
from tests.sync.support import read_members, write_zip

pytestmark = pytest.mark.fuzz

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(["2026-Q1", "٢٠٢٦-Q1", "0001-01-01T00:00:00+00:00", "\ud800", "BLV"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def city_digest(setup: Setup) -> str:
    return db_digest(setup.world.city)


def verdict(setup: Setup, path: Path) -> ImportResult:
    [result] = verify_files(setup.world.city, [path], now=NOW)
    assert result.step != UNEXPECTED_STEP, result.detail
    if result.status == REJECTED:  # the values it quotes come from the package: anything
        assert_vietnamese(re.sub("“[^”]*”", "“”", result.reason))
    return result


@FUZZ
@given(data=st.data())
def test_mutated_zip_bytes(setup: Setup, city_digest: str, tmp_path: Path, data: Any) -> None:
    good = bytearray(setup.good.read_bytes())
    raw = bytearray(good)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, max(len(raw) - 1, 0)))
        action = data.draw(st.sampled_from(["flip", "set", "cut", "insert", "truncate"]))
        if action == "flip" and raw:
            raw[at] ^= 1 << data.draw(st.integers(0, 7))
        elif action == "set" and raw:
            raw[at] = data.draw(st.sampled_from([0, 0xFF, 0x7F, ord("/"), ord(".")]))
        elif action == "cut":
            del raw[at : at + data.draw(st.integers(1, 64))]
        elif action == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=64))
        else:
            del raw[at:]
    path = tmp_path / f"{hashlib.sha256(raw).hexdigest()[:12]}.zip"
    path.write_bytes(bytes(raw))
    result = verdict(setup, path)
    if result.status != REJECTED:
        assert result.status == VALID and read_members(path) == read_members(setup.good)
    assert db_digest(setup.world.city) == city_digest


def _mutate(doc: Any, data: Any) -> Any:
    """Replace one value somewhere in a JSON document (or delete a key) with a random one."""
    if isinstance(doc, dict) and doc and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(doc)))
        if data.draw(st.integers(0, 5)) == 0:
            return {k: v for k, v in doc.items() if k != key}
        return {**doc, key: _mutate(doc[key], data)}
    if isinstance(doc, list) and doc and data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(doc) - 1))
        return [*doc[:index], _mutate(doc[index], data), *doc[index + 1 :]]
    return data.draw(json_values)


def _signed(setup: Setup, manifest: dict[str, Any], members: dict[str, bytes], path: Path) -> Path:
    raw = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8", "surrogatepass"
    )
    members = {
        **members,
        "manifest.json": raw,
        "manifest.p7s": sign_detached(raw, setup.world.unit_signer),
    }
    return write_zip(path, members.items())


@FUZZ
@given(data=st.data(), which=st.sampled_from(["data.json", "manifest.json"]))
def test_mutated_values_signed_with_the_pinned_key(
    setup: Setup, city_digest: str, tmp_path: Path, data: Any, which: str
) -> None:
    members = dict(read_members(setup.good))
    manifest = json.loads(members["manifest.json"])
    if which == "data.json":
        changed = _mutate(json.loads(members["data.json"]), data)
        body = json.dumps(changed, ensure_ascii=False).encode("utf-8", "surrogatepass")
        members["data.json"] = body
        for entry in manifest["files"]:
            if entry["name"] == "data.json":
                entry.update(size=len(body), sha256=hashlib.sha256(body).hexdigest())
    else:
        manifest = _mutate(manifest, data)
    path = _signed(setup, manifest, members, tmp_path / "dot-bien.zip")
    verdict(setup, path)  # valid is possible (a description changed): only no surprise
    assert db_digest(setup.world.city) == city_digest

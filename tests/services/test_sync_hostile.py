"""Hostile packages against the city's import: each refused for the right reason, and then the
city's and the unit's database files are byte-for-byte what they were (no receipt either).

Also: a replayed package ("already imported") and the sequence rule leave both databases
untouched, and a snapshot reaching into another unit's data is refused whole.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carapp.services.sync.package_import import import_packages
from carapp.sync.cms import sign_detached
from carapp.sync.errors import Step
from carapp.sync.manifest import FileEntry, Kind, Manifest
from carapp.sync.package import build_package, encode_json
from carapp.sync.pki import Signer
from tests.services.hostile_support import (
    Attempt,
    Setup,
    assert_untouched,
    import_one,
    refused,
    rezip,
)
from tests.services.test_sync_support import (
    BLV_NAME,
    NOW,
    WHO,
    db_digest,
)
from tests.sync.support import read_members, write_zip

MiB = 1024 * 1024


_import = import_one
_assert_untouched = assert_untouched
_refused = refused
_rezip = rezip


def test_the_good_package_is_accepted(setup: Setup, attempt: Attempt) -> None:
    result = _import(setup, attempt, setup.good)
    assert result.status == "accepted", result.reason
    assert db_digest(attempt.city) != attempt.before[0]


MEMBERS = [
    ("manifest.json", Step.SIGNATURE),
    ("manifest.p7s", Step.SIGNATURE),
    ("data.json", Step.FILES),
    ("bao-cao.pdf", Step.FILES),
    ("bao-cao.xlsx", Step.FILES),
    ("phu-luc.pdf", Step.FILES),
    ("phu-luc.xlsx", Step.FILES),
]


@pytest.mark.parametrize(("name", "step"), MEMBERS)
def test_flipped_byte_in_each_member(
    setup: Setup, attempt: Attempt, tmp_path: Path, name: str, step: Step
) -> None:
    def flip(members: dict[str, bytes]) -> dict[str, bytes]:
        content = bytearray(members[name])
        if name == "manifest.json":  # stays valid JSON: the app version's last digit changes
            offset = content.index(b'"app_version": "') + len(b'"app_version": "0.1.')
        elif name == "manifest.p7s":  # the last byte belongs to the signature value
            offset = len(content) - 1
        else:
            offset = len(content) // 2
        content[offset] ^= 0x01
        return {**members, name: bytes(content)}

    assert sorted(dict(read_members(setup.good))) == sorted(n for n, _ in MEMBERS)
    why = "" if step is Step.SIGNATURE else name
    _refused(setup, attempt, _rezip(setup, tmp_path, flip), step.value, why)


def test_extra_member(setup: Setup, attempt: Attempt, tmp_path: Path) -> None:
    path = _rezip(setup, tmp_path, lambda m: {**m, "ghi-chu.txt": b"x"})
    _refused(setup, attempt, path, Step.FILES.value, "ghi-chu.txt")


@pytest.mark.parametrize(
    ("name", "step"),
    [
        ("data.json", Step.FILES),
        ("phu-luc.pdf", Step.FILES),
        ("manifest.p7s", Step.FILES),
        ("manifest.json", Step.MANIFEST),
    ],
)
def test_missing_member(
    setup: Setup, attempt: Attempt, tmp_path: Path, name: str, step: Step
) -> None:
    path = _rezip(setup, tmp_path, lambda m: {k: v for k, v in m.items() if k != name})
    _refused(setup, attempt, path, step.value, name)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../data.json", "“..”"),
        ("/etc/passwd", "tuyệt đối"),
        ("C:/x.pdf", "tuyệt đối"),
        ("tai-lieu/../../x.pdf", "“..”"),
    ],
)
def test_unsafe_paths(setup: Setup, attempt: Attempt, tmp_path: Path, name: str, why: str) -> None:
    path = _rezip(setup, tmp_path, lambda m: {**m, name: b"x"})
    _refused(setup, attempt, path, Step.ZIP.value, why)


def test_zip_bomb(setup: Setup, attempt: Attempt, tmp_path: Path) -> None:
    path = tmp_path / "bom.zip"
    path.write_bytes(setup.good.read_bytes())
    info = zipfile.ZipInfo("bom.bin")
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "a") as archive, archive.open(info, "w") as out:
        block = bytes(MiB)
        for _ in range(200):
            out.write(block)
    assert path.stat().st_size < MiB
    _refused(setup, attempt, path, Step.LIMITS.value, "bom zip")


def _signed_by(setup: Setup, tmp_path: Path, signer: Signer) -> Path:
    """Return a well-formed BLV package signed by `signer` (bypassing the service's checks)."""
    path = tmp_path / "ky-boi.zip"
    build_package(
        path,
        Kind.REPORT,
        "BLV",
        BLV_NAME,
        "2026-Q1",
        99,
        [p["id"] for p in setup.snapshot["plans"]],
        {},
        setup.snapshot,
        signer,
        created_at=NOW,
    )
    return path


def test_signed_by_an_untrusted_certificate(setup: Setup, attempt: Attempt, tmp_path: Path) -> None:
    path = _signed_by(setup, tmp_path, setup.intruder)
    _refused(setup, attempt, path, Step.TRUST.value, "chứng thư gốc tin cậy")


def test_signed_by_another_units_certificate(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    path = _signed_by(setup, tmp_path, setup.chi)
    _refused(setup, attempt, path, Step.UNIT.value, "đơn vị BLV")


def test_signed_by_an_expired_certificate(setup: Setup, attempt: Attempt, tmp_path: Path) -> None:
    path = _signed_by(setup, tmp_path, setup.expired)
    _refused(setup, attempt, path, Step.CERTIFICATE.value, "hết hạn")


def _edited_manifest(change: Callable[[dict[str, Any]], object]) -> Callable[..., dict[str, bytes]]:
    def edit(members: dict[str, bytes]) -> dict[str, bytes]:
        doc = json.loads(members["manifest.json"])
        change(doc)
        return {**members, "manifest.json": json.dumps(doc).encode()}

    return edit


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        (lambda m: {**m, "manifest.json": b'{"format_version": 1,'}, "không phải JSON"),
        (_edited_manifest(lambda d: d.update(sequence="2")), "số nguyên"),
        (_edited_manifest(lambda d: d.update(kind="receipt")), "không phải gói báo cáo"),
        (_edited_manifest(lambda d: d.pop("unit_code")), "thiếu trường"),
        (_edited_manifest(lambda d: d.update(format_version=3)), "phiên bản"),
    ],
)
def test_malformed_manifest(
    setup: Setup, attempt: Attempt, tmp_path: Path, edit: Callable[..., dict[str, bytes]], why: str
) -> None:
    _refused(setup, attempt, _rezip(setup, tmp_path, edit), Step.MANIFEST.value, why)


def _forged(setup: Setup, tmp_path: Path, data: bytes, version: int = 2) -> Path:
    """Sign (with BLV's real key) a manifest over whatever data.json we like."""
    entry = FileEntry("data.json", len(data), hashlib.sha256(data).hexdigest())
    plans = tuple(p["id"] for p in setup.snapshot["plans"])
    manifest = Manifest(
        Kind.REPORT, "BLV", BLV_NAME, plans, "2026-Q1", 50, NOW, "0.1.0", (entry,), version
    )
    raw = manifest.to_bytes()
    signature = sign_detached(raw, setup.world.unit_signer)
    members = {"manifest.json": raw, "manifest.p7s": signature, "data.json": data}
    return write_zip(tmp_path / "gia.zip", members.items())


NOT_SENT = "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1dff"


def _outline_cycle(data: dict[str, Any]) -> None:
    first, second = data["tasks"][0], data["tasks"][1]
    first["outline_parent_id"], second["outline_parent_id"] = second["id"], first["id"]


def test_a_package_of_format_version_1_is_still_imported(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    def before_the_outline(data: dict[str, Any]) -> None:
        for task in data["tasks"]:
            for key in ("outline_parent_id", "marker", "is_heading"):
                del task[key]

    path = _forged(setup, tmp_path, _snapshot(setup, before_the_outline), version=1)

    result = _import(setup, attempt, path)

    assert result.status == "accepted", result.reason


def _snapshot(setup: Setup, change: Callable[[dict[str, Any]], object]) -> bytes:
    data = copy.deepcopy(setup.snapshot)
    change(data)
    return encode_json(data)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (lambda s: b"[1, 2", "không phải JSON"),
        (lambda s: _snapshot(s, lambda d: d["progress"][0].update(percent=101)), "khoảng"),
        (lambda s: _snapshot(s, lambda d: d["tasks"][0].update(secret=1)), "không được phép"),
        (lambda s: _snapshot(s, lambda d: d["tasks"][0].pop("origin")), "thiếu trường"),
        (lambda s: _snapshot(s, lambda d: d["targets"][0].update(comparator=">=")), "không hợp lệ"),
        (lambda s: _snapshot(s, lambda d: d["unit"].update(code="CHI")), "mã đơn vị"),
        (
            lambda s: _snapshot(s, lambda d: d["tasks"][0].update(plan_id=d["unit"]["id"])),
            "tham chiếu",
        ),
        (
            lambda s: _snapshot(s, lambda d: d["tasks"][1].update(outline_parent_id=NOT_SENT)),
            "tham chiếu",
        ),
        (lambda s: _snapshot(s, _outline_cycle), "vòng lặp"),
        (lambda s: _snapshot(s, lambda d: d["tasks"][0].pop("marker")), "thiếu trường"),
    ],
)
def test_data_not_matching_its_schema(
    setup: Setup, attempt: Attempt, tmp_path: Path, data: Callable[[Setup], bytes], why: str
) -> None:
    _refused(setup, attempt, _forged(setup, tmp_path, data(setup)), Step.DATA.value, why)


def test_signed_snapshot_reaching_into_another_units_data(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    # The city's own plan (created by a sample load at the city) must not be taken over by id.
    from carapp.services.plans import create_plan
    from carapp.services.units import unit_by_code

    hp = unit_by_code(attempt.city, "HP")
    plan = create_plan(
        attempt.city, WHO, hp.id, title="Kế hoạch của thành phố", start_year=2026, end_year=2026
    )
    attempt.before = (db_digest(attempt.city), attempt.before[1])

    def steal(d: dict[str, Any]) -> None:
        old = d["plans"][0]["id"]
        d["plans"][0]["id"] = plan.id
        for row in d["sections"] + d["tasks"]:
            if row["plan_id"] == old:
                row["plan_id"] = plan.id

    data = _snapshot(setup, steal)
    entry = FileEntry("data.json", len(data), hashlib.sha256(data).hexdigest())
    plans = tuple(p["id"] for p in json.loads(data)["plans"])
    manifest = Manifest(Kind.REPORT, "BLV", BLV_NAME, plans, "2026-Q1", 60, NOW, "0.1.0", (entry,))
    raw = manifest.to_bytes()
    members = {
        "manifest.json": raw,
        "manifest.p7s": sign_detached(raw, setup.world.unit_signer),
        "data.json": data,
    }
    path = write_zip(tmp_path / "chiem.zip", members.items())
    _refused(setup, attempt, path, Step.DATA.value, "không thuộc đơn vị gửi")


def test_a_snapshot_conflicting_with_kept_rows_is_refused_whole(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    _accepted(setup, attempt, setup.good)

    def clash(d: dict[str, Any]) -> None:
        record = d["progress"][0]
        twin = {**copy.deepcopy(record), "id": "0b7d3c1e-5a2f-4c8e-9d41-2f6a8b0c1dff"}
        record["period"] = "2026-H1"  # same revision: the city keeps its Quý I row …
        d["progress"].append(twin)  # … which this new row for Quý I collides with

    path = _forged(setup, tmp_path, _snapshot(setup, clash))
    result = _refused(setup, attempt, path, Step.DATA.value, "mâu thuẫn với dữ liệu đã có")
    assert "hai bản ghi tiến độ trùng nhau" in result.reason  # the rule, on either engine


# --- the sequence rule ------------------------------------------------------------------------


def _accepted(setup: Setup, attempt: Attempt, *paths: Path) -> None:
    for path in paths:
        assert _import(setup, attempt, path).status == "accepted"
    for receipt in attempt.receipts.iterdir():
        receipt.unlink()
    attempt.before = (db_digest(attempt.city), attempt.before[1])


def test_replayed_package_is_already_imported_and_changes_nothing(
    setup: Setup, attempt: Attempt
) -> None:
    _accepted(setup, attempt, setup.good)
    result = _import(setup, attempt, setup.good)
    assert result.status == "already_imported" and result.ok
    assert "đã được nhận trước đó" in result.reason
    _assert_untouched(setup, attempt)


def test_re_zipped_copy_of_an_imported_package_is_already_imported(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    _accepted(setup, attempt, setup.good)
    copy_ = _rezip(setup, tmp_path, lambda m: dict(reversed(list(m.items()))))
    assert _import(setup, attempt, copy_).status == "already_imported"
    _assert_untouched(setup, attempt)


def test_older_sequence_is_refused(setup: Setup, attempt: Attempt) -> None:
    _accepted(setup, attempt, setup.second)
    _refused(setup, attempt, setup.good, "sequence", "Gói cũ hơn / phát lại")


def test_same_sequence_with_other_content_is_refused(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    _accepted(setup, attempt, setup.good)
    other = tmp_path / "khac.zip"
    plan_ids = [p["id"] for p in setup.snapshot["plans"]]
    build_package(
        other,
        Kind.REPORT,
        "BLV",
        BLV_NAME,
        "2026-Q1",
        1,
        plan_ids,
        {"ghi-chu.txt": b"khac"},
        setup.snapshot,
        setup.world.unit_signer,
        created_at=NOW,
    )
    _refused(setup, attempt, other, "sequence", "đã nhận một gói số 1 khác")


def test_a_folder_is_imported_in_sequence_order(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    # Named so that the newer package sorts first: the import still applies 1 then 2.
    (folder / "a.zip").write_bytes(setup.second.read_bytes())
    (folder / "b.zip").write_bytes(setup.good.read_bytes())
    (folder / "c.zip").write_bytes(b"khong phai zip")
    seen: list[tuple[int, int]] = []
    results = import_packages(
        attempt.city,
        [folder],
        setup.world.city_signer,
        receipts_dir=attempt.receipts,
        now=NOW,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert [(r.path.name, r.status, r.sequence) for r in results] == [
        ("a.zip", "accepted", 2),
        ("b.zip", "accepted", 1),
        ("c.zip", "rejected", None),
    ]
    assert results[2].step == Step.ZIP.value
    assert seen[-1] == (6, 6) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert sorted(p.name for p in attempt.receipts.iterdir()) == [
        "BIEN-NHAN_BLV_2026-Q1_0001.zip",
        "BIEN-NHAN_BLV_2026-Q1_0002.zip",
    ]


def test_rejections_go_to_the_log_file_not_the_database(
    setup: Setup, attempt: Attempt, tmp_path: Path
) -> None:
    bad = tmp_path / "hong.zip"
    bad.write_bytes(setup.good.read_bytes()[:-100])
    log = tmp_path / "nhat-ky.jsonl"
    [result] = import_packages(
        attempt.city,
        [bad],
        setup.world.city_signer,
        receipts_dir=attempt.receipts,
        now=NOW,
        rejection_log=log,
    )
    assert result.status == "rejected"
    line = json.loads(io.StringIO(log.read_text(encoding="utf-8")).readline())
    assert line["file"] == str(bad) and line["step"] == "zip" and line["reason"]
    _assert_untouched(setup, attempt)

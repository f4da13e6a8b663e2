"""This database's role, its trust store, sequences and the city's keys on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from carapp.db.migrate import open_database
from carapp.db.models import AuditEntry, Setting
from carapp.services.common import NotFound, ServiceError, reading, transaction
from carapp.services.sample import load_sample
from carapp.services.sync.keys import check_signer, init_city, issue_unit_key, load_key
from carapp.services.sync.setup import next_sequence, set_mode, sync_settings
from carapp.services.sync.trust import (
    add_root,
    allow_certificate,
    load_trust,
    read_certificate,
    revoke_certificate,
    trust_issuer_from,
    trust_view,
)
from carapp.services.units import unit_by_code
from carapp.sync.pki import (
    Signer,
    certificate_to_pem,
    create_root_ca,
    fingerprint,
    issue_unit_certificate,
    unit_code_of,
    write_pkcs12,
)
from tests import databases
from tests.services.test_sync_support import CITY_NAME, PASS, START, WHO


def test_defaults_and_mode(sample_engine: Engine, tmp_path: Path) -> None:
    settings = sync_settings(sample_engine)
    assert (settings.mode, settings.own_unit_code, settings.is_city) == ("unit", "", False)
    settings = set_mode(sample_engine, WHO, "unit", "BLV", tmp_path / "blv.p12")
    assert settings.own_unit_name == "Ủy ban nhân dân đặc khu Bạch Long Vĩ"
    assert settings.key_file == str(tmp_path / "blv.p12")
    with pytest.raises(ServiceError, match="Chế độ không hợp lệ"):
        set_mode(sample_engine, WHO, "province")
    with pytest.raises(NotFound, match="XYZ"):
        set_mode(sample_engine, WHO, "unit", "XYZ")
    with reading(sample_engine) as session:
        logged = session.exec(
            select(AuditEntry.new).where(
                AuditEntry.entity == "setting", AuditEntry.entity_id == "mode"
            )
        ).all()
    assert logged == ["unit"]


def test_init_city_writes_keys_and_sets_everything(engine: Engine, tmp_path: Path) -> None:
    keys = init_city(engine, WHO, "HP", CITY_NAME, tmp_path / "city.p12", PASS, now=START)
    for path in (keys.key_file, keys.ca_key_file, keys.root_pem_file, keys.city_pem_file):
        assert path.exists()
    assert keys.ca_key_file.name == "city-ca.p12" and keys.root_pem_file.name == "city-goc.pem"
    settings = sync_settings(engine)
    assert (settings.mode, settings.own_unit_code, settings.root_fingerprint) == (
        "city",
        "HP",
        keys.root_fingerprint,
    )
    assert settings.key_file == str(keys.key_file)
    city = load_key(keys.key_file, PASS)
    assert unit_code_of(city.certificate) == "HP"
    trust = load_trust(engine)
    assert trust.is_allowed("HP", keys.city_fingerprint)
    assert unit_by_code(engine, "HP").kind == "city"
    with reading(engine) as session:
        values = " ".join(s.value for s in session.exec(select(Setting)).all())
    assert PASS not in values  # the passphrase is never stored
    with pytest.raises(ServiceError, match="đã có chứng thư gốc"):
        init_city(engine, WHO, "HP", CITY_NAME, tmp_path / "again.p12", PASS)
    assert not (tmp_path / "again.p12").exists()


def test_init_city_refuses_bad_input(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="ít nhất 8"):
        init_city(engine, WHO, "HP", CITY_NAME, tmp_path / "c.p12", "ngan")
    with pytest.raises(ServiceError, match="Mã đơn vị"):
        init_city(engine, WHO, "hp", CITY_NAME, tmp_path / "c.p12", PASS)
    assert list(tmp_path.glob("c.p12")) + list(tmp_path.glob("c-*")) == []


def test_issue_unit_key(engine: Engine, tmp_path: Path) -> None:
    keys = init_city(engine, WHO, "HP", CITY_NAME, tmp_path / "city.p12", PASS, now=START)
    ca = load_key(keys.ca_key_file, PASS)
    issued = issue_unit_key(
        engine,
        WHO,
        ca,
        "BLV",
        "Ủy ban nhân dân đặc khu Bạch Long Vĩ",
        tmp_path / "blv.p12",
        "mat-khau-don-vi",
        kind="special_zone",
    )
    assert "OU=CCHC:BLV" in issued.subject
    blv = load_key(issued.path, "mat-khau-don-vi")
    assert blv.fingerprint == issued.fingerprint and unit_code_of(blv.certificate) == "BLV"
    assert load_trust(engine).is_allowed("BLV", issued.fingerprint)
    unit = unit_by_code(engine, "BLV")
    assert (unit.kind, unit.parent_id) == ("special_zone", unit_by_code(engine, "HP").id)
    stranger = create_root_ca("Giả mạo", "Giả mạo")
    with pytest.raises(ServiceError, match="không phải chứng thư gốc"):
        issue_unit_key(engine, WHO, stranger, "CHI", "Phường Chi Lăng", tmp_path / "chi.p12", PASS)
    with pytest.raises(ServiceError, match="tên đơn vị"):
        issue_unit_key(engine, WHO, ca, "CHI", "", tmp_path / "chi.p12", PASS)
    assert not (tmp_path / "chi.p12").exists()


def test_only_the_city_issues_keys(sample_engine: Engine, tmp_path: Path) -> None:
    ca = create_root_ca("Sở Nội vụ", "Sở Nội vụ")
    with pytest.raises(ServiceError, match="chế độ thành phố"):
        issue_unit_key(sample_engine, WHO, ca, "BLV", "BLV", tmp_path / "blv.p12", PASS)


def test_wrong_passphrase_and_missing_file(engine: Engine, tmp_path: Path) -> None:
    keys = init_city(engine, WHO, "HP", CITY_NAME, tmp_path / "city.p12", PASS)
    with pytest.raises(ServiceError, match="Sai mật khẩu"):
        load_key(keys.key_file, "sai-mat-khau")
    with pytest.raises(ServiceError, match="Không đọc được tệp khóa"):
        load_key(tmp_path / "absent.p12", PASS)


def test_signer_checks(engine: Engine, tmp_path: Path) -> None:
    keys = init_city(engine, WHO, "HP", CITY_NAME, tmp_path / "city.p12", PASS, now=START)
    city = load_key(keys.key_file, PASS)
    check_signer(city, "HP", START)
    with pytest.raises(ServiceError, match="không phải đơn vị BLV"):
        check_signer(city, "BLV", START)
    with pytest.raises(ServiceError, match="hết hạn"):
        check_signer(city, "HP", START.replace(year=2040))


def test_trust_store_edits(sample_engine: Engine, tmp_path: Path) -> None:
    root = create_root_ca(CITY_NAME, CITY_NAME)
    pem = tmp_path / "goc.pem"
    pem.write_text(certificate_to_pem(root.certificate))
    assert add_root(sample_engine, WHO, read_certificate(pem)) == root.fingerprint
    assert sync_settings(sample_engine).root_fingerprint == root.fingerprint
    from carapp.sync.pki import issue_unit_certificate

    city = issue_unit_certificate(root, "HP", CITY_NAME)
    with pytest.raises(ServiceError, match="không phải chứng thư gốc"):
        add_root(sample_engine, WHO, city.certificate)
    allow_certificate(sample_engine, WHO, "HP", city.certificate)
    view = trust_view(sample_engine)
    assert [r.fingerprint for r in view.roots] == [root.fingerprint]
    assert [(a.unit_code, a.fingerprint) for a in view.allowed] == [("HP", city.fingerprint)]
    assert not revoke_certificate(sample_engine, WHO, "HP", "ab" * 32)
    colons = ":".join(city.fingerprint[i : i + 2] for i in range(0, 64, 2)).upper()
    assert revoke_certificate(sample_engine, WHO, "HP", colons)
    assert trust_view(sample_engine).allowed == []
    with pytest.raises(ServiceError, match="không hợp lệ"):
        allow_certificate(sample_engine, WHO, "b l v", city.certificate)
    bad = tmp_path / "x.pem"
    bad.write_text("không phải chứng thư")
    with pytest.raises(ServiceError, match="không phải chứng thư số"):
        read_certificate(bad)


def test_sequences_increase_per_unit(engine: Engine) -> None:
    with transaction(engine) as session:
        numbers = [next_sequence(session, WHO, "BLV") for _ in range(3)]
        other = next_sequence(session, WHO, "CHI")
    assert numbers == [1, 2, 3] and other == 1
    with transaction(engine) as session:
        assert next_sequence(session, WHO, "BLV") == 4


def test_key_file_carries_the_city_and_only_its_own_root_is_trusted(
    engine: Engine, tmp_path: Path
) -> None:
    keys = init_city(engine, WHO, "HP", CITY_NAME, tmp_path / "city.p12", PASS, now=START)
    issue_unit_key(
        engine, WHO, load_key(keys.ca_key_file, PASS), "BLV", "BLV", tmp_path / "blv.p12", PASS
    )
    blv = load_key(tmp_path / "blv.p12", PASS)
    assert sorted(fingerprint(c) for c in blv.chain) == sorted(
        [keys.root_fingerprint, keys.city_fingerprint]
    )
    # The same unit certificate, but with a stranger's root (and a city cert it issued) packed in.
    stranger = create_root_ca("Giả mạo", "Giả mạo")
    fake_city = issue_unit_certificate(stranger, "HP", "Giả mạo")
    forged = Signer(blv.certificate, blv.private_key, (stranger.certificate, fake_city.certificate))
    write_pkcs12(tmp_path / "forged.p12", forged, PASS)
    unit = open_database(databases.new_database(tmp_path, "unit"))
    load_sample(unit, WHO)
    set_mode(unit, WHO, "unit", "BLV", tmp_path / "forged.p12")
    assert not trust_issuer_from(unit, WHO, load_key(tmp_path / "forged.p12", PASS))
    with reading(unit) as session:
        assert session.get(Setting, "sync.trust_store") is None
        assert session.get(Setting, "sync.root_pem") is None
    # A city database never takes trust from a key file.
    assert not trust_issuer_from(engine, WHO, blv)
    unit.dispose()

"""Fixtures for the sync tests: the PKI once per session, a package builder per test."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from carapp.sync.package import build_package
from carapp.sync.pades import sign_pdf
from carapp.sync.pki import Signer
from tests.sync.support import BLV_NAME, PLAN_ID, Build, Keys, make_keys, sample_report, small_pdf


@pytest.fixture(scope="session")
def keys() -> Keys:
    """Generate the city's PKI once per session."""
    return make_keys()


@pytest.fixture(scope="session")
def pdf_bytes() -> bytes:
    """Return a small PDF, made once."""
    return small_pdf()


@pytest.fixture
def report_data() -> dict[str, Any]:
    """Return a fresh copy of the sample report (tests may mutate it)."""
    return copy.deepcopy(sample_report())


_SIGNED: dict[str, bytes] = {}


def _signed(pdf: bytes, signer: Signer) -> bytes:
    """Return `pdf` PAdES-signed by `signer` (cached per certificate: signing takes time)."""
    if signer.fingerprint not in _SIGNED:
        _SIGNED[signer.fingerprint] = sign_pdf(pdf, signer, "Báo cáo", "Hải Phòng")
    return _SIGNED[signer.fingerprint]


@pytest.fixture
def build(tmp_path: Path, keys: Keys, pdf_bytes: bytes) -> Build:
    """Return a function that writes a BLV report package with overridable arguments."""

    def make(name: str = "pkg.zip", **overrides: Any) -> Path:
        args: dict[str, Any] = {
            "kind": "report",
            "unit_code": "BLV",
            "unit_name": BLV_NAME,
            "period_code": "2026-Q1",
            "sequence": 7,
            "plan_ids": [PLAN_ID],
            "files": {"bao-cao.pdf": pdf_bytes, "bao-cao.xlsx": b"PK\x03\x04 not a real xlsx"},
            "data": sample_report(),
            "signer": keys.blv,
        }
        args["files"].update(overrides.pop("extra_files", {}))
        args.update(overrides)
        if args["files"].get("bao-cao.pdf") is pdf_bytes:  # PDFs travel PAdES-signed
            args["files"]["bao-cao.pdf"] = _signed(pdf_bytes, args["signer"])
        path = tmp_path / name
        build_package(path, **args)
        return path

    return make

"""What one worker process does to verify one received package (see services.sync.verify_pool).

Light on purpose: a worker started by "spawn" imports only this module and carapp.sync.package
(no database, no Qt). It returns something picklable: the verified package without its file
contents (the PDFs are of no further use) and data.json compressed for the package body, or
the reason of a refusal.
"""

from __future__ import annotations

import gc
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from carapp.sync.errors import PackageRejected
from carapp.sync.manifest import DATA_NAME, Kind
from carapp.sync.package import VerifiedPackage, verify_package
from carapp.sync.payload_rows import LISTS, payload_rows
from carapp.sync.pki import TrustStore

_state: dict[str, object] = {}
_LIST_KEYS = {key for key, _ in LISTS}


@dataclass(frozen=True)
class Arrived:
    """A verified package, ready to apply: files dropped, data.json compressed (zlib).

    A report's rows come converted for the city's tables (`rows`, sync.payload_rows); its
    payload then keeps everything but those lists.
    """

    package: VerifiedPackage
    data_zlib: bytes
    rows: dict[str, list[dict[str, Any]]] | None = None


@dataclass(frozen=True)
class Failed:
    """A package refused at `step` (`detail` set when the failure was unexpected)."""

    step: str
    reason: str
    detail: str = ""


def arrived(package: VerifiedPackage) -> Arrived:
    """Return `package` without its file contents, data.json compressed."""
    body = zlib.compress(package.files.get(DATA_NAME, b""), 1)  # level 6: 3 × the time, 17 % less
    if package.manifest.kind is not Kind.REPORT:
        return Arrived(replace(package, files={}), body)
    rows = payload_rows(package.data)
    rest = {k: v for k, v in package.data.items() if k not in _LIST_KEYS}
    return Arrived(replace(package, files={}, data=rest), body, rows)


def start_worker(trust: TrustStore, kind: str | None, at: datetime) -> None:
    """Initialise a worker process with what every package is checked against.

    The cycle collector is left to `verify_each`: its automatic collections walked everything
    the worker imported, again and again (~5 % of checking a package).
    """
    _state.update(trust=trust, kind=kind, at=at)
    gc.freeze()
    gc.disable()


def verify_one(path: Path) -> Arrived | Failed:
    """Verify one package in a worker; every exception becomes a Failed."""
    kind = _state["kind"]
    try:
        package = verify_package(
            path,
            _state["trust"],  # type: ignore[arg-type]
            Kind(kind) if isinstance(kind, str) else None,
            _state["at"],  # type: ignore[arg-type]
        )
    except PackageRejected as error:
        return Failed(error.step.value, error.reason_vi)
    except Exception as exc:  # one package's surprise never stops the batch
        return Failed("", "", f"{type(exc).__name__}: {exc}"[:500])
    return arrived(package)


def verify_each(
    worker: Callable[[Path], Arrived | Failed], paths: Sequence[Path]
) -> list[Arrived | Failed]:
    """Verify a few packages in one call (one round trip to the worker instead of one each);
    then collect the cycles they left (young objects only: cheap)."""
    outcomes = [worker(path) for path in paths]
    if not gc.isenabled():
        gc.collect(1)
    return outcomes

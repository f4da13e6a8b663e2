"""Remove the temporary files an interrupted write left behind, at the next start.

Only names carapp itself makes are touched: `.<name>.<8 characters>.tmp` (`fileio.atomic_file`,
the database set-up and copies), the older `.<name>.tmp`, and SQLite's `-journal`/`-wal`/`-shm`
beside them; and only when older than a minute, so that a write in progress is never disturbed.
The folders written to recently are kept in a small JSON file in the user data folder.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from platformdirs import user_data_dir

TEMP_NAME = re.compile(r"^\..+\.(?:[a-z0-9_]{8}\.)?tmp(?:-journal|-wal|-shm)?$")
MIN_AGE_SECONDS = 60
RECENT_LIMIT = 20
_log = logging.getLogger(__name__)


def recent_file() -> Path:
    """Return the JSON file listing the folders carapp wrote to recently."""
    return Path(user_data_dir("carapp", appauthor=False)) / "recent-folders.json"


def recent_folders() -> list[Path]:
    """Return the folders written to recently, newest first."""
    try:
        data = json.loads(recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [Path(p) for p in data if isinstance(p, str)] if isinstance(data, list) else []


_remembered: set[tuple[Path, Path]] = (
    set()
)  # (list, folder) this process recorded already (a city import writes
# one receipt per package into the same folder: the list need not be read each time)


def remember_folder(folder: Path) -> None:
    """Add `folder` to the recent list (best effort: a failure only skips a later clean-up)."""
    folder = folder.resolve()
    store = recent_file()
    if (store, folder) in _remembered:
        return
    known = recent_folders()
    if known[:1] == [folder]:
        _remembered.add((store, folder))
        return
    folders = [folder, *[p for p in known if p != folder]][:RECENT_LIMIT]
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{store.name}.", suffix=".tmp", dir=store.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump([str(p) for p in folders], handle, ensure_ascii=False)
        os.replace(tmp, store)
        _remembered.add((store, folder))
    except OSError as exc:
        _log.warning("could not record %s: %s", folder, exc)


def remove_orphans(folder: Path, *, now: float | None = None) -> list[Path]:
    """Delete carapp's temporary files older than a minute in `folder`; return those deleted."""
    limit = (time.time() if now is None else now) - MIN_AGE_SECONDS
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not TEMP_NAME.match(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < limit:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def clean_folders(folders: Iterable[Path]) -> list[Path]:
    """Remove orphans in `folders` and in every recently written folder; return those deleted."""
    seen: set[Path] = set()
    removed = []
    for folder in [*folders, *recent_folders()]:
        key = folder.resolve()
        if key not in seen:
            seen.add(key)
            removed += remove_orphans(key)
    return removed

"""Locate the files of resources/ (fonts, sample plan, guide) wherever carapp runs.

The project keeps `resources/` at the top of the checkout. An installed wheel carries the same
files as the data package `carapp/_resources/` (pyproject's package-dir maps it), and the frozen
build puts them at the same place inside the bundle (carapp.spec), so one rule finds them: the
`_resources` folder beside this module, else the checkout's `resources/`.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resources_root() -> Path:
    """Return the folder holding fonts/, sample/ and guide/."""
    packaged = _HERE / "_resources"
    if packaged.is_dir():
        return packaged
    return _HERE.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of a file shipped in resources/ (fonts, sample plans, icons)."""
    return resources_root().joinpath(*parts)

"""pyproject.toml ships every package and declares every library carapp imports."""

from __future__ import annotations

import tomllib
from pathlib import Path

from carapp.resources import resource_path, resources_root
from tools.check_imports import undeclared

ROOT = Path(__file__).resolve().parents[2]


def _setuptools() -> dict[str, object]:
    doc = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(doc["tool"]["setuptools"])


def test_every_package_of_the_checkout_is_listed() -> None:
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "carapp").rglob("__init__.py")
    }
    listed = set(_setuptools()["packages"])  # type: ignore[arg-type]
    assert found | {"carapp._resources"} == listed


def test_resources_ship_inside_the_package() -> None:
    setuptools = _setuptools()
    assert setuptools["package-dir"] == {"carapp._resources": "resources"}
    globs = setuptools["package-data"]["carapp._resources"]  # type: ignore[index]
    folders = {p.parent for p in (ROOT / "resources").rglob("*") if p.is_file()}
    shipped = {f.relative_to(ROOT / "resources").as_posix() for f in folders}
    assert shipped == {g.rsplit("/", 1)[0] for g in globs}  # every folder with files, nested too


def test_the_checkout_finds_its_resources() -> None:
    assert resources_root() == ROOT / "resources"
    assert resource_path("fonts", "LiberationSerif-Regular.ttf").is_file()


def test_every_imported_library_is_declared() -> None:
    assert undeclared(ROOT) == {}

"""List the third-party libraries carapp imports that pyproject.toml does not declare.

Walks every import statement of carapp/ (ast, so lazy imports inside functions count too),
maps each top-level module to its distribution (importlib.metadata) and compares with
`[project] dependencies`. Prints what is missing and exits 1 if anything is.
Run: python tools/check_imports.py
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package: Path) -> set[str]:
    """Return the top-level names of every absolute import under `package`."""
    names: set[str] = set()
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_distributions(pyproject: Path) -> set[str]:
    """Return the normalised names of `[project] dependencies`."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return {
        _normalise(re.split(r"[<>=!~;\[ ]", dep, maxsplit=1)[0]) for dep in project["dependencies"]
    }


def undeclared(root: Path = ROOT) -> dict[str, list[str]]:
    """Return {module: [its distributions]} for imported modules no declared distribution gives."""
    stdlib = set(sys.stdlib_module_names)
    owners = packages_distributions()
    declared = declared_distributions(root / "pyproject.toml")
    missing: dict[str, list[str]] = {}
    for module in sorted(imported_modules(root / "carapp")):
        if module in stdlib or module in {"carapp", "__future__"}:
            continue
        dists = sorted({_normalise(d) for d in owners.get(module, [])}) or ["?"]
        if not declared.intersection(dists):
            missing[module] = dists
    return missing


def main() -> int:
    """Print the undeclared imports; exit 1 when there are some."""
    missing = undeclared()
    for module, dists in missing.items():
        print(f"{module}: imported by carapp, not declared (distribution: {', '.join(dists)})")
    if not missing:
        print("every imported library is declared in pyproject.toml")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

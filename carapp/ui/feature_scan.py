"""Spare every module PySide6's source scan: carapp uses none of PySide6's feature switches.

Once imported, PySide6 watches every import (for its `from __feature__ import …` switches): the
first time a module is imported, PySide6 reads that module's whole source through
`inspect.getsource` to see whether it mentions PySide6, and `linecache` keeps every line read.
On carapp's start that was SQLAlchemy's SQLite dialect, the standard library's modules named at
run time and carapp's own window modules: ~0.5 million characters (~2 MB) kept and time spent
reading them, for modules that use no feature switch.

`skip_loaded_modules` records every module loaded so far as "not using PySide6", and makes
PySide6 take every module imported later as not using it either, without reading it. A
module that does `from __feature__ import snake_case` would lose that switch: carapp has none
(tests/test_import_guard.py checks it).

`pyside_feature_dict` (module name -> feature set, -1 for "ignore") and `_mod_uses_pyside` are
PySide6's own; when a PySide6 release no longer has them, this does nothing.
"""

from __future__ import annotations

import sys
from types import ModuleType


def skip_loaded_modules() -> int:
    """Mark every module loaded now as one PySide6 need not read, and every later one too;
    return how many were marked now."""
    try:
        from PySide6.support import feature  # type: ignore[attr-defined]

        known: dict[str, int] = feature.pyside_feature_dict
    except (ImportError, AttributeError):
        return 0
    before = len(known)
    for name in list(sys.modules):
        known.setdefault(name, -1)
    if hasattr(feature, "_mod_uses_pyside"):
        feature._mod_uses_pyside = _uses_no_feature_switch
    return len(known) - before


def _uses_no_feature_switch(_module: ModuleType) -> bool:
    """Answer PySide6's question "does this module use PySide6?" without reading its source:
    no carapp module (nor any library it uses) switches a PySide6 feature on."""
    return False

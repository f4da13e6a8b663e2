"""Spare the modules already loaded from PySide6's source scan.

Once imported, PySide6 watches every import statement (for its `from __feature__ import …`
switches): the first time a module is named in one, PySide6 reads that module's whole source
through `inspect.getsource` to see whether it mentions PySide6, and `linecache` keeps every
line read. On carapp's start that is SQLAlchemy's, pydantic's and the standard library's
modules named at run time by the database layer: ~5 MB of source kept and ~20 ms spent, for
modules that cannot use a Qt feature switch. `skip_loaded_modules` records every module loaded
so far as "not using PySide6", so they are never read.

`pyside_feature_dict` is PySide6's own record (module name -> feature set, -1 for "ignore");
when a PySide6 release no longer has it, this does nothing.
"""

from __future__ import annotations

import sys


def skip_loaded_modules() -> int:
    """Mark every module loaded now as one PySide6 need not read; return how many were marked."""
    try:
        from PySide6.support import feature  # type: ignore[attr-defined]

        known: dict[str, int] = feature.pyside_feature_dict
    except (ImportError, AttributeError):
        return 0
    before = len(known)
    for name in list(sys.modules):
        known.setdefault(name, -1)
    return len(known) - before

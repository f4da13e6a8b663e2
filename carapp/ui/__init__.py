"""The PySide6 desktop interface.

The database layer is imported here, before PySide6 itself: once PySide6 is imported, it reads
the source of every module imported after it (see carapp.ui.feature_scan), which for SQLAlchemy,
pydantic and SQLModel cost ~0.15 s at each start and ~20 MB of source lines kept in `linecache`.
Then the modules loaded so far are marked as not using PySide6, and PySide6 is told to read no
module imported later (carapp's window modules, SQLAlchemy's SQLite dialect …) either.
"""

from carapp.db import migrate as _migrate  # noqa: F401
from carapp.services import plans as _plans  # noqa: F401
from carapp.services import progress as _progress  # noqa: F401
from carapp.services import sample as _sample  # noqa: F401
from carapp.services import tasks as _tasks  # noqa: F401
from carapp.ui.feature_scan import skip_loaded_modules

skip_loaded_modules()

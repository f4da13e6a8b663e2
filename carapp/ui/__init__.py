"""The PySide6 desktop interface.

The database layer is imported here, before PySide6 itself: once PySide6 is imported, it reads
the source of every module imported after it (shibokensupport's `__feature__` support checks
each for "PySide6"), which for SQLAlchemy, pydantic and SQLModel cost ~0.15 s at each start and
~20 MB of source lines kept in `linecache`. Nothing here imports Qt.
"""

from carapp.db import migrate as _migrate  # noqa: F401
from carapp.services import overview as _overview  # noqa: F401
from carapp.services import plans as _plans  # noqa: F401
from carapp.services import progress as _progress  # noqa: F401
from carapp.services import sample as _sample  # noqa: F401
from carapp.services import tasks as _tasks  # noqa: F401

"""This database's role (unit or city) and the unit it speaks for, without the signing libraries.

Every local edit asks the mode (`sync.ownership`), and the window asks it on start to know
whether to show the city tab; neither needs `cryptography` or pyHanko, which the key and trust
services import. The settings rows themselves live in `carapp.services.settings`.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from carapp.services.common import reading
from carapp.services.settings import get_setting

MODE_KEY = "mode"
OWN_UNIT_KEY = "own_unit_code"
MODES = {"unit": "đơn vị", "city": "thành phố"}


def mode_of(session: Session) -> str:
    """Return this database's mode (``unit`` unless set to ``city``)."""
    mode = get_setting(session, MODE_KEY, "unit")
    return mode if mode in MODES else "unit"


def own_code_of(session: Session) -> str:
    """Return the code of the unit this database speaks for ('' when not set)."""
    return get_setting(session, OWN_UNIT_KEY)


def is_city(engine: Engine) -> bool:
    """Tell whether this database runs in city mode."""
    with reading(engine) as session:
        return mode_of(session) == "city"

"""First start of a unit's database: set up the unit it speaks for, start its own empty plan."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import Engine
from sqlmodel import select

from carapp.db.models import Unit
from carapp.domain.areas import ReformArea
from carapp.domain.text import clean, fold
from carapp.services.common import ServiceError, reading
from carapp.services.sample import load_plan_data
from carapp.services.sync.mode import own_code_of
from carapp.services.units import check_code, create_unit, unit_by_code, update_unit

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
STANDARD_AREAS = [area for area in ReformArea if area is not ReformArea.OTHER]


@dataclass(frozen=True)
class UnitSetup:
    """What a unit prints on its documents: name, letterhead, place, signature block."""

    code: str
    name: str
    kind: str = "office"
    parent_body: str = ""
    letterhead: str = ""  # the issuing body as printed, one line per printed line
    place: str = ""
    abbreviation: str = ""
    sign_authority: str = ""
    sign_post: str = ""
    sign_name: str = ""


def own_unit_setup(engine: Engine) -> UnitSetup | None:
    """Return the set-up of the unit this database speaks for, None when none is set."""
    with reading(engine) as session:
        code = own_code_of(session)
        unit = session.exec(select(Unit).where(Unit.code == code)).first() if code else None
    if unit is None:
        return None
    return UnitSetup(**{field: getattr(unit, field) for field in asdict(_EMPTY)})


_EMPTY = UnitSetup("", "")


def set_up_own_unit(engine: Engine, who: str, setup: UnitSetup) -> Unit:
    """Create (or update) the unit this database speaks for and make it the own unit.

    One audited transaction (the units service's `own`): the unit with its letterhead and
    signature block, and the `own_unit_code` setting, so that reports go out in its name.
    """
    values = asdict(setup)
    if not setup.code.strip() or not clean(setup.name):
        raise ServiceError("Hãy nhập mã và tên đầy đủ của đơn vị.")
    code, name, kind = check_code(values.pop("code")), values.pop("name"), values.pop("kind")
    lines = [line for line in clean(values["letterhead"]).splitlines() if line]
    values["letterhead"] = "\n".join(lines)
    with reading(engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == code)).first()
    if unit is None:
        return create_unit(engine, who, code, name, kind, own=True, **values)
    update_unit(engine, who, unit.id, name=name, kind=kind, own=True, **values)
    return unit_by_code(engine, code)


def start_empty_plan(
    engine: Engine, who: str, owner_code: str, title: str, start_year: int, end_year: int
) -> str:
    """Create a plan with the standard sections I–VII and no task yet; return its id.

    The plan's header and signature block start as the owner's set-up prints them.
    """
    title = _plan_title(title)
    if not 1900 < start_year <= end_year < 2200:
        raise ServiceError(f"Giai đoạn kế hoạch không hợp lệ: {start_year} - {end_year}.")
    with reading(engine) as session:
        owner = session.exec(select(Unit).where(Unit.code == owner_code)).first()
    if owner is None:
        raise ServiceError(f"Không có đơn vị mã “{owner_code}”: hãy thiết lập đơn vị trước.")
    sections = [
        {"numeral": numeral, "title": area.label.upper(), "area": area.value}
        for numeral, area in zip(ROMAN, STANDARD_AREAS, strict=True)
    ]
    spec = {
        "owner": owner.code,
        "title": title,
        "start_year": start_year,
        "end_year": end_year,
        "issuer": " ".join(owner.letterhead.splitlines()) or owner.name.upper(),
        "parent_issuer": owner.parent_body,
        "place": owner.place,
        "sign_authority": owner.sign_authority,
        "sign_post": owner.sign_post,
        "sign_name": owner.sign_name,
        "sections": sections,
    }
    plan = load_plan_data(engine, who, {"plan": spec})
    if plan is None:
        raise ServiceError(f"Đơn vị đã có kế hoạch “{title}”: hãy đặt tên khác.")
    return plan.id


def _plan_title(title: str) -> str:
    """Return the title as printed after "Kế hoạch", without that word written twice."""
    text = clean(title)
    if fold(text).startswith("ke hoach "):
        text = text[len("kế hoạch ") :].strip()
    if not text:
        raise ServiceError("Hãy nhập tên kế hoạch.")
    return text[0].upper() + text[1:]


def default_plan_title(start_year: int, end_year: int) -> str:
    """Return the title offered for a unit's new five-year plan."""
    return f"Thực hiện cải cách hành chính nhà nước giai đoạn {start_year} - {end_year}"

"""Who owns a plan brought in from a file: the unit its letterhead names, this database's own
unit, or a new unit read from the letterhead for the officer to confirm; and which units of the
list the imported lead bodies are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from carapp.db.models import Unit
from carapp.domain.documents import DocumentHeader
from carapp.domain.text import clean, fold
from carapp.services.common import reading
from carapp.services.sync.mode import own_code_of

# Folded words that start a body's proper name, with the kind of unit they make.
_KIND_WORDS = (
    ("dac khu", "special_zone"),
    ("thanh pho", "city"),
    ("phuong", "ward"),
    ("xa", "commune"),
    ("so", "department"),
)
_BODY = re.compile(r"^(uy ban nhan dan|ubnd)\s+")
# Abbreviations printed in lead columns, read as the words they stand for.
_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tp": "thanh pho"}


@dataclass(frozen=True)
class NewUnit:
    """A unit to add with the imported plan (given on the command line or read from a file)."""

    code: str
    name: str
    kind: str = "office"
    parent_body: str = ""
    letterhead: str = ""
    place: str = ""

    @property
    def setup(self) -> dict[str, str]:
        """Return the set-up fields create_unit takes."""
        return {"parent_body": self.parent_body, "letterhead": self.letterhead, "place": self.place}


def unit_key(name: str) -> str:
    """Return the key two unit names are compared by: folded, abbreviations spelled out."""
    words = fold(name).replace(",", " ").split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def _proper_name(issuer: str) -> tuple[str, str, str]:
    """Return (name in sentence case with the place capitalised, kind, place words folded)."""
    printed = clean(issuer).split()
    folded = [fold(w) for w in printed]
    words = [w if fold(w) in _ABBREVIATIONS else w.lower() for w in printed]
    for index in range(len(words)):
        for phrase, kind in _KIND_WORDS:
            size = len(phrase.split())
            if " ".join(folded[index : index + size]) == phrase and index + size < len(words):
                place = [w[:1].upper() + w[1:] for w in words[index + size :]]
                name = " ".join([*words[: index + size], *place])
                return name[:1].upper() + name[1:], kind, " ".join(folded[index + size :])
    name = " ".join(words)
    return name[:1].upper() + name[1:], "office", ""


def unit_from_letterhead(header: DocumentHeader) -> NewUnit | None:
    """Return the issuing unit a file's letterhead names, with a code made of the initials of
    its place ("ỦY BAN NHÂN DÂN XÃ MAO ĐIỀN" → MD), or None when the file names none."""
    issuer = clean(header.issuer)
    if not issuer:
        return None
    name, kind, place = _proper_name(issuer)
    initials = "".join(w[0] for w in (place or fold(issuer)).split() if w[:1].isalnum()).upper()
    code = initials if len(initials) >= 2 else fold(issuer).replace(" ", "")[:8].upper()
    body = _BODY.match(fold(issuer))
    letterhead = issuer
    if body is not None and body.end() < len(issuer):
        letterhead = f"{issuer[: body.end()].strip()}\n{issuer[body.end() :].strip()}"
    return NewUnit(code, name, kind, clean(header.parent_issuer), letterhead, clean(header.place))


def _named(session: Session, proposal: NewUnit | None) -> Unit | None:
    """Return the unit whose name or letterhead is the one a file's letterhead prints."""
    if proposal is None:
        return None
    wanted = {unit_key(proposal.name), unit_key(proposal.letterhead)}
    for unit in session.exec(select(Unit)):
        if {unit_key(unit.name), unit_key(unit.letterhead)} & wanted - {""}:
            return unit
    return None


def known_owner(engine: Engine, header: DocumentHeader) -> Unit | None:
    """Return the unit that owns a plan read from a file, when the database already knows it:
    the unit the letterhead names, else this database's own unit, else its only local unit
    (special zone, commune or ward)."""
    with reading(engine) as session:
        named = _named(session, unit_from_letterhead(header))
        if named is not None:
            return named
        code = own_code_of(session)
        own = session.exec(select(Unit).where(Unit.code == code)).first() if code else None
        if own is not None:
            return own
        local = session.exec(
            select(Unit).where(col(Unit.kind).in_(("special_zone", "commune", "ward")))
        ).all()
        return local[0] if len(local) == 1 else None


def lead_matcher(session: Session) -> Callable[[str], str | None]:
    """Return a function giving the id of the unit a lead body's text names (same name once
    accents, case and the usual abbreviations are set aside), or None."""
    by_key: dict[str, str | None] = {}
    for unit in session.exec(select(Unit)):
        key = unit_key(unit.name)
        by_key[key] = None if key in by_key else unit.id  # two units, same name: no link
    return lambda text: by_key.get(unit_key(text)) if clean(text) else None

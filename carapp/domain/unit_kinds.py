"""Kinds of administrative units, their Vietnamese names, and reading a kind as a user types it."""

from __future__ import annotations

from carapp.domain.text import fold

# A unit's code as packages carry it ("BLV", "MD-VP"): capitals, digits and "-", 2–16 characters.
UNIT_CODE_PATTERN = r"[A-Z0-9][A-Z0-9-]{1,15}"

# Stored value -> the name an officer reads.
KINDS = {
    "city": "Thành phố",
    "special_zone": "Đặc khu",
    "commune": "Xã",
    "ward": "Phường",
    "department": "Sở / Phòng",
    "office": "Cơ quan, đơn vị",
}
# Other words officers use for a kind (folded, "-" read as a space).
_WORDS = {
    "city": ("thanh pho", "tp"),
    "special_zone": ("dac khu",),
    "commune": ("xa",),
    "ward": ("phuong",),
    "department": ("so", "phong", "so phong", "ban"),
    "office": ("co quan", "don vi", "co quan don vi", "van phong", "trung tam"),
}


def _key(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").replace("_", " ").replace(",", " ").split())


_LOOKUP = {
    **{_key(value): value for value in KINDS},
    **{_key(label): value for value, label in KINDS.items()},
    **{word: value for value, words in _WORDS.items() for word in words},
}


def parse_kind(text: str) -> str:
    """Return the stored kind for a kind written in Vietnamese ("đặc-khu", "Xã") or as stored."""
    kind = _LOOKUP.get(_key(text))
    if kind is None:
        names = ", ".join(f"“{label}”" for label in KINDS.values())
        raise ValueError(f"Loại đơn vị không hợp lệ: “{text}” (chọn một trong: {names}).")
    return kind


def kind_label(kind: str) -> str:
    """Return a stored kind's Vietnamese name (the stored value itself when unknown)."""
    return KINDS.get(kind, kind)

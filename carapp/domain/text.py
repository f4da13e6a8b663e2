"""Vietnamese text at the boundaries: NFC normalisation and an accent-folded search key."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# Any whitespace, line breaks included: a search key is one line.
_BLANKS = re.compile(r"[\s\u200b\ufeff]+")
# Control characters no document can hold (Excel refuses them, PDF draws boxes): C0 controls but
# tab and the line breaks, DEL, C1 controls, and lone surrogates (not text at all). Line breaks
# ("\n", "\r", "\v", "\f", "\x1c"–"\x1e", "\x85") are turned into "\n" by clean().
_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e]")
CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff]")


def nfc(text: str | None) -> str:
    """Return `text` in NFC (the form reportlab and SQLite need), control characters dropped."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", _BREAKS.sub("\n", CONTROLS.sub("", text)))


def control_count(text: str | None) -> int:
    """Return how many characters clean() and nfc() drop from `text` as control characters."""
    return len(CONTROLS.findall(text or ""))


def clean(text: str | None) -> str:
    """Return NFC text with stray spaces collapsed and trimmed on every line, blank ends removed."""
    # splitlines() also ends a line at a lone "\r" and at Word's manual line break ("\v").
    lines = [_SPACES.sub(" ", line).strip() for line in nfc(text).splitlines()]
    return "\n".join(lines).strip("\n")


@lru_cache(maxsize=4096)
def fold(text: str | None) -> str:
    """Return an accent- and case-folded key for search and matching ("Đồng" -> "dong").

    Cached: the same texts come back again and again (a city's assigned tasks carry the same
    content in every unit's package; a search folds the same names on every keystroke).
    """
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    others = {ch for ch in set(decomposed) if ch > "\x7f"}
    if all(unicodedata.combining(ch) for ch in others):  # Vietnamese: ASCII and marks only
        stripped = decomposed.encode("ascii", "ignore").decode("ascii") if others else decomposed
    else:
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _BLANKS.sub(" ", stripped.casefold()).strip()


def sort_key(text: str | None) -> tuple[str, str, str]:
    """Return a key that sorts Vietnamese text in dictionary order outside Qt.

    Letters first (a < ă < â < b … d < đ … o < ô < ơ … u < ư), then tones (none, huyền, hỏi,
    ngã, sắc, nặng), then case.
    """
    letters: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", nfc(text).casefold()):
        if ch in _TONES:
            tones[-1:] = [_TONES[ch]]
        elif unicodedata.combining(ch) and letters:
            letters[-1] += _SHAPES.get(ch, "")
        else:
            letters.append(_LETTERS.get(ch, ch))
            tones.append("0")
    return "".join(letters), "".join(tones), nfc(text)


# Tone marks in dictionary order. A shaped vowel or đ sorts after its base letter: "{", "|"
# and "}" come after "z", so a < ă < â, o < ô < ơ, d < đ.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_SHAPES = {"\u0306": "{", "\u0302": "|", "\u031b": "}"}
_LETTERS = {"đ": "d|"}


def prefixed(prefix: str, text: str) -> str:
    """Return "prefix text", unless the text already starts with the prefix's words (compared
    without accents or case): a plan titled "Kế hoạch cải cách …" is headed once, not twice."""
    head, body = clean(prefix), clean(text)
    if not head:
        return body
    if fold(body) == fold(head) or fold(body).startswith(fold(head) + " "):
        return body[:1].upper() + body[1:]
    return f"{head[:1].upper()}{head[1:].lower()} {body}".strip()

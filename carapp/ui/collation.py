"""Vietnamese order (QCollator, vi_VN) for thousands of texts without holding the GIL long.

Sorting with `cmp_to_key(collator.compare)` costs n·log n calls into C++, each one too short
to let another thread in: on 20,000 tasks the GUI thread painting the table waited for the GIL
again and again. Here an approximate key is computed over all texts at once at C speed
(str.translate of one joined string: letters to an ordered private alphabet, tones as a
second key, digit runs prefixed by their length), a plain `sorted` orders them, and the
collator then checks that order chunk by chunk: Timsort on a sorted chunk costs one comparison
per text, and a chunk out of place is merged back. The result is the collator's order whatever
the approximate key says; the key only decides how much checking costs.
"""

from __future__ import annotations

import bisect
import functools
import re
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable

from PySide6.QtCore import QCollator, QLocale, Qt

Compare = Callable[[str, str], int]
ApproximateKeys = Callable[[list[str]], list[str]]

CHUNK = 400  # texts checked at a time: well under a millisecond of GIL
PREFIX = 64  # characters the approximate key looks at; the collator orders the rest
_SEP = "\x00"

# The letters in the collator's primary order, and the tones (secondary) in its order.
_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_VOWELS = "aăâeêioôơuưy"
_TONES = "\u0300\u0309\u0303\u0301\u0323"  # huyền < hỏi < ngã < sắc < nặng
# Spaces and punctuation come before digits, and digits before letters; this is their order.
_PUNCTUATION = "\t\n\r \u00a0_-\u2013\u2014,;:!?.\u2026'\"\u201c\u201d\u00ab\u00bb()[]{}\u00a7@*/\\&#%`^\u00b0+<=>|~$"
_MARK, _DIGIT, _LETTER = 0xE000, 0xE100, 0xE200  # private-use code points of the key
_DIGITS = re.compile("([0-9]+)")
_LENGTHS = [chr(_MARK + min(n, 0xFF)) for n in range(0x100)]


def vietnamese_collator() -> QCollator:
    """Return a collator for Vietnamese dictionary order, numbers compared by value."""
    collator = QCollator(QLocale("vi_VN"))
    collator.setNumericMode(True)
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return collator


def _tables() -> tuple[dict[int, str], dict[int, str]]:
    """Build the primary (letter) and secondary (tone) translate tables."""
    primary: dict[int, str] = {}
    secondary: dict[int, str] = {}
    for char in _latin_letters():  # other Latin letters: their base letter, approximately
        base = unicodedata.normalize("NFD", char)[0].lower()
        if base in _LETTERS:
            primary[ord(char)] = chr(_LETTER + _LETTERS.index(base))
    for rank, letter in enumerate(_LETTERS):
        tones = _TONES if letter in _VOWELS else ""
        for tone, mark in enumerate(["", *tones]):
            toned = unicodedata.normalize("NFC", letter + mark)
            for char in {toned, toned.upper()}:
                primary[ord(char)] = chr(_LETTER + rank)
                secondary[ord(char)] = chr(1 + tone)
    for rank, char in enumerate(_PUNCTUATION):
        primary[ord(char)] = chr(1 + rank)
        secondary[ord(char)] = chr(1)
    for digit in range(10):
        primary[ord(str(digit))] = chr(_DIGIT + digit)
        secondary[ord(str(digit))] = chr(1)
    return primary, secondary


def _latin_letters() -> Iterable[str]:
    """Latin letters with diacritics that Vietnamese does not use (é, ö, ñ …)."""
    for block in (range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        yield from (chr(c) for c in block if unicodedata.category(chr(c)).startswith("L"))


_PRIMARY, _SECONDARY = _tables()


def _numbers(text: str) -> str:
    """Prefix each digit run with its length, leading zeros dropped: numbers compare by value."""
    parts = _DIGITS.split(text)
    runs = (run.lstrip("0") or "0" for run in parts[1::2])
    parts[1::2] = [_LENGTHS[min(len(run), 0xFF)] + run for run in runs]
    return "".join(parts)


def approximate_keys(texts: list[str]) -> list[str]:
    """Return a sort key per text that orders almost as the collator does, computed at C speed.

    Each key is the letters of the text's first PREFIX characters (tones dropped), then their
    tones, then the text itself, so that no two texts have the same key.
    """
    joined = _SEP.join(text[:PREFIX] for text in texts)
    if joined.count(_SEP) != len(texts) - 1:  # a text holds the separator: leave it out
        joined = _SEP.join(text[:PREFIX].replace(_SEP, "") for text in texts)
    if not unicodedata.is_normalized("NFC", joined):
        joined = unicodedata.normalize("NFC", joined)
    letters = _numbers(joined).translate(_PRIMARY).split(_SEP)
    tones = joined.translate(_SECONDARY).split(_SEP)
    return [f"{a}\x00{b}\x00{text}" for a, b, text in zip(letters, tones, texts, strict=True)]


def collated(
    texts: Collection[str],
    compare: Compare,
    keys: ApproximateKeys = approximate_keys,
    chunk: int = CHUNK,
) -> list[str]:
    """Return the texts in the order of `compare` (a collator's), exactly and in short holds.

    The texts are put in the order of their approximate keys, then each chunk is sorted by the
    collator (one comparison per text when the key was right) and checked against the chunks
    before it; one that belongs further up is merged in. Texts the collator finds equal keep
    the order of their keys, so the result is the same on every run.
    """
    values = list(texts)
    values = [value for _key, value in sorted(zip(keys(values), values, strict=True))]
    by = functools.cmp_to_key(compare)
    done: list[str] = []
    for start in range(0, len(values), chunk):
        part = sorted(values[start : start + chunk], key=by)
        if done and compare(done[-1], part[0]) > 0:  # the key misplaced a text: merge it in
            at = bisect.bisect_right(done, by(part[0]), key=by)
            part = sorted(done[at:] + part, key=by)  # two sorted runs: Timsort merges them
            del done[at:]
        done.extend(part)
        if start + chunk < len(values):
            time.sleep(0)  # let the GUI thread take the GIL
    return done

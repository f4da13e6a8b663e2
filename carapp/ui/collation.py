"""Vietnamese order (QCollator, vi_VN) for thousands of texts without holding the GIL long.

Sorting with `cmp_to_key(collator.compare)` costs n·log n calls into C++ that never let the GIL
go: ranking 20,000 tasks on a worker took 250 ms of CPU in holds of milliseconds, and the GUI
thread painting the table waited for the GIL again and again (stall of 70 ms and more). Here
an approximate key is computed at C speed (str.translate of many texts joined: letters to an
ordered ASCII alphabet, case and tones left out, digit runs prefixed by their length), the
texts are sorted by it, and the collator then checks that order chunk by chunk: Timsort on a
sorted chunk costs one comparison per text, and a chunk out of place is merged back. The
result is the collator's order whatever the key says; the key only decides what checking
costs. Every step is a C loop over a slice, and the GIL is let go between steps.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import TypeVar

from PySide6.QtCore import QCollator, QLocale, Qt

T = TypeVar("T")
Compare = Callable[[str, str], int]
ApproximateKeys = Callable[[list[str]], list[str]]

CHUNK = 400  # texts checked by the collator at a time: a fraction of a millisecond of GIL
BATCH = 256  # texts given keys at a time: under a millisecond
STEP = 2000  # items a C loop handles at a time (map, set.update): under a millisecond
PREFIX = 64  # characters the approximate key looks at; the collator orders the rest
_SEP = "\x00"

# The letters in the collator's order (tones only matter between texts equal without them).
_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_VOWELS = "aăâeêioôơuưy"
_TONES = "\u0300\u0309\u0303\u0301\u0323"
# Spaces and punctuation come before digits, and digits before letters; this is their order.
_PUNCTUATION = "\t\n\r \u00a0_-\u2013\u2014,;:!?.\u2026'\"\u201c\u201d\u00ab\u00bb()[]{}\u00a7@*/\\&#%`^\u00b0+<=>|~$"
# The key's alphabet is ASCII, so that str.translate takes its fast path on ASCII texts and
# sorting compares keys with memcmp: 0 separates texts, then come punctuation, digit-run
# lengths, digits, letters. A digit run's length is first written as one of the control
# characters that stored text never holds (carapp.domain.text.CONTROLS), then translated.
_LONGEST = 15  # longer digit runs are cut: the collator orders them
_MARKS = "".join(map(chr, [*range(0x01, 0x09), *range(0x0E, 0x1C)]))[: _LONGEST + 1]
_LENGTH = 1 + len(_PUNCTUATION)
_DIGIT = _LENGTH + len(_MARKS)
_LETTER = _DIGIT + 10
# A digit run without its leading zeros; the lookahead lets the regex engine skip to digits.
_DIGITS = re.compile(f"(?=[0-9])0*([0-9]{{1,{_LONGEST}}})")
_CUT = operator.itemgetter(slice(0, PREFIX))


def vietnamese_collator() -> QCollator:
    """Return a collator for Vietnamese dictionary order, numbers compared by value."""
    collator = QCollator(QLocale("vi_VN"))
    collator.setNumericMode(True)
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return collator


@functools.cache
def _table() -> dict[int, str]:
    """Map every character the key knows to its place in the key's alphabet (made when first
    needed: half a millisecond that the window's start need not pay)."""
    table: dict[int, str] = {}
    for char in _latin_letters():  # other Latin letters: their base letter, approximately
        base = unicodedata.normalize("NFD", char)[0].lower()
        if base in _LETTERS:
            table[ord(char)] = chr(_LETTER + _LETTERS.index(base))
    for rank, letter in enumerate(_LETTERS):
        for mark in ["", *(_TONES if letter in _VOWELS else "")]:
            toned = unicodedata.normalize("NFC", letter + mark)
            table[ord(toned)] = table[ord(toned.upper())] = chr(_LETTER + rank)
    for start, places in ((1, _PUNCTUATION), (_LENGTH, _MARKS), (_DIGIT, "0123456789")):
        table.update({ord(char): chr(start + rank) for rank, char in enumerate(places)})
    return table


def _latin_letters() -> Iterable[str]:
    """Latin letters with diacritics, Vietnamese or not (é, ö, ñ …)."""
    for block in (range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        yield from (chr(c) for c in block if unicodedata.category(chr(c)).startswith("L"))


def _numbers(text: str) -> str:
    """Write each digit run's length before it, leading zeros dropped: numbers by value."""
    parts = _DIGITS.split(text)
    runs = parts[1::2]
    spelt = [""] * (len(parts) + len(runs))
    spelt[0::3] = parts[0::2]
    spelt[1::3] = map(_MARKS.__getitem__, map(len, runs))
    spelt[2::3] = runs
    return "".join(spelt)


def approximate_keys(texts: list[str]) -> list[str]:
    """Return a sort key per text that orders almost as the collator does, made at C speed.

    A key is the text's first PREFIX characters in the key's alphabet: case and tones left
    out, numbers spelt so that they compare by value. All texts are joined and translated at
    once: per-text calls would cost more than the translation.
    """
    if not texts:
        return []
    joined = _SEP.join(map(_CUT, texts))
    if joined.count(_SEP) != len(texts) - 1:  # a text holds the separator: leave it out
        joined = _SEP.join(text.replace(_SEP, "")[:PREFIX] for text in texts)
    if not unicodedata.is_normalized("NFC", joined):
        joined = unicodedata.normalize("NFC", joined)
    return _numbers(joined).translate(_table()).split(_SEP)


def collated(
    texts: Collection[str],
    compare: Compare,
    keys: ApproximateKeys = approximate_keys,
    chunk: int = CHUNK,
) -> list[str]:
    """Return the texts in the order of `compare` (a collator's), exactly and in short holds.

    The texts are put in the order of their approximate keys (texts with the same key in code
    point order), then each chunk is sorted by the collator (one comparison per text when the
    keys were right) and checked against the chunks before it; one that belongs further up is
    merged in. Texts the collator finds equal keep that order: the result is the same on every
    run. No step holds the GIL for more than about a millisecond on 20,000 texts here.
    """
    values = _presorted(list(texts), keys)
    by = functools.cmp_to_key(compare)
    done: list[str] = []
    for start, part in sliced(values, chunk):
        part = sorted(part, key=by)
        if start and compare(done[-1], part[0]) > 0:  # the keys misplaced a text: merge it in
            at = bisect.bisect_right(done, by(part[0]), key=by)
            part = sorted(done[at:] + part, key=by)  # two sorted runs: Timsort merges them
            del done[at:]
        done.extend(part)
    return done


def sliced(items: Sequence[T], size: int = STEP) -> Iterator[tuple[int, Sequence[T]]]:
    """Yield (start, slice) of `items`, letting other threads take the GIL between slices.

    A C loop (sorted, map, set.update) never lets the GIL go: the slices keep it short.
    """
    for start in range(0, len(items), size):
        yield start, items[start : start + size]
        time.sleep(0)


def _presorted(values: list[str], keys: ApproximateKeys) -> list[str]:
    """Return the values in the order of their approximate keys, ties in code point order."""
    keyed: list[str] = []
    for _start, batch in sliced(values, BATCH):
        keyed += map(_SEP.join, zip(keys(list(batch)), batch, strict=True))  # key, then text
    order = _sorted_in_steps(len(values), keyed.__getitem__)
    found: list[str] = []
    for _start, part in sliced(order):
        found += map(values.__getitem__, part)
    return found


def _sorted_in_steps(count: int, key: Callable[[int], str]) -> list[int]:
    """Return range(count) sorted by `key`: short runs sorted, then merged two by two."""
    runs = [sorted(part, key=key) for _start, part in sliced(range(count), STEP // 2)]
    while len(runs) > 1:
        merged = []
        for _start, pair in sliced(runs, 2):  # two sorted runs: Timsort merges them
            merged.append(sorted([*pair[0], *pair[1]], key=key) if len(pair) == 2 else pair[0])
        runs = merged
    return runs[0] if runs else []

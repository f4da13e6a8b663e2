"""Vietnamese order at C speed: `collated` gives exactly the order of QCollator's compare."""

from __future__ import annotations

import functools
import itertools
import random
import unicodedata
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from carapp.services.plans import list_plans
from carapp.ui.collation import approximate_keys, collated, vietnamese_collator
from carapp.ui.loading import load_table
from carapp.ui.task_rows import TEXT_COLUMNS, Ranks, text_of
from tests.ui.support import H1_2026, TODAY

COLLATOR = vietnamese_collator()
COMPARE = COLLATOR.compare
BY_COLLATOR = functools.cmp_to_key(COMPARE)

VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


def assert_collator_order(found: Sequence[str], texts: Sequence[str]) -> None:
    """Check `found` against the collator sorting `texts` itself (cmp_to_key, as before).

    Texts the collator finds equal ("Đà" and "đà") may come either way round in that sort
    (it kept the order of a set), so places are compared by the collator, not by identity.
    """
    expected = sorted(texts, key=BY_COLLATOR)
    assert sorted(found) == sorted(texts)
    wrong = [(a, b) for a, b in zip(found, expected, strict=True) if COMPARE(a, b) != 0]
    assert not wrong, wrong[:5]


def tricky_texts() -> list[str]:
    """Strings that test a Vietnamese order: tones, letters with marks, numbers, punctuation."""
    syllables = [unicodedata.normalize("NFC", f"t{v}{t}") for v in VOWELS for t in TONES]
    syllables += [f"{v}{t}n" for v in "aăâ" for t in TONES[:3]]
    letters = ["d", "đ", "D", "Đ", "da", "đa", "dz", "đz", "e", "ê", "o", "ô", "ơ", "u", "ư"]
    numbers = ["2", "10", "010", "02", "1.2", "1.10", "1.02", "Mục 2", "Mục 10", "Mục 010"]
    marks = ["", " ", "-", ",", ".", "(a)", "a b", "a-b", "ab", "a, b", "“a”", "…", "a\tb"]
    mixed = ["Phòng Nội vụ", "PHÒNG NỘI VỤ", "phòng nội vụ", "Phong Noi Vu", "Quý II/2026"]
    mixed += ["CCHC", "cchc 2026", "Ban", "Bán", "Bàn", "Bản", "Bạn", "Bắn", "Bấn"]
    mixed += ["Hòa", "Hoà", "hoà bình", "Hoàng", "Thủ tục", "Thủ tục hành chính", "Thủ"]
    words = syllables + letters + numbers + marks + mixed
    rng = random.Random(15)
    pairs = [f"{a} {b}" for a, b in itertools.product(words[:40], repeat=2)][:800]
    pairs += [
        f"{rng.choice(words)}{rng.choice(['', ' ', '-'])}{rng.choice(words)}" for _ in range(800)
    ]
    decomposed = [unicodedata.normalize("NFD", w) for w in mixed]
    return list(dict.fromkeys(words + pairs + decomposed))


def test_collated_is_the_collators_order_on_tricky_texts() -> None:
    texts = tricky_texts()
    assert_collator_order(collated(texts, COMPARE), texts)
    assert_collator_order(collated(texts, COMPARE, chunk=7), texts)


def test_collated_is_the_collators_order_on_the_sample_plan(sample_engine: Engine) -> None:
    rows = load_table(sample_engine, list_plans(sample_engine)[0].id, H1_2026, TODAY).rows
    for column in TEXT_COLUMNS:
        texts = list({text_of(row.view, column) for row in rows})
        assert_collator_order(collated(texts, COMPARE), texts)


def test_the_collator_corrects_keys_that_are_wrong() -> None:
    """Exactness never depends on the approximate key: reversed, constant or random keys."""
    texts = tricky_texts()
    right = approximate_keys(texts)
    place = {key: f"{i:06d}" for i, key in enumerate(sorted(set(right), reverse=True))}
    rng = random.Random(7)
    wrong_keys = [
        lambda found: [place[key] for key in approximate_keys(found)],  # backwards
        lambda found: [""] * len(found),
        lambda found: [str(rng.random()) for _ in found],
    ]
    for keys in wrong_keys:
        assert_collator_order(collated(texts, COMPARE, keys=keys, chunk=50), texts)


def test_the_order_does_not_depend_on_the_order_given() -> None:
    texts = tricky_texts()
    first = collated(texts, COMPARE)
    assert collated(texts[::-1], COMPARE) == first
    assert collated(random.Random(3).sample(texts, len(texts)), COMPARE) == first


def test_keys_order_numbers_by_value_letters_and_marks_as_vietnamese() -> None:
    ordered = ["", " ", "-", "2", "10", "a", "ă", "â", "b", "d", "đ", "e", "ê", "o", "ô", "ơ", "z"]
    keys = approximate_keys(ordered)
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert len(set(approximate_keys(["Đà Nẵng", "đà nẵng", "ĐA NĂNG", "Đa Nặng"]))) == 1
    assert approximate_keys(["Da Nang"]) < approximate_keys(["Đà Nẵng"])
    assert approximate_keys(["x\x00y", "z"])[1] == approximate_keys(["z"])[0]
    assert all(key.isascii() for key in approximate_keys(tricky_texts()))  # memcmp, fast path


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="aàăằâấdđeêoôơuưy AĐ0129-.,", max_size=12), max_size=60))
def test_collated_matches_the_collator_on_any_text(texts: list[str]) -> None:
    texts = list(dict.fromkeys(texts))
    assert_collator_order(collated(texts, COMPARE, chunk=5), texts)


def test_ranks_follow_the_collated_order(sample_engine: Engine) -> None:
    rows = load_table(sample_engine, list_plans(sample_engine)[0].id, H1_2026, TODAY).rows
    ranks = Ranks().build(rows)
    for column in TEXT_COLUMNS:
        texts = {text_of(row.view, column) for row in rows}
        by_rank = sorted(texts, key=lambda text, c=column: ranks.rank(c, text))
        assert_collator_order(by_rank, list(texts))

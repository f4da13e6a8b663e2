"""NFC normalisation, cleaning and the accent-folded search key."""

import unicodedata

import pytest

from carapp.domain.text import clean, fold, nfc, sort_key


def nfd(text: str) -> str:
    """Return `text` decomposed, as macOS and some PDF extractions hand it over."""
    return unicodedata.normalize("NFD", text)


def test_nfc_composes_decomposed_text() -> None:
    assert nfc(nfd("Bạch Long Vĩ")) == "Bạch Long Vĩ"
    assert len(nfc(nfd("ạ"))) == 1


def test_nfc_of_none_is_empty() -> None:
    assert nfc(None) == ""


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("  Sở   Nội\tvụ  ", "Sở Nội vụ"),
        ("Phòng\u00a0Kinh\u202ftế", "Phòng Kinh tế"),
        ("\n\n  Kế hoạch \r\n  báo cáo  \n\n", "Kế hoạch\nbáo cáo"),
        ("Kế hoạch\rbáo cáo", "Kế hoạch\nbáo cáo"),
        ("Kế hoạch\vbáo cáo", "Kế hoạch\nbáo cáo"),
        (nfd("Thủ tục  hành chính "), "Thủ tục hành chính"),
        (None, ""),
    ],
)
def test_clean(raw: str | None, cleaned: str) -> None:
    assert clean(raw) == cleaned


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Đồng", "dong"),
        ("đồng", "dong"),
        ("thủ tục", "thu tuc"),
        ("THỦ TỤC HÀNH CHÍNH", "thu tuc hanh chinh"),
        (nfd("Thủ tục"), "thu tuc"),
        (nfd("Đặc khu Bạch Long Vĩ"), "dac khu bach long vi"),
        ("Cải cách\nthể chế", "cai cach the che"),
        ("  Hằng   năm ", "hang nam"),
        ("Ươm, ỷ, ễ", "uom, y, e"),
        (None, ""),
    ],
)
def test_fold(raw: str | None, folded: str) -> None:
    assert fold(raw) == folded


def test_hang_nam_spellings_fold_alike() -> None:
    assert fold("Hằng năm") == fold("Hàng năm") == fold(nfd("HÀNG NĂM"))


@pytest.mark.parametrize(
    "ordered",
    [
        ["Dương Kinh", "Đồ Sơn", "Đông Hải", "Em"],
        ["an", "az", "ăn", "ân", "bánh"],
        ["on", "oz", "ôn", "ơn"],
        ["ua", "uz", "ưa"],
        ["ez", "êa"],
        ["ma", "mà", "mả", "mã", "má", "mạ"],
        ["Cát Hải", "Cát Hải Một"],
        ["An", "an"],
    ],
)
def test_sort_key_follows_vietnamese_dictionary_order(ordered: list[str]) -> None:
    assert sorted(reversed(ordered), key=sort_key) == ordered


def test_sort_key_sees_through_nfd() -> None:
    assert sort_key(nfd("Đồ Sơn"))[:2] == sort_key("Đồ Sơn")[:2]


def test_a_heading_never_doubles_the_document_type() -> None:
    from carapp.domain.text import prefixed

    assert prefixed("KẾ HOẠCH", "Thực hiện Chương trình tổng thể") == (
        "Kế hoạch Thực hiện Chương trình tổng thể"
    )
    assert prefixed("KẾ HOẠCH", "Kế hoạch cải cách hành chính năm 2026") == (
        "Kế hoạch cải cách hành chính năm 2026"
    )
    assert prefixed("KẾ HOẠCH", "KE HOACH B") == "KE HOACH B"
    assert prefixed("Kế hoạch", "kế hoạch B") == "Kế hoạch B"
    assert prefixed("KẾ HOẠCH", "Kế hoạchB") == "Kế hoạch Kế hoạchB"
    assert prefixed("", "B") == "B"


def test_fold_is_cached() -> None:
    text = "Rà soát, đơn giản hóa thủ tục hành chính (bộ đếm bộ nhớ đệm)"
    fold(text)
    hits = fold.cache_info().hits
    assert fold(text) == "ra soat, don gian hoa thu tuc hanh chinh (bo dem bo nho dem)"
    assert fold.cache_info().hits == hits + 1

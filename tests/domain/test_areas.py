"""Reform areas: their order, Vietnamese names and recognition from section titles."""

import pytest

from carapp.domain.areas import ReformArea, area_of


def test_areas_in_the_government_order() -> None:
    assert list(ReformArea)[:7] == [
        ReformArea.INSTITUTIONS,
        ReformArea.PROCEDURES,
        ReformArea.ORGANISATION,
        ReformArea.CIVIL_SERVICE,
        ReformArea.PUBLIC_FINANCE,
        ReformArea.DIGITAL_GOVERNMENT,
        ReformArea.DIRECTION,
    ]


@pytest.mark.parametrize(
    ("area", "label"),
    [
        (ReformArea.INSTITUTIONS, "Cải cách thể chế"),
        (ReformArea.PROCEDURES, "Cải cách thủ tục hành chính"),
        (ReformArea.ORGANISATION, "Cải cách tổ chức bộ máy hành chính nhà nước"),
        (ReformArea.CIVIL_SERVICE, "Cải cách chế độ công vụ"),
        (ReformArea.PUBLIC_FINANCE, "Cải cách tài chính công"),
        (ReformArea.DIRECTION, "Công tác chỉ đạo điều hành"),
        (ReformArea.OTHER, "Nội dung khác"),
    ],
)
def test_labels(area: ReformArea, label: str) -> None:
    assert area.label == label


def test_every_label_is_recognised_as_its_area() -> None:
    for area in ReformArea:
        assert area_of(area.label) is area


@pytest.mark.parametrize(
    ("title", "area"),
    [
        ("I | CẢI CÁCH THỂ CHẾ", ReformArea.INSTITUTIONS),
        ("II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", ReformArea.PROCEDURES),
        ("CẢI CÁCH THỦ TỤC\nHÀNH CHÍNH", ReformArea.PROCEDURES),
        ("Cải cách tổ chức bộ máy hành chính nhà nước", ReformArea.ORGANISATION),
        ("CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", ReformArea.CIVIL_SERVICE),
        ("Cải cách tài chính công", ReformArea.PUBLIC_FINANCE),
        ("Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", ReformArea.DIGITAL_GOVERNMENT),
        ("Chính quyền điện tử, chính quyền số", ReformArea.DIGITAL_GOVERNMENT),
        ("Đẩy mạnh chuyển đổi số", ReformArea.DIGITAL_GOVERNMENT),
        ("Công tác chỉ đạo, điều hành", ReformArea.DIRECTION),
        ("Công tác tuyên truyền cải cách hành chính", ReformArea.DIRECTION),
        ("Các nhiệm vụ khác", ReformArea.OTHER),
        ("", ReformArea.OTHER),
    ],
)
def test_area_of_title(title: str, area: ReformArea) -> None:
    assert area_of(title) is area


def test_keywords_match_whole_words_only() -> None:
    assert area_of("Diễn tuồng truyền thống") is ReformArea.OTHER

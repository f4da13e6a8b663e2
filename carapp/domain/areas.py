"""The reform areas of a plan, always in the order the Government lists them."""

from __future__ import annotations

import re
from enum import StrEnum

from carapp.domain.text import fold


class ReformArea(StrEnum):
    """A plan section's reform area (lĩnh vực cải cách)."""

    INSTITUTIONS = "institutions"
    PROCEDURES = "procedures"
    ORGANISATION = "organisation"
    CIVIL_SERVICE = "civil_service"
    PUBLIC_FINANCE = "public_finance"
    DIGITAL_GOVERNMENT = "digital_government"
    DIRECTION = "direction"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Return the Vietnamese name of the area."""
        return _LABELS[self]


_LABELS = {
    ReformArea.INSTITUTIONS: "Cải cách thể chế",
    ReformArea.PROCEDURES: "Cải cách thủ tục hành chính",
    ReformArea.ORGANISATION: "Cải cách tổ chức bộ máy hành chính nhà nước",
    ReformArea.CIVIL_SERVICE: "Cải cách chế độ công vụ",
    ReformArea.PUBLIC_FINANCE: "Cải cách tài chính công",
    ReformArea.DIGITAL_GOVERNMENT: "Xây dựng và phát triển Chính quyền điện tử, chính quyền số",
    ReformArea.DIRECTION: "Công tác chỉ đạo điều hành",
    ReformArea.OTHER: "Nội dung khác",
}

# Folded keywords, most specific first, that identify an area from a section title.
_KEYWORDS: tuple[tuple[str, ReformArea], ...] = (
    ("thu tuc hanh chinh", ReformArea.PROCEDURES),
    ("the che", ReformArea.INSTITUTIONS),
    ("to chuc bo may", ReformArea.ORGANISATION),
    ("che do cong vu", ReformArea.CIVIL_SERVICE),
    ("cong vu", ReformArea.CIVIL_SERVICE),
    ("tai chinh cong", ReformArea.PUBLIC_FINANCE),
    ("dien tu", ReformArea.DIGITAL_GOVERNMENT),
    ("chinh quyen so", ReformArea.DIGITAL_GOVERNMENT),
    ("chinh phu so", ReformArea.DIGITAL_GOVERNMENT),
    ("chuyen doi so", ReformArea.DIGITAL_GOVERNMENT),
    ("chi dao", ReformArea.DIRECTION),
    ("tuyen truyen", ReformArea.DIRECTION),
)


def area_of(title: str) -> ReformArea:
    """Return the reform area a section title names, or OTHER when none is recognised."""
    # Whole words only, so that a keyword never matches inside a longer word.
    key = f" {re.sub(r'[^a-z0-9]+', ' ', fold(title))} "
    for words, area in _KEYWORDS:
        if f" {words} " in key:
            return area
    return ReformArea.OTHER

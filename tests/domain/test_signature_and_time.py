"""The signature block of Nghị định 30/2020 and Vietnam time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from carapp.domain.documents import SignatureBlock, SignatureError
from carapp.domain.vietnam_time import iso_vietnam, shown, vietnam


def test_a_deputy_signs_for_the_chairman_under_the_collective_authority() -> None:
    block = SignatureBlock.parse("TM. Ủy ban nhân dân|KT. Chủ tịch|Phó Chủ tịch|Nguyễn Văn A")
    assert block.lines() == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert block.signer == "Nguyễn Văn A"
    assert block.authority.startswith("TM.")


@pytest.mark.parametrize("form", ["KT.", "Q.", "TL.", "TUQ."])
def test_every_form_of_the_decree_is_accepted(form: str) -> None:
    block = SignatureBlock.parse(f"{form} CHỦ TỊCH|CHÁNH VĂN PHÒNG|Lê Thị B")
    assert block.lines()[0] == f"{form} CHỦ TỊCH" and block.authority == ""


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("A|B|C|D|Nguyễn Văn A", "tối đa 3 dòng"),
        ("K.T. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn A", "không phải hình thức ký"),
        ("Nguyễn Văn A", "mẫu"),
        ("KT. CHỦ TỊCH||Nguyễn Văn A", "mẫu"),
    ],
)
def test_a_block_the_decree_does_not_allow_is_refused_in_vietnamese(
    written: str, says: str
) -> None:
    with pytest.raises(SignatureError, match=says):
        SignatureBlock.parse(written)


def test_times_are_shown_and_stored_in_vietnam_time_with_the_offset() -> None:
    at = datetime(2026, 3, 16, 2, 30, tzinfo=UTC)
    assert iso_vietnam(at) == "2026-03-16T09:30:00+07:00"
    assert iso_vietnam(at.replace(tzinfo=None)) == "2026-03-16T09:30:00+07:00"  # naive = UTC
    assert shown(at) == "09:30 16/03/2026 (+07:00)"
    assert vietnam(at).utcoffset().total_seconds() == 7 * 3600  # type: ignore[union-attr]
    assert shown(None) == ""

"""Plain data of the printed documents, shared by services, exporters and importers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from carapp.domain.areas import ReformArea
from carapp.domain.outline import printed_content
from carapp.domain.periods import ReportingPeriod
from carapp.domain.status import DerivedStatus, RecordedStatus


@dataclass
class TaskRow:
    """One row of an appendix table, every text as printed."""

    number: str
    content: str
    lead: str = ""
    cooperating: str = ""
    output: str = ""
    deadline: str = ""
    code: str = ""
    assigning_document: str = ""
    id: str | None = None
    # The outline: the marker the row was printed with ("-", "+", "a)", ""), whether it is a
    # group heading (not a task: its status is its children's roll-up), and the item it sits
    # under (None at the top of its section).
    marker: str = ""
    is_heading: bool = False
    parent: TaskRow | None = field(default=None, repr=False, compare=False)

    @property
    def level(self) -> int:
        """Return how deep the row sits in the outline (0 for a numbered item or heading)."""
        depth, above = 0, self.parent
        while above is not None and depth < 64:
            depth, above = depth + 1, above.parent
        return depth

    @property
    def printed_content(self) -> str:
        """Return the content as printed, behind its marker ("- Rà soát …")."""
        return printed_content(self.marker, self.content)


@dataclass
class SectionRow:
    """A section of an appendix ("I", "CẢI CÁCH THỂ CHẾ") and its tasks in order."""

    numeral: str
    title: str
    area: ReformArea = ReformArea.OTHER
    tasks: list[TaskRow] = field(default_factory=list)


@dataclass
class DocumentHeader:
    """The header block of an official document (Nghị định 30/2020, Phụ lục I).

    `issuer` may hold several printed lines ("ỦY BAN NHÂN DÂN\nĐẶC KHU BẠCH LONG VĨ").
    `number` is the whole number ("95/KH-UBND") or only its figure ("12") when `symbol`
    ("BC-UBND") is known; with no number, "Số:" is followed by a blank, then "/symbol".
    """

    issuer: str
    parent_issuer: str = ""
    number: str = ""
    place: str = ""
    issued_on: date | None = None
    symbol: str = ""
    # A digitally signed file shows, top right of page 1, who signed, the number and the time.
    signature_note: tuple[str, ...] = ()


@dataclass
class Appendix:
    """A plan's appendix: "Phụ lục", its title, the "(Kèm theo …)" line and the task table."""

    header: DocumentHeader
    title: str
    attached_to: str = ""
    label: str = "Phụ lục"
    sections: list[SectionRow] = field(default_factory=list)


@dataclass
class ProgressRow:
    """One task's line in a progress report for a period."""

    task: TaskRow
    status: RecordedStatus | None = None
    derived: DerivedStatus | None = None
    percent: int | None = None
    description: str = ""
    completed_on: date | None = None
    difficulties: str = ""
    proposals: str = ""


@dataclass
class ReportSection:
    """A section of a progress report with its tasks' rows."""

    numeral: str
    title: str
    area: ReformArea = ReformArea.OTHER
    rows: list[ProgressRow] = field(default_factory=list)


# The ways of signing of Nghị định 30/2020 (Điều 13): on behalf of a collective body (thay mặt),
# for the head (ký thay), acting (quyền), by order (thừa lệnh), by authorisation (thừa ủy quyền).
SIGNING_FORMS = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
MAX_SIGNATURE_LINES = 3


class SignatureError(ValueError):
    """A signature block that cannot be printed; the message is Vietnamese."""


@dataclass
class SignatureBlock:
    """Who signs: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", the post and the signer's name.

    `post` may hold several lines ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"); with the authority, at
    most three lines are printed above the space for the signature and seal.
    """

    authority: str = ""
    post: str = ""
    signer: str = ""

    def lines(self) -> list[str]:
        """Return the capitalised lines above the signature space, authority first."""
        lines = [self.authority, *self.post.split("\n")]
        return [" ".join(line.split()).upper() for line in lines if line.strip()]

    @classmethod
    def parse(cls, value: str) -> SignatureBlock:
        """Return the block written as "KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn A".

        The last part is the signer's name; the parts before it (one to three) are the lines
        above the signature; a first line in "TM. …" is the collective authority.
        """
        parts = [" ".join(p.split()) for p in value.split("|")]
        if len(parts) < 2 or not all(parts):
            raise SignatureError(
                "Khối chữ ký viết theo mẫu “KT. CHỦ TỊCH|PHÓ CHỦ TỊCH|Nguyễn Văn A”: "
                "các dòng chức vụ rồi họ tên người ký, cách nhau bởi dấu |."
            )
        *lines, signer = parts
        block = (
            cls(lines[0], "\n".join(lines[1:]), signer)
            if lines[0].upper().startswith("TM.")
            else cls("", "\n".join(lines), signer)
        )
        block.check()
        return block

    def check(self) -> None:
        """Raise SignatureError when the block has too many lines or an unknown form."""
        lines = self.lines()
        if len(lines) > MAX_SIGNATURE_LINES:
            raise SignatureError(
                f"Khối chữ ký có {len(lines)} dòng chức vụ; Nghị định 30/2020 cho tối đa "
                f"{MAX_SIGNATURE_LINES} dòng (ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / "
                "PHÓ CHỦ TỊCH)."
            )
        for line in lines:
            head = line.split()[0]
            if head.endswith(".") and head.replace(".", "").isalpha() and head not in SIGNING_FORMS:
                raise SignatureError(
                    f"“{head}” không phải hình thức ký của Nghị định 30/2020; dùng một trong: "
                    + ", ".join(SIGNING_FORMS)
                    + "."
                )


@dataclass
class ProgressReport:
    """A progress report on a plan for one reporting period, as of a date."""

    header: DocumentHeader
    title: str
    period: ReportingPeriod
    as_of: date
    plan_title: str = ""
    sections: list[ReportSection] = field(default_factory=list)
    signature: SignatureBlock = field(default_factory=SignatureBlock)
    recipients: list[str] = field(default_factory=list)

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
    """The header block of an official document (Nghị định 30/2020, Phụ lục I)."""

    issuer: str
    parent_issuer: str = ""
    number: str = ""
    place: str = ""
    issued_on: date | None = None
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


@dataclass
class SignatureBlock:
    """Who signs: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", the post and the signer's name."""

    authority: str = ""
    post: str = ""
    signer: str = ""


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

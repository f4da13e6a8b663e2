"""The rules of a batch of received packages: order by content, conflicts, unexpected failures.

A batch never stops at one bad package: each package gets its own verdict, and an unexpected
exception while checking or applying one becomes a refusal of that package alone ("lỗi không
mong đợi"), with nothing written for it (its transaction is rolled back, its receipt removed).

Order: packages are applied by (unit code, sequence, newest ``created_at`` first, manifest
SHA-256) — what they contain, never their file names. Two different packages (different
manifest.json) with the same unit and sequence: the first in that order that is accepted is
taken and the others are refused as a conflict ("xung đột: hai gói khác nhau cùng số thứ tự");
a copy of the taken one is "already imported", as any replay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from carapp.sync.manifest import Manifest
from carapp.sync.package import VerifiedPackage
from carapp.sync.verify_worker import Arrived

UNEXPECTED_STEP = "unexpected"  # our step name for an exception no check foresaw
UNEXPECTED_REASON = (
    "Lỗi không mong đợi khi kiểm tra gói; gói không được nhận, không có gì được ghi. "
    "Hãy gửi gói này và nhật ký từ chối cho người quản trị."
)

Verified = tuple[int, Path, Arrived]
Key = tuple[str, int, float, str]


def content_key(manifest: Manifest, manifest_sha256: str) -> Key:
    """Return a package's place in the batch: unit, sequence, newest first, manifest hash."""
    newest_first = -manifest.created_at.timestamp()
    return (manifest.unit_code, manifest.sequence, newest_first, manifest_sha256)


def package_key(package: VerifiedPackage) -> Key:
    """Return the content key of a verified package."""
    return content_key(package.manifest, package.manifest_sha256)


def batch_order(verified: list[Verified]) -> list[Verified]:
    """Return the packages in the order they are applied: by content, never by file name."""
    return sorted(verified, key=lambda item: package_key(item[2].package))


@dataclass
class Taken:
    """The package taken for each (unit, sequence) in this batch, to name it in conflicts."""

    by_sequence: dict[tuple[str, int], tuple[Path, VerifiedPackage]] = field(default_factory=dict)

    def take(self, path: Path, package: VerifiedPackage) -> None:
        """Remember `package` as the one taken for its unit and sequence."""
        manifest = package.manifest
        self.by_sequence.setdefault((manifest.unit_code, manifest.sequence), (path, package))

    def conflict(self, package: VerifiedPackage) -> str | None:
        """Return the conflict reason when another package was taken for the same sequence."""
        manifest = package.manifest
        taken = self.by_sequence.get((manifest.unit_code, manifest.sequence))
        if taken is None or taken[1].manifest_sha256 == package.manifest_sha256:
            return None
        path, other = taken
        when = other.manifest.created_at.strftime("%H:%M:%S ngày %d/%m/%Y")
        return (
            f"Xung đột: hai gói khác nhau cùng số thứ tự {manifest.sequence} của đơn vị "
            f"{manifest.unit_code}. Đã nhận gói “{path.name}” (lập lúc {when}, chọn theo nội "
            "dung: gói lập sau được ưu tiên); không nhận gói này."
        )

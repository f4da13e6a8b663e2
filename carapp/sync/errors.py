"""The steps a received package is checked in, and the errors that name the failed step."""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    """A verification step, in the order DESIGN.md's "Sync package" runs them."""

    LIMITS = "limits"  # file, member and total sizes, member count, compression ratio
    ZIP = "zip"  # not a zip, damaged, unsafe names, links, duplicates
    MANIFEST = "manifest"  # manifest.json missing, not JSON, not schema-valid, wrong kind
    FILES = "files"  # listed files missing, extra members, size or sha256 mismatch
    SIGNATURE = "signature"  # manifest.p7s malformed or not valid over manifest.json
    CERTIFICATE = "certificate"  # signer certificate expired or not yet valid
    TRUST = "trust"  # signer certificate does not chain to a trusted root
    UNIT = "unit"  # certificate not allowed for the manifest's unit code
    DATA = "data"  # data.json not valid for the package kind
    PDF = "pdf"  # a PDF not PAdES-signed over the whole file by the manifest's signer


class VerificationError(Exception):
    """A CMS signature was rejected at `step`; `message_vi` tells the user why, in Vietnamese."""

    def __init__(self, step: Step, message_vi: str) -> None:
        super().__init__(f"[{step.value}] {message_vi}")
        self.step = step
        self.message_vi = message_vi


class PackageRejected(Exception):
    """A package was rejected at `step`; `reason_vi` is the Vietnamese reason shown to the user."""

    def __init__(self, step: Step, reason_vi: str) -> None:
        super().__init__(f"[{step.value}] {reason_vi}")
        self.step = step
        self.reason_vi = reason_vi

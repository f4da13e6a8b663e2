"""Files written by carapp: atomic, the user's normal permissions, a missing folder refused."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from carapp import fileio
from carapp.fileio import (
    OutputError,
    atomic_file,
    atomic_write_bytes,
    check_output_path,
    current_umask,
)


@pytest.fixture
def umask_027():
    """A user whose umask is 027 (carapp reads it once per process: read it again here)."""
    old = os.umask(0o027)
    current_umask.cache_clear()
    yield
    os.umask(old)
    current_umask.cache_clear()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_written_files_get_the_users_permissions(tmp_path: Path, umask_027: None) -> None:
    assert current_umask() == 0o027
    atomic_write_bytes(tmp_path / "bao-cao.pdf", b"%PDF")
    assert _mode(tmp_path / "bao-cao.pdf") == 0o640  # 0666 less the umask, not mkstemp's 0600
    atomic_write_bytes(tmp_path / "khoa.p12", b"key", private=True)
    assert _mode(tmp_path / "khoa.p12") == 0o600


def test_a_missing_folder_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    target = tmp_path / "khong-co" / "bao-cao.pdf"
    with pytest.raises(OutputError, match="không tồn tại"):
        atomic_write_bytes(target, b"x")
    assert not target.parent.exists()


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.pdf"
    target.write_bytes(b"cu")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write(b"nua")
        raise RuntimeError("stop")
    assert target.read_bytes() == b"cu"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.pdf"]


def test_disk_full_is_said_in_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", full)
    with pytest.raises(OutputError, match="ổ đĩa đã đầy") as info:
        atomic_write_bytes(tmp_path / "bao-cao.pdf", b"x")
    assert "No space" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_check_output_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = (".pdf",)
    assert check_output_path(tmp_path / "a.PDF", pdf) == tmp_path / "a.PDF"
    with pytest.raises(OutputError, match="là một thư mục"):
        check_output_path(tmp_path, pdf)
    with pytest.raises(OutputError, match="phải có đuôi .pdf"):
        check_output_path(tmp_path / "a.xlsx", pdf)
    with pytest.raises(OutputError, match="“.*khong-co” không tồn tại"):
        check_output_path(tmp_path / "khong-co" / "a.pdf", pdf)
    (tmp_path / "tep").write_text("x")
    with pytest.raises(OutputError, match="không phải là thư mục"):
        check_output_path(tmp_path / "tep" / "a.pdf", pdf)
    # Root ignores folder permissions: make the check see what an ordinary user would.
    monkeypatch.setattr(fileio.os, "access", lambda *_a, **_k: False)
    with pytest.raises(OutputError, match="Không có quyền ghi vào thư mục"):
        check_output_path(tmp_path / "a.pdf", pdf)

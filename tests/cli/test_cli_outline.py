"""The command line lists sub-items under their item and refuses progress on a heading."""

from __future__ import annotations

from pathlib import Path

from carapp.db.migrate import open_database
from tests import databases
from tests.cli.test_cli import run
from tests.outline_plan import import_outline_plan, outline_file


def test_task_list_shows_the_outline_and_counts_no_heading(capsys, tmp_path: Path) -> None:
    db = databases.new_database(tmp_path, "db")
    engine = open_database(db)
    import_outline_plan(engine, tmp_path)
    engine.dispose()

    code, out, _ = run(capsys, "--db", str(db), "task", "list", "--as-of", "2026-03-01")

    assert code == 0 and ": 6 nhiệm vụ" in out
    lines = out.splitlines()
    child = next(line for line in lines if "- Rà soát, đánh giá TTHC" in line)
    assert "› - Rà soát, đánh giá TTHC" in child and "Văn phòng Sở" in child
    code, _, err = run(capsys, "--db", str(db), "progress", "set", "2", "--status", "đã hoàn thành")
    assert code != 0 and "dòng tiêu đề nhóm nhiệm vụ" in err
    short = child.split()[0]
    code, out, _ = run(capsys, "--db", str(db), "progress", "set", short, "--percent", "50")
    assert code == 0, out


def test_dry_run_shows_sub_items_under_their_item(capsys, tmp_path: Path) -> None:
    db = databases.new_database(tmp_path, "db")

    code, out, _ = run(
        capsys, "--db", str(db), "import", "appendix", str(outline_file(tmp_path)), "--dry-run"
    )

    assert "Đọc được 6 nhiệm vụ và 1 dòng tiêu đề nhóm" in out
    child = next(line for line in out.splitlines() if "Rà soát, đánh giá TTHC" in line)
    assert child.split()[:4] == ["I", "-", "›", "Rà"]

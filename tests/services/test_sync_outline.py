"""The outline travels in a report package; the city counts sub-items, never group headings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carapp.services.importing import apply_appendix, preview_appendix
from carapp.services.sync.city import consolidate, unit_tasks
from carapp.services.sync.package_import import import_packages
from carapp.services.sync.report_package import build_report_package
from carapp.services.sync.snapshot_build import build_snapshot
from carapp.services.tasks import TaskView
from tests.outline_plan import OUTLINE, outline_file
from tests.services.test_sync_support import NOW, Q1, WHO, make_world

AFTER_DUE = date(2026, 3, 25)


def _outline(views: list[TaskView]) -> list[tuple[object, ...]]:
    contents = {v.id: v.content for v in views}
    return [
        (
            v.number,
            v.marker,
            v.content,
            v.lead,
            v.deadline.text,
            v.is_heading,
            contents.get(v.outline_parent_id or ""),
            v.level,
        )
        for v in views
    ]


def test_an_appendix_with_sub_items_travels_to_the_city_and_counts_right(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    preview = preview_appendix(world.unit, outline_file(tmp_path))
    plan_id = apply_appendix(world.unit, WHO, preview, owner_code="BLV").plan_id
    snapshot = build_snapshot(world.unit, "BLV", Q1)
    heading = next(t for t in snapshot["tasks"] if t["is_heading"])
    assert (heading["number"], heading["marker"], heading["outline_parent_id"]) == ("2", "", None)

    built = build_report_package(world.unit, Q1, world.unit_signer, world.folder("goi"), now=NOW)
    [result] = import_packages(
        world.city, [built.path], world.city_signer, receipts_dir=world.folder("bn"), now=NOW
    )

    assert result.status == "accepted", result.reason
    at_city = [
        v for v in unit_tasks(world.city, "BLV", Q1, today=AFTER_DUE) if v.plan_id == plan_id
    ]
    assert _outline(at_city) == OUTLINE
    picture = consolidate(world.city, Q1, today=AFTER_DUE)
    [blv] = picture.units
    assert blv.total == 30 + 6  # the sample's 30 tasks and 6 of the 7 rows: one is a heading
    assert picture.statuses[0].tasks_total == 36

"""The city's consolidated picture by province and by reform area, from the command line.

carapp city provinces [--period KỲ]
carapp city areas [--period KỲ]
"""

from __future__ import annotations

import argparse
from datetime import date

from carapp.cli.output import day, table
from carapp.db.migrate import open_database
from carapp.domain.city import CATEGORIES, Consolidation, CountRow, category_label
from carapp.domain.periods import ReportingPeriod, period_for
from carapp.services.sync.city import consolidate

SHORT_CATEGORIES = (
    "HT đúng hạn",
    "HT quá hạn",
    "Đang TH",
    "Quá hạn",
    "Chưa đến hạn",
    "Chưa rõ hạn",
)
COUNT_LIMITS = [6, *([12] * len(CATEGORIES))]


def register(sub: argparse._SubParsersAction, period_arg: object) -> None:  # type: ignore[type-arg]
    """Add `city provinces` and `city areas` to the city's subcommands."""
    for name, help_text, handler in (
        ("provinces", "tổng hợp theo tỉnh (đơn vị cấp trên)", city_provinces),
        ("areas", "tổng hợp theo lĩnh vực cải cách hành chính", city_areas),
    ):
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("--period", type=period_arg, help="kỳ báo cáo (mặc định: kỳ hiện tại)")
        parser.set_defaults(handler=handler)


def _picture(args: argparse.Namespace) -> Consolidation:
    chosen: ReportingPeriod | None = getattr(args, "period", None)
    period = chosen or period_for(date.today())
    picture = consolidate(open_database(args.db), period)
    print(f"Tổng hợp kỳ {period.label} (số liệu tính đến {day(picture.as_of)})")
    return picture


def _counts(row: CountRow) -> list[str]:
    return [str(row.total), *(str(row.count(c)) for c in CATEGORIES)]


def _legend() -> str:
    return "Chú thích: " + "; ".join(
        f"{s} = {category_label(c)}" for s, c in zip(SHORT_CATEGORIES, CATEGORIES, strict=True)
    )


def city_provinces(args: argparse.Namespace) -> int:
    """Print, per province, its units' reports received, on time, complete, and task counts."""
    picture = _picture(args)
    if not picture.provinces:
        print("Chưa có đơn vị nào.")
        return 0
    rows = [
        [
            p.code,
            p.name,
            p.received_label,
            str(p.on_time),
            str(p.complete),
            *_counts(p.tasks),
        ]
        for p in picture.provinces
    ]
    rows.append(["", picture.total.label, "", "", "", *_counts(picture.total)])
    headers = ["Mã", "Tỉnh", "Đã gửi", "Đúng hạn", "Đầy đủ", "Tổng", *SHORT_CATEGORIES]
    print(table(headers, rows, [12, 36, 11, 8, 8, *COUNT_LIMITS]))
    print()
    print(_legend())
    return 0


def city_areas(args: argparse.Namespace) -> int:
    """Print the units' task counts per reform area, with the total."""
    picture = _picture(args)
    rows = [[r.label, *_counts(r)] for r in [*picture.areas, picture.total]]
    print(table(["Lĩnh vực", "Tổng", *SHORT_CATEGORIES], rows, [56, *COUNT_LIMITS]))
    print()
    print(_legend())
    return 0

"""Readers that turn offices' Word and Excel files into plain data, with precise warnings."""

from carapp.importers.appendix import AppendixImport, read_appendix
from carapp.importers.dates import CompletionDate, parse_completion_date
from carapp.importers.issues import ImportFailure, ImportIssue
from carapp.importers.matching import CONTENT_THRESHOLD, Match, match_tasks, similarity, unmatched
from carapp.importers.report import (
    ReportImport,
    ReportPartImport,
    ReportRowImport,
    read_progress_report,
)

__all__ = [
    "CONTENT_THRESHOLD",
    "AppendixImport",
    "CompletionDate",
    "ImportFailure",
    "ImportIssue",
    "Match",
    "ReportImport",
    "ReportPartImport",
    "ReportRowImport",
    "match_tasks",
    "parse_completion_date",
    "read_appendix",
    "read_progress_report",
    "similarity",
    "unmatched",
]

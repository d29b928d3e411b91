"""The build report a person reviews: merges, near-misses, disagreements, skipped records.

One CSV, a row each, most worth a look first (near-misses, then disagreements, then skipped
records, then merges), with where each record came from.
"""

from __future__ import annotations

import csv
import io

from .build import BuildReport

__all__ = ["REPORT_COLUMNS", "report_rows", "report_csv"]

REPORT_COLUMNS = [
    "what",
    "where",
    "name",
    "matched_id",
    "matched_name",
    "rule",
    "score",
    "field",
    "kept",
    "dropped",
    "reason",
]


def report_rows(report: BuildReport) -> list[list[str]]:
    """The report as rows of :data:`REPORT_COLUMNS`."""
    rows: list[list[str]] = []
    for m in report.near_misses:
        why = f"the same name, kept apart: {m.reason}" if m.reason else "a similar name, not merged"
        rows.append(
            [
                "near_miss",
                str(m.location),
                m.name,
                m.into,
                m.into_name,
                m.rule,
                f"{m.score:.1f}" if m.score is not None else "",
                "",
                "",
                "",
                f"{why}; merge by hand (give the same id or an alias) if these are one body",
            ]
        )
    for row in report.conflicts:
        c = row.conflict
        rows.append(
            [
                "conflict",
                c.dropped_from,
                row.name,
                row.node,
                row.name,
                "",
                "",
                c.field,
                str(c.kept),
                str(c.dropped),
                f"sources disagree; kept the value from {c.kept_from}",
            ]
        )
    for s in report.skipped:
        rows.append(["skipped", str(s.location), "", "", "", "", "", s.location.field or "", "", "", s.reason])
    for m in report.merges:
        rows.append(
            [
                "merge",
                str(m.location),
                m.name,
                m.into,
                m.into_name,
                m.rule,
                f"{m.score:.1f}" if m.score is not None else "",
                "",
                "",
                "",
                "",
            ]
        )
    return rows


def report_csv(report: BuildReport) -> str:
    """The report as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    writer.writerows(report_rows(report))
    return out.getvalue()

"""The build report a person reviews: merges, near-misses, disagreements, skipped records.

One CSV, a row each, most worth a look first (near-misses, then disagreements, then skipped
records, then merges), with where each record came from.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from pydantic import BaseModel

from ..render import Table
from .build import BuildReport, MergeRow


class SourceSummary(BaseModel):
    origin: str
    format: str | None
    nodes: int
    relationships: int
    skipped: int


class SkippedRecordRow(BaseModel):
    location: str
    reason: str


class BuildSummary(BaseModel):
    """What ``assetgraph build`` wrote and what each source gave: the JSON of ``--format json``,
    and the lines it prints otherwise (the first few skipped records)."""

    output: str
    report: str | None
    name: str | None
    source_files: int
    nodes: int
    edges: int
    sources: list[SourceSummary]
    skipped: list[SkippedRecordRow]
    merged: int
    near_misses: int
    disagreements: int
    unplaced: int
    #: organisations whose sector, and scale, the build inferred (the sources stating none), by rule
    sectors_inferred: dict[str, int] = {}
    scales_inferred: dict[str, int] = {}

    @classmethod
    def of(cls, report: BuildReport, graph: Any, output: str, report_path: str | None, files: int) -> BuildSummary:
        """The summary of a build of ``files`` sources and graph files into ``graph``."""
        return cls(
            output=output,
            report=report_path,
            name=graph.name,
            source_files=files,
            nodes=len(graph),
            edges=graph.number_of_edges(),
            sources=[
                SourceSummary(origin=s.origin, format=s.format, nodes=s.nodes, relationships=s.edges, skipped=s.skipped)
                for s in report.sources
            ],
            skipped=[SkippedRecordRow(location=str(s.location), reason=s.reason) for s in report.skipped],
            merged=len(report.merges),
            near_misses=len(report.near_misses),
            disagreements=len(report.conflicts),
            unplaced=len(report.unplaced),
            sectors_inferred=dict(report.sector_scale.sectors.most_common()),
            scales_inferred=dict(report.sector_scale.scales.most_common()),
        )

    def tables(self) -> list[Table]:
        lines = [
            f"  {s.origin} ({s.format}): {s.nodes} nodes, {s.relationships} relationships"
            + (f", skipped {s.skipped}" if s.skipped else "")
            for s in self.sources
        ]
        lines += [f"    skipped {s.location}: {s.reason}" for s in self.skipped[:5]]
        if len(self.skipped) > 5:
            lines.append(
                f"    ... and {len(self.skipped) - 5} more skipped"
                + ("" if self.report else " (all in the review report)")
            )
        review = f"; {self.merged} merged, {self.near_misses} near-misses, {self.disagreements} disagreements"
        review += f", {self.unplaced} locations not placed" if self.unplaced else ""
        review += f" (listed in {self.report})" if self.report else ""
        for what, counts in (("sector", self.sectors_inferred), ("scale", self.scales_inferred)):
            if counts:
                rules = ", ".join(f"{n} by {rule}" for rule, n in counts.items())
                lines.append(f"  inferred a {what} for {sum(counts.values())} organisations: {rules}")
        lines.append(
            f"Wrote {self.output}: {self.nodes} nodes, {self.edges} edges from {self.source_files} source(s){review}."
        )
        return [Table(None, [], [], heading="\n".join(lines))]


__all__ = ["REPORT_COLUMNS", "report_rows", "report_csv", "BuildSummary", "SourceSummary", "SkippedRecordRow"]

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


def _match_row(what: str, m: MergeRow, reason: str) -> list[str]:
    score = f"{m.score:.1f}" if m.score is not None else ""
    return [what, str(m.location), m.name, m.into, m.into_name, m.rule, score, "", "", "", reason]


def report_rows(report: BuildReport) -> list[list[str]]:
    """The report as rows of :data:`REPORT_COLUMNS`."""
    rows: list[list[str]] = []
    for m in report.near_misses:
        why = f"the same name, kept apart: {m.reason}" if m.reason else "a similar name, not merged"
        rows.append(
            _match_row("near_miss", m, f"{why}; merge by hand (give the same id or an alias) if these are one body")
        )
    for row in report.conflicts:
        c = row.conflict
        kept = f"sources disagree; kept the value from {c.kept_from}"
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
                kept,
            ]
        )
    for what, entries in (("skipped", report.skipped), ("unplaced", report.unplaced)):
        rows += [[what, str(s.location), "", "", "", "", "", s.location.field or "", "", "", s.reason] for s in entries]
    rows += [_match_row("merge", m, "") for m in report.merges]
    return rows


def report_csv(report: BuildReport) -> str:
    """The report as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    writer.writerows(report_rows(report))
    return out.getvalue()

"""What the published files give: the ORUK directory and 360Giving files of ../shared/data,
built with the seed map and the bundled places, and what the three questions answer on them.

    python benchmarks/published.py [../shared/data]

Prints the share of organisations and services placed (of those whose record gives a postcode
or a code, and of all), the free-text places created, the locations not placed, the services
that say how a person attends, the relations
by kind, the ties between organisations (stated, and derived by reason), and the size of each
question's answer.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.errors import AssetGraphError
from assetgraph.loaders import SEED, BuildReport, load
from assetgraph.queries.collaboration import collaboration_graph
from assetgraph.queries.connectors import connectors
from assetgraph.queries.gaps import gaps
from assetgraph.queries.pathways import pathways
from benchmarks import timed

PLACING = ("LOCATED_IN", "SERVES")


def _share(part: int, whole: int) -> str:
    return f"{part:,} of {whole:,} ({100 * part / whole:.1f}%)" if whole else "0 of 0"


def _figures(graph, report: BuildReport) -> None:
    placed = {e.source for e in graph.edges() if e.relation.value in PLACING}
    for kind in ("organisation", "service"):
        nodes = list(graph.nodes(kind))
        coded = [n for n in nodes if n.attributes.get("postcode")]
        print(
            f"  {kind}s placed: {_share(sum(n.id in placed for n in coded), len(coded))} of those with a postcode; "
            f"{_share(sum(n.id in placed for n in nodes), len(nodes))} of all"
        )
    free_text = [
        p for p in graph.nodes("place") if not p.code and p.level is None and p.attributes.get("postcode") is None
    ]
    print(f"  places with no code and no address (free text): {len(free_text)}")
    print(f"  locations not placed: {len(report.unplaced)}")
    attending = Counter(s.attending_access.value for s in graph.nodes("service") if s.attending_access)
    print(
        f"  services saying how a person attends: {sum(attending.values()):,} ("
        + ", ".join(f"{a} {n}" for a, n in attending.most_common())
        + ")"
    )
    print("  relations: " + ", ".join(f"{r} {n:,}" for r, n in graph.count_edges().most_common()))
    ties = collaboration_graph(graph)
    derived = Counter(reason for *_, d in ties.edges(data="derived") for reason in d)
    stated = sum(1 for *_, d in ties.edges(data="derived") if not d)
    print(
        f"  ties between organisations: {stated:,} stated; derived "
        + (", ".join(f"{r} {n:,}" for r, n in derived.items()) or "none")
    )
    questions = (
        ("connectors (top 20)", lambda: connectors(graph, top=20).rows),
        ("gaps: cut_off", lambda: gaps(graph, kinds=["cut_off"]).rows),
        (
            "gaps: coverage in North Lincolnshire",
            lambda: gaps(graph, kinds=["coverage"], place="North Lincolnshire").rows,
        ),
        (
            "pathways, a DN15 6 resident, mental health",
            lambda: pathways(graph, resident_of="DN15 6", need="mental health").routes,
        ),
    )
    for name, ask in questions:
        try:
            seconds, rows = timed(ask)
            print(f"  {name}: {len(rows)} rows in {seconds:.1f} s")
        except AssetGraphError as exc:
            print(f"  {name}: {exc}")


def main() -> None:
    data = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    directory = data / "openreferral" / "oruk-north-lincolnshire-services.json"
    sources = [directory, *sorted((data / "360giving").iterdir())]
    for label, serves in (
        ("as published", {}),
        ("with --serves for the directory", {str(directory): "North Lincolnshire"}),
    ):
        report = BuildReport()
        nations = ["scotland", "wales", "england"]
        seconds, graph = timed(lambda: load(SEED, *sources, places=nations, report=report, serves=serves))
        print(f"{label}: {len(graph):,} nodes, {graph.number_of_edges():,} relations in {seconds:.1f} s")
        _figures(graph, report)


if __name__ == "__main__":
    main()

"""Neo4j: push throughput, and each question's time on both engines.

Generates a graph of ~100,000 nodes and ~300,000+ relationships, starts the test server
(tests/neo4j_server.py, or uses the one NEO4J_URI names), pushes it, pushes it again, pulls it,
and times connectors, gaps and pathways on the embedded engine and with --engine neo4j (which
pulls the part of the graph a question reads, then answers on it; and the next question, which
opens the part kept on disk for that push). "embedded" times a question on the graph already in
memory; "from file" opens the saved graph first, as a command on the embedded engine does.

    python benchmarks/neo4j_engine.py                   # ~100k nodes
    python benchmarks/neo4j_engine.py --organisations 5000 --small-areas 4000   # a quick run
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.graphmodel.storage import load_graph, save_graph  # noqa: E402
from assetgraph.neo4jdb import Neo4jSettings, connect, pull_graph, push_graph  # noqa: E402
from assetgraph.neo4jdb.engine import question_graph  # noqa: E402
from assetgraph.neo4jdb.push import DEFAULT_BATCH, DEFAULT_WRITERS  # noqa: E402
from assetgraph.queries.connectors import connectors  # noqa: E402
from assetgraph.queries.gaps import gaps  # noqa: E402
from assetgraph.queries.pathways import pathways  # noqa: E402
from benchmarks import timed  # noqa: E402
from benchmarks.generate import Size, generate  # noqa: E402
from tests.neo4j_server import Neo4jServer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=30_000)
    parser.add_argument("--small-areas", type=int, default=25_000)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
    parser.add_argument("--writers", type=int, default=DEFAULT_WRITERS)
    parser.add_argument("--heap", default="4g", help="Java heap of the test server")
    args = parser.parse_args()

    seconds, graph = timed(lambda: generate(Size(args.small_areas, args.organisations), seed=0))
    print(f"graph: {len(graph):,} nodes, {graph.number_of_edges():,} relationships (generated in {seconds:.1f} s)")
    server = None
    if os.environ.get("NEO4J_URI"):
        settings = Neo4jSettings.from_env()
    else:
        server = Neo4jServer(Path(tempfile.mkdtemp(prefix="assetgraph-bench-")), heap=args.heap)
        seconds, _ = timed(server.start)
        print(f"server: Neo4j started in {seconds:.1f} s at {server.uri}")
        settings = Neo4jSettings(uri=server.uri, user=server.user, password=server.password)
    name = "benchmark"
    try:
        with connect(settings) as db:
            first = push_graph(db, graph, name, batch_size=args.batch_size, writers=args.writers, replace=True)
            print(
                f"push (new):   {first.nodes / first.node_seconds:,.0f} nodes/s, "
                f"{first.edges / first.edge_seconds:,.0f} relationships/s "
                f"({first.node_seconds:.1f} s + {first.edge_seconds:.1f} s; goal 20,000 and 50,000)"
            )
            again = push_graph(db, graph, name, batch_size=args.batch_size, writers=args.writers)
            print(
                f"push (again): {again.nodes / again.node_seconds:,.0f} nodes/s, "
                f"{again.edges / again.edge_seconds:,.0f} relationships/s"
            )
            seconds, pulled = timed(lambda: pull_graph(db, name))
            print(f"pull:         {seconds:.1f} s for {len(pulled):,} nodes")

            areas = sorted(p.name for p in graph.nodes("place") if p.level == "small_area")[
                :: max(1, args.small_areas // 20)
            ]
            council = next(p.name for p in graph.nodes("place") if p.level == "local_authority")
            questions: dict[str, tuple[str, Callable]] = {
                "connectors (sampled)": ("connectors", lambda g: connectors(g, top=20)),
                f"gaps in {council}": ("gaps", lambda g: gaps(g, place=council, level="small_area")),
                "gaps, structure": ("gaps", lambda g: gaps(g, kinds=["unlinked_community", "cut_off"])),
                "pathways x20 (median)": ("pathways", None),
            }
            kept = Path(tempfile.mkdtemp(prefix="assetgraph-kept-"))
            saved = kept / "graph.json"
            save_graph(graph, saved)
            print(
                f"\n{'question':<34}{'embedded':>12}{'from file':>12}{'neo4j':>12}{'(pull part)':>14}"
                f"{'next question':>16}"
            )
            for label, (question, ask) in questions.items():
                graph.clear_cache()
                if ask is None:
                    times = []
                    for area in areas:
                        times.append(timed(lambda: pathways(graph, resident_of=area, need="Smoking"))[0])
                    embedded = statistics.median(times)
                    pull_seconds, part = timed(lambda: question_graph(db, name, question, cache=kept))
                    neo = [timed(lambda: pathways(part, resident_of=area, need="Smoking"))[0] for area in areas]
                    on_server = pull_seconds + statistics.median(neo)
                    area = areas[0]
                    open_seconds, part = timed(lambda: question_graph(db, name, question, cache=kept))
                    next_question = open_seconds + timed(lambda: pathways(part, resident_of=area, need="Smoking"))[0]
                    load_seconds, opened = timed(lambda: load_graph(saved))
                    from_file = load_seconds + timed(lambda: pathways(opened, resident_of=area, need="Smoking"))[0]
                else:
                    embedded, _ = timed(lambda: ask(graph))
                    pull_seconds, part = timed(lambda: question_graph(db, name, question, cache=kept))
                    on_server = pull_seconds + timed(lambda: ask(part))[0]
                    open_seconds, part = timed(lambda: question_graph(db, name, question, cache=kept))
                    next_question = open_seconds + timed(lambda: ask(part))[0]
                    load_seconds, opened = timed(lambda: load_graph(saved))
                    from_file = load_seconds + timed(lambda: ask(opened))[0]
                print(
                    f"{label:<34}{embedded:>11.2f}s{from_file:>11.2f}s{on_server:>11.2f}s{pull_seconds:>13.2f}s"
                    f"{next_question:>15.2f}s"
                )
    finally:
        if server:
            server.stop()


if __name__ == "__main__":
    main()

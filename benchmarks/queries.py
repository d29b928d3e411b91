"""Speed of the three questions on synthetic national-shaped graphs, against python-igraph.

Prints, for each size: build time and memory, save and load time, pathway query p50/p95 over
100 random resident-and-need queries (k=1 and k=3), the same shortest-path work in igraph,
gaps time (cold, and warm once the graph's indexes are built), sampled connectors time, igraph's
exact betweenness on the same collaboration graph, and (where --overlap is given) the top-20
overlap of sampled against exact betweenness.

    python benchmarks/queries.py small mid large --overlap mid
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import igraph
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SIZES, generate  # noqa: E402

from assetgraph.graphmodel import load_graph, save_graph  # noqa: E402
from assetgraph.queries.collaboration import collaboration_graph  # noqa: E402
from assetgraph.queries.connectors import connectors  # noqa: E402
from assetgraph.queries.gaps import gaps  # noqa: E402
from assetgraph.queries.pathways import ENTRY_COST, _community_level, _placed_in, _targets, pathways, routing_graph  # noqa: E402
from assetgraph.queries.places import local_area  # noqa: E402
from assetgraph.queries.route_area import councils_of  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def timed(fn, *args, **kw):
    start = time.perf_counter()
    result = fn(*args, **kw)
    return result, time.perf_counter() - start


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def bench(size: str, overlap: bool, queries: int) -> None:
    gc.collect()
    before = rss_mb()
    graph, build = timed(generate, size)
    mem = rss_mb() - before
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.json"
        _, save = timed(save_graph, graph, path)
        _, load = timed(load_graph, path)
        file_mb = path.stat().st_size / 2**20
    n, m = len(graph), graph.number_of_edges()
    print(f"\n== {size}: {n:,} nodes, {m:,} edges")
    print(
        f"build {build:.1f} s ({m / build:,.0f} edges/s), memory +{mem:,.0f} MB; save {save:.1f} s, load {load:.1f} s, "
        f"file {file_mb:.0f} MB"
    )

    rng = random.Random(1)
    areas = [p.id for p in graph.nodes("place") if p.level == "small_area"]
    themes = [t.id for t in graph.nodes("theme")]
    asks = [(rng.choice(areas), rng.choice(themes)) for _ in range(queries)]
    _, warm = timed(routing_graph, graph)
    for k in (1, 3):
        times = []
        for area, theme in asks:
            _, t = timed(pathways, graph, resident_of=area, need=theme, k=k)
            times.append(t * 1000)
        print(
            f"pathways k={k}: p50 {pct(times, 50):.1f} ms, p95 {pct(times, 95):.1f} ms (routing graph built once in "
            f"{warm:.1f} s)"
        )

    routes = routing_graph(graph)
    arrays, index = routes.arrays(), routes.number
    heads = np.repeat(np.arange(len(index)), np.diff(arrays["ptr"]))
    start, sink = len(index), len(index) + 1
    ig = igraph.Graph(n=len(index) + 2, edges=np.column_stack([heads, arrays["to"]]).tolist(), directed=True)
    ig.es["weight"] = arrays["cost"].tolist()
    base = ig.ecount()
    ours, theirs, bare = [], [], []
    for area, theme in asks:
        entries = [a for a in _placed_in(graph, local_area(graph, area)) if _community_level(graph, a) and a in index]
        targets = [t for t in _targets(graph, theme, [area], councils_of(graph, [area])) if t in index]
        if not entries or not targets:
            continue
        _, t = timed(pathways, graph, resident_of=area, need=theme, k=1)
        ours.append(t * 1000)
        arcs = [(start, index[e]) for e in entries] + [(index[x], sink) for x in targets]
        weights = [ENTRY_COST] * len(entries) + [1e-9] * len(targets)
        clock = time.perf_counter()
        ig.add_edges(arcs, attributes={"weight": weights})
        ig.get_shortest_path(start, sink, weights="weight", output="vpath")
        ig.delete_edges(range(base, ig.ecount()))
        theirs.append((time.perf_counter() - clock) * 1000)
        _, t = timed(
            ig.distances, source=index[entries[0]], target=[index[x] for x in targets], weights="weight", mode="out"
        )
        bare.append(t * 1000)
    if ours:
        print(
            f"same single-route work, {len(ours)} queries with entries and targets: ours p50 {pct(ours, 50):.1f} ms; "
            f"igraph with a virtual start and goal (graph edits included) p50 {pct(theirs, 50):.1f} ms, ratio "
            f"{pct(ours, 50) / pct(theirs, 50):.1f}x; "
            f"igraph one Dijkstra from one entry, no edits, p50 {pct(bare, 50):.1f} ms, ratio "
            f"{pct(ours, 50) / pct(bare, 50):.1f}x"
        )

    graph.clear_cache()  # gaps from a cold start: indexes and the collaboration graph built inside
    result, t = timed(gaps, graph, level="local_authority")
    _, warm = timed(gaps, graph, level="local_authority")
    print(
        f"gaps (coverage at council level and all structural kinds): {t:.1f} s cold, {warm:.1f} s warm "
        f"(indexes already built), {len(result.rows):,} gaps"
    )

    ties = collaboration_graph(graph)
    result, t = timed(connectors, graph)
    print(
        f"connectors (betweenness "
        f"{result.betweenness}{f' from {result.sample_size} sources' if result.sample_size else ''}, "
        f"{ties.number_of_nodes():,} organisations, "
        f"{ties.number_of_edges():,} ties): {t:.1f} s"
    )
    order = list(ties)
    position = {v: i for i, v in enumerate(order)}
    ig_ties = igraph.Graph(n=len(order), edges=[(position[u], position[v]) for u, v in ties.edges()])
    exact, t_ig = timed(ig_ties.betweenness, directed=False)
    print(
        f"igraph exact betweenness on the same ties: {t_ig:.1f} s; ours ({result.betweenness}) / igraph exact: "
        f"{t / t_ig:.1f}x"
    )
    if overlap:
        top = connectors(graph, top=20)
        exact_top = {order[i] for i in sorted(range(len(order)), key=lambda i: -exact[i])[:20]}
        share = len({r.id for r in top.rows} & exact_top) / 20
        print(f"top-20 overlap, sampled against exact: {share:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", choices=sorted(SIZES))
    parser.add_argument("--overlap", nargs="*", default=[], help="sizes on which to compare sampled with exact top 20")
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    for size in args.sizes:
        bench(size, size in args.overlap, args.queries)


if __name__ == "__main__":
    main()

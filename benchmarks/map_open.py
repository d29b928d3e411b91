"""How fast map pages open in headless Chromium, and how large they are.

    python benchmarks/map_open.py [--shots DIR] [--graph FILE --place NAME]

Opens, each in a fresh page: the seed map; a generated 5,000-node graph (its overview, the
default, and every node drawn); one council's geographic view (Bristol: 1,000 generated
bodies at real postcode sectors there, each running one or two services, tied to each other);
and, with ``--graph``, that graph's whole and ``--place``'s geographic views. For each it
prints the page's size, the seconds to write it, the browser's first paint, when the network
was first drawn, and when the map had settled (labels placed, ready to use). Then the areas page
of a council of more than 600 small areas (Birmingham, 300 generated bodies), and the Python
layout the large maps open with against networkx's ``spring_layout`` on the same drawing, run
in this process. The issue's goals: a 5,000-node graph opens in <= 3 s and its page stays
<= 8 MB; an areas map of 300 small areas <= 2 s. ``--shots DIR`` keeps a screenshot of each.

Needs Debian's chromium and chromium-driver (./scripts/test installs them as root).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Size, generate  # noqa: E402

from assetgraph.geography.postcodes import grid, postcode_place  # noqa: E402
from assetgraph.graphmodel import AssetGraph, Edge, Organisation, Place, Provenance, Service  # noqa: E402
from assetgraph.graphmodel.storage import load_graph  # noqa: E402
from assetgraph.loaders import SEED, load  # noqa: E402
from assetgraph.viz import MapOptions, write_map  # noqa: E402
from assetgraph.viz.areas import write_areas  # noqa: E402
from assetgraph.viz.layout import spread  # noqa: E402
from assetgraph.viz.payload import build_payload  # noqa: E402
from tests.browser import Browser  # noqa: E402

BRISTOL = "E06000023"
BIRMINGHAM = "E08000025"
SOURCE = [Provenance(source="benchmarks/map_open.py")]


def council_graph(code: str = BRISTOL, bodies: int = 1000, seed: int = 0) -> AssetGraph:
    """One council with ``bodies`` organisations at postcode sectors in it (from the bundled
    postcode table), each running one or two services, with partnerships among them."""
    rng = random.Random(seed)
    sectors = sorted(s for s in grid().sectors if (p := postcode_place(s)) and p.code == code)
    graph = AssetGraph(f"{bodies:,} bodies in {code}")
    council = graph.add_node(Place(name=f"Council {code}", code=code, level="local_authority", provenance=SOURCE)).id
    orgs = []
    for i in range(bodies):
        org = Organisation(name=f"body {i}", attributes={"postcode": rng.choice(sectors) + "AA"}, provenance=SOURCE)
        orgs.append(graph.add_node(org).id)
        graph.add_edge(Edge(source=orgs[-1], relation="LOCATED_IN", target=council, provenance=SOURCE))
        for j in range(rng.randint(1, 2)):
            service = graph.add_node(Service(name=f"service {j} of body {i}", provenance=SOURCE)).id
            graph.add_edge(Edge(source=orgs[-1], relation="RUNS", target=service, provenance=SOURCE))
    for org in orgs:
        for other in rng.sample(orgs, 2):
            if other != org:
                graph.add_edge(Edge(source=org, relation="PARTNERS_WITH", target=other, provenance=SOURCE))
    return graph


def measure(browser: Browser, name: str, graph: AssetGraph, options: MapOptions, folder: Path, shots: Path | None):
    path = folder / f"{name}.html"
    start = time.perf_counter()
    drawn = write_map(graph, path, options)
    written = time.perf_counter() - start
    browser.open(path, timeout=300)
    paint = browser.js("return (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
    timing = browser.js("return window.assetgraphMap.timing")
    print(
        f"{name:<24} {len(graph):>7,} nodes, {drawn.nodes:>6,} drawn  {path.stat().st_size / 2**20:5.1f} MB  "
        f"written {written:5.1f} s  first paint {paint / 1000:4.1f} s  network drawn {timing['drawn'] / 1000:4.1f} s  "
        f"settled {timing['settled'] / 1000:4.1f} s"
    )
    if shots:
        browser.driver.save_screenshot(str(shots / f"{name}.png"))


def measure_areas(browser: Browser, graph: AssetGraph, council: str, folder: Path, shots: Path | None) -> None:
    path = folder / "areas.html"
    start = time.perf_counter()
    drawn = write_areas(graph, path, f"Council {council}")
    written = time.perf_counter() - start
    browser.open(path, timeout=300)
    paint = browser.js("return (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
    print(
        f"{'areas-' + council:<24} {drawn.areas:>7,} small areas  {path.stat().st_size / 2**20:5.1f} MB  "
        f"written {written:5.1f} s  first paint {paint / 1000:4.1f} s"
    )
    if shots:
        browser.driver.save_screenshot(str(shots / "areas.png"))


def compare_layouts(graph: AssetGraph, options: MapOptions) -> None:
    """The large map's layout (:func:`spread`) against networkx's spring layout on the same nodes and ties."""
    import networkx as nx

    payload = build_payload(graph, options)
    nodes = [n["id"] for n in payload["nodes"]]
    edges = [(e["from"], e["to"]) for e in payload["edges"]]
    start = time.perf_counter()
    spread(nodes, edges)
    ours = time.perf_counter() - start
    drawing = nx.Graph(edges)
    drawing.add_nodes_from(nodes)
    start = time.perf_counter()
    nx.spring_layout(drawing, seed=7)
    theirs = time.perf_counter() - start
    print(
        f"layout of {len(nodes):,} nodes and {len(edges):,} ties: spread {ours:.2f} s, networkx spring_layout "
        f"{theirs:.2f} s (ratio {theirs / ours:.1f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", type=Path, help="keep a screenshot of each page in this folder")
    parser.add_argument("--graph", type=Path, help="a saved graph to open as well (whole, and --place geographic)")
    parser.add_argument("--place", help="with --graph: a council to draw by geography")
    args = parser.parse_args()
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    generated = generate(Size(small_areas=1250, organisations=1250))
    council = council_graph()
    cases = [
        ("seed", load(SEED), MapOptions()),
        ("generated-5000", generated, MapOptions(max_nodes=len(generated))),
        ("generated-5000-all", generated, MapOptions(max_nodes=len(generated), overview_above=None)),
        ("council-geo", council, MapOptions(layout="geo", place=f"Council {BRISTOL}")),
    ]
    if args.graph:
        real = load_graph(args.graph)
        cases += [("graph", real, MapOptions()), ("graph-geo", real, MapOptions(layout="geo"))]
        if args.place:
            cases.append(("graph-place-geo", real, MapOptions(layout="geo", place=args.place)))
    browser = Browser()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name, graph, options in cases:
                measure(browser, name, graph, options, Path(tmp), args.shots)
            measure_areas(browser, council_graph(BIRMINGHAM, bodies=300), BIRMINGHAM, Path(tmp), args.shots)
    finally:
        browser.close()
    compare_layouts(generated, MapOptions(max_nodes=len(generated)))


if __name__ == "__main__":
    main()

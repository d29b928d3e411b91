"""What a user waits for, whole process: the command line starting, a saved graph opening, and
a first question on it; each figure beside its floor, measured in the same run.

    python benchmarks/commands.py                    # seed, places, small, mid
    python benchmarks/commands.py seed places mid large

Graphs: ``seed`` (the bundled seed map), ``places`` (the seed map with the bundled places of
the three nations, ~45k nodes) and the generator's sizes (``tiny``, ``small``, ``mid``,
``large``), each saved to a temporary file first. For each: the file's size, ``json.load`` of
it (the floor, with the garbage collector paused as the library pauses it) and opening it in
the library (and the ratio), the bytes each node and each edge holds once opened beside a
networkx anchor (a ``MultiDiGraph`` holding the same ids with each item's plain attribute dict,
as parsed), then whole processes of ``assetgraph info``, ``pathways`` (with its CPU time and peak
memory) and ``gaps``.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from statistics import median
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SIZES, generate  # noqa: E402

from assetgraph.collector import collector_paused  # noqa: E402
from assetgraph.graphmodel.storage import graph_from_dict, load_graph, save_graph  # noqa: E402
from assetgraph.kept import companion  # noqa: E402
from assetgraph.loaders import SEED, load  # noqa: E402
from benchmarks import timed  # noqa: E402

#: runs the command line, then writes its peak memory (kB) to the file named first: the
#: process's own high-water mark (VmHWM), which, unlike ru_maxrss, does not start from the
#: size of the process that started it; written as the console script ends the process
#: (os._exit, which runs no exit handlers)
_MEASURED = (
    "import os, sys\n"
    "out = sys.argv.pop(1)\n"
    "end = os._exit\n"
    "def peak_then_end(code):\n"
    "    hwm = [line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')]\n"
    "    open(out, 'w').write(hwm[0])\n"
    "    end(code)\n"
    "os._exit = peak_then_end\n"
    "from assetgraph.cli import main\n"
    "sys.argv[0] = 'assetgraph'\n"
    "main()\n"
)
#: a resident and a need each graph holds
_QUESTIONS = {"seed": ("Pentwyn", "smoking"), "places": ("Pentwyn", "smoking")}
_GENERATED_QUESTION = ("England council 1", "Smoking")
#: times the opening of each graph is measured
_RUNS = 3


def _process(*args: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of ``assetgraph ARGS`` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _MEASURED, rss.name, *args], check=True, capture_output=True)
        wall = time.perf_counter() - start
        peak = int(Path(rss.name).read_text() or 0) / 1024
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, peak


def _python(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def startup() -> None:
    bare, click_only = _python("pass"), _python("import click")
    wall, _, _ = _process("--help")
    print(f"assetgraph --help: {wall:.2f} s (python alone {bare:.2f} s, python importing click {click_only:.2f} s)")


def _graph(name: str):
    if name == "seed":
        return load(SEED)
    if name == "places":
        return load(SEED, places=["scotland", "wales", "england"])
    return generate(name)


def _held(build: Callable[[], Any]) -> int:
    """Bytes allocated by ``build()`` and still held by what it returns (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    kept = build()
    gc.collect()
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return held


def _anchor(data: dict[str, Any], edges: bool = True) -> nx.MultiDiGraph:
    """The networkx anchor: the parsed nodes and edges as plain attribute dicts."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((n.pop("id"), n) for n in data["nodes"])
    if edges:
        ends = ((e.pop("source"), e.pop("target"), e) for e in data["edges"])
        graph.add_edges_from((source, target, e.get("key") or e["relation"], e) for source, target, e in ends)
    return graph


def _nodes_only(path: Path) -> Any:
    """A graph file's nodes opened as the library opens them, its edges let go."""
    data = json.loads(path.read_bytes())
    data["edges"] = []
    return graph_from_dict(data, str(path), trusted=True)


def memory_figures(path: Path, nodes: int, edges: int) -> str:
    """Bytes per node and per edge once opened, ours and the networkx anchor's: a node's share
    from opening the nodes alone, an edge's from the rest."""
    ours_nodes, ours = _held(lambda: _nodes_only(path)), _held(lambda: load_graph(path))
    anchor_nodes = _held(lambda: _anchor(json.loads(path.read_bytes()), edges=False))
    anchor = _held(lambda: _anchor(json.loads(path.read_bytes())))
    per_node, per_edge = ours_nodes / nodes, (ours - ours_nodes) / max(edges, 1)
    anchor_node, anchor_edge = anchor_nodes / nodes, (anchor - anchor_nodes) / max(edges, 1)
    return (
        f"memory once open: {per_node:,.0f} B/node, {per_edge:,.0f} B/edge; networkx anchor {anchor_node:,.0f} B/node, "
        f"{anchor_edge:,.0f} B/edge ({per_node / anchor_node:.1f}x, {per_edge / max(anchor_edge, 1):.1f}x)"
    )


def graph_figures(name: str, folder: Path) -> None:
    path = folder / f"{name}.json"
    save_graph(_graph(name), path)
    floors, opens, ratios = [], [], []
    for _ in range(_RUNS):  # the floor and the opening in turns, so that both meet the same load
        gc.collect()
        with collector_paused():
            floors.append(timed(lambda: json.loads(path.read_bytes()))[0])
        gc.collect()
        opened, graph = timed(lambda: load_graph(path))
        opens.append(opened)
        ratios.append(opened / floors[-1])
        nodes, edges = len(graph), graph.number_of_edges()
        del graph
    print(
        f"{name}: {nodes:,} nodes, {edges:,} edges, {path.stat().st_size / 2**20:.0f} MB; "
        f"open {median(opens):.2f} s, json.load {median(floors):.2f} s ({median(ratios):.1f}x; "
        f"medians of {_RUNS} runs, ratios {min(ratios):.1f}-{max(ratios):.1f}x)"
    )
    print("  " + memory_figures(path, nodes, edges))
    gc.collect()
    place, need = _QUESTIONS.get(name, _GENERATED_QUESTION)
    info, _, _ = _process("info", str(path))
    route, cpu, peak = _process("pathways", str(path), "--resident-of", place, "--need", need)
    gaps, _, gaps_peak = _process("gaps", str(path), "--format", "json")
    print(
        f"  whole process: info {info:.2f} s; pathways {route:.2f} s ({cpu:.2f} s CPU, {peak:,.0f} MB); "
        f"gaps {gaps:.2f} s ({gaps_peak:,.0f} MB)"
    )
    kept = companion(path)  # the indexes save_graph kept beside the file, which the runs above read
    size = kept.stat().st_size / 2**20
    kept.unlink()
    route, cpu, peak = _process("pathways", str(path), "--resident-of", place, "--need", need)
    print(
        f"  with no kept indexes (the first question derives them, then writes {size:.1f} MB beside the file): "
        f"pathways {route:.2f} s ({cpu:.2f} s CPU, {peak:,.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graphs", nargs="*", default=["seed", "places", "small", "mid"])
    args = parser.parse_args()
    unknown = set(args.graphs) - {"seed", "places", *SIZES}
    if unknown:
        parser.error(f"unknown graph {sorted(unknown)[0]!r}; expected seed, places or {', '.join(SIZES)}")
    startup()
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.graphs:
            graph_figures(name, Path(tmp))


if __name__ == "__main__":
    main()

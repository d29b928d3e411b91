"""Size of a 5,000-node map and how long headless Chromium takes to load and settle it.

    python benchmarks/map.py [--nodes 5000]

Needs Debian's chromium and chromium-driver (./scripts/test installs them as root).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Size, generate  # noqa: E402

from assetgraph.viz import MapOptions, write_map  # noqa: E402
from tests.browser import Browser  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    args = parser.parse_args()
    orgs = args.nodes // 4
    graph = generate(Size(small_areas=args.nodes // 4, organisations=orgs))
    browser = Browser()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "map.html"
            start = time.perf_counter()
            write_map(graph, path, MapOptions(max_nodes=len(graph)))
            written = time.perf_counter() - start
            size = path.stat().st_size / 2**20
            settle = browser.open(path, timeout=300)
            drawn = browser.js("return Object.keys(window.assetgraphMap.network.getPositions()).length")
            print(
                f"{drawn:,} nodes drawn of a {len(graph):,}-node graph ({graph.number_of_edges():,} edges): "
                f"file {size:.1f} MB (goal <= 5 MB), written in {written:.1f} s, "
                f"loaded and settled in headless Chromium in {settle:.1f} s (goal <= 10 s)"
            )
            folded = Path(tmp) / "folded.html"
            write_map(graph, folded)
            settle = browser.open(folded, timeout=300)
            drawn = browser.js("return Object.keys(window.assetgraphMap.network.getPositions()).length")
            print(
                f"with the default 2,000-node budget: {drawn:,} nodes drawn, file {folded.stat().st_size / 2**20:.1f} "
                f"MB, settled in {settle:.1f} s"
            )
    finally:
        browser.close()


if __name__ == "__main__":
    main()

"""The demo: the bundled seed map built, saved, asked the three questions and drawn.

>>> import tempfile
>>> result = run_demo(tempfile.mkdtemp())
>>> result.pathways.routes[0].steps[-1].to_name
'Stop Smoking Wales'
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from .graphmodel.storage import save_graph
from .loaders import SEED, load
from .queries.connectors import ConnectorsResult, connectors
from .queries.gaps import GapsResult, gaps
from .queries.inspect import GraphSummary, summarise
from .queries.pathways import PathwaysResult, pathways
from .render import Table
from .viz import MapOptions, write_map

__all__ = ["DemoResult", "run_demo"]

_ROUTE = {"resident_of": "Pentwyn", "need": "smoking"}


class DemoResult(BaseModel):
    """The files the demo wrote and its three answers."""

    graph_file: str
    map_file: str
    summary: GraphSummary
    connectors: ConnectorsResult
    gaps: GapsResult
    pathways: PathwaysResult

    def tables(self) -> list[Table]:
        def say(text: str) -> Table:
            return Table(None, [], [], heading=text)

        path = self.graph_file
        return [
            say(f"Built the seed map from the three source documents: {path}\n"),
            *self.summary.tables(),
            say("\nWho connects community-led and public bodies?"),
            *self.connectors.tables(),
            say("\nWhat is missing in Morecambe Bay?"),
            *self.gaps.tables(),
            say("\nHow does a Pentwyn resident who wants to stop smoking get help?"),
            *self.pathways.tables(),
            say(f"\nA map with that route highlighted and the top connectors marked: {self.map_file}"),
        ]


def run_demo(folder: str | Path) -> DemoResult:
    """Build the seed map into ``folder`` (made if missing), ask it the three questions, and
    draw it with a route and the top connectors marked."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    graph = load(SEED)
    graph_file, map_file = out / "seed-map.json", out / "seed-map.html"
    save_graph(graph, graph_file)
    write_map(graph, map_file, MapOptions(route=_ROUTE, connectors=5))
    return DemoResult(
        graph_file=str(graph_file),
        map_file=str(map_file),
        summary=summarise(graph),
        connectors=connectors(graph, between="sector", focus=("community_led", "public"), top=5),
        gaps=gaps(graph, kinds=["coverage"], place="Morecambe Bay"),
        pathways=pathways(graph, **_ROUTE),
    )

"""Interactive HTML maps of a graph that open anywhere, offline, and stay safe with any data.

>>> from assetgraph.loaders import load, SEED
>>> page = map_html(load(SEED), MapOptions(route={"resident_of": "Pentwyn", "need": "smoking"}))
>>> page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
True
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ..fileio import atomic_write_text
from ..graphmodel.graph import AssetGraph
from ..render import Table
from .page import render_page
from .payload import MapOptions, build_payload

__all__ = ["MapOptions", "Drawn", "map_html", "write_map"]


def map_html(graph: AssetGraph, options: MapOptions | None = None) -> str:
    """The map of ``graph`` as one self-contained HTML page.

    >>> from assetgraph.loaders import load, SEED
    >>> page = map_html(load(SEED), MapOptions(redact_people=True))
    >>> page.startswith("<!DOCTYPE html>") and "Paul Johnston" not in page
    True
    """
    return render_page(build_payload(graph, options or MapOptions()))


class Drawn(BaseModel):
    """What a map drew: nodes and relations on the page, and nodes folded into them."""

    output: str
    nodes: int
    edges: int
    folded: int
    #: the route drawn, or why there is none, where one was asked for
    route: str | None = None

    def tables(self) -> list[Table]:
        folded = f" ({self.folded:,} more folded in)" if self.folded else ""
        return [
            Table(
                None,
                [],
                [],
                heading=f"Wrote {self.output}: a map of {self.nodes:,} nodes and {self.edges:,} "
                f"relations drawn{folded}; open it in any browser, no internet needed."
                + (f"\nRoute: {self.route}" if self.route else ""),
            )
        ]


def write_map(graph: AssetGraph, path: str | Path, options: MapOptions | None = None) -> Drawn:
    """Write the map to ``path`` (atomically); what it drew.

    >>> import tempfile, pathlib
    >>> from assetgraph.loaders import load, SEED
    >>> graph = load(SEED)
    >>> drawn = write_map(graph, pathlib.Path(tempfile.mkdtemp()) / "map.html")
    >>> drawn.nodes == len(graph), drawn.folded
    (True, 0)
    """
    payload = build_payload(graph, options or MapOptions())
    atomic_write_text(path, render_page(payload))
    folded = sum(n.get("folded", 0) for n in payload["nodes"])
    route = payload["route"]["explanation"] if payload["route"] else None
    return Drawn(output=str(path), nodes=len(payload["nodes"]), edges=len(payload["edges"]), folded=folded, route=route)

"""The place hierarchy: what encloses a place, what it encloses, and which places an asset covers.

WITHIN runs from the smaller place to the larger; a place may sit in more than one larger one
(a council in a health board and a nation).

>>> from assetgraph.loaders import load, SEED
>>> g = load(SEED)
>>> [g.node(p).name for p in enclosing(g, "place:pentwyn")]
['Pentwyn', 'Cardiff', 'Wales', 'United Kingdom']
>>> [g.node(p).name for p in local_area(g, "place:pentwyn")]
['Pentwyn', 'Cardiff']
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import PlaceLevel, Relation

__all__ = [
    "LEVEL_ORDER",
    "within_graph",
    "enclosing",
    "enclosed",
    "local_area",
    "asset_places",
    "coverage",
]

LEVEL_ORDER: dict[PlaceLevel, int] = {level: i for i, level in enumerate(PlaceLevel)}
_PLACED = (Relation.LOCATED_IN, Relation.SERVES)


def within_graph(graph: AssetGraph) -> nx.DiGraph:
    """The WITHIN edges as a simple DiGraph, smaller place to larger (cached on the graph)."""

    def build() -> nx.DiGraph:
        g = nx.DiGraph()
        g.add_nodes_from(p.id for p in graph.nodes("place"))
        g.add_edges_from((e.source, e.target) for e in graph.edges(Relation.WITHIN))
        return g

    return graph.cached("within", build)


def enclosing(graph: AssetGraph, place: str) -> list[str]:
    """The place and every place it lies within, nearest first (breadth first)."""
    tree = within_graph(graph)
    return [place, *(p for _, p in nx.bfs_edges(tree, place))]


def enclosed(graph: AssetGraph, place: str) -> set[str]:
    """The place and every place within it."""
    return {place} | nx.ancestors(within_graph(graph), place)


def local_area(graph: AssetGraph, place: str) -> list[str]:
    """The place and the places enclosing it up to its local authority (a neighbourhood's
    council, not its nation): where a resident's community assets are found."""
    limit = LEVEL_ORDER[PlaceLevel.LOCAL_AUTHORITY]
    area = []
    for p in enclosing(graph, place):
        level = graph.node(p).level  # type: ignore[attr-defined]
        if p != place and level is not None and LEVEL_ORDER[level] < limit:
            continue
        area.append(p)
    return area


def asset_places(graph: AssetGraph, asset: str) -> set[str]:
    """The places an asset is located in or serves."""
    return {e.target for e in graph.edges(node=asset) if e.source == asset and e.relation in _PLACED}


def coverage(graph: AssetGraph, asset_places_: Iterable[str], place: str) -> str | None:
    """How an asset placed at ``asset_places_`` covers ``place``: ``"full"`` when it serves the
    place or one enclosing it, ``"partial"`` when it serves only somewhere within it, else None."""
    places = set(asset_places_)
    if places & set(enclosing(graph, place)):
        return "full"
    if places & enclosed(graph, place):
        return "partial"
    return None

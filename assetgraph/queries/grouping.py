"""Groupings of organisations that a connector may broker between.

``sector`` and ``scale`` read the organisation's own attributes; ``place`` is the smallest place
it is located in or serves, lifted to its local authority when it is smaller; ``community`` is a
cluster of the collaboration graph found by Louvain modularity (seeded, so stable), named after
its best-connected member.

>>> from assetgraph.loaders import load, SEED
>>> from assetgraph.queries.collaboration import collaboration_graph
>>> g = load(SEED)
>>> groups = group_nodes(g, collaboration_graph(g), "sector")
>>> groups["organisation:chex"], groups["organisation:the-ripple-project"]
('third_sector', 'community_led')
"""

from __future__ import annotations

from typing import Literal

import networkx as nx

from ..errors import QueryError
from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import PlaceLevel
from .options import GROUPINGS
from .places import LEVEL_ORDER, asset_places, enclosing

__all__ = ["Grouping", "GROUPINGS", "UNGROUPED", "group_nodes", "place_group"]

Grouping = Literal["sector", "scale", "place", "community"]
UNKNOWN = "unknown"
UNPLACED = "unplaced"
#: grouping -> the group of a node the grouping cannot place, and what is missing
UNGROUPED: dict[str, tuple[str, str]] = {
    "sector": (UNKNOWN, "sector"),
    "scale": (UNKNOWN, "scale"),
    "place": (UNPLACED, "place"),
}


def place_group(graph: AssetGraph, org: str) -> str:
    """The name of the smallest place ``org`` is located in or serves, lifted to its local
    authority when smaller ("unplaced" for none)."""
    places = asset_places(graph, org)
    if not places:
        return UNPLACED

    def depth(p: str) -> int:
        level = graph.node(p).level  # type: ignore[attr-defined]
        return LEVEL_ORDER[level] if level is not None else -1

    smallest = max(sorted(places), key=depth)
    limit = LEVEL_ORDER[PlaceLevel.LOCAL_AUTHORITY]
    for p in enclosing(graph, smallest):
        if depth(p) <= limit:
            return graph.node(p).name
    return graph.node(smallest).name


def _communities(ties: nx.Graph, seed: int) -> dict[str, str]:
    groups = {}
    found = nx.community.louvain_communities(ties, seed=seed) if ties.number_of_edges() else []
    found = sorted(found, key=lambda c: (-len(c), min(c)))
    for members in found:
        hub = max(sorted(members), key=ties.degree)
        label = f"around {ties.nodes[hub]['name']}" if len(members) > 1 else "alone"
        groups.update(dict.fromkeys(members, label))
    return {n: groups.get(n, "alone") for n in ties}


def group_nodes(graph: AssetGraph, ties: nx.Graph, by: str, seed: int = 0) -> dict[str, str]:
    """The group of every node of ``ties`` under the grouping ``by`` (one of :data:`GROUPINGS`)."""
    if by == "community":
        return _communities(ties, seed)
    if by == "place":
        return {n: place_group(graph, n) for n in ties}
    if by in ("sector", "scale"):
        return {n: str(getattr(ties.nodes[n][by], "value", None) or UNKNOWN) for n in ties}
    raise QueryError(f"unknown grouping {by!r}; expected one of: {', '.join(GROUPINGS)}")

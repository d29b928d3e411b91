"""Positions for a map laid out by geography: places at their council's centroid and assets at
their postcode's, from the bundled postcode table's grid references (OS National Grid,
north up); what has neither is left to the network around it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import Place
from ..loaders.postcodes import grid

__all__ = ["geo_positions"]

#: the drawing's larger side, in map pixels, whatever the area drawn
SPAN = 2400.0
#: nations (and the UK) by their code's first letter(s): the councils whose mean they sit at
_NATION_PREFIX = {"S92": "S", "W92": "W", "E92": "E", "K02": ""}


def _grid_reference(graph: AssetGraph, node_id: str) -> tuple[float, float] | None:
    found = grid()
    node = graph.node(node_id)
    if isinstance(node, Place):
        if node.code in found.councils:
            return found.councils[node.code]
        prefix = _NATION_PREFIX.get((node.code or "")[:3])
        if prefix is not None:
            points = [xy for code, xy in found.councils.items() if code.startswith(prefix)]
            return (
                (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)) if points else None
            )
        return None
    postcode = node.attributes.get("postcode")
    return found.of_postcode(str(postcode)) if postcode else None


def geo_positions(graph: AssetGraph, nodes: Iterable[str]) -> dict[str, tuple[float, float]]:
    """Map pixel positions (x east, y south) of the nodes with a grid reference, scaled so the
    drawn area spans :data:`SPAN`; nodes at one reference are set round it on a small spiral,
    so none hides another."""
    located = {n: xy for n in sorted(nodes) if (xy := _grid_reference(graph, n)) is not None}
    if not located:
        return {}
    east = [x for x, _ in located.values()]
    north = [y for _, y in located.values()]
    extent = max(max(east) - min(east), max(north) - min(north), 5000.0)
    scale = SPAN / extent
    taken: dict[tuple[float, float], int] = {}
    positions = {}
    for node, (x, y) in located.items():
        i = taken[(x, y)] = taken.get((x, y), -1) + 1
        angle, radius = i * 2.39996, 28.0 * math.sqrt(i)
        positions[node] = (
            round((x - min(east)) * scale + radius * math.cos(angle), 1),
            round((max(north) - y) * scale + radius * math.sin(angle), 1),
        )
    return positions

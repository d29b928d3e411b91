"""Positions for a map laid out by geography: places at their council's centroid and assets at
their postcode's, from the bundled postcode table's grid references (OS National Grid,
north up); what has neither is left to the network around it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..geography.postcodes import grid_reference
from ..graphmodel.graph import AssetGraph

__all__ = ["geo_positions"]

#: the drawing's larger side, in map pixels, whatever the area drawn
SPAN = 2400.0


def geo_positions(graph: AssetGraph, nodes: Iterable[str]) -> dict[str, tuple[float, float]]:
    """Map pixel positions (x east, y south) of the nodes with a grid reference, scaled so the
    drawn area spans :data:`SPAN`; nodes at one reference are set round it on a small spiral,
    so none hides another."""
    located = {n: xy for n in sorted(nodes) if (xy := grid_reference(graph.node(n))) is not None}
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

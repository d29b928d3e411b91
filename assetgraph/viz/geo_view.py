"""A map laid out by geography: the outlines drawn under it and where each drawn node sits.

The outlines are the councils the map's nodes lie in (the whole country's where the graph
holds its councils), or for one council, or a place within one, the council's small areas and
wards; every drawn node with
a postcode (or a council place) sits at its grid reference in the same :class:`~.geography.Frame`,
so it falls inside its area's outline on the page. A body with no postcode of its own sits at
the first of its folded services that has one. What has no grid reference, or lies outside
the outlines drawn, is set apart in a block at the side and counted, never mixed in where it
is not.

>>> from assetgraph.loaders import load, SEED
>>> seed = load(SEED)
>>> view = geo_view(seed, None, {n.id for n in seed.nodes()}, {n.id: {} for n in seed.nodes()}, {})
>>> len(view["areas"]) > 10, view["side"]["count"] > 0
(True, True)
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, MutableMapping
from typing import Any

from ..geography.postcodes import grid_reference
from ..geography.shapes import (
    ATTRIBUTION,
    Shape,
    bounds,
    council_outlines,
    small_area_shapes,
    ward_shapes,
)
from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import NodeKind
from .geography import SPAN, Frame, council_around, drawn_councils, geo_frame, geo_positions, svg_paths

__all__ = ["geo_view"]

#: map pixels between the nodes set apart at the side
SIDE_STEP = 45.0


def _shapes(
    graph: AssetGraph, place: str | None, chosen: Collection[str]
) -> tuple[list[Shape], list[Shape], Frame | None]:
    """The outlines to draw (filled, titled), the wards (lines) and the frame around them."""
    if place and (outline := council_around(graph, graph.find(place, NodeKind.PLACE))):  # type: ignore[arg-type]
        code = outline.code
        return [outline, *small_area_shapes(code)], list(ward_shapes(code)), Frame.around(bounds([outline]))
    councils = _whole_nations(graph, chosen, drawn_councils(graph, chosen))
    return councils, [], geo_frame(graph, chosen, councils)


#: the first letter of the GSS codes of each nation's councils; the UK's code starts with K
_NATIONS = "EWSN"


def _whole_nations(graph: AssetGraph, chosen: Collection[str], councils: list[Shape]) -> list[Shape]:
    """Every council of each nation the map reaches (a council or asset in it, or the nation
    itself), so that the country drawn is recognisable: today's councils, not the districts
    merged into them since."""
    nations = {s.code[0] for s in councils}
    for n in chosen:
        node = graph.node(n)
        level = getattr(getattr(node, "level", None), "value", None)
        code = getattr(node, "code", None) or ""
        if level in ("nation", "country") and code:
            nations |= set(_NATIONS) if code[0] not in _NATIONS else {code[0]}
    return [s for s in council_outlines() if s.code[0] in nations and s.within is None]


def _positions(
    graph: AssetGraph, nodes: Collection[str], members: Mapping[str, list[str]], frame: Frame, people: bool
) -> dict[str, tuple[float, float]]:
    """Each node's map pixel: its own grid reference's, else its first folded member's; a
    person's only where ``people`` (a postcode says where someone lives or works)."""

    def placeable(n: str) -> bool:
        return (people or graph.kind_of(n) is not NodeKind.PERSON) and grid_reference(graph.node(n)) is not None

    located = [n for n in nodes if placeable(n)]
    stand_in = {}
    for n in nodes:
        if n not in located:
            found = next((m for m in members.get(n, ()) if placeable(m)), None)
            if found:
                stand_in[n] = found
    at = geo_positions(graph, [*located, *stand_in.values()], frame)
    return {n: at[n] for n in located} | {n: at[m] for n, m in stand_in.items()}


def geo_view(
    graph: AssetGraph,
    place: str | None,
    chosen: Collection[str],
    nodes: MutableMapping[str, dict[str, Any]],
    members: Mapping[str, list[str]],
    people: bool = True,
) -> dict[str, Any]:
    """The underlay of a geographic map of ``nodes`` (drawn node id -> its page data, given
    ``x`` and ``y`` here), chosen as ``chosen`` (before any folding: the places too) within
    ``place`` if given; ``members`` lists what is folded into each drawn node; people are placed
    at their postcode only where ``people`` (not where their names are withheld).

    Returns ``areas`` and ``wards`` (SVG paths, see :func:`~.geography.svg_paths`), the
    ``attribution`` the outlines need, their ``extent`` (width and height in map pixels),
    ``placed`` (how many nodes sit at their grid reference), and ``side``: the block the rest
    are set in (``x``, ``y``, ``width``, ``height`` in map pixels, ``count``, ``no_reference``,
    ``outside``), or None.
    """
    areas, wards, frame = _shapes(graph, place, chosen)
    if frame is None:
        frame = Frame.around((0.0, 0.0, 1.0, 1.0))
    width, height = frame.pixel((bounds(areas)[2], bounds(areas)[1])) if areas else (SPAN, SPAN)
    margin = 0.05 * SPAN
    at = _positions(graph, nodes, members, frame, people)
    inside = {
        n: xy for n, xy in at.items() if -margin <= xy[0] <= width + margin and -margin <= xy[1] <= height + margin
    }
    apart = [n for n in nodes if n not in inside]
    for node_id, (x, y) in inside.items():
        nodes[node_id].update(x=x, y=y)
    side = None
    if apart:
        rows = max(10, int(height // SIDE_STEP))
        left = width + 8 * SIDE_STEP
        for i, node_id in enumerate(sorted(apart, key=lambda n: (nodes[n].get("kind", ""), nodes[n].get("name", "")))):
            nodes[node_id].update(x=round(left + (i // rows) * SIDE_STEP, 1), y=round((i % rows) * SIDE_STEP, 1))
        side = {
            "x": left - SIDE_STEP,
            "y": -SIDE_STEP,
            "width": math.ceil(len(apart) / rows) * SIDE_STEP + SIDE_STEP,
            "height": min(rows, len(apart)) * SIDE_STEP + SIDE_STEP,
            "count": len(apart),
            "no_reference": len([n for n in apart if n not in at]),
            "outside": len([n for n in apart if n in at]),
        }
    return {
        "areas": svg_paths(areas, frame),
        "wards": svg_paths(wards, frame),
        "attribution": ATTRIBUTION,
        "extent": [width, height],
        "placed": len(inside),
        "side": side,
    }

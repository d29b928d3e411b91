"""Positions for a map laid out by geography, and the outlines drawn under it, in one frame.

Places sit at their council's centroid and assets at their postcode's, from the bundled
postcode table's grid references (OS National Grid, north up); what has neither is left to the
network around it. The shipped outlines (:mod:`assetgraph.geography.shapes`) are on the same
grid, so a :class:`Frame` turns both into map pixels and an asset falls inside its area's
outline on the page.

>>> frame = Frame.around((350000.0, 170000.0, 360000.0, 175000.0))  # 10 km wide: 2,400 pixels
>>> frame.scale, frame.pixel((355000.0, 172500.0))
(0.24, (1200.0, 600.0))
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from ..geography.postcodes import grid_reference, postcode_place
from ..geography.shapes import Point, Shape, bounds, council_outlines
from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import Place
from ..graphmodel.vocabulary import PlaceLevel
from ..queries.places import enclosing

__all__ = [
    "SPAN",
    "Frame",
    "geo_frame",
    "geo_positions",
    "drawn_councils",
    "council_around",
    "outline_frame",
    "svg_paths",
]

#: the drawing's larger side, in map pixels, whatever the area drawn
SPAN = 2400.0
#: metres: the smallest extent a frame spans (a single point or a street is not blown up)
LEAST_EXTENT = 5000.0


@dataclass(frozen=True)
class Frame:
    """Grid references (easting, northing in metres) to map pixels (x east, y south): the
    origin ``(west, north)`` is pixel (0, 0) and ``scale`` pixels make a metre."""

    west: float
    north: float
    scale: float

    @classmethod
    def around(cls, extent: tuple[float, float, float, float]) -> Frame:
        """The frame whose larger side spans :data:`SPAN` pixels over ``extent`` (west, south,
        east, north), at least :data:`LEAST_EXTENT` metres."""
        west, south, east, north = extent
        return cls(west, north, SPAN / max(east - west, north - south, LEAST_EXTENT))

    def pixel(self, point: Point) -> tuple[float, float]:
        """A grid reference's map pixel, to a tenth of a pixel."""
        x, y = point
        return round((x - self.west) * self.scale, 1), round((self.north - y) * self.scale, 1)


def outline_frame(outlines: Sequence[Shape]) -> tuple[Frame, tuple[float, float]]:
    """The frame around ``outlines`` (see :meth:`Frame.around`) and the width and height they
    span in its map pixels: what a drawing of them takes.

    >>> wide = Shape("X", "", "ward", (((0, 0), (10000, 0), (10000, 5000), (0, 0)),), "2013")
    >>> frame, size = outline_frame([wide])
    >>> frame.scale, size
    (0.24, (2400.0, 1200.0))
    """
    west, south, east, north = bounds(outlines)
    frame = Frame.around((west, south, east, north))
    return frame, frame.pixel((east, south))


def _located(graph: AssetGraph, nodes: Iterable[str]) -> dict[str, Point]:
    return {n: xy for n in sorted(nodes) if (xy := grid_reference(graph.node(n))) is not None}


def drawn_councils(graph: AssetGraph, nodes: Iterable[str]) -> list[Shape]:
    """The outlines of the councils the nodes are or lie in: a council place itself, anything
    else by its postcode's council (in the order of the shipped outlines)."""
    codes = set()
    for n in nodes:
        node = graph.node(n)
        if isinstance(node, Place) and node.code:
            codes.add(node.code)
        elif (postcode := node.attributes.get("postcode")) and (place := postcode_place(str(postcode))):
            codes.add(place.code)
    return [s for s in council_outlines() if s.code in codes]


def council_around(graph: AssetGraph, place: Place) -> Shape | None:
    """The outline of the council ``place`` is, else of the nearest council the graph puts it
    in (a neighbourhood, small area or ward); None for a place in no council the package has an
    outline of (a nation, a region, a Northern Irish council's neighbourhood with no tie to it).

    >>> from assetgraph.loaders import load, SEED
    >>> seed = load(SEED)
    >>> council_around(seed, seed.find("Pentwyn")).name, council_around(seed, seed.find("Wales"))
    ('Cardiff', None)
    """
    outlines = {s.code: s for s in council_outlines()}
    for n in enclosing(graph, place.id):
        around = graph.node(n)
        if isinstance(around, Place) and around.code in outlines:
            if around.id == place.id or around.level == PlaceLevel.LOCAL_AUTHORITY:
                return outlines[around.code]
    return None


def geo_frame(graph: AssetGraph, nodes: Iterable[str], outlines: Sequence[Shape] = ()) -> Frame | None:
    """The frame of a geographic map: around ``outlines`` where given (say the
    :func:`drawn_councils`), else around the nodes with a grid reference; None if none has."""
    if outlines:
        return Frame.around(bounds(outlines))
    return _around(_located(graph, nodes).values())


def _around(points: Collection[Point]) -> Frame | None:
    if not points:
        return None
    east, north = [x for x, _ in points], [y for _, y in points]
    return Frame.around((min(east), min(north), max(east), max(north)))


def geo_positions(
    graph: AssetGraph, nodes: Iterable[str], frame: Frame | None = None
) -> dict[str, tuple[float, float]]:
    """Map pixel positions (x east, y south) of the nodes with a grid reference, in ``frame``
    (by default one around them, spanning :data:`SPAN`); nodes at one reference are set round
    it on a small spiral, so none hides another."""
    located = _located(graph, nodes)
    frame = frame or _around(located.values())
    if frame is None:
        return {}
    taken: dict[Point, int] = {}
    positions = {}
    for node, point in located.items():
        i = taken[point] = taken.get(point, -1) + 1
        angle, radius = i * 2.39996, 28.0 * math.sqrt(i)
        x, y = frame.pixel(point)
        positions[node] = (round(x + radius * math.cos(angle), 1), round(y + radius * math.sin(angle), 1))
    return positions


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def svg_paths(shapes: Iterable[Shape], frame: Frame, step: float = 1.0) -> list[dict[str, str]]:
    """Each shape as an SVG path in ``frame``'s map pixels (one ``M ... Z`` per ring, to be
    filled ``evenodd`` so holes stay holes), with its ``code``, ``name``, ``kind`` and the
    ``title`` a page shows for it (its name, and the boundaries' year where they are old).
    Points closer than ``step`` pixels (each way) to the last one kept are left out: a whole
    country's outlines at :data:`SPAN` pixels shrink threefold at one pixel (2.6 to 0.9 MB), and no border
    moves by more than that; rings left with fewer than three points are dropped.

    >>> from assetgraph.geography.shapes import Shape
    >>> square = Shape("W1", "Easton", "ward", (((0, 0), (10, 0), (10, 0.2), (10, 10), (0, 0)),), "2013")
    >>> svg_paths([square], Frame(0.0, 10.0, 2.0))[0]["d"]
    'M0 20L20 20 20 0Z'
    """
    drawn = []
    for shape in shapes:
        parts = []
        for ring in shape.rings:
            pixels: list[tuple[float, float]] = []
            for point in ring[:-1]:
                x, y = frame.pixel(point)
                if not pixels or abs(x - pixels[-1][0]) >= step or abs(y - pixels[-1][1]) >= step:
                    pixels.append((x, y))
            if len(pixels) >= 3:
                (x0, y0), *rest = pixels
                steps = " ".join(f"{_number(x)} {_number(y)}" for x, y in rest)
                parts.append(f"M{_number(x0)} {_number(y0)}L{steps}Z")
        drawn.append(
            {"d": "".join(parts), "code": shape.code, "name": shape.name, "kind": shape.kind, "title": shape.label}
        )
    return drawn

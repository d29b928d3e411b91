"""The outlines assetgraph ships: every council of the UK, and each council's small areas and
wards, on the OS National Grid (easting, northing in metres, the frame the bundled postcode
table places postcodes in), so outlines and postcodes are drawn together without projecting
anything at run time.

``tools/derive_shapes.py`` derives them from generalised boundaries (Martin Chorley's
UK-GeoJSON, CC BY 4.0, with Crown copyright: see :data:`ATTRIBUTION` and the README beside the
data) and writes them with :func:`encode_layer`. The data (``assetgraph/data/shapes/``):

- ``councils.json.gz``: one outline per council the bundled places hold (2013 boundaries;
  councils merged since are the union of theirs) and Northern Ireland's eleven districts (2015),
  and, per council, the files that hold its small areas and wards;
- ``areas/<2013 council code>.json.gz``: that council's small areas (LSOAs of 2011 in England
  and Wales; in Scotland data zones of **2001**, not the 2011 zones SIMD ranks) and its wards
  (2013 boundaries).

A layer is ``{"kind", "vintage", "unit", "arcs", "shapes": [[code, name, within, rings], ...]}``
(see :func:`encode_layer`): borders are stored once as arcs, flat integers in ``unit`` metres,
each point the step from the point before (``[dx0, dy0, dx1, dy1, ...]``; an arc's first point
steps from the last point of the arc before), and each ring lists the arcs it is joined from.

>>> bristol = council_outline("E06000023")
>>> bristol.name, bristol.kind
('Bristol, City of', 'local_authority')
>>> contains(bristol, (359000.0, 173000.0)), contains(bristol, (326000.0, 175000.0))  # the centre; Cardiff
(True, False)
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import QueryError, shown

__all__ = [
    "ATTRIBUTION",
    "Point",
    "Ring",
    "Shape",
    "shapes_path",
    "council_outlines",
    "council_outline",
    "small_area_shapes",
    "ward_shapes",
    "bounds",
    "contains",
    "encode_layer",
]

ATTRIBUTION = (
    "Boundaries: Martin Chorley, UK-GeoJSON (CC BY 4.0); contains Ordnance Survey data (c) Crown copyright and "
    "database right 2014; contains NRS data (c) Crown copyright 2014; contains ONS, OS, NRS and LPS data (c) Crown "
    "copyright and database right 2016 (Open Government Licence v3.0)."
)
COUNCILS = "councils.json.gz"
AREAS = "areas"

Point = tuple[float, float]
Ring = tuple[Point, ...]


@dataclass(frozen=True)
class Shape:
    """One area's outline: ``kind`` is ``local_authority``, ``small_area`` or ``ward``;
    ``rings`` its closed rings (outer rings and holes alike: a point is inside where it is
    inside an odd number of them, as SVG's ``evenodd`` fill draws it); ``vintage`` the year of
    the boundaries; ``within`` the council it lies in (a small area or ward; for a council,
    the unitary council a district has lain in since 2023)."""

    code: str
    name: str
    kind: str
    rings: tuple[Ring, ...]
    vintage: str
    within: str | None = None

    @property
    def label(self) -> str:
        """The name as a map titles it, saying the boundaries' year where they are old.

        >>> Shape("S01000833", "", "small_area", (), "2001").label
        'Data zone S01000833 (2001 boundaries)'
        >>> Shape("E05001979", "Easton", "ward", (), "2013").label
        'Easton (2013 boundaries)'
        """
        if self.kind == "small_area" and self.code.startswith("S"):
            return f"Data zone {self.code} ({self.vintage} boundaries)"
        if self.kind == "ward":
            return f"{self.name} ({self.vintage} boundaries)"
        return self.name or self.code


def shapes_path() -> Path:
    """The folder of the shipped outlines."""
    return Path(str(resources.files("assetgraph") / "data" / "shapes"))


def _encode_arcs(arcs: Sequence[Sequence[Point]], unit: int) -> list[list[int]]:
    """Arcs as flat steps in ``unit`` metres (repeated points dropped), each arc's first step
    taken from the last point of the arc before (the first arc's from 0, 0)."""
    encoded, last = [], (0, 0)
    for arc in arcs:
        kept: list[tuple[int, int]] = []
        for x, y in arc:
            p = (round(x / unit), round(y / unit))
            if not kept or p != kept[-1]:
                kept.append(p)
        flat = [kept[0][0] - last[0], kept[0][1] - last[1]]
        for (x0, y0), (x1, y1) in zip(kept, kept[1:], strict=False):
            flat += [x1 - x0, y1 - y0]
        encoded.append(flat)
        last = kept[-1]
    return encoded


def _decode_arcs(encoded: list[list[int]], unit: int) -> list[Ring]:
    arcs, x, y = [], 0, 0
    for flat in encoded:
        points = []
        for i in range(0, len(flat), 2):
            x, y = x + flat[i], y + flat[i + 1]
            points.append((float(x * unit), float(y * unit)))
        arcs.append(tuple(points))
    return arcs


def _ring(refs: Sequence[int], arcs: Sequence[Ring]) -> Ring:
    """A ring joined from arcs (``~i`` is arc ``i`` walked backwards), each arc's first point
    being the last one's end."""
    points: list[Point] = []
    for ref in refs:
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        points += arc[1:] if points else arc
    return tuple(points)


def encode_layer(
    kind: str,
    vintage: str,
    unit: int,
    arcs: Sequence[Sequence[Point]],
    shapes: Iterable[tuple[str, str, str | None, Sequence[Sequence[int]]]],
) -> dict:
    """A layer as the shipped files hold it: ``arcs`` (borders, in metres) rounded to ``unit``
    metres, and (code, name, within, rings) with each ring the arcs it is joined from (``~i``
    for arc ``i`` backwards, as TopoJSON has it), so two areas sharing a border share its
    points. Rings left with fewer than three corners by the rounding are dropped.

    >>> arcs = [((0, 0), (100, 0), (100, 52)), ((100, 52), (0, 0))]
    >>> layer = encode_layer("ward", "2013", 10, arcs, [("W1", "A", None, [[0, 1]])])
    >>> layer["arcs"], layer["shapes"]
    ([[0, 0, 10, 0, 0, 5], [0, 0, -10, -5]], [['W1', 'A', None, [[0, 1]]]])
    """
    flat = _encode_arcs(arcs, unit)
    rounded = _decode_arcs(flat, unit)
    rows = [
        [code, name, within, [list(refs) for refs in rings if len(set(_ring(refs, rounded))) >= 3]]
        for code, name, within, rings in shapes
    ]
    return {"kind": kind, "vintage": vintage, "unit": unit, "arcs": flat, "shapes": rows}


def _decode(layer: dict) -> tuple[Shape, ...]:
    arcs = _decode_arcs(layer["arcs"], layer["unit"])
    return tuple(
        Shape(code, name, layer["kind"], tuple(_ring(refs, arcs) for refs in rings), layer["vintage"], within)
        for code, name, within, rings in layer["shapes"]
    )


def _read(path: Path) -> dict:
    return json.loads(gzip.decompress(path.read_bytes()))


@cache
def _councils() -> tuple[dict[str, Shape], dict[str, tuple[str, ...]]]:
    """Council code -> outline, and council code -> the files of its small areas and wards."""
    data = _read(shapes_path() / COUNCILS)
    outlines = {s.code: s for layer in data["layers"] for s in _decode(layer)}
    return outlines, {code: tuple(files) for code, files in data["files"].items()}


def council_outlines() -> tuple[Shape, ...]:
    """Every council's outline: each council the bundled places hold (districts of the 2023
    unitary councils too, with ``within`` set, so a map of today draws one or the other) and
    Northern Ireland's districts."""
    return tuple(_councils()[0].values())


def _known(code: str) -> str:
    outlines, _ = _councils()
    if code in outlines:
        return code
    named = [s for s in outlines.values() if s.name.casefold() == code.strip().casefold()]
    hint = f"; {named[0].name} is {named[0].code}" if named else " (give a council's GSS code, such as E06000023)"
    raise QueryError(f"no council outline has the code {shown(code)}{hint}")


def council_outline(code: str) -> Shape:
    """One council's outline by its GSS code.

    Raises:
        QueryError: for a code no shipped council has.
    """
    return _councils()[0][_known(code)]


@cache
def _areas(file: str) -> tuple[tuple[Shape, ...], tuple[Shape, ...]]:
    data = _read(shapes_path() / AREAS / f"{file}.json.gz")
    return _decode(data["small_areas"]), _decode(data["wards"])


def _within(council: str, layer: int) -> tuple[Shape, ...]:
    """The shapes of one layer (0 small areas, 1 wards) that lie in a council or its districts."""
    outlines, files = _councils()
    codes = {_known(council)} | {s.code for s in outlines.values() if s.within == council}
    return tuple(s for file in files[council] for s in _areas(file)[layer] if s.within in codes)


def small_area_shapes(council: str) -> tuple[Shape, ...]:
    """A council's small areas, as the bundled places count them (none for Northern Ireland's
    districts).

    Raises:
        QueryError: for a code no shipped council has.
    """
    return _within(council, 0)


def ward_shapes(council: str) -> tuple[Shape, ...]:
    """A council's 2013 wards (none for Northern Ireland's districts).

    Raises:
        QueryError: for a code no shipped council has.
    """
    return _within(council, 1)


def bounds(shapes: Iterable[Shape]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the shapes together, in metres; a ValueError for none.

    >>> bounds([Shape("X", "", "ward", (((0.0, 5.0), (3.0, 9.0), (1.0, 2.0), (0.0, 5.0)),), "2013")])
    (0.0, 2.0, 3.0, 9.0)
    """
    points = [p for s in shapes for ring in s.rings for p in ring]
    if not points:
        raise ValueError("no shapes to bound")
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def contains(shape: Shape, point: Point) -> bool:
    """Whether ``point`` (easting, northing) lies inside ``shape``: a ray cast east crosses its
    rings an odd number of times.

    >>> square = Shape("X", "", "ward", (((0, 0), (10, 0), (10, 10), (0, 10), (0, 0)),), "2013")
    >>> contains(square, (5, 5)), contains(square, (15, 5))
    (True, False)
    """
    x, y = point
    inside = False
    for ring in shape.rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside

"""The outlines the package ships: every bundled council has one, small areas match the bundled
places, postcodes fall inside their own council, and outlines and points share one frame."""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from functools import cache

import pytest

from assetgraph.errors import QueryError
from assetgraph.geography.places import RECODED, UNITARIES_2023, bundled_rows
from assetgraph.geography.postcodes import bundled_postcodes_path, grid
from assetgraph.geography.shapes import (
    Shape,
    bounds,
    contains,
    council_outline,
    council_outlines,
    shapes_path,
    small_area_shapes,
    ward_shapes,
)
from assetgraph.graphmodel import AssetGraph, Organisation, Provenance
from assetgraph.graphmodel.vocabulary import PlaceLevel
from assetgraph.viz.geography import Frame, drawn_councils, geo_frame, geo_positions, svg_paths

#: bytes: the whole shipped shapes folder
BUDGET = 6_000_000


def _councils():
    return {r.code: r for r in bundled_rows() if r.level == PlaceLevel.LOCAL_AUTHORITY}


@cache
def _sample_sectors() -> dict[str, tuple[str, tuple[float, float]]]:
    """Per council, the sector of the bundled postcode table with the most postcodes among those
    wholly in that council (a sector that strays into another has its centroid pulled there:
    TR21 0 of the Isles of Scilly holds a postcode in Penzance)."""
    with gzip.open(bundled_postcodes_path(), "rt", encoding="utf-8") as handle:
        rows = list(csv.reader(line for line in handle if not line.startswith("#")))[1:]
    straying = {key[:-2] for kind, key, *_ in rows if kind == "postcode"}
    chosen: dict[str, tuple[int, str, tuple[float, float]]] = {}
    for kind, sector, code, count, easting, northing in rows:
        code = RECODED.get(code, code)
        if kind == "sector" and easting and sector not in straying and int(count) > chosen.get(code, (0,))[0]:
            chosen[code] = (int(count), sector, (float(easting), float(northing)))
    return {code: (sector, xy) for code, (_, sector, xy) in chosen.items()}


def _parse(d: str) -> list[list[tuple[float, float]]]:
    """The rings of an SVG path written as svg_paths writes it, each closed."""
    rings = []
    for part in re.findall(r"M([^Z]*)Z", d):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", part)]
        ring = list(zip(numbers[0::2], numbers[1::2], strict=True))
        rings.append([*ring, ring[0]])
    return rings


def _inside(rings: list[list[tuple[float, float]]], point: tuple[float, float]) -> bool:
    return contains(Shape("", "", "", tuple(tuple(r) for r in rings), ""), point)


def test_every_bundled_council_has_an_outline_under_its_own_code_and_name():
    councils = _councils()
    outlines = {s.code: s for s in council_outlines()}
    assert set(councils) <= set(outlines)
    for code, row in councils.items():
        shape = council_outline(code)
        assert (shape.name, shape.kind) == (row.name, "local_authority")
        assert shape.rings and max(len(r) for r in shape.rings) >= 4
    northern_ireland = {c for c in outlines if c.startswith("N09")}
    assert len(northern_ireland) == 11 and set(outlines) == set(councils) | northern_ireland
    districts = {d: u for u, (_, ds) in UNITARIES_2023.items() for d in ds if d in councils}
    assert {c: s.within for c, s in outlines.items() if s.within} == districts


def test_rings_are_closed_in_every_council_outline_and_a_councils_areas():
    shapes = [*council_outlines(), *small_area_shapes("E06000023"), *ward_shapes("S12000033")]
    for shape in shapes:
        assert shape.rings, shape.code
        for ring in shape.rings:
            assert len(ring) >= 4 and ring[0] == ring[-1], shape.code


def test_small_areas_are_the_bundled_places_small_areas_of_each_english_and_welsh_council():
    councils = _councils()
    members: defaultdict[str, set[str]] = defaultdict(set)
    for row in bundled_rows():
        if row.level == PlaceLevel.SMALL_AREA and row.nation in ("england", "wales"):
            members[row.within[0]].add(row.code)
    for unitary, (_, districts) in UNITARIES_2023.items():
        members[unitary] = set().union(*(members[d] for d in districts))
    checked = 0
    for code, row in councils.items():
        if row.nation == "scotland":
            continue
        shipped = small_area_shapes(code)
        assert len(shipped) == len(members[code]), code
        assert {s.code for s in shipped} == members[code], code
        checked += 1
    assert checked == sum(1 for r in councils.values() if r.nation != "scotland")


def test_scotlands_small_areas_are_2001_data_zones_and_say_so():
    zones = small_area_shapes("S12000033")  # Aberdeen City
    assert zones and all(z.code.startswith("S01") and z.vintage == "2001" for z in zones)
    assert all(z.label == f"Data zone {z.code} (2001 boundaries)" for z in zones)
    assert {w.label.endswith("(2013 boundaries)") for w in ward_shapes("S12000033")} == {True}


def test_neighbouring_small_areas_share_their_borders_point_for_point():
    areas = small_area_shapes("E06000023")  # Bristol
    points = [{p for ring in a.rings for p in ring} for a in areas]
    for i, mine in enumerate(points):
        shared = max(len(mine & theirs) for j, theirs in enumerate(points) if j != i)
        assert shared >= 2, areas[i].code


def test_a_postcode_of_each_council_lies_inside_its_own_outline_and_no_other_but_its_unitary():
    outlines = council_outlines()
    boxes = [(s, bounds([s])) for s in outlines]
    districts = defaultdict(set)
    for shape in outlines:
        if shape.within:
            districts[shape.within].add(shape.code)
    samples = _sample_sectors()
    assert set(samples) == set(grid().councils)  # all but the districts of the 2023 unitaries
    wrong = {}
    for code, (sector, point) in samples.items():
        x, y = point
        inside = {s.code for s, (w, so, e, n) in boxes if w <= x <= e and so <= y <= n and contains(s, point)}
        allowed = {code, council_outline(code).within, *districts[code]}
        if code not in inside or inside - allowed:
            wrong[code] = (sector, sorted(inside))
    assert wrong == {}


def test_an_unknown_council_code_is_a_clear_error():
    with pytest.raises(QueryError, match=r"no council outline has the code 'X99'"):
        small_area_shapes("X99")
    with pytest.raises(QueryError, match=r"Bristol, City of is E06000023"):
        council_outline("bristol, city of")
    assert ward_shapes("N09000003") == ()


def test_an_outline_and_a_postcode_point_line_up_in_one_frame():
    samples = _sample_sectors()
    graph = AssetGraph()
    for name, code in (("Harbour Hub", "E06000023"), ("Bay Larder", "W06000015")):  # Bristol; Cardiff
        graph.add_node(
            Organisation(name=name, attributes={"postcode": samples[code][0]}, provenance=[Provenance(source="t")])
        )
    nodes = [n.id for n in graph.nodes()]
    councils = drawn_councils(graph, nodes)
    assert [s.code for s in councils] == sorted(
        ["E06000023", "W06000015"], key=[s.code for s in council_outlines()].index
    )
    frame = geo_frame(graph, nodes, councils)
    west, south, east, north = bounds(councils)
    assert frame == Frame.around((west, south, east, north))
    positions = geo_positions(graph, nodes, frame)
    paths = {p["code"]: p for p in svg_paths(councils, frame)}
    bristol, cardiff = (_parse(paths[c]["d"]) for c in ("E06000023", "W06000015"))
    assert _inside(bristol, positions["organisation:harbour-hub"])
    assert not _inside(cardiff, positions["organisation:harbour-hub"])
    assert _inside(cardiff, positions["organisation:bay-larder"])
    assert not _inside(bristol, positions["organisation:bay-larder"])
    assert paths["E06000023"]["title"] == "Bristol, City of" and paths["E06000023"]["kind"] == "local_authority"
    xs = [x for ring in bristol + cardiff for x, _ in ring]
    ys = [y for ring in bristol + cardiff for _, y in ring]
    assert min(xs) == 0 and min(ys) == 0 and max(max(xs), max(ys)) == pytest.approx(2400, abs=0.1)


def test_a_small_areas_path_holds_the_postcodes_inside_it():
    areas = small_area_shapes("E06000023")
    frame = Frame.around(bounds(areas))
    sector, point = _sample_sectors()["E06000023"]
    home = [a for a in areas if contains(a, point)]
    assert len(home) == 1
    drawn = {p["code"]: _parse(p["d"]) for p in svg_paths(areas, frame)}
    assert [code for code, rings in drawn.items() if _inside(rings, frame.pixel(point))] == [home[0].code]
    assert len(drawn[home[0].code]) == len(home[0].rings)


def test_the_shipped_shapes_stay_within_their_size_budget():
    size = sum(p.stat().st_size for p in shapes_path().rglob("*") if p.is_file())
    assert 1_000_000 < size <= BUDGET

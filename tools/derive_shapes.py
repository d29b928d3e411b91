"""Derive the outlines assetgraph ships (``assetgraph/data/shapes/``) from the generalised
TopoJSON boundaries.

    python tools/derive_shapes.py ../shared/data/geography/boundaries

reads ``councils/gb-lad.topojson.gz`` (GB councils, 2013), ``councils/ni-lgd.topojson.gz``
(Northern Ireland's districts, 2015) and, per 2013 council, ``small-areas/*/`` (LSOAs 2011;
Scotland's data zones of 2001) and ``wards/*/`` (2013), all WGS84 longitude and latitude, and
writes ``councils.json.gz`` and ``areas/<code>.json.gz`` in the format
:mod:`assetgraph.geography.shapes` reads.

How:
- Every arc is projected onto the OS National Grid (EPSG:27700, with pyproj's default WGS84 ->
  OSGB36 Helmert transformation, as ``tools/derive_small_areas.py`` does for the postcodes;
  Northern Ireland too, so the whole UK shares one frame) and simplified on its own
  (Douglas-Peucker, topology-preserving within the arc) *before* rings are built from the arcs:
  two areas sharing a border share its simplified points exactly, so no gap opens between them.
- Points are rounded to :data:`AREA_UNIT` metres (small areas, wards) or :data:`COUNCIL_UNIT`
  (councils), and stored as steps from the point before.
- Every council the bundled places hold gets an outline: by its own code where the 2013 file
  has it; a council merged since (Dorset, Buckinghamshire, East Suffolk, the 2023 unitaries...)
  is the union of the 2013 councils its small areas lie in (or its districts); Scotland's four
  recoded councils (Fife, Glasgow...) are found by name. Each is written under the bundled code
  and name, with the files holding its small areas and wards; each small area and ward is
  marked ``within`` the bundled council it lies in (a small area: as the bundled places say).

Needs the ``geo`` extra (shapely, pyproj); the package reads only what this writes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.fileio import atomic_write_files
from assetgraph.geography.places import UNITARIES_2023, bundled_rows
from assetgraph.geography.shapes import AREAS, COUNCILS, encode_layer, shapes_path
from assetgraph.graphmodel.vocabulary import PlaceLevel

#: metres: how far a simplified border may stray from the source's, and the rounding of points
AREA_TOLERANCE, AREA_UNIT = 20.0, 10
COUNCIL_TOLERANCE, COUNCIL_UNIT = 60.0, 20
#: square metres: the smallest hole and piece of a merged council's union kept
MERGED_HOLE, MERGED_PIECE = 1e6, 5e4
_TO_GRID = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
#: layer -> (shape kind, [(folder, code property, name property, vintage)])
SOURCES = {
    "small_areas": (
        "small_area",
        [
            ("small-areas/england-lsoa2011", "LSOA11CD", "LSOA11NM", "2011"),
            ("small-areas/wales-lsoa2011", "LSOA11CD", "LSOA11NM", "2011"),
            ("small-areas/scotland-dz2001", "DZ_CODE", "DZ_NAME", "2001"),
        ],
    ),
    "wards": ("ward", [(f"wards/{n}-wards2013", "WD13CD", "WD13NM", "2013") for n in ("england", "wales", "scotland")]),
}
#: (code, name, rings), each ring the arcs it is joined from (``~i``: arc ``i`` backwards)
Area = tuple[str, str, list[list[int]]]
Source = tuple[Path, str, str, str]


def read_areas(path: Path, code_key: str, name_key: str, tolerance: float) -> tuple[list[np.ndarray], list[Area]]:
    """The arcs of one TopoJSON file on the grid, each simplified by ``tolerance`` metres on
    its own, and each area with its rings (outer rings and holes alike) as arc references."""
    data = json.loads(gzip.decompress(path.read_bytes()))
    (sx, sy), (tx, ty) = data["transform"]["scale"], data["transform"]["translate"]
    arcs = [np.cumsum(np.asarray(a, dtype=float), axis=0) for a in data["arcs"]]
    joined = np.concatenate(arcs)
    x, y = _TO_GRID.transform(joined[:, 0] * sx + tx, joined[:, 1] * sy + ty)
    lines = shapely.linestrings(
        np.column_stack([x, y]), indices=np.repeat(np.arange(len(arcs)), [len(a) for a in arcs])
    )
    grid = [shapely.get_coordinates(line) for line in shapely.simplify(lines, tolerance, preserve_topology=True)]
    areas = []
    for layer in data["objects"].values():
        for geometry in layer["geometries"]:
            kind = geometry.get("type")
            polygons = [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"] if kind == "MultiPolygon" else []
            props = geometry["properties"]
            areas.append((props[code_key], props.get(name_key) or "", [r for p in polygons for r in p]))
    return grid, areas


def joined(ring: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """A ring's points, from the arcs it is joined from."""
    parts = [arcs[r] if r >= 0 else arcs[~r][::-1] for r in ring]
    return np.concatenate([parts[0], *(p[1:] for p in parts[1:])])


def merge(areas: list[list[list[int]]], arcs: list[np.ndarray]) -> list[np.ndarray]:
    """The rings of several areas' union. Their shared borders are mostly the same simplified
    points, so the union's rings are made of their outer borders' points and meet the
    neighbours' as before. The 2013 council file is not a clean topology (some arcs are walked
    three times, some rings cross themselves once simplified), so the union is taken of mended
    polygons, and the slivers it leaves along the old borders (holes under
    :data:`MERGED_HOLE`, pieces under :data:`MERGED_PIECE` square metres) are dropped."""
    polygons = []
    for rings in areas:
        pieces = [shapely.make_valid(shapely.Polygon(joined(r, arcs)), method="structure") for r in rings]
        polygons.append(shapely.symmetric_difference_all(pieces))
    kept = []
    for part in shapely.get_parts(shapely.union_all(polygons)):
        if isinstance(part, shapely.Polygon) and part.area >= MERGED_PIECE:
            holes = [h for h in part.interiors if shapely.Polygon(h).area >= MERGED_HOLE]
            kept += [np.asarray(part.exterior.coords), *(np.asarray(h.coords) for h in holes)]
    return kept


def properties(path: Path) -> list[dict]:
    """The properties of each area of one TopoJSON file."""
    data = json.loads(gzip.decompress(path.read_bytes()))
    return [g["properties"] for layer in data["objects"].values() for g in layer["geometries"]]


def area_sources(bounds: Path, lads: set[str]) -> dict[str, dict[str, Source]]:
    """2013 council code -> layer -> the file holding that council's areas. Six small-area
    files are named by a code the council had before 2013 (Gateshead's E08000020): those are
    the council of the bundled places their areas lie in."""
    council_of = {r.code: r.within[0] for r in bundled_rows() if r.level == PlaceLevel.SMALL_AREA}
    found: dict[str, dict[str, Source]] = defaultdict(dict)
    for layer, (_, folders) in SOURCES.items():
        for folder, code_key, name_key, vintage in folders:
            for path in sorted((bounds / folder).glob("*.topojson.gz")):
                code = path.name.split(".")[0]
                if code not in lads:
                    (code,) = {council_of[p[code_key]] for p in properties(path)}
                found[code][layer] = (path, code_key, name_key, vintage)
    return found


def council_files(
    bounds: Path, sources: dict[str, dict[str, Source]]
) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, str]]:
    """Each bundled council's 2013 councils, whose outlines make its own: itself; else, for a
    council merged since, those its small areas lie in, or its districts'; a Scottish council
    recoded since, the one of its name. Then each bundled council's areas files (those of its
    2013 councils and any other holding one of its small areas: the bundled places put LSOA
    W01000060 in Powys, the 2013 files in Gwynedd), and each small area's bundled council."""
    lads = {p["LAD13NM"].casefold(): p["LAD13CD"] for p in properties(bounds / "councils/gb-lad.topojson.gz")}
    lsoa_lad = {
        p["LSOA11CD"]: lad
        for lad, layers in sources.items()
        if (source := layers["small_areas"])[1] == "LSOA11CD"
        for p in properties(source[0])
    }
    rows = bundled_rows()
    councils = {r.code: r for r in rows if r.level == PlaceLevel.LOCAL_AUTHORITY}
    council_of = {r.code: r.within[0] for r in rows if r.code in lsoa_lad}
    in_council: defaultdict[str, set[str]] = defaultdict(set)
    for lsoa, council in council_of.items():
        in_council[council].add(lsoa_lad[lsoa])

    def files(code: str) -> list[str]:
        if code in lads.values():
            return [code]
        if code in UNITARIES_2023:
            return sorted({f for district in UNITARIES_2023[code][1] for f in files(district)})
        if code.startswith("S"):
            return [lads[councils[code].name.casefold()]]
        return sorted(in_council[code])

    outlines = {code: files(code) for code in sorted(councils)}
    areas = {code: sorted({*held, *in_council[code]}) for code, held in outlines.items()}
    for unitary, (_, districts) in UNITARIES_2023.items():
        areas[unitary] = sorted({f for d in districts for f in areas[d]})
    return outlines, areas, council_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("boundaries", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    bounds: Path = args.boundaries
    arcs, lads = read_areas(bounds / "councils/gb-lad.topojson.gz", "LAD13CD", "LAD13NM", COUNCIL_TOLERANCE)
    sources = area_sources(bounds, {code for code, _, _ in lads})
    files, area_files, council_of = council_files(bounds, sources)
    home = {f: code for code, held in files.items() if code not in UNITARIES_2023 for f in held}
    names = {r.code: r.name for r in bundled_rows()}
    rings_of = {code: rings for code, _, rings in lads}
    within = {d: code for code, (_, districts) in UNITARIES_2023.items() for d in districts}
    councils = []
    for code, held in files.items():
        rings = rings_of[held[0]]
        if len(held) > 1:
            merged = merge([rings_of[f] for f in held], arcs)
            rings = [[len(arcs) + i] for i in range(len(merged))]
            arcs += merged
        councils.append((code, names[code], within.get(code), rings))
    ni_arcs, ni = read_areas(bounds / "councils/ni-lgd.topojson.gz", "LGDCode", "LGDNAME", COUNCIL_TOLERANCE)
    area_files.update({code: [] for code, _, _ in ni})
    out = shapes_path()
    layers = [
        encode_layer("local_authority", "2013", COUNCIL_UNIT, arcs, councils),
        encode_layer("local_authority", "2015", COUNCIL_UNIT, ni_arcs, [(c, n, None, r) for c, n, r in ni]),
    ]
    written = {out / COUNCILS: _gzip({"layers": layers, "files": area_files})}
    for lad, layers in sorted(sources.items()):
        found = {}
        for layer, (path, code_key, name_key, vintage) in layers.items():
            area_arcs, areas = read_areas(path, code_key, name_key, AREA_TOLERANCE)
            shapes = [(c, n, council_of.get(c, home[lad]), r) for c, n, r in areas]
            found[layer] = encode_layer(SOURCES[layer][0], vintage, AREA_UNIT, area_arcs, shapes)
        written[out / AREAS / f"{lad}.json.gz"] = _gzip(found)
    (out / AREAS).mkdir(parents=True, exist_ok=True)
    atomic_write_files(written)
    size = sum(len(b) for b in written.values())
    print(
        f"{out}: {len(councils) + len(ni)} council outlines, {len(sources)} councils' small areas and wards, "
        f"{size / 1e6:.2f} MB, {time.perf_counter() - started:.0f} s"
    )


def _gzip(data: dict) -> bytes:
    return gzip.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"), compresslevel=9, mtime=0)


if __name__ == "__main__":
    main()

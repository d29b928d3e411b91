"""Derive the bundled postcode -> small area and ward table by point-in-polygon.

    python tools/derive_small_areas.py ../shared/data/geography [--every N]

reads ``postcodes/gb-postcodes-lad-nov2025.csv.gz`` (each GB postcode's council and OS grid
reference, EPSG:27700) and the TopoJSON boundaries under ``boundaries/`` (WGS84 longitude and
latitude, quantised arcs): LSOA 2011 for England and Wales and wards 2013 for Great Britain. The
boundaries are projected onto the OS grid with pyproj (the default WGS84 -> OSGB36 Helmert
transformation, good to about 5 m without the OSTN15 grid) and each postcode is found in them
with a shapely STRtree. Needs the ``geo`` extra (shapely, pyproj); the package at run time reads
only the table this writes, ``assetgraph/data/places/gb-postcode-areas.txt.gz``.

Rules:
- A postcode takes only an area of its own council (the small area's council from the bundled
  places, the 2023 unitary councils holding their districts; a ward's council is the one most
  postcodes inside it lie in), so the small area, the ward and the council always agree.
- It is *approximate* where it lies within ``NEAR`` metres of the area's edge (the boundaries are
  generalised, and a postcode's addresses may straddle two areas), inside two areas at once, or
  outside every area of its council: then the nearest within ``SEARCH`` metres is taken; beyond
  that the postcode gets none.
- Scotland: the data zones bundled as boundaries are those of 2001, but SIMD 2020 ranks the 2011
  zones, so Scottish postcodes get a ward only (and their council, from the postcode table).
- A small area lies WITHIN a ward only where every one of its postcodes falls in that ward.
``--every N`` keeps one postcode in N (a quick trial run; never ship such a table).

Run on the November 2025 directory: 86 s on two cores; 2,636,121 postcodes; 4.2 MB. Of England
and Wales's postcodes 99.99% have a small area (16.8% approximate: postcodes sit on streets,
which LSOA edges follow); every GB postcode has a ward (4.4% approximate); 29,992 of 34,752
small areas lie wholly in one ward. Only 8 of 52,723 sampled postcodes (1 in 50) fell in an
area of another council than their own.

Checked by hand (December 2026): 20 postcodes, 15 drawn at random from 15 councils (seed 25:
KT4 7PU, BB2 1DN, SO5 5EE, PE24 4PS, PH1 5XE, DN2 4HG, BS39 5BJ, TN14 5AS, NG7 6GX, TW11 0SU,
B98 8BP, TR21 0JE, PA87 2JJ, CB4 3NT, SW11 5LQ) and five known ones (SW1A 1AA, BS5 6HX, M1 1AE,
CF10 3NQ, EH1 1BB), each looked up the other way round: the grid reference converted to
longitude and latitude and tested against the unprojected TopoJSON rings, decoded afresh. The
table agreed on all 20 small areas (none for the three Scottish ones) and all 20 wards. The
known ones are where they should be: Buckingham Palace in St James's (Westminster), BS5 6HX in
Easton (Bristol 057A, IMD decile 2), Cathays for Cardiff University, City Centre for Waverley
(Edinburgh), St Mary's for the Isles of Scilly. This checks the decoding, projection and
choice, not the boundaries themselves, which are generalised and of 2011 and 2013.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assetgraph.geography.places import RECODED, UNITARIES_2023, bundled_places_path, read_places  # noqa: E402
from assetgraph.geography.small_areas import Ward, bundled_areas_path, write_small_areas  # noqa: E402
from assetgraph.graphmodel.vocabulary import PlaceLevel  # noqa: E402

#: metres from an area's edge within which a postcode is marked approximate
NEAR = 25.0
#: metres within which the nearest area of the postcode's council is taken for one outside all
SEARCH = 1000.0
_TO_GRID = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def read_topojson(path: Path, code_key: str, name_key: str) -> list[tuple[str, str, shapely.Geometry]]:
    """(code, name, polygon on the OS grid) for each area of one TopoJSON file."""
    data = json.loads(gzip.decompress(path.read_bytes()))
    (sx, sy), (tx, ty) = data["transform"]["scale"], data["transform"]["translate"]
    arcs = [np.cumsum(np.asarray(a, dtype=float), axis=0) for a in data["arcs"]]
    joined = np.concatenate(arcs)
    x, y = _TO_GRID.transform(joined[:, 0] * sx + tx, joined[:, 1] * sy + ty)
    grid = np.split(np.column_stack([x, y]), np.cumsum([len(a) for a in arcs])[:-1])

    def ring(indexes: list[int]) -> np.ndarray:
        parts = [grid[i] if i >= 0 else grid[~i][::-1] for i in indexes]
        return np.concatenate([parts[0], *(p[1:] for p in parts[1:])])

    def polygon(rings: list[list[int]]) -> shapely.Polygon:
        return shapely.Polygon(ring(rings[0]), [ring(r) for r in rings[1:]])

    found = []
    for layer in data["objects"].values():
        for geometry in layer["geometries"]:
            if geometry.get("type") == "Polygon":
                shape = polygon(geometry["arcs"])
            elif geometry.get("type") == "MultiPolygon":
                shape = shapely.MultiPolygon([polygon(p) for p in geometry["arcs"]])
            else:
                continue
            if not shape.is_valid:
                shape = shapely.make_valid(shape)
            props = geometry["properties"]
            found.append((props[code_key], props.get(name_key) or "", shape))
    return found


def assign(
    points: np.ndarray, councils: np.ndarray, shapes: np.ndarray, shape_councils: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """For each point, the index of the shape (of its council, where ``shape_councils`` is
    given) it lies in (-1: none within SEARCH), and whether that is approximate."""
    tree = shapely.STRtree(shapes)
    chosen = np.full(len(points), -1)
    approximate = np.zeros(len(points), dtype=bool)
    inside, shape = tree.query(points, predicate="intersects")
    if shape_councils is not None:
        keep = councils[inside] == shape_councils[shape]
        inside, shape = inside[keep], shape[keep]
    chosen[inside] = shape
    approximate |= np.bincount(inside, minlength=len(points)) > 1
    missing = np.flatnonzero(chosen < 0)
    near, shape = tree.query(points[missing], predicate="dwithin", distance=SEARCH)
    if shape_councils is not None:
        keep = councils[missing[near]] == shape_councils[shape]
        near, shape = near[keep], shape[keep]
    order = np.argsort(-shapely.distance(points[missing[near]], shapes[shape]))
    chosen[missing[near[order]]] = shape[order]
    approximate[missing] = True
    exact = np.flatnonzero((chosen >= 0) & ~approximate)
    edges = shapely.boundary(shapes)
    approximate[exact] |= shapely.distance(points[exact], edges[chosen[exact]]) < NEAR
    return chosen, approximate


def read_postcodes(path: Path, every: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Postcodes with a grid reference, their councils (as the bundled places code them) and
    points."""
    names, councils, xy = [], [], []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows)
        for number, (postcode, council, easting, northing) in enumerate(rows):
            if number % every or not easting or not northing:
                continue
            names.append(postcode)
            councils.append(RECODED.get(council, council))
            xy.append((float(easting), float(northing)))
    points = shapely.points(np.asarray(xy))
    return names, np.asarray(councils, dtype=object), points


def small_area_councils() -> dict[str, str]:
    """LSOA code -> its council as the postcode table codes it (a district of a 2023 unitary
    council is that council)."""
    unitary_of = {d: code for code, (_, districts) in UNITARIES_2023.items() for d in districts}
    return {
        r.code: unitary_of.get(r.within[0], r.within[0])
        for r in read_places(bundled_places_path())
        if r.level == PlaceLevel.SMALL_AREA and r.nation in ("england", "wales")
    }


def layer(folder: Path, names: list[str], code_key: str, name_key: str) -> list[tuple[str, str, shapely.Geometry]]:
    found = []
    for name in names:
        for path in sorted((folder / name).glob("*.topojson.gz")):
            found += read_topojson(path, code_key, name_key)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("geography", type=Path)
    parser.add_argument("--every", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    postcodes, councils, points = read_postcodes(
        args.geography / "postcodes" / "gb-postcodes-lad-nov2025.csv.gz", args.every
    )
    print(f"{len(postcodes)} postcodes with a grid reference ({time.perf_counter() - started:.0f} s)")
    bounds = args.geography / "boundaries"
    lsoas = layer(bounds / "small-areas", ["england-lsoa2011", "wales-lsoa2011"], "LSOA11CD", "LSOA11NM")
    wards = layer(bounds / "wards", ["england-wards2013", "wales-wards2013", "scotland-wards2013"], "WD13CD", "WD13NM")
    print(f"{len(lsoas)} small areas, {len(wards)} wards ({time.perf_counter() - started:.0f} s)")

    of_council = small_area_councils()
    lsoa_shapes = np.asarray([s for _, _, s in lsoas], dtype=object)
    lsoa_councils = np.asarray([of_council.get(c, "") for c, _, _ in lsoas], dtype=object)
    in_ew = np.asarray([c[0] in "EW" for c in councils])
    area, area_approx = np.full(len(postcodes), -1), np.zeros(len(postcodes), dtype=bool)
    area[in_ew], area_approx[in_ew] = assign(points[in_ew], councils[in_ew], lsoa_shapes, lsoa_councils)
    print(f"small areas placed ({time.perf_counter() - started:.0f} s)")

    ward_shapes = np.asarray([s for _, _, s in wards], dtype=object)
    first, _ = assign(points, councils, ward_shapes, None)
    votes: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for index, council in zip(first, councils, strict=True):
        if index >= 0:
            votes[int(index)][council] += 1
    ward_councils = np.asarray([votes[i].most_common(1)[0][0] if votes[i] else "" for i in range(len(wards))])
    ward, ward_approx = assign(points, councils, ward_shapes, ward_councils.astype(object))
    print(f"wards placed ({time.perf_counter() - started:.0f} s)")

    wards_of_area: defaultdict[str, set[int]] = defaultdict(set)
    rows = []
    for i, postcode in enumerate(postcodes):
        code = lsoas[area[i]][0] if area[i] >= 0 else None
        if code is not None:
            wards_of_area[code].add(int(ward[i]))
        rows.append(
            (postcode, code, wards[ward[i]][0] if ward[i] >= 0 else None, bool(area_approx[i]), bool(ward_approx[i]))
        )
    area_wards = {a: wards[w.pop()][0] for a, w in wards_of_area.items() if len(w) == 1 and -1 not in w}
    used = {int(w) for w in ward if w >= 0}
    ward_rows = [Ward(wards[i][0], wards[i][1], str(ward_councils[i])) for i in sorted(used)]
    counts = write_small_areas(sorted(rows), area_wards, ward_rows, bundled_areas_path())
    out = bundled_areas_path()
    n = len(postcodes)
    print(
        f"{out}: {counts['postcodes']} postcodes, {counts['small_areas']} small areas, {counts['wards']} wards, "
        f"{out.stat().st_size / 1e6:.2f} MB ({time.perf_counter() - started:.0f} s)\n"
        f"  England and Wales with a small area: {(area[in_ew] >= 0).mean():.4f}, approximate "
        f"{area_approx[in_ew].mean():.4f}\n"
        f"  with a ward: {(ward >= 0).mean():.4f}, approximate {ward_approx.mean():.4f}; "
        f"small areas wholly in one ward: {len(area_wards)} of {len(wards_of_area)}; postcodes: {n}"
    )


if __name__ == "__main__":
    main()

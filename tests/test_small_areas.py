"""Small areas and wards from postcodes (issue 25, item 3). Expectations come from the bundled
table itself (``gb-postcode-areas.txt.gz``), never from ../shared/data."""

from __future__ import annotations

import gzip

import pytest

from assetgraph.geography.lookup import find_place
from assetgraph.geography.places import bundled_rows
from assetgraph.geography.postcodes import postcode_place
from assetgraph.geography.small_areas import (
    Ward,
    bundled_areas_path,
    parse_units,
    postcode_areas,
    small_area_row,
    write_small_areas,
)
from assetgraph.graphmodel.identifiers import gss_place_id
from assetgraph.graphmodel.vocabulary import PlaceLevel
from assetgraph.loaders import SEED, load
from assetgraph.queries.pathways import pathways
from assetgraph.queries.places import enclosing


@pytest.fixture(scope="module")
def table():
    """The bundled table's lines by kind: small areas, wards and each sector's units."""
    with gzip.open(bundled_areas_path(), "rt", encoding="utf-8") as handle:
        lines = [line.rstrip("\n").split("\t") for line in handle]
    return {
        "head": lines[0][0],
        "areas": [f[1] for f in lines if f[0] == "A"],
        "wards": [f for f in lines if f[0] == "W"],
        "sectors": {f[1]: f[2] for f in lines if f[0] == "S"},
    }


@pytest.fixture(scope="module")
def sample(table):
    """One postcode from each of many councils (every 40th sector), with an approximate small
    area, an approximate ward and a Scottish postcode among them."""
    picked: dict[str, str] = {}
    wanted = {"area?": None, "ward!": None}
    for sector, units in list(table["sectors"].items())[::40]:
        found = parse_units(units)
        unit = next(iter(found))
        council = postcode_place(f"{sector}{unit}").code
        picked.setdefault(council, f"{sector}{unit}")
        for u, (_, _, area_approximate, ward_approximate) in found.items():
            if area_approximate and wanted["area?"] is None:
                wanted["area?"] = f"{sector}{u}"
            if ward_approximate and wanted["ward!"] is None:
                wanted["ward!"] = f"{sector}{u}"
    chosen = sorted({*list(picked.values())[::4], *wanted.values()})
    assert any(postcode_place(p).code.startswith("S") for p in chosen)
    return chosen


def test_the_table_carries_the_attribution_and_names_only_bundled_places(table):
    assert "Office for National" in table["head"] and "Chorley" in table["head"]
    places = {p.code: p for p in bundled_rows()}
    assert len(table["areas"]) > 30_000 and all(places[a].level == PlaceLevel.SMALL_AREA for a in table["areas"])
    assert not any(a.startswith("S") for a in table["areas"])  # Scotland: ward and council only
    assert len(table["wards"]) > 8_000
    assert all(places[council].level == PlaceLevel.LOCAL_AUTHORITY for _, _, _, council in table["wards"])


def test_the_format_reads_back_what_was_written(tmp_path):
    wards = [Ward("E05000001", "Easton", "E06000023"), Ward("E05000002", "Lawrence Hill", "E06000023")]
    rows = [
        ("BS5 6HA", "E01000001", "E05000001", False, False),
        ("BS5 6HB", "E01000001", "E05000001", True, False),
        ("BS5 6HD", "E01000002", "E05000002", False, True),
        ("EH1 1AA", None, "E05000002", False, False),
    ]
    path = tmp_path / "areas.txt.gz"
    counts = write_small_areas(rows, {"E01000001": "E05000001"}, wards, path)
    assert counts == {"postcodes": 4, "small_areas": 2, "wards": 2, "sectors": 2}
    lines = [line.split("\t") for line in gzip.decompress(path.read_bytes()).decode().splitlines()]
    areas = [f[1] for f in lines if f[0] == "A"]
    ward_codes = [f[1] for f in lines if f[0] == "W"]
    read = {}
    for f in lines:
        if f[0] == "S":
            for unit, (area, ward, a_approx, w_approx) in parse_units(f[2]).items():
                read[f"{f[1]}{unit}"] = (
                    areas[area] if area is not None else None,
                    ward_codes[ward],
                    a_approx,
                    w_approx,
                )
    assert read == {r[0]: r[1:] for r in rows}
    assert [f[2] for f in lines if f[0] == "A"] == ["0", ""]  # only the first lies wholly in a ward


def test_assets_are_placed_in_their_small_area_and_ward_within_their_council(write, sample):
    ours = write("organisations.csv", "name,postcode\n" + "".join(f"Hub {p},{p}\n" for p in sample))
    g = load(ours)
    for postcode in sample:
        node = g.find(f"Hub {postcode}").id
        council, areas = gss_place_id(postcode_place(postcode).code), postcode_areas(postcode)
        placed = {e.target: e for e in g.edges("LOCATED_IN") if e.source == node}
        ward = gss_place_id(areas.ward.code)
        assert g.node(ward).name == f"{areas.ward.name} (2013 boundaries)"
        assert g.node(ward).level == PlaceLevel.NEIGHBOURHOOD and council in enclosing(g, ward)
        expected = {council, ward} | ({gss_place_id(areas.small_area)} if areas.small_area else set())
        assert set(placed) == expected
        assert placed[ward].attributes.get("approximate", False) == areas.ward_approximate
        inferred = [e.provenance[0] for t, e in placed.items() if t != council]
        assert all(p.inferred and p.locator == postcode for p in inferred)
        if areas.small_area:
            area = gss_place_id(areas.small_area)
            assert placed[area].attributes.get("approximate", False) == areas.small_area_approximate
            assert g.node(area).level == PlaceLevel.SMALL_AREA and council in enclosing(g, area)
            assert g.node(area).deprivation_decile == small_area_row(areas.small_area).decile
            assert (ward in enclosing(g, area)) == (areas.area_ward is not None and areas.area_ward == areas.ward)
        else:
            assert postcode_place(postcode).code.startswith("S")


def test_a_sector_places_an_asset_in_its_council_only(write, sample):
    sector = sample[0][:-2]
    g = load(write("organisations.csv", f"name,postcode\nHub,{sector}\n"))
    targets = [e.target for e in g.edges("LOCATED_IN") if e.source == g.find("Hub").id]
    assert targets == [gss_place_id(postcode_place(sector).code)]


def test_a_resident_starts_in_their_small_area_with_its_deprivation(table):
    g = load(SEED, places=["wales"])
    cardiff = next(
        f"{s}{u}"
        for s, units in table["sectors"].items()
        if s.startswith("CF")
        for u in parse_units(units)
        if postcode_areas(f"{s}{u}").small_area and postcode_place(f"{s}{u}").code == "W06000015"
    )
    row = small_area_row(postcode_areas(cardiff).small_area)
    assert find_place(g, cardiff) == gss_place_id(row.code)
    start = pathways(g, resident_of=cardiff, need="smoking").start
    assert start == f"a resident of {row.name}, {row.index} decile {row.decile}"
    assert find_place(g, cardiff[:-2]) == g.find("Cardiff", "place").id  # a sector: its council

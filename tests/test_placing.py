"""Assets placed by their postcodes, residents found by theirs (issue 12). Expectations come
from the bundled postcode table itself, never from ../shared/data."""

from __future__ import annotations

import csv
import gzip
import json

import pytest

from assetgraph.errors import NoPlaces
from assetgraph.geography.lookup import find_place
from assetgraph.geography.places import RECODED, UNITARIES_2023, bundled_rows
from assetgraph.geography.postcodes import bundled_postcodes_path, postcode_place
from assetgraph.graphmodel import PlaceLevel
from assetgraph.graphmodel.identifiers import gss_place_id
from assetgraph.loaders import BuildReport, load
from assetgraph.queries.pathways import pathways
from assetgraph.queries.places import enclosing


def _postcode_rows():
    with gzip.open(bundled_postcodes_path(), "rt", encoding="utf-8") as handle:
        rows = csv.reader(line for line in handle if not line.startswith("#"))
        next(rows)
        return list(rows)


@pytest.fixture(scope="module")
def bundled():
    rows = _postcode_rows()
    sectors = {key: code for kind, key, code, *_ in rows if kind == "sector"}
    exceptions = {key: code for kind, key, code, *_ in rows if kind == "postcode"}
    return sectors, exceptions


def test_the_bundled_table_carries_the_attribution_and_every_council_is_a_bundled_place(bundled):
    with gzip.open(bundled_postcodes_path(), "rt", encoding="utf-8") as handle:
        assert "Office for National Statistics" in handle.readline()
    sectors, exceptions = bundled
    places = {p.code for p in bundled_rows()}
    councils = {RECODED.get(c, c) for c in (*sectors.values(), *exceptions.values())}
    assert len(sectors) > 10_000 and councils <= places


def test_a_postcode_outside_its_sectors_council_resolves_to_its_own(bundled):
    sectors, exceptions = bundled
    postcode, code = next(iter(exceptions.items()))
    sector = postcode[:-2]
    assert sectors[sector] != code
    assert postcode_place(postcode).code == RECODED.get(code, code)
    assert postcode_place(postcode.replace(" ", "").lower()).postcode == postcode
    assert postcode_place(sector).code == RECODED.get(sectors[sector], sectors[sector])
    assert not postcode_place(sector).exact and postcode_place(postcode).exact


def test_recoded_and_new_councils_land_on_bundled_places(bundled):
    sectors, _ = bundled
    barnsley = next(s for s, c in sectors.items() if c == "E08000038")
    assert postcode_place(barnsley).code == "E08000016"
    places = {p.code: p for p in bundled_rows()}
    for code, (name, districts) in UNITARIES_2023.items():
        assert places[code].name == name
        assert all(code in places[d].within for d in districts)
        somewhere = next(s for s, c in sectors.items() if c == code)
        assert postcode_place(somewhere).name == name


def _grant(gid, recipient):
    return {
        "id": gid,
        "title": "x",
        "currency": "GBP",
        "amountAwarded": 100,
        "awardDate": "2020-01-01",
        "fundingOrganization": [{"id": "GB-CHC-1", "name": "Trust"}],
        "recipientOrganization": [recipient],
    }


def test_grant_recipients_are_placed_in_their_council_and_the_unplaceable_reported(write, bundled):
    sectors, _ = bundled
    cardiff = next(s for s, c in sectors.items() if c == "W06000015") + "AA"
    grants = [
        _grant("g1", {"id": "GB-CHC-2", "name": "Hub", "postalCode": cardiff}),
        _grant("g2", {"id": "GB-CHC-3", "name": "Far", "postalCode": "ZZ99 9ZZ"}),
    ]
    path = write("grants.json", json.dumps({"grants": grants}))
    report = BuildReport()
    g = load(path, report=report)
    council = postcode_place(cardiff)
    placed = {g.node(e.target).level: e for e in g.edges("LOCATED_IN") if e.source == "organisation:gb-chc-2"}
    in_council = placed.pop(PlaceLevel.LOCAL_AUTHORITY)
    assert in_council.target == gss_place_id(council.code) and g.node(in_council.target).name == council.name
    assert in_council.provenance[0].locator == council.postcode
    # a full postcode also places it in its small area and ward, both within the council
    assert set(placed) == {PlaceLevel.SMALL_AREA, PlaceLevel.NEIGHBOURHOOD}
    assert all(in_council.target in enclosing(g, e.target) for e in placed.values())
    assert [s.reason.split(";")[0] for s in report.unplaced] == ["'ZZ99 9ZZ' is not a GB postcode in the directory"]
    with_places = load(path, places=["wales"])
    assert sum(1 for p in with_places.nodes("place") if p.code == council.code) == 1


def test_directory_venues_and_our_own_records_are_placed(write, bundled):
    sectors, _ = bundled
    leeds = next(s for s, c in sectors.items() if c == "E08000035") + "AB"
    write("pkg/organization.csv", "id,name\no1,Victor House\n")
    write("pkg/service.csv", "id,name,organization_id\ns1,Drop in,o1\n")
    write("pkg/location.csv", "id,name,organization_id\nl1,Hall,o1\n")
    write("pkg/address.csv", f"id,location_id,address_1,city,postal_code\na1,l1,1 Road,Leeds,{leeds}\n")
    write("pkg/service_at_location.csv", "id,service_id,location_id\nsl1,s1,l1\n")
    descriptor = write(
        "pkg/datapackage.json",
        json.dumps(
            {
                "resources": [
                    {"name": n, "path": f"{n}.csv"}
                    for n in ("organization", "service", "location", "address", "service_at_location")
                ]
            }
        ),
    )
    ours = write("organisations.csv", f"name,postcode\nCorner Cafe,{leeds}\n")
    g = load(descriptor.parent, ours)
    council = gss_place_id(postcode_place(leeds).code)

    def councils(relation: str, name: str) -> list[str]:
        ends = [e.target for e in g.edges(relation) if e.source == g.find(name).id]
        return [t for t in ends if g.node(t).level == PlaceLevel.LOCAL_AUTHORITY]

    assert councils("WITHIN", "Hall") == councils("LOCATED_IN", "Corner Cafe") == [council]
    assert councils("LOCATED_IN", "Victor House") == [council]


def test_a_resident_is_found_by_postcode_or_sector(run, tmp_path, bundled):
    graph = tmp_path / "wales.json"
    assert run("build", "@seed", "--places", "wales", "-o", graph).exit_code == 0
    g = load(graph)
    sectors, _ = bundled
    sector = next(s for s, c in sectors.items() if c == "W06000015")
    by_name = pathways(g, resident_of="Cardiff", need="smoking")
    for where in (sector, sector.replace(" ", "").lower()):
        assert pathways(g, resident_of=where, need="smoking") == by_name
    # a full postcode starts in its small area within the council (see tests/test_small_areas.py)
    home = find_place(g, sector + "AB")
    assert g.node(home).level == PlaceLevel.SMALL_AREA and g.find("Cardiff", "place").id in enclosing(g, home)
    held = {p.code for p in g.nodes("place") if p.code}
    far, code = next((s, c) for s, c in sorted(sectors.items()) if c.startswith("S12") and c not in held)
    with pytest.raises(NoPlaces, match=f"{far} is in .* \\({code}\\), a place this graph does not hold"):
        pathways(g, resident_of=far, need="smoking")
    edinburgh = next(s for s, c in sectors.items() if c == "S12000036")  # held by the seed under its own id
    assert pathways(g, resident_of=edinburgh, need="smoking").start == "a resident of Edinburgh"
    cli = run("pathways", graph, "--resident-of", sector, "--need", "smoking", "--format", "json")
    assert json.loads(cli.output)["start"] == "a resident of Cardiff"


def test_a_postcode_finds_its_council_by_code_where_the_graph_gave_it_its_own_id(bundled):
    from assetgraph.loaders import SEED

    g = load(SEED)
    cardiff = g.find("Cardiff", "place")
    assert cardiff.id != gss_place_id(cardiff.code)  # the seed's own id, not the code's
    sectors, _ = bundled
    sector = next(s for s, c in sectors.items() if c == cardiff.code)
    assert pathways(g, resident_of=sector + "AB", need="smoking").start == "a resident of Cardiff"


def test_beneficiary_locations_are_places_by_code_and_text_names_only_known_places(write):
    grant = _grant("g1", {"id": "GB-CHC-2", "name": "Hub"})
    grant["beneficiaryLocation"] = [
        {"geoCode": "W01001806", "geoCodeType": "LSOA", "name": "Pentwyn 1"},
        {"name": "Schools from all over Oxfordshire"},
        {"geoCode": "RG9", "geoCodeType": "LSOA"},
        {"name": "Cardiff"},
    ]
    grant["plannedDates"] = [{"startDate": "30/09/2013", "endDate": "03/10/2014"}]
    grant["recipientOrganization"][0]["location"] = [{"geoCode": "W06000015", "geoCodeType": "LAD", "name": "Cardiff"}]
    individual = {
        "id": "g2",
        "amountAwarded": 250,
        "awardDate": "2020-01-01",
        "currency": "GBP",
        "fundingOrganization": [{"id": "GB-CHC-1", "name": "Trust"}],
        "recipientIndividual": {"id": "person-77", "name": "Jo Bloggs"},
        "beneficiaryLocation": [{"geoCode": "W06000015", "geoCodeType": "LAD"}],
    }
    path = write("grants.json", json.dumps({"grants": [grant, individual, individual | {"id": "g3"}]}))
    report = BuildReport()
    g = load(path, report=report)
    names = {p.name for p in g.nodes("place")}
    assert "Pentwyn 1" in names and not names & {"Schools from all over Oxfordshire", "RG9"}
    assert g.node("place:w01001806").level == "small_area"
    funds = next(e for e in g.edges("FUNDS") if e.key == "g1")
    assert funds.attributes["beneficiary_location"] == "Schools from all over Oxfordshire; RG9; Cardiff"
    assert (funds.start_date.isoformat(), funds.end_date.isoformat()) == ("2013-09-30", "2014-10-03")
    reasons = sorted(s.reason for s in report.unplaced)
    assert reasons == [
        f"beneficiary location {n!r} names no known place; kept as text on the grant"
        for n in ("RG9", "Schools from all over Oxfordshire")
    ]
    served = {e.target for e in g.edges("SERVES") if e.source == "organisation:gb-chc-2"}
    assert served == {"place:w01001806", "place:w06000015"}  # "Cardiff" names the place the file's codes made
    assert [e.target for e in g.edges("LOCATED_IN") if e.source == "organisation:gb-chc-2"] == ["place:w06000015"]
    reach = [e for e in g.edges("SERVES") if e.source == "organisation:gb-chc-1"]
    assert [(e.target, e.attributes) for e in reach] == [
        ("place:w06000015", {"grants_to_individuals": 2, "amount_to_individuals": 500.0})
    ]
    assert "Jo Bloggs" not in json.dumps([n.model_dump(mode="json") for n in g.nodes()]) and not list(g.nodes("person"))
    with_places = load(path, places=["wales"], report=(known := BuildReport()))
    assert {e.target for e in with_places.edges("SERVES") if e.source == "organisation:gb-chc-2"} == served
    assert len(known.unplaced) == 2


def test_a_directory_without_service_areas_serves_the_area_given_at_build(run, write, tmp_path):
    services = [
        {"id": "s1", "name": "Drop in", "organization": {"id": "o1", "name": "Victor House"}, "pc_targetAudience": []},
        {
            "id": "s2",
            "name": "Laundry",
            "organization": {"id": "o1", "name": "Victor House"},
            "pc_targetAudience": [],
            "service_areas": [{"id": "a1", "name": "Wales", "uri": "W92000004"}],
        },
    ]
    directory = write("dir.json", json.dumps(services))
    out = tmp_path / "g.json"
    built = run("build", directory, "--places", "wales", "--serves", f"{directory}=Cardiff", "-o", out)
    assert built.exit_code == 0, built.output
    g = load(out)
    served = {
        (g.node(e.source).name, g.node(e.target).name, all(p.inferred for p in e.provenance)) for e in g.edges("SERVES")
    }
    assert ("Drop in", "Cardiff", True) in served and ("Laundry", "Wales", False) in served
    assert not any(s == "Laundry" and t == "Cardiff" for s, t, _ in served)
    wrong = run("build", directory, "--serves", "other.json=Cardiff", "-o", tmp_path / "x.json")
    assert wrong.exit_code == 2 and "'other.json' is none of the sources given" in wrong.output

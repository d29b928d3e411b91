"""Wards people name, councils' deprivation from their small areas, and a postcode as the place
of a profile (issue 25, items 3 and 4). Expected answers come from the bundled tables (the
postcode table, the places), never from ../shared/data."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from assetgraph.cli import cli
from assetgraph.errors import AmbiguousName
from assetgraph.geography.lookup import find_place
from assetgraph.geography.places import bundled_rows
from assetgraph.geography.small_areas import _table, parse_units, postcode_areas, small_area_row
from assetgraph.graphmodel.identifiers import gss_place_id
from assetgraph.graphmodel.vocabulary import PlaceLevel
from assetgraph.loaders import SEED, load
from assetgraph.queries.gaps import gaps
from assetgraph.queries.places import enclosed
from assetgraph.queries.profile import place_profile
from tests.publisher_shapes import grants, sectors_by_council

FUNDER = {"id": "GB-CHC-9999999", "name": "Ward Test Fund"}


def wards_named(name: str) -> dict[str, str]:
    """Council code -> the code of its ward called ``name``, from the bundled table."""
    return {w.council: w.code for w in _table().wards if w.name == name}


def postcode_in_ward(ward: str, council: str) -> str:
    """A postcode of the bundled table lying in ``ward`` (not near its edge)."""
    number = next(i for i, w in enumerate(_table().wards) if w.code == ward)
    for sector in sectors_by_council()[council]:
        for unit, (_, found, _, near_edge) in parse_units(_table().sectors.get(sector, "")).items():
            if found == number and not near_edge:
                return f"{sector}{unit}"
    raise AssertionError(f"no postcode in {ward}")


def grant_file(write, postcodes: list[str]):
    """A 360Giving file with one recipient at each postcode."""
    recipients = [
        {"id": f"GB-CHC-W{i:04d}", "name": f"Ward Recipient {i}", "postalCode": code}
        for i, code in enumerate(postcodes)
    ]
    return write("grants.json", json.dumps(grants(FUNDER, recipients, "WARD")))


@pytest.fixture(scope="module")
def eastons():
    """The two councils with a ward called Easton (Bristol and South Norfolk), found in the
    table, each with a postcode in it."""
    found = wards_named("Easton")
    assert {"E06000023", "E07000149"} <= set(found)
    return {council: (ward, postcode_in_ward(ward, council)) for council, ward in found.items()}


def test_a_ward_named_in_two_councils_is_ambiguous_and_the_error_lists_the_councils(write, eastons):
    g = load(grant_file(write, [postcode for _, postcode in eastons.values()]))
    with pytest.raises(AmbiguousName) as caught:
        find_place(g, "Easton")
    assert caught.value.candidates == sorted(gss_place_id(ward) for ward, _ in eastons.values())
    message = str(caught.value)
    for council in eastons:
        assert g.node(gss_place_id(council)).name in message
    for council, (ward, _) in eastons.items():
        said = f"Easton, {g.node(gss_place_id(council)).name}"
        assert find_place(g, said) == gss_place_id(ward)
        assert g.find(said, "place").name == "Easton (2013 boundaries)"
    assert find_place(g, "Easton, Bristol") == gss_place_id(eastons["E06000023"][0])


def test_a_bare_ward_name_finds_the_only_ward_of_that_name(write, eastons):
    ward, postcode = eastons["E07000149"]
    g = load(grant_file(write, [postcode]))
    assert find_place(g, "Easton") == gss_place_id(ward)
    assert find_place(g, "easton, south norfolk") == gss_place_id(ward)


def test_a_ward_named_as_a_council_leaves_that_name_to_the_council(write):
    council = "E06000055"  # Bedford
    (ward,) = (code for c, code in wards_named("Bedford").items() if c == "E09000032")  # in Wandsworth
    g = load(grant_file(write, [postcode_in_ward(ward, "E09000032"), f"{sectors_by_council()[council][0]}AA"]))
    assert find_place(g, "Bedford") == gss_place_id(council)
    assert find_place(g, "Bedford, Wandsworth") == gss_place_id(ward)


def test_the_cli_names_an_ambiguous_ward_and_profiles_a_ward_named_with_its_council(write, tmp_path, eastons):
    saved = tmp_path / "g.json"
    runner = CliRunner()
    source = grant_file(write, [postcode for _, postcode in eastons.values()])
    assert runner.invoke(cli, ["build", str(source), "-o", str(saved)]).exit_code == 0
    result = runner.invoke(cli, ["profile", str(saved), "Easton", "--format", "json"])
    assert result.exit_code == 1
    error = json.loads(result.stderr)
    assert error["kind"] == "ambiguous_name"
    assert error["candidates"] == sorted(gss_place_id(ward) for ward, _ in eastons.values())
    assert "South Norfolk" in error["error"] and "Bristol, City of" in error["error"]
    result = runner.invoke(cli, ["profile", str(saved), "Easton, Bristol", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["place"]["code"] == eastons["E06000023"][0]


@pytest.fixture(scope="module")
def britain():
    return load(places=["england", "scotland", "wales"])


def test_each_councils_summary_is_a_count_over_the_small_areas_it_encloses(britain):
    councils = [p for p in britain.nodes("place") if p.level == PlaceLevel.LOCAL_AUTHORITY]
    assert len(councils) > 350
    for council in councils:
        areas = [britain.node(p) for p in enclosed(britain, council.id)]
        ranked = [a for a in areas if a.level == PlaceLevel.SMALL_AREA and a.deprivation_decile is not None]
        worst = sum(a.deprivation_decile == 1 for a in ranked)
        assert council.attributes["small_areas_ranked"] == len(ranked), council.name
        share = round(worst / len(ranked), 4)
        assert council.attributes["most_deprived_share"] == share
        summary = council.attributes["deprivation_summary"]
        assert summary.startswith(f"{share:.0%} of {len(ranked)} small areas in ")
        assert f"{ranked[0].deprivation_index} decile 1" in summary


def test_bristols_summary_agrees_with_its_small_areas_named_after_it():
    """An oracle apart from the hierarchy: English small areas are named after their council."""
    rows = [r for r in bundled_rows() if re.fullmatch(r"Bristol \d{3}[A-Z]", r.name)]
    g = load(places=["england"])
    bristol = g.find("Bristol", "place")
    assert bristol.attributes["small_areas_ranked"] == len(rows) == 263
    assert bristol.attributes["most_deprived_share"] == round(sum(r.decile == 1 for r in rows) / len(rows), 4)
    assert place_profile(g, "Bristol").place.deprivation_summary == bristol.attributes["deprivation_summary"]


def test_a_council_placed_by_postcode_alone_carries_its_summary(write, britain, eastons):
    g = load(grant_file(write, [eastons["E06000023"][1]]))
    bristol = g.node(gss_place_id("E06000023"))
    assert bristol.attributes["deprivation_summary"] == britain.node(bristol.id).attributes["deprivation_summary"]
    assert g.find("Bristol", "place").id == bristol.id


def test_gaps_rank_councils_by_their_share_of_deprived_small_areas(write):
    """One food bank serving each Welsh council: every council is a gap of one status, so the
    order is the need's alone."""
    welsh = [r.code for r in bundled_rows() if r.level == PlaceLevel.LOCAL_AUTHORITY and r.code[0] == "W"]
    lines = ["themes:", "  - {name: Food}", "organisations:"]
    lines += [f"  - {{name: Food Bank {code}, sector: third_sector}}" for code in welsh]
    lines += ["relationships:"]
    for code in welsh:
        lines += [f"  - {{from: Food Bank {code}, relation: serves, to: {code}}}"]
        lines += [f"  - {{from: Food Bank {code}, relation: addresses, to: Food}}"]
    g = load(write("food.yaml", "\n".join(lines) + "\n"), places=["wales"])
    found = gaps(g, level="local_authority", kinds=("coverage",), themes=["Food"])
    assert {r.status for r in found.rows} == {"single"} and len(found.rows) == len(welsh) == 22
    shares = [r.need["most_deprived_share"] for r in found.rows]
    assert shares == sorted(shares, reverse=True) and shares[0] > shares[-1]
    top = g.node(found.rows[0].place_id)
    assert found.rows[0].need["deprivation_summary"] == top.attributes["deprivation_summary"]


def test_a_postcode_profiles_its_small_area():
    g = load(SEED, places=["wales"])
    found = place_profile(g, "CF23 9AB")
    code = postcode_areas("CF23 9AB").small_area
    assert found.place.code == code and found.place.level == "small_area"
    assert found.place.deprivation_decile == small_area_row(code).decile
    assert found.place.within == ["Cardiff"]


def test_a_councils_profile_page_gives_its_deprivation_from_its_small_areas(run, tmp_path):
    graph = tmp_path / "wales.json"
    assert run("build", "--places", "wales", "-o", graph).exit_code == 0
    summary = load(str(graph)).find("Cardiff", "place").attributes["deprivation_summary"]
    page = run("profile", graph, "Cardiff", "--format", "md").output
    assert summary.split(" (")[0] in page and "deprivation: not known" not in page.replace("*", "")

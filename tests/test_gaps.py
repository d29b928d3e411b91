"""Gaps: hierarchy-aware coverage ranked by need, structural gaps, and the seed map scenario."""

from __future__ import annotations

import datetime as dt

import pytest

from assetgraph.errors import QueryError
from assetgraph.graphmodel import AssetGraph, Partnership, Place, Provenance, Relation, Service, Theme
from assetgraph.loaders import SEED, load
from assetgraph.queries.gaps import gaps
from assetgraph.queries.places import enclosed, enclosing
from assetgraph.render import render

from .helpers import SRC, edge, org


def _place(g, name, level, **kw):
    g.add_node(Place(name=name, level=level, provenance=SRC, **kw))


def _map() -> AssetGraph:
    g = AssetGraph()
    _place(g, "Wales", "nation")
    _place(g, "Cardiff", "local_authority")
    _place(g, "Pentwyn", "neighbourhood", deprivation_decile=5, population=15000)
    _place(g, "Trowbridge", "neighbourhood", deprivation_decile=1, population=12000)
    for a, b in [("Cardiff", "Wales"), ("Pentwyn", "Cardiff"), ("Trowbridge", "Cardiff")]:
        g.add_edge(edge(a, "WITHIN", b))
    for theme in ["Smoking", "Mental health", "Nutrition", "Screening"]:
        g.add_node(Theme(name=theme, provenance=SRC))
    for name, rel, place, theme in [
        ("Stop Smoking Wales", "SERVES", "Wales", "Smoking"),
        ("Breakfast club", "LOCATED_IN", "Pentwyn", "Nutrition"),
        ("Cafe", "SERVES", "Cardiff", "Mental health"),
        ("Mind", "SERVES", "Cardiff", "Mental health"),
    ]:
        g.add_node(Service(name=name, provenance=SRC))
        g.add_edge(edge(name, rel, place))
        g.add_edge(edge(name, "ADDRESSES", theme))
    g.add_node(Service(name="Floating screening", provenance=SRC))
    g.add_edge(edge("Floating screening", "ADDRESSES", "Screening"))
    return g


def _cells(result):
    return {(r.place, r.theme): r for r in result.rows}


def test_coverage_follows_the_place_hierarchy():
    cells = _cells(gaps(_map(), kinds=["coverage"], level="neighbourhood"))
    # SERVES Wales reaches Pentwyn, but only from a wider area: not a provider in Pentwyn
    smoking = cells[("Pentwyn", "Smoking")]
    assert (smoking.status, smoking.providers, smoking.inside, smoking.serving_wider) == ("wider", 1, 0, 1)
    assert cells[("Pentwyn", "Nutrition")].status == "single"  # LOCATED_IN Pentwyn covers Pentwyn
    # two providers serving all of Cardiff still reach Pentwyn only from the wider council
    assert (cells[("Pentwyn", "Mental health")].status, cells[("Pentwyn", "Mental health")].providers) == ("wider", 2)
    assert cells[("Trowbridge", "Nutrition")].status == "none"
    screening = cells[("Pentwyn", "Screening")]
    assert screening.status == "unknown" and screening.unplaced == ["Floating screening"]
    assert screening.why == "unknown: 1 service addresses Screening but names no place"
    assert "name no place: Floating screening" in screening.evidence[-1]


def test_an_asset_in_part_of_a_place_covers_it_in_part():
    cells = _cells(gaps(_map(), kinds=["coverage"], level="local_authority"))
    partial = cells[("Cardiff", "Nutrition")]
    assert partial.status == "partial" and partial.evidence == [
        "covers a part: Breakfast club",
        "open access (drop-in or self referral): 0 of 1",
    ]


def test_gaps_are_ranked_by_need_within_a_status():
    rows = gaps(_map(), kinds=["coverage"], level="neighbourhood").rows
    none = [(r.place, r.theme) for r in rows if r.status == "none"]
    assert none == [("Trowbridge", "Nutrition")]
    unknown = [(r.place, r.theme) for r in rows if r.status == "unknown"]
    assert unknown == [("Trowbridge", "Screening"), ("Pentwyn", "Screening")]
    assert rows[0].need == {"decile": 1, "population": 12000} and (rows[0].decile, rows[0].place_id) == (
        1,
        "place:trowbridge",
    )
    order = ["none", "unknown", "wider", "partial", "single"]

    def severity(row):  # no local presence (two or more providers from a wider area) is the least severe
        return len(order) if row.status == "wider" and row.serving_wider > 1 else order.index(row.status)

    assert [severity(r) for r in rows] == sorted(severity(r) for r in rows)
    # Cafe and Mind both serve all of Cardiff: in Pentwyn and Trowbridge that is no local presence, listed last
    remote = [(r.place, r.theme) for r in rows if severity(r) == len(order)]
    assert remote == [("Trowbridge", "Mental health"), ("Pentwyn", "Mental health")] and rows[-2:] == [
        r for r in rows if (r.place, r.theme) in remote
    ]
    assert rows[-1].why.startswith("no local presence: 2 providers of Mental health serve a wider area")


def test_place_and_theme_filters_and_bad_options():
    result = gaps(_map(), kinds=["coverage"], place="Pentwyn", themes=["smoking"])
    assert [(r.place, r.theme, r.status) for r in result.rows] == [("Pentwyn", "Smoking", "wider")]
    with pytest.raises(QueryError, match="unknown gap kind"):
        gaps(_map(), kinds=["holes"])
    with pytest.raises(QueryError, match="unknown place level"):
        gaps(_map(), level="county")
    # no place at the level asked is said in a note, not an error (empty is never silent)
    empty = gaps(_map(), kinds=["coverage"], level="small_area")
    assert empty.rows == [] and empty.notes[0] == (
        "All 4 places have no level small_area recorded: add places of that level (the bundled UK places) "
        "within the graph."
    )


def _network() -> AssetGraph:
    g = AssetGraph()
    for name, sector, scale in [
        ("Community group", "community_led", "neighbourhood"),
        ("Hub", "third_sector", "local"),
        ("Forum", "third_sector", "local"),
        ("Council", "public", "local"),
        ("Island A", "third_sector", "local"),
        ("Island B", "community_led", "local"),
    ]:
        g.add_node(org(name, sector=sector, scale=scale))
    g.add_edge(edge("Community group", "PARTNERS_WITH", "Hub"))
    g.add_edge(edge("Hub", "PARTNERS_WITH", "Forum"))
    g.add_edge(edge("Forum", "PARTNERS_WITH", "Council"))
    g.add_edge(edge("Island A", "PARTNERS_WITH", "Island B"))
    g.add_node(Partnership(name="Board", provenance=SRC))
    g.add_edge(edge("Council", "MEMBER_OF", "Board"))
    g.add_edge(edge("Forum", "MEMBER_OF", "Board"))
    return g


def test_community_bodies_with_no_route_within_k_ties():
    rows = gaps(_network(), kinds=["unlinked_community"], k=2).rows
    assert [r.subject for r in rows] == ["Community group", "Island B"]
    assert rows[0].evidence[0] == "nearest public or national body: Council at 3 ties"
    assert rows[1].evidence[0] == "no public or national body is reachable at all"
    assert [r.subject for r in gaps(_network(), kinds=["unlinked_community"], k=3).rows] == ["Island B"]


def test_partnerships_components_and_single_points():
    rows = gaps(_network(), kinds=["partnership_without_community", "cut_off", "single_point_of_failure"]).rows
    by_kind = {}
    for r in rows:
        by_kind.setdefault(r.kind, []).append(r)
    (board,) = by_kind["partnership_without_community"]
    assert board.subject == "Board" and "Council (public)" in board.evidence[0]
    (island,) = by_kind["cut_off"]
    assert island.subject == "Island A, Island B"
    points = {r.subject for r in by_kind["single_point_of_failure"]}
    assert {"Hub", "Forum"} <= points  # articulation points of the chain
    assert "Forum - Hub" in points  # a bridge between two non-leaf bodies, its ends in id order
    hub = next(r for r in by_kind["single_point_of_failure"] if r.subject == "Hub")
    assert hub.evidence == ["Community group would lose public, third_sector"]


def test_seed_map_morecambe_bay_lacks_what_no_bay_asset_addresses():
    seed = load(SEED)
    bay = seed.find("Morecambe Bay").id
    around = set(enclosing(seed, bay)) | enclosed(seed, bay)
    covered = set()
    for e in seed.edges(Relation.ADDRESSES):
        places = {
            p.target
            for p in seed.edges(node=e.source)
            if p.source == e.source and p.relation in (Relation.LOCATED_IN, Relation.SERVES)
        }
        if places & around:
            covered.add(seed.node(e.target).name)
    expected = {t.name for t in seed.nodes("theme")} - covered
    found = {r.theme for r in gaps(seed, kinds=["coverage"], place="Morecambe Bay").rows if r.status == "none"}
    assert expected and found == expected
    assert "Smoking" in found


def test_the_table_and_csv_carry_the_places_figures_and_the_unplaced_assets(run, tmp_path):
    import csv as csvlib
    import io

    from assetgraph.graphmodel.storage import save_graph

    path = tmp_path / "map.json"
    save_graph(_map(), path)
    rows = list(csvlib.DictReader(io.StringIO(run("gaps", path, "--kind", "coverage", "--format", "csv").output)))
    screening = next(r for r in rows if r["subject"] == "Trowbridge x Screening")
    assert (screening["status"], screening["place id"], screening["decile"], screening["unplaced"]) == (
        "unknown",
        "place:trowbridge",
        "1",
        "Floating screening",
    )
    table = run("gaps", path, "--kind", "coverage").output
    assert "place code" in table and "decile" in table and "Floating screening" in table


def test_a_merged_graph_is_named_as_given_or_not_after_its_first_source(run, tmp_path, write):
    first = write("first.yaml", "name: First network\norganisations:\n  - {name: Hub}\n")
    second = write("second.yaml", "name: Second\norganisations:\n  - {name: Cafe}\n")
    from assetgraph.loaders import load

    assert load(first).name == "First network"
    assert load(first, second).name is None
    assert load(first, second, name="Both").name == "Both"


def test_a_graph_of_many_places_gets_a_council_grid_by_default_and_says_so(monkeypatch):
    from assetgraph.queries import gaps as gaps_module

    g = load(SEED)
    places = [p for p in g.nodes("place")]
    monkeypatch.setattr(gaps_module, "GRID_LIMIT", len(places) - 1)
    result = gaps_module.gaps(g, kinds=["coverage"])
    councils = {p.name for p in places if p.level == "local_authority"}
    assert result.level == "local_authority" and f"{len(places):,} places" in result.note
    assert result.rows and {r.place for r in result.rows} <= councils
    finer = gaps_module.gaps(g, kinds=["coverage"], level="neighbourhood")
    assert not any("coverage is shown at level" in n for n in finer.notes) and {r.place for r in finer.rows} - councils
    monkeypatch.setattr(gaps_module, "GRID_LIMIT", len(places))
    assert gaps_module.gaps(g, kinds=["coverage"]).level is None


# --- issue 24: resilience (funding dependence, single points of failure in a place) and coverage
# only where the data claims to cover, on graphs in the publishers' shapes


def _councils(g: AssetGraph, *names: str) -> None:
    _place(g, "England", "nation")
    for name in names:
        _place(g, name, "local_authority")
        g.add_edge(edge(name, "WITHIN", "England"))


def _grant(g: AssetGraph, funder: str, body: str, key: str, amount: float, **dates) -> None:
    g.add_edge(edge(funder, "FUNDS", body, key=key, amount=amount, currency="GBP", **dates))


AS_OF = dt.date(2025, 6, 30)
RECENT = {"award_date": dt.date(2024, 3, 1)}
OLD = {"award_date": dt.date(2012, 3, 1), "start_date": dt.date(2012, 4, 1), "end_date": dt.date(2013, 3, 31)}


def _funder_star() -> AssetGraph:
    """360Giving's shape: a funder's star of grants to bodies in two councils, almost no other
    ties among them; one body shares a second funder; one grant is old, one has no date; and a
    hub in Ashby ties three local groups, two in Ashby and one in Brigg."""
    g = AssetGraph()
    _councils(g, "Ashby", "Brigg")
    g.add_node(org("Big Fund", sector="funder", scale="national"))
    g.add_node(org("Small Fund", sector="funder", scale="regional"))
    bodies = {"Ashby Pantry": "Ashby", "Ashby Youth": "Ashby", "Ashby Shed": "Ashby", "Brigg Choir": "Brigg"}
    bodies |= {"Brigg Hall": "Brigg", "Brigg Old Mill": "Brigg", "Brigg Undated": "Brigg", "Hub": "Ashby"}
    for name, council in bodies.items():
        g.add_node(org(name, sector="community_led", scale="local"))
        g.add_edge(edge(name, "LOCATED_IN", council))
    _grant(g, "Big Fund", "Ashby Pantry", "g1", 5000, **RECENT)
    _grant(g, "Big Fund", "Ashby Pantry", "g2", 1000, start_date=dt.date(2021, 1, 1), end_date=dt.date(2023, 1, 1))
    _grant(g, "Big Fund", "Ashby Youth", "g3", 2000, **RECENT)
    _grant(g, "Big Fund", "Ashby Shed", "g4", 700, **RECENT)
    _grant(g, "Small Fund", "Ashby Shed", "g5", 300, **RECENT)  # two funders: not dependent
    _grant(g, "Big Fund", "Brigg Choir", "g6", 400, **RECENT)
    _grant(g, "Big Fund", "Brigg Hall", "g7", 600, **RECENT)
    _grant(g, "Big Fund", "Brigg Old Mill", "g8", 900, **OLD)
    _grant(g, "Big Fund", "Brigg Undated", "g9", 100)
    for group in ("Ashby Pantry", "Ashby Youth", "Brigg Choir"):
        g.add_edge(edge("Hub", "PARTNERS_WITH", group))
    return g


def test_a_funders_star_is_funding_dependence_not_a_single_point_of_failure():
    g = _funder_star()
    points = gaps(g, kinds=["single_point_of_failure"]).rows
    assert "Big Fund" not in {r.subject for r in points}
    (hub,) = [r for r in points if r.subject == "Hub"]
    assert hub.why == "without Hub, 3 organisation(s) are cut off from the rest"
    ashby = gaps(g, kinds=["single_point_of_failure"], place="Ashby").rows
    assert [r.why for r in ashby] == ["without Hub, 2 organisation(s) in Ashby are cut off (3 in all)"]
    brigg = gaps(g, kinds=["single_point_of_failure"], place="Brigg").rows
    assert [r.why for r in brigg] == ["without Hub, 1 organisation(s) in Brigg are cut off (3 in all)"]


def test_groups_cut_off_are_read_on_ties_other_than_money_and_named_bounded():
    g = _funder_star()
    (alone,) = gaps(g, kinds=["cut_off"]).rows
    hubbed = {"Hub", "Ashby Pantry", "Ashby Youth", "Brigg Choir"}
    expected = {n.id for n in g.nodes("organisation") if n.name not in hubbed}
    assert set(alone.subject_ids) == expected  # both funders and their other grantees
    assert alone.subject.endswith(f"and {len(expected) - 5} more") and "main network of 4" in alone.why
    for name in hubbed - {"Hub"}:
        g.remove_node(g.find(name).id)
    ashby = gaps(g, kinds=["cut_off"])
    assert ashby.rows == [] and ashby.notes[0].startswith(f"All {len(list(g.nodes('organisation')))} organisations")


def test_funding_dependence_lists_each_councils_sole_dependants_with_amounts():
    found = gaps(_funder_star(), kinds=["funding_dependence"], as_of=AS_OF)
    rows = {r.place: r for r in found.rows}
    assert set(rows) == {"Ashby", "Brigg"}
    ashby, brigg = rows["Ashby"], rows["Brigg"]
    # Ashby Shed has a second funder; Ashby Pantry's 2021-2023 grant overlaps the window
    assert ashby.subject == "2 bodies in or serving Ashby are funded only by Big Fund"
    assert ashby.subject_ids == ["organisation:ashby-pantry", "organisation:ashby-youth"]
    assert (ashby.funder, ashby.grants, ashby.amounts) == ("Big Fund", 3, {"GBP": 8000.0})
    assert ashby.place_id == "place:ashby" and "GBP 8,000 in 3 grants" in ashby.why
    # the old grant and the undated one are not counted; the undated one is said in a note
    assert brigg.subject_ids == ["organisation:brigg-hall", "organisation:brigg-choir"]
    assert brigg.amounts == {"GBP": 1000.0}
    assert (found.since, found.as_of) == ("2022-06-30", "2025-06-30")
    assert "1 of 9 grants have no date recorded" in " ".join(found.notes)
    moved = gaps(_funder_star(), kinds=["funding_dependence"], since=dt.date(2012, 1, 1), as_of=AS_OF)
    brigg = next(r for r in moved.rows if r.place == "Brigg")
    assert "organisation:brigg-old-mill" in brigg.subject_ids and brigg.amounts == {"GBP": 1900.0}
    only_ashby = gaps(_funder_star(), kinds=["funding_dependence"], place="Ashby", as_of=AS_OF).rows
    assert [r.place for r in only_ashby] == ["Ashby"]


def test_no_grant_in_the_window_is_said_not_silent():
    found = gaps(_funder_star(), kinds=["funding_dependence"], as_of=dt.date(2040, 1, 1))
    assert found.rows == []
    assert any("None of the 9 grants is active from 2037-01-01 to 2040-01-01" in n for n in found.notes)
    assert any("the latest date of any grant is 2024-03-01" in n for n in found.notes)


def test_funded_only_by_counts_match_a_brute_force_oracle():
    """Many grants from three funders to bodies in two councils, with dates spread around the
    window; each (council, funder) count is recomputed from the edges one by one."""
    g = AssetGraph()
    _councils(g, "Ashby", "Brigg")
    funders = ["Fund A", "Fund B", "Fund C"]
    for f in funders:
        g.add_node(org(f, sector="funder"))
    for i in range(30):
        g.add_node(org(f"Body {i}"))
        g.add_edge(edge(f"Body {i}", "LOCATED_IN", "Ashby" if i % 3 else "Brigg"))
        for j, f in enumerate(funders):
            if (i * 7 + j * 5) % 4 == 0 or j == i % 3:
                year = 2015 + (i + j) % 11
                _grant(g, f, f"Body {i}", f"g{i}-{j}", 100.0 * (i + 1), award_date=dt.date(year, 6, 1))
    since = dt.date(2022, 6, 30)
    expected: dict[tuple[str, str], set[str]] = {}
    for body in g.nodes("organisation"):
        active = {
            e.source for e in g.edges("FUNDS", node=body.id) if e.target == body.id and since <= e.award_date <= AS_OF
        }
        if len(active) == 1:
            council = next(g.node(e.target).name for e in g.edges("LOCATED_IN", node=body.id))
            expected.setdefault((council, g.node(active.pop()).name), set()).add(body.id)
    found = gaps(g, kinds=["funding_dependence"], as_of=AS_OF).rows
    assert expected and {(r.place, r.funder): set(r.subject_ids) for r in found} == expected


def _directory_and_grants() -> AssetGraph:
    """Open Referral's shape: a directory whose services serve two councils, plus grant
    recipients based in a third (one of them even addressing a theme)."""
    g = AssetGraph()
    _councils(g, "Ashby", "Brigg", "Crowle")
    _place(g, "Ashby North", "neighbourhood")
    g.add_edge(edge("Ashby North", "WITHIN", "Ashby"))
    for theme in ("Carers", "Debt", "Loneliness", "Mental health"):
        g.add_node(Theme(name=theme, provenance=SRC))
    services = [
        ("Carers cafe", "SERVES", "Ashby", "Carers", "drop_in"),
        ("Carers line", "SERVES", "Ashby", "Carers", "appointment"),
        ("Debt clinic", "LOCATED_IN", "Ashby North", "Debt", "self_referral"),
        ("Listening line", "SERVES", "England", "Loneliness", None),
        ("Brigg minds", "SERVES", "Brigg", "Mental health", "referral"),
    ]
    for name, relation, where, theme, access in services:
        g.add_node(Service(name=name, attending_access=access, provenance=SRC))
        g.add_edge(edge(name, relation, where))
        g.add_edge(edge(name, "ADDRESSES", theme))
    g.add_node(org("Big Fund", sector="funder"))
    for name in ("Crowle Carers", "Crowle Club"):
        g.add_node(org(name))
        g.add_edge(edge(name, "LOCATED_IN", "Crowle"))
        _grant(g, "Big Fund", name, name, 100, **RECENT)
    g.add_edge(edge("Crowle Carers", "ADDRESSES", "Carers"))
    return g


def test_coverage_is_judged_only_where_the_directory_claims_to_serve():
    g = _directory_and_grants()
    found = gaps(g, kinds=["coverage"], level="local_authority")
    assert {r.place for r in found.rows} == {"Ashby", "Brigg"}
    assert any(n.startswith("Coverage judged in 2 of 3 places (Ashby, Brigg)") for n in found.notes)
    # a place no record claims to serve is not judged: no gaps there, and the headline agrees with the note
    asked = gaps(g, kinds=["coverage"], place="Crowle")
    assert asked.rows == [] and any("claims to serve Crowle: its coverage is not judged" in n for n in asked.notes)
    assert render(asked, "table").startswith("0 gaps in Crowle\n")
    # with a level, only the claimed places within the place asked are judged
    within = gaps(g, kinds=["coverage"], place="England", level="local_authority")
    assert {r.place for r in within.rows} == {"Ashby", "Brigg"} and any("serve Crowle" in n for n in within.notes)


@pytest.mark.parametrize("reread", [False, True], ids=["in memory", "read from its file"])
def test_an_area_a_grant_gives_its_recipient_claims_no_coverage(reread):
    # 360Giving's beneficiary location gives the recipient a SERVES resting on the grant's record,
    # and issue 25's need themes give it a theme: a grant file still claims no area, a stated one does
    from assetgraph.graphmodel.storage import graph_from_dict, graph_to_dict

    g = _directory_and_grants()
    record = Provenance(source="grants.json", locator="360G-1")
    g.add_edge(edge("Big Fund", "FUNDS", "Crowle Carers", key="360G-1", amount=50, provenance=[record]))
    beneficiary = record.model_copy(update={"inferred": True})
    g.add_edge(edge("Crowle Carers", "SERVES", "Crowle", provenance=[beneficiary]))
    g = graph_from_dict(graph_to_dict(g)) if reread else g
    assert {r.place for r in gaps(g, kinds=["coverage"], level="local_authority").rows} == {"Ashby", "Brigg"}
    g.add_edge(edge("Crowle Club", "ADDRESSES", "Debt"))
    g.add_edge(edge("Crowle Club", "SERVES", "Crowle", provenance=[Provenance(source="directory.json", locator="o1")]))
    assert "Crowle" in {r.place for r in gaps(g, kinds=["coverage"], level="local_authority").rows}


def test_a_long_grid_shows_a_bounded_table_and_lists_every_gap_in_json_and_csv():
    """A council with more small areas than the table shows, its two services serving the
    council: every small area x theme is no local presence; the CSV lists them all."""
    from assetgraph.queries.gaps import TABLE_ROWS

    g = _directory_and_grants()
    areas = TABLE_ROWS + 7
    for i in range(areas):
        _place(g, f"Ashby {i:03d}", "small_area", deprivation_decile=1 + i % 10)
        g.add_edge(edge(f"Ashby {i:03d}", "WITHIN", "Ashby"))
    found = gaps(g, kinds=["coverage"], place="Ashby", level="small_area", themes=["Carers"])
    assert len(found.rows) == areas and all(r.status == "wider" and r.serving_wider == 2 for r in found.rows)
    assert [r.decile for r in found.rows] == sorted(r.decile for r in found.rows)  # neediest first
    assert any(n.startswith(f"{areas} of the {areas} coverage gaps are no local presence") for n in found.notes)
    table = render(found, "table")
    assert f"{areas} gaps in Ashby at level small_area; the first {TABLE_ROWS} shown" in table
    assert f"and {areas - TABLE_ROWS} more gaps" in table and table.count("Ashby 0") == TABLE_ROWS
    assert len(render(found, "csv").splitlines()) == areas + 1


def test_no_gaps_prints_the_heading_and_notes_without_an_empty_table(run):
    found = gaps(_map(), kinds=["coverage"], level="small_area")
    assert found.rows == []
    assert render(found, "table") == "\n".join(["0 gaps at level small_area", *found.notes, "Gaps: none"]) + "\n"
    assert render(found, "csv").splitlines()[0].startswith("kind,subject,status")


def test_cells_count_providers_inside_wider_and_open_access():
    from assetgraph.queries.coverage import coverage_cells

    g = _directory_and_grants()
    themes = {t.name: t.id for t in g.nodes("theme")}
    cells = {
        (g.node(c.place).name, g.node(c.theme).name): (c.status, c.counts())
        for c in coverage_cells(g, ["place:ashby", "place:ashby-north"], list(themes.values()))
    }

    def counts(providers, open_access, inside, wider):
        return {"providers": providers, "open_access": open_access, "inside": inside, "serving_wider": wider}

    assert cells[("Ashby", "Carers")] == ("full", counts(2, 1, 2, 0))  # two serving it directly, one drop-in
    assert cells[("Ashby", "Debt")] == ("partial", counts(1, 1, 1, 0))  # one, in a part of it
    assert cells[("Ashby North", "Debt")] == ("single", counts(1, 1, 1, 0))
    assert cells[("Ashby", "Loneliness")] == ("wider", counts(1, 0, 0, 1))  # serves England only
    assert cells[("Ashby", "Mental health")] == ("none", counts(0, 0, 0, 0))
    assert cells[("Ashby North", "Carers")] == ("wider", counts(2, 1, 0, 2))
    rows = {r.subject: r for r in gaps(g, kinds=["coverage"], place="Ashby").rows}
    assert "Ashby x Carers" not in rows  # full is not a gap
    loneliness = rows["Ashby x Loneliness"]
    assert (loneliness.providers, loneliness.open_access, loneliness.inside, loneliness.serving_wider) == (1, 0, 0, 1)


def test_gaps_cli_funding_dependence_in_json_table_and_csv(run, tmp_path):
    import csv as csvlib
    import io
    import json

    from assetgraph.graphmodel.storage import save_graph

    g = AssetGraph()
    _councils(g, "Ashby")
    g.add_node(org("Big Fund", sector="funder"))
    recent, old = dt.date.today() - dt.timedelta(days=100), dt.date.today() - dt.timedelta(days=3000)
    for i, when in enumerate([recent, recent, old]):
        g.add_node(org(f"Group {i}"))
        g.add_edge(edge(f"Group {i}", "LOCATED_IN", "Ashby"))
        _grant(g, "Big Fund", f"Group {i}", f"g{i}", 10, award_date=when)
    path = tmp_path / "grants.json"
    save_graph(g, path)
    args = ["gaps", path, "--kind", "funding_dependence"]
    data = json.loads(run(*args, "--format", "json").output)
    (row,) = data["rows"]
    assert row["subject"] == "2 bodies in or serving Ashby are funded only by Big Fund"
    assert row["amounts"] == {"GBP": 20.0}
    assert data["since"] and data["notes"] == []
    older = json.loads(run(*args, "--since", old.isoformat(), "--format", "json").output)
    assert older["rows"][0]["subject_ids"] == ["organisation:group-0", "organisation:group-1", "organisation:group-2"]
    table = run(*args).output
    assert "Big Fund" in table and "1 gap\n" in table
    (csv_row,) = list(csvlib.DictReader(io.StringIO(run(*args, "--format", "csv").output)))
    assert csv_row["kind"] == "funding_dependence" and csv_row["place code"] == ""
    bad = run(*args, "--since", "2024-13-01")
    assert bad.exit_code == 2 and "--since" in bad.output


def test_a_window_starting_after_today_is_refused_in_the_library_and_as_a_usage_error(run, tmp_path):
    from assetgraph.graphmodel.storage import save_graph

    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(QueryError, match=f"starts on {tomorrow.isoformat()}, after it ends on"):
        gaps(_funder_star(), kinds=["funding_dependence"], since=tomorrow)  # as_of: today by default
    path = tmp_path / "star.json"
    save_graph(_funder_star(), path)
    refused = run("gaps", path, "--kind", "funding_dependence", "--since", tomorrow.isoformat())
    assert refused.exit_code == 2 and "--since" in refused.output and "Traceback" not in refused.output
    today = run("gaps", path, "--kind", "funding_dependence", "--since", dt.date.today().isoformat())
    assert today.exit_code == 0


def test_dependence_counts_bodies_in_or_serving_a_council_and_says_where_funders_count_once():
    """A grant recipient based in Ashby that serves Brigg too: funding dependence counts it in
    both councils and says so; the connectors' funders count each grantee once."""
    from assetgraph.queries.connectors import connectors

    g = _funder_star()
    g.add_edge(edge("Ashby Youth", "SERVES", "Brigg"))
    rows = {r.place: r for r in gaps(g, kinds=["funding_dependence"], as_of=AS_OF).rows}
    both = [p for p, r in rows.items() if "organisation:ashby-youth" in r.subject_ids]
    assert sorted(both) == ["Ashby", "Brigg"]
    brigg = rows["Brigg"]
    assert brigg.subject == f"{len(brigg.subject_ids)} bodies in or serving Brigg are funded only by Big Fund"
    notes = gaps(g, kinds=["funding_dependence"], as_of=AS_OF).notes
    assert any(n.startswith("1 of the bodies are counted in more than one council") for n in notes)
    (fund,) = [f for f in connectors(g, top=None).funders if f.name == "Big Fund"]
    assert sum(fund.grantee_places.values()) == fund.funds  # once each
    assert "by place, each once where most precisely placed" in fund.explanation


def test_a_place_asked_by_its_code_is_named_in_the_heading():
    seed = load(SEED)
    cardiff = seed.find("Cardiff", "place")
    found = gaps(seed, kinds=["coverage"], place=cardiff.code)
    assert (found.place, found.place_name) == (cardiff.code, "Cardiff")
    assert render(found, "table").startswith(f"{len(found.rows)} gaps in Cardiff")


def test_structural_gaps_with_a_place_are_those_that_touch_its_bodies():
    from assetgraph.queries.collaboration import bodies_in

    seed = load(SEED)
    kinds = ["cut_off", "unlinked_community", "partnership_without_community"]
    everywhere = gaps(seed, kinds=kinds).rows
    pentwyn = seed.find("Pentwyn", "place")
    here = bodies_in(seed, pentwyn.id)
    local = gaps(seed, kinds=kinds, place=pentwyn.name).rows
    members = {(m, p) for m, p in seed.ends("MEMBER_OF")}
    touches = [
        g
        for g in everywhere
        if here & set(g.subject_ids)
        or (g.kind == "partnership_without_community" and any((m, g.subject_ids[0]) in members for m in here))
    ]
    assert [g.subject for g in local] == [g.subject for g in touches] and len(local) < len(everywhere)

"""Gaps: hierarchy-aware coverage ranked by need, structural gaps, and the seed map scenario."""

from __future__ import annotations

import pytest

from assetgraph.errors import QueryError
from assetgraph.graphmodel import AssetGraph, Partnership, Place, Relation, Service, Theme
from assetgraph.loaders import SEED, load
from assetgraph.queries.gaps import gaps
from assetgraph.queries.places import enclosed, enclosing

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
    assert [r.status for r in rows] == sorted((r.status for r in rows), key=order.index)


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

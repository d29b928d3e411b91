"""Connectors: brokerage against a brute-force triad count, betweenness against igraph, the
collaboration projection on hand-checkable graphs, and the seed map scenario."""

from __future__ import annotations

import itertools
import json

import igraph
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assetgraph.errors import QueryError
from assetgraph.graphmodel import AssetGraph, Initiative, Partnership, Person, Provenance
from assetgraph.graphmodel.vocabulary import Relation
from assetgraph.loaders import SEED, load
from assetgraph.queries.betweenness import betweenness
from assetgraph.queries.brokerage import brokerage_roles, open_pairs_between
from assetgraph.queries.collaboration import COLLABORATION, collaboration_graph
from assetgraph.queries.connectors import connectors
from assetgraph.queries.cut_points import weak_points
from assetgraph.queries.grouping import group_nodes
from assetgraph.queries.structural_holes import constraint, effective_size
from assetgraph.render import render

from .helpers import SRC, edge, org


def _brute_roles(g: nx.Graph, groups: dict, ego) -> dict[str, int]:
    """Every directed two-path a -> ego -> c with a, c not tied, read both ways."""
    roles = dict.fromkeys(("coordinator", "itinerant", "representative", "gatekeeper", "liaison"), 0)
    for a, c in itertools.permutations(g[ego], 2):
        if g.has_edge(a, c):
            continue
        ga, gb, gc = groups[a], groups[ego], groups[c]
        if ga == gb == gc:
            roles["coordinator"] += 1
        elif ga == gc:
            roles["itinerant"] += 1
        elif ga == gb:
            roles["representative"] += 1
        elif gb == gc:
            roles["gatekeeper"] += 1
        else:
            roles["liaison"] += 1
    return roles


graphs = st.integers(2, 14).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
        st.lists(st.sampled_from("abc"), min_size=n, max_size=n),
    )
)


def _graph(n, pairs):
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((u, v) for u, v in pairs if u != v)
    return g


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_brokerage_roles_equal_a_brute_force_triad_count(case):
    n, pairs, labels = case
    g = _graph(n, pairs)
    groups = dict(enumerate(labels))
    roles = brokerage_roles(g, groups)
    for ego in g:
        assert roles[ego] == _brute_roles(g, groups, ego)
        for x, y in itertools.combinations_with_replacement("abc", 2):
            brute = sum(
                1
                for a, c in itertools.combinations(g[ego], 2)
                if not g.has_edge(a, c) and {groups[a], groups[c]} == {x, y} and (x != y or groups[a] == x)
            )
            assert open_pairs_between(g, groups, x, y, ego) == brute


@settings(max_examples=100, deadline=None)
@given(graphs)
def test_connector_betweenness_equals_igraph(case):
    n, pairs, labels = case
    g = AssetGraph()
    for i in range(n):
        g.add_node(org(f"O{i}", sector={"a": "public", "b": "third_sector", "c": "community_led"}[labels[i]]))
    for u, v in {tuple(sorted(p)) for p in pairs if p[0] != p[1]}:
        g.add_edge(edge(f"O{u}", "PARTNERS_WITH", f"O{v}"))
    result = connectors(g, top=None)
    ig = igraph.Graph(n=n, edges=[tuple(sorted(p)) for p in {tuple(sorted(p)) for p in pairs if p[0] != p[1]}])
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1
    theirs = {f"organisation:o{i}": b * scale for i, b in enumerate(ig.betweenness(directed=False))}
    scoring = {node: b for node, b in theirs.items() if b > 1e-9}
    if not scoring:  # nothing to rank: said in a note, not as rows of zeros
        assert result.rows == [] and result.note
        return
    assert {r.id: r.betweenness for r in result.rows} == pytest.approx(scoring, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_separations_equal_removing_each_node(case):
    n, pairs, labels = case
    g = _graph(n, pairs)
    groups = dict(enumerate(labels))
    found = weak_points(g, groups, sample=n).separations
    assert set(found) == set(nx.articulation_points(g))
    for node in g:
        h = g.copy()
        h.remove_node(node)
        before = nx.node_connected_component(g, node) - {node}
        parts = sorted((c for c in nx.connected_components(h) if c <= before), key=len, reverse=True)
        tie = len(parts) > 1 and len(parts[0]) == len(parts[1])
        expected = parts if tie else parts[1:]
        brute = sorted((sorted(c), sorted({groups[m] for m in before} - {groups[m] for m in c})) for c in expected)
        assert brute == sorted((sorted(p.members), sorted(p.lost)) for p in found.get(node, []))
        assert all(p.size == len(p.members) for p in found.get(node, []))


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_bridges_equal_removing_each_tie(case):
    n, pairs, _ = case
    g = _graph(n, pairs)
    parts = nx.number_connected_components(g)
    brute = []
    for a, b in g.edges():
        h = g.copy()
        h.remove_edge(a, b)
        if nx.number_connected_components(h) > parts:
            brute.append((min(a, b), max(a, b)))
    assert (
        weak_points(g, dict.fromkeys(g, "a")).bridges
        == sorted(brute)
        == sorted((min(e), max(e)) for e in nx.bridges(g))
    )


def _two_clusters() -> AssetGraph:
    """Two community groups and two public bodies; only the broker ties the two halves."""
    g = AssetGraph()
    for name, sector in [
        ("A1", "community_led"),
        ("A2", "community_led"),
        ("B1", "public"),
        ("B2", "public"),
        ("Broker", "third_sector"),
    ]:
        g.add_node(org(name, sector=sector, scale="local"))
    for a, b in [("A1", "A2"), ("B1", "B2"), ("A1", "Broker"), ("A2", "Broker"), ("Broker", "B1")]:
        g.add_edge(edge(a, "PARTNERS_WITH", b))
    return g


def test_the_broker_between_two_clusters_ranks_first_with_its_reasons():
    result = connectors(_two_clusters(), between="sector", focus=("community_led", "public"))
    top = result.rows[0]
    assert top.name == "Broker" and top.articulation_point
    assert top.focus_pairs == 2  # A1-B1 and A2-B1 through the broker
    assert top.brokerage == {"coordinator": 0, "itinerant": 0, "representative": 0, "gatekeeper": 0, "liaison": 4}
    assert top.groups_spanned == ["community_led", "public"]
    assert {(tuple(sorted(c.names)), tuple(c.loses)) for c in top.cut_off} == {
        (("A1", "A2"), ("public",)),
        (("B1", "B2"), ("community_led",)),
    }
    assert "without it 2 organisation(s) (" in top.explanation and "have no route to public" in top.explanation
    assert result.betweenness == "exact" and result.sample_size is None


@settings(max_examples=100, deadline=None)
@given(graphs, st.integers(0, 5))
def test_betweenness_exact_and_sampled_equal_networkx(case, seed):
    n, pairs, _ = case
    g = _graph(n, pairs)
    assert betweenness(g) == pytest.approx(nx.betweenness_centrality(g))
    if n > 3:
        k = 2 + seed % (n - 2)
        assert betweenness(g, k=k, seed=seed, batch=2) == pytest.approx(
            nx.betweenness_centrality(g, k=k, seed=seed), nan_ok=True
        )


def test_sampled_betweenness_is_reported():
    result = connectors(_two_clusters(), exact_limit=2, samples=3, seed=1)
    assert (result.betweenness, result.sample_size) == ("sampled", 3)


def test_projection_ties_members_to_hosts_and_pools_unhosted_members():
    g = AssetGraph()
    for name in ["Host", "M1", "M2", "P1", "P2"]:
        g.add_node(org(name))
    g.add_node(Initiative(name="Network", provenance=SRC))
    g.add_node(Partnership(name="Pact", provenance=SRC))
    g.add_node(Person(name="Someone", provenance=SRC))
    g.add_edge(edge("Host", "RUNS", "Network"))
    g.add_edge(edge("M1", "MEMBER_OF", "Network"))
    g.add_edge(edge("M2", "MEMBER_OF", "Network"))
    g.add_edge(edge("P1", "MEMBER_OF", "Pact"))
    g.add_edge(edge("P2", "MEMBER_OF", "Pact"))
    g.add_edge(edge("Someone", "ROLE_IN", "Host"))
    ties = collaboration_graph(g)
    assert set(ties) == {
        "organisation:host",
        "organisation:m1",
        "organisation:m2",
        "organisation:p1",
        "organisation:p2",
    }
    assert {frozenset(e) for e in ties.edges()} == {
        frozenset({"organisation:host", "organisation:m1"}),
        frozenset({"organisation:host", "organisation:m2"}),
        frozenset({"organisation:p1", "organisation:p2"}),
    }
    assert ties["organisation:m1"]["organisation:host"]["via"] == {
        ("organisation:m1", "MEMBER_OF", "initiative:network")
    }


def test_unknown_grouping_or_focus_group_is_a_clear_error():
    with pytest.raises(QueryError, match="unknown grouping"):
        connectors(_two_clusters(), between="colour")
    with pytest.raises(QueryError, match="no organisation is in group 'charity'"):
        connectors(_two_clusters(), focus=("charity", "public"))


def test_seed_map_chex_is_a_top_connector_between_community_led_and_public():
    seed = load(SEED)
    result = connectors(seed, between="sector", focus=("community_led", "public"), top=None)
    ties = collaboration_graph(seed)
    groups = group_nodes(seed, ties, "sector")
    # the answer, derived from the data by brute force: rank by open community-led/public pairs
    counts = {
        n: sum(
            1
            for a, c in itertools.combinations(ties[n], 2)
            if not ties.has_edge(a, c) and {groups[a], groups[c]} == {"community_led", "public"}
        )
        for n in ties
    }
    best = max(counts.values())
    assert best > 0 and counts["organisation:chex"] == best
    ranked = [r.id for r in result.rows]
    assert ranked.index("organisation:chex") < 3
    chex = next(r for r in result.rows if r.id == "organisation:chex")
    assert chex.focus_pairs == best and chex.open_pairs > best
    # its examples are pairs it links across the focus, though most of its open pairs are not
    assert all(set(p.groups) == {"community_led", "public"} for p in chex.example_pairs)
    assert len(chex.example_pairs) == 5
    # only organisations that bridge the focus are ranked, and the count is reported
    assert {r.id for r in result.rows} == {n for n, c in counts.items() if c} and result.scored == len(result.rows)


def test_community_grouping_is_stable_for_a_seed():
    seed = load(SEED)
    a = connectors(seed, between="community", seed=3)
    b = connectors(seed, between="community", seed=3)
    assert [r.group for r in a.rows] == [r.group for r in b.rows]
    assert any(r.group.startswith("around ") for r in a.rows)


@settings(max_examples=100, deadline=None)
@given(graphs)
def test_constraint_and_effective_size_equal_networkx(case):
    import math

    n, pairs, _ = case
    g = _graph(n, pairs)
    ours_c, ours_e = constraint(g, list(g)), effective_size(g, list(g))
    nx_c, nx_e = nx.constraint(g), nx.effective_size(g)
    for v in g:
        for ours, theirs in ((ours_c[v], nx_c[v]), (ours_e[v], nx_e[v])):
            assert (math.isnan(ours) and math.isnan(theirs)) or ours == pytest.approx(theirs)


def test_a_graph_with_no_ties_says_so_instead_of_ranking_zeros(run, write):
    lonely = write("lonely.yaml", "organisations:\n  - {name: Hub}\n  - {name: Cafe}\n  - {name: Club}\n")
    result = connectors(load(lonely))
    assert result.rows == [] and result.ties == 0 and result.organisations == 3
    assert result.note.startswith("No ties between the 3 organisations to rank")
    printed = run("connectors", lonely).output
    assert printed.strip() == result.note


def _venue_and_funders() -> AssetGraph:
    """Two bodies whose services share a hall, a third elsewhere, and two trusts that each fund
    the third body: no record says any of them work together."""
    from assetgraph.graphmodel import Place, Service

    g = AssetGraph()
    for name in ("Hall Trust", "Food Bank", "Youth Club", "Trust A", "Trust B"):
        g.add_node(org(name, sector="third_sector" if "Trust" not in name else "funder"))
    g.add_node(Place(name="Parish Hall", provenance=SRC))
    g.add_node(Place(name="Leeds", level="local_authority", code="E08000035", provenance=SRC))
    for service, runner in (("Lunch club", "Hall Trust"), ("Pantry", "Food Bank"), ("Youth night", "Youth Club")):
        g.add_node(Service(name=service, provenance=SRC))
        g.add_edge(edge(runner, "RUNS", service))
    g.add_edge(edge("Lunch club", "LOCATED_IN", "Parish Hall"))
    g.add_edge(edge("Pantry", "LOCATED_IN", "Parish Hall"))
    g.add_edge(edge("Youth night", "LOCATED_IN", "Leeds"))
    g.add_edge(edge("Trust A", "FUNDS", "Youth Club"))
    g.add_edge(edge("Trust B", "FUNDS", "Youth Club"))
    return g


def test_ties_the_data_implies_are_derived_with_their_reason_and_can_be_left_out(run, tmp_path):
    from assetgraph.graphmodel.storage import save_graph
    from assetgraph.queries.collaboration import collaboration_graph
    from assetgraph.queries.gaps import gaps

    g = _venue_and_funders()
    ties = collaboration_graph(g)
    venue = ties["organisation:food-bank"]["organisation:hall-trust"]
    assert venue["derived"] == {"same venue": 0.5}
    assert ties["organisation:trust-a"]["organisation:trust-b"]["derived"] == {"co-funding": 0.3}
    assert ties["organisation:trust-a"]["organisation:youth-club"]["derived"] == {}  # stated: FUNDS
    assert not ties.has_edge("organisation:youth-club", "organisation:hall-trust")  # Leeds is a council, not a venue
    stated = collaboration_graph(g, derived=False)
    assert not stated.has_edge("organisation:food-bank", "organisation:hall-trust")
    assert ties.number_of_edges() == stated.number_of_edges() + 2
    # funding (two grants, and the co-funding they imply) is not brokerage: only the shared venue counts
    unfunded = collaboration_graph(g, COLLABORATION - {Relation.FUNDS})
    assert connectors(g).ties == unfunded.number_of_edges() == ties.number_of_edges() - 3
    assert connectors(g).funding_ties == 3
    with_derived = {r.subject for r in gaps(g, kinds=["cut_off"]).rows}
    without = {r.subject for r in gaps(g, kinds=["cut_off"], derived_ties=False).rows}
    assert len(without) > len(with_derived)
    path = tmp_path / "g.json"
    save_graph(g, path)
    plain = run("connectors", path, "--no-derived-ties", "--format", "json")
    assert (
        json.loads(plain.output)["ties"]
        == collaboration_graph(g, COLLABORATION - {Relation.FUNDS}, derived=False).number_of_edges()
    )
    assert json.loads(plain.output)["funding_ties"] == stated.number_of_edges()


def test_bodies_delivering_one_programme_are_tied_unless_the_programme_gathers_a_crowd():
    from assetgraph.graphmodel import Initiative, Service
    from assetgraph.queries.collaboration import LARGEST_GROUP, collaboration_graph

    def programme(bodies: int) -> AssetGraph:
        g = AssetGraph()
        g.add_node(org("Council", sector="public"))
        g.add_node(Initiative(name="Healthy Lives", type="programme", provenance=SRC))
        g.add_edge(edge("Council", "RUNS", "Healthy Lives"))
        for i in range(bodies):
            g.add_node(org(f"Body {i}"))
            g.add_node(Service(name=f"Session {i}", provenance=SRC))
            g.add_edge(edge(f"Body {i}", "RUNS", f"Session {i}"))
            g.add_edge(edge(f"Session {i}", "PART_OF", "Healthy Lives"))
        return g

    small = collaboration_graph(programme(3))
    assert small["organisation:body-0"]["organisation:body-1"]["derived"] == {"same programme": 0.5}
    assert small["organisation:body-0"]["organisation:council"]["derived"] == {}  # stated: its part is the council's
    derived = [(a, b) for a, b, d in small.edges(data="derived") if d]
    assert len(derived) == 3  # the three bodies pairwise; the council's ties are stated
    assert len([d for *_, d in collaboration_graph(programme(LARGEST_GROUP)).edges(data="derived") if d]) == (
        LARGEST_GROUP * (LARGEST_GROUP - 1) // 2
    )
    crowd = collaboration_graph(programme(LARGEST_GROUP + 1))
    assert not [d for *_, d in crowd.edges(data="derived") if d]
    assert crowd.number_of_edges() == LARGEST_GROUP + 1


def _hub(partners: int, relation: str = "PARTNERS_WITH") -> AssetGraph:
    """One body tied by ``relation`` to ``partners`` groups of two sectors, no other tie among
    them, and two bodies working together apart from it."""
    g = AssetGraph()
    g.add_node(org("Big Fund", sector="funder"))
    for i in range(partners):
        g.add_node(org(f"Group {i:03d}", sector=("community_led", "third_sector")[i % 2]))
        g.add_edge(edge("Big Fund", relation, f"Group {i:03d}"))
    for name in ("Aardvark Trust", "Abbey Club"):
        g.add_node(org(name, sector="third_sector"))
    g.add_edge(edge("Aardvark Trust", "PARTNERS_WITH", "Abbey Club"))
    return g


def test_a_hub_is_ranked_alone_with_an_explanation_bounded_in_every_format():
    g = _hub(300)
    result = connectors(g, top=10)
    assert [r.name for r in result.rows] == ["Big Fund"] and result.scored == 1
    assert result.notes == [
        f"Only 1 of {result.organisations} organisations score (betweenness above zero); "
        "none is listed to fill the top 10."
    ]
    top = result.rows[0]
    assert top.open_pairs == 300 * 299 // 2 and len(top.example_pairs) == 5
    assert not any(collaboration_graph(g).has_edge(*p.ids) for p in top.example_pairs)
    assert len(top.explanation) < 500 and f"and {300 * 299 // 2 - 5} more unlinked pairs" in top.explanation
    assert "without it 300 organisations in 300 pieces (e.g. Group 000, Group 001, Group 002)" in top.explanation
    data = json.loads(render(result, "json"))
    assert data["rows"][0]["open_pairs"] == 300 * 299 // 2 and data["scored"] == 1
    assert max(len(line) for line in render(result, "csv").splitlines()) < 600
    assert max(len(line) for line in render(result, "table", width=120).splitlines()) <= 120


def test_two_clusters_rank_only_the_organisations_on_a_shortest_path_between_others():
    g = _two_clusters()
    result = connectors(g, top=5)
    on_paths = {n for n, b in nx.betweenness_centrality(collaboration_graph(g)).items() if b > 0}
    assert {r.id for r in result.rows} == on_paths and len(on_paths) == 2
    assert result.rows[0].name == "Broker" and all(r.betweenness > 0 for r in result.rows)
    assert result.notes[0].startswith("Only 2 of 5 organisations score")
    assert [" and ".join(p.names) for p in result.rows[0].example_pairs] == ["A1 and B1", "A2 and B1"]


def test_equal_scores_are_ordered_by_partners_across_groups_then_sources_never_by_name():
    """Three stars of two leaves each score the same betweenness; Aardvark's leaves share its
    group, Bee's and Mole's do not, and Mole's ties are recorded by two sources."""
    g = AssetGraph()
    for hub, leaf_sector, sources in (
        ("Aardvark", "public", ["test"]),
        ("Bee", "community_led", ["test"]),
        ("Mole", "community_led", ["test", "register"]),
    ):
        g.add_node(org(hub, sector="public"))
        for i, source in zip((1, 2), sources * 2, strict=False):
            g.add_node(org(f"{hub} leaf {i}", sector=leaf_sector))
            g.add_edge(edge(hub, "PARTNERS_WITH", f"{hub} leaf {i}", provenance=[Provenance(source=source)]))
    result = connectors(g, top=10)
    assert len({r.betweenness for r in result.rows}) == 1
    assert [r.name for r in result.rows] == ["Mole", "Bee", "Aardvark"]
    assert [(r.cross_group_partners, r.sources) for r in result.rows] == [(2, 2), (2, 1), (0, 1)]


def test_ties_where_nobody_brokers_are_said_to_rank_nothing_rather_than_listed_as_zeros():
    g = AssetGraph()
    for name in ("Hub", "Cafe", "Club"):
        g.add_node(org(name, sector="community_led"))
    for a, b in (("Hub", "Cafe"), ("Cafe", "Club"), ("Club", "Hub")):
        g.add_edge(edge(a, "PARTNERS_WITH", b))
    result = connectors(g, top=3)
    assert result.rows == [] and result.scored == 0 and result.ties == 3
    assert result.note.startswith("None of the 3 organisations scores (betweenness above zero)")
    assert render(result, "table", width=120).strip() == result.note

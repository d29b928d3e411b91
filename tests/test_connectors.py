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
    # the shared venue is the one tie that is not money: with it, the two bodies at the hall are a
    # network the other three are outside; without it there is no network to be cut off from
    with_derived = gaps(g, kinds=["cut_off"])
    without = gaps(g, kinds=["cut_off"], derived_ties=False)
    outside = {"organisation:trust-a", "organisation:trust-b", "organisation:youth-club"}
    assert [set(r.subject_ids) for r in with_derived.rows] == [outside]
    assert without.rows == [] and any(n.startswith("All 5 organisations have no tie") for n in without.notes)
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
    # the tie-break is shown, not only in the JSON: a column, and the explanation says how each was ordered
    brokers = result.tables()[0]
    column = brokers.columns.index("cross-group partners")
    assert "cross-group partners" not in brokers.csv_only
    assert [row[column] for row in brokers.rows] == [str(r.cross_group_partners) for r in result.rows]
    mole, bee, aardvark = result.rows
    assert mole.explanation.endswith(
        "; equal on betweenness with Bee, Aardvark, ordered by 2 partners in other groups, then 2 sources recording "
        "its ties"
    )
    assert aardvark.explanation.endswith("; equal on betweenness with Mole, Bee, ordered by 0 partners in other groups")
    assert f"{aardvark.rank}. {aardvark.explanation}" in render(result, "table", width=200)


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


# Funders apart from brokers, the ties that count, a place (issue 24)

#: (grantee, sector, amount or None): Group 1 has two grants, Group 5 one with no amount
GRANTS = [
    ("Group 0", "community_led", 1000.0),
    ("Group 1", "third_sector", 2500.0),
    ("Group 1", "third_sector", 500.0),
    ("Group 2", "community_led", 750.0),
    ("Group 3", "third_sector", 1200.0),
    ("Group 4", "community_led", 300.0),
    ("Group 5", "third_sector", None),
]


def _grant_star(chain: bool = False) -> AssetGraph:
    """A 360Giving-shaped star: one funder's grants to six groups of two sectors, no other tie;
    with ``chain``, Group 0 - Group 2 - Group 4 work together (PARTNERS_WITH)."""
    g = AssetGraph()
    g.add_node(org("Big Fund", sector="funder"))
    for name, sector in dict.fromkeys((n, s) for n, s, _ in GRANTS):
        g.add_node(org(name, sector=sector))
    for i, (name, _, amount) in enumerate(GRANTS):
        money = {"amount": amount, "currency": "GBP"} if amount is not None else {}
        g.add_edge(edge("Big Fund", "FUNDS", name, key=f"grant-{i}", **money))
    if chain:
        g.add_edge(edge("Group 0", "PARTNERS_WITH", "Group 2"))
        g.add_edge(edge("Group 2", "PARTNERS_WITH", "Group 4"))
    return g


def test_a_funder_star_lists_the_funder_apart_with_its_grants_and_ranks_no_broker():
    result = connectors(_grant_star(), top=10)
    assert result.rows == [] and result.scored == 0 and result.ties == 0
    grantees = {n for n, _, _ in GRANTS}
    assert result.funding_ties == len(grantees)
    (funder,) = result.funders
    priced = [a for _, _, a in GRANTS if a is not None]
    assert (funder.name, funder.funds, funder.grants) == ("Big Fund", len(grantees), len(GRANTS))
    assert funder.amounts == {"GBP": pytest.approx(sum(priced))} and funder.unpriced_grants == 1
    sectors = {s for _, s, _ in GRANTS}
    assert funder.grantee_groups == {s: len({n for n, t, _ in GRANTS if t == s}) for s in sectors}
    assert result.note.startswith(f"No ties between the {len(grantees) + 1} organisations to rank other than funding")
    assert result.notes[0].startswith(f"{len(grantees)} funding ties (grants, co-funding) are not counted as brokerage")
    assert "listed apart as funders" in result.notes[0]
    table = render(result, "table", width=120)
    assert "Funders" in table and "Big Fund" in table and f"GBP {sum(priced):,.0f}" in table
    assert "Connectors" not in table  # no broker table padded with the funder


def test_a_partnership_chain_ranks_its_middle_and_the_funder_stays_out_of_the_brokers():
    g = _grant_star(chain=True)
    result = connectors(g, top=10)
    assert [r.name for r in result.rows] == ["Group 2"]  # the only body between two unlinked partners
    assert "Big Fund" not in {r.name for r in result.rows}
    assert [f.name for f in result.funders] == ["Big Fund"] and result.funders[0].funds == 6
    assert result.ties == 2 and result.funding_ties == len({n for n, _, _ in GRANTS})  # one tie per grantee
    data = json.loads(render(result, "json"))
    assert [r["name"] for r in data["rows"]] == ["Group 2"] and data["funders"][0]["grants"] == len(GRANTS)
    assert data["funders_found"] == 1 and any("listed apart as funders" in n for n in data["notes"])


def test_a_funder_that_also_partners_brokers_on_its_partnerships_only():
    g = _grant_star()
    for name in ("Ally A", "Ally B"):
        g.add_node(org(name, sector="public"))
        g.add_edge(edge("Big Fund", "PARTNERS_WITH", name))
    result = connectors(g, top=10)
    assert [r.name for r in result.rows] == ["Big Fund"] and result.funders == []
    # its partners only: the two allies it links, not the grantees
    assert result.rows[0].partners == 2 and result.rows[0].open_pairs == 1


def test_relations_that_leave_out_the_chain_say_so_and_unknown_ones_are_refused():
    g = _grant_star(chain=True)
    result = connectors(g, relations=["MEMBER_OF", "FUNDS"])
    assert result.rows == [] and result.relations == ["FUNDS", "MEMBER_OF"]
    assert result.note.startswith("No ties between the 7 organisations to rank by MEMBER_OF")
    assert "the graph's 2 PARTNERS_WITH records are not among the relations asked for" in result.note
    assert [f.name for f in result.funders] == ["Big Fund"]
    unfunded = connectors(g, relations=["MEMBER_OF"])
    assert f"the graph's {len(GRANTS)} FUNDS, 2 PARTNERS_WITH records are not among" in unfunded.note
    assert unfunded.funders == [] and unfunded.funding_ties == 0
    without_funds = connectors(g, relations=["PARTNERS_WITH"])
    assert [r.name for r in without_funds.rows] == ["Group 2"] and without_funds.funders == []
    with pytest.raises(QueryError, match="unknown relation 'KNOWS'"):
        connectors(g, relations=["PARTNERS_WITH", "KNOWS"])
    with pytest.raises(QueryError, match="ADDRESSES does not tie organisations"):
        connectors(g, relations=["ADDRESSES"])


def _two_councils() -> AssetGraph:
    """An Open Referral-shaped directory serving two councils: bodies placed by the services they
    run (or, for one, located in a ward within Council A), a chain of partners in Council A and
    one partnership across the boundary to Council B."""
    from assetgraph.graphmodel import Place, Service

    g = AssetGraph()
    for name, code in (("Council A", "E06000001"), ("Council B", "E06000002")):
        g.add_node(Place(name=name, level="local_authority", code=code, provenance=SRC))
    g.add_node(Place(name="Ward A1", level="neighbourhood", provenance=SRC))
    g.add_edge(edge("Ward A1", "WITHIN", "Council A"))
    for body, council in (("Food Bank", "Council A"), ("Youth Club", "Council A"), ("Carers", "Council B")):
        g.add_node(org(body, sector="third_sector"))
        g.add_node(Service(name=f"{body} service", provenance=SRC))
        g.add_edge(edge(body, "RUNS", f"{body} service"))
        g.add_edge(edge(f"{body} service", "SERVES", council))
    g.add_node(org("Ward Forum", sector="community_led"))
    g.add_edge(edge("Ward Forum", "LOCATED_IN", "Ward A1"))
    for a, b in (("Food Bank", "Ward Forum"), ("Ward Forum", "Youth Club"), ("Youth Club", "Carers")):
        g.add_edge(edge(a, "PARTNERS_WITH", b))
    return g


def test_a_place_asks_about_its_bodies_and_reports_ties_across_its_boundary():
    g = _two_councils()
    result = connectors(g, place="Council A", top=10)
    inside = {"organisation:food-bank", "organisation:youth-club", "organisation:ward-forum"}
    ties = collaboration_graph(g, COLLABORATION - {Relation.FUNDS})
    crossing = [(a, b) for a, b in ties.edges if (a in inside) != (b in inside)]
    assert result.organisations == len(inside) and result.cross_boundary_ties == len(crossing) == 1
    expected = nx.betweenness_centrality(ties.subgraph(inside))
    assert {r.id for r in result.rows} == {n for n, b in expected.items() if b > 0} == {"organisation:ward-forum"}
    assert result.rows[0].outside_partners == 0
    assert any(n.startswith("1 ties cross its boundary") for n in result.notes)
    whole = connectors(g, top=10)  # without the place, Youth Club links the forum to Carers
    assert {r.name for r in whole.rows} == {"Ward Forum", "Youth Club"}
    b = connectors(g, place="Council B", top=10)
    assert b.organisations == 1 and b.cross_boundary_ties == 1 and b.rows == []
    assert b.note == "1 organisation located in or serving Council B: no ties to rank."


def test_a_connector_counts_its_partners_outside_the_place():
    g = _two_councils()
    g.add_node(org("Carers Two", sector="third_sector"))
    g.add_edge(edge("Youth Club", "PARTNERS_WITH", "Carers Two"))
    g.add_edge(edge("Food Bank", "PARTNERS_WITH", "Youth Club"))  # closes the triangle inside
    g.add_node(org("Lone Club", sector="third_sector"))
    g.add_edge(edge("Youth Club", "PARTNERS_WITH", "Lone Club"))
    g.add_edge(edge("Lone Club", "LOCATED_IN", "Ward A1"))
    result = connectors(g, place="Council A", top=10)
    row = next(r for r in result.rows if r.name == "Youth Club")
    assert row.outside_partners == 2 and result.cross_boundary_ties == 2
    assert "also tied to 2 organisations outside Council A (Carers, Carers Two)" in row.explanation


def test_a_place_where_nothing_is_placed_says_so():
    g = _two_councils()
    from assetgraph.graphmodel import Place

    g.add_node(Place(name="Council C", level="local_authority", code="E06000003", provenance=SRC))
    result = connectors(g, place="Council C")
    assert result.rows == [] and result.organisations == 0
    assert result.note.startswith("No organisation is located in or serves Council C")


def test_organisations_with_no_sector_are_counted_in_a_note():
    g = _grant_star(chain=True)
    for i in range(3):
        g.add_node(org(f"Unsorted {i}"))
        g.add_edge(edge("Group 4", "PARTNERS_WITH", f"Unsorted {i}"))
    result = connectors(g)
    total = result.organisations
    assert f"3 of {total} organisations have no sector recorded: add a sector" in " ".join(result.notes)
    by_scale = connectors(g, between="scale")
    assert f"All {total} organisations have no scale recorded" in " ".join(by_scale.notes)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(3, 10).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n),
        )
    )
)
def test_brokers_are_networkx_betweenness_on_the_non_funding_ties_and_funders_score_only_with_funding(case):
    n, partners, grants = case
    g = AssetGraph()
    for i in range(n):
        g.add_node(org(f"Body {i}", sector="third_sector"))
    for a, b in partners:
        if a != b:
            g.add_edge(edge(f"Body {a}", "PARTNERS_WITH", f"Body {b}"))
    for a, b in grants:
        if a != b:
            g.add_edge(edge(f"Body {a}", "FUNDS", f"Body {b}", amount=100.0, currency="GBP"))
    ids = {i: f"organisation:body-{i}" for i in range(n)}
    plain = nx.Graph()
    plain.add_nodes_from(ids.values())
    plain.add_edges_from((ids[a], ids[b]) for a, b in partners if a != b)
    with_money = plain.copy()
    with_money.add_edges_from((ids[a], ids[b]) for a, b in grants if a != b)
    bc, bc_money = nx.betweenness_centrality(plain), nx.betweenness_centrality(with_money)
    result = connectors(g, top=None, derived_ties=False)
    assert {r.id: r.betweenness for r in result.rows} == {
        v: pytest.approx(b, abs=1e-6) for v, b in bc.items() if b > 1e-12
    }
    funding = {ids[a] for a, b in grants if a != b}
    assert {f.id for f in result.funders} == {v for v in funding if bc[v] <= 1e-12 < bc_money[v]}


def test_connectors_cli_funders_relations_and_place_in_every_format(run, tmp_path):
    from assetgraph.graphmodel.storage import save_graph

    star, councils = tmp_path / "star.json", tmp_path / "councils.json"
    save_graph(_grant_star(chain=True), star)
    save_graph(_two_councils(), councils)
    data = json.loads(run("connectors", star, "--format", "json").output)
    assert [r["name"] for r in data["rows"]] == ["Group 2"] and [f["name"] for f in data["funders"]] == ["Big Fund"]
    table = run("connectors", star).output
    assert table.index("Connectors") < table.index("Funders") and "Group 2" in table
    sheet = run("connectors", star, "--format", "csv").output.splitlines()
    assert sheet[0].startswith("rank,name,group,betweenness") and ",role," in sheet[0]
    assert [line.split(",")[1] for line in sheet[1:]] == ["Group 2", "Big Fund"]
    assert [line.split(",")[sheet[0].split(",").index("role")] for line in sheet[1:]] == ["broker", "funder"]
    narrowed = run("connectors", star, "--relations", "MEMBER_OF", "--format", "json")
    assert json.loads(narrowed.output)["note"].startswith("No ties between the 7 organisations to rank by MEMBER_OF")
    bad = run("connectors", star, "--relations", "PARTNERS_WITH,FRIENDS")
    assert bad.exit_code == 2 and "unknown relation 'FRIENDS'" in bad.stderr
    placed = json.loads(run("connectors", councils, "--place", "Council A", "--format", "json").output)
    assert placed["place"] == "Council A" and placed["cross_boundary_ties"] == 1
    assert [r["name"] for r in placed["rows"]] == ["Ward Forum"]
    missing_place = run("connectors", councils, "--place", "Atlantis")
    assert missing_place.exit_code == 1 and "Atlantis" in missing_place.stderr


def _directory_of_own_services(runs: int) -> AssetGraph:
    """Open Referral's shape: each body runs its own services (``runs`` RUNS records in all),
    none shared, and a grant from a trust: nothing says two bodies work together."""
    from assetgraph.graphmodel import Service

    g = AssetGraph()
    for name in ("Trust", "Body 0", "Body 1", "Body 2"):
        g.add_node(org(name))
    for i in range(runs):
        g.add_node(Service(name=f"Service {i}", provenance=SRC))
        g.add_edge(edge(f"Body {i % 3}", "RUNS", f"Service {i}"))
    g.add_edge(edge("Trust", "FUNDS", "Body 0", amount=10))
    return g


def test_records_that_tie_no_two_bodies_are_named_not_called_missing():
    g = _directory_of_own_services(7)
    runs = sum(1 for _ in g.edges("RUNS"))
    for result in (connectors(g), connectors(g, relations=["RUNS"])):
        assert result.rows == [] and "no relation in the graph says who works with whom" not in result.note
        assert f"the graph's {runs} RUNS ties link organisations to their own services only" in result.note
        assert "none ties two organisations" in result.note
    from assetgraph.queries.gaps import gaps

    (note,) = gaps(g, kinds=["cut_off"]).notes
    assert f"{runs} RUNS ties link organisations to their own services only" in note
    assert "services they run" not in note


def test_a_place_whose_bodies_are_untied_among_themselves_says_so_of_the_place():
    """Two councils: the bodies of Ashby are each tied to bodies of Brigg, never to each other."""
    from assetgraph.graphmodel import Place

    g = AssetGraph()
    for council in ("Ashby", "Brigg"):
        g.add_node(Place(name=council, level="local_authority", provenance=SRC))
    for name, council in (("A1", "Ashby"), ("A2", "Ashby"), ("B1", "Brigg"), ("B2", "Brigg")):
        g.add_node(org(name))
        g.add_edge(edge(name, "LOCATED_IN", council))
    pairs = [("A1", "B1"), ("A2", "B2"), ("B1", "B2")]
    for a, b in pairs:
        g.add_edge(edge(a, "PARTNERS_WITH", b))
    result = connectors(g, place="Ashby")
    assert result.ties == 0 and "no relation in the graph" not in result.note
    assert result.note == (
        f"No ties among the 2 organisations located in or serving Ashby to rank: "
        f"none of the graph's {len(pairs)} ties between organisations joins two of them."
    )

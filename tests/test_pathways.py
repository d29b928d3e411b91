"""Pathways: route costs against brute-force enumeration, the resident and cold-approach rules,
options, no-route answers, and the seed map scenario."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assetgraph.errors import NodeNotFound, QueryError
from assetgraph.graphmodel import AssetGraph, Initiative, Person, Place, Relation, Service, Theme
from assetgraph.loaders import SEED, load
from assetgraph.queries.pathways import (
    COLD_APPROACH,
    DEFAULT_COSTS,
    ENTRY_COST,
    OPEN_DOOR,
    REFERRAL_NEEDED,
    parse_costs,
    pathways,
    routing_graph,
)
from assetgraph.queries.routing import k_cheapest_paths

from .helpers import SRC, edge, org

# -- the routing algorithm against brute force ------------------------------------------------

digraphs = st.integers(2, 8).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.dictionaries(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1]),
            st.integers(1, 9),
            max_size=3 * n,
        ),
        st.integers(1, 4),
        st.integers(1, n),
        st.sets(st.integers(1, n - 1), max_size=2),
    )
)


@settings(max_examples=300, deadline=None)
@given(digraphs)
def test_k_cheapest_routes_equal_brute_force_enumeration(case):
    n, arcs, k, max_hops, banned = case
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from((u, v, w) for (u, v), w in arcs.items())
    target = n - 1
    banned = banned - {target}
    adj = {u: [(v, g[u][v]["weight"], 1) for v in g[u]] for u in g}
    ours = k_cheapest_paths(lambda u: adj[u], 0, target, k, max_hops, banned)
    allowed = g.subgraph(set(g) - banned)
    brute = (
        sorted(
            sum(g[u][v]["weight"] for u, v in zip(p, p[1:], strict=False))
            for p in nx.all_simple_paths(allowed, 0, target, cutoff=max_hops)
        )
        if target in allowed
        else []
    )
    assert [c for c, _ in ours] == pytest.approx(brute[:k])
    for cost, path in ours:
        assert len(set(path)) == len(path) and len(path) - 1 <= max_hops
        assert cost == pytest.approx(sum(g[u][v]["weight"] for u, v in zip(path, path[1:], strict=False)))


@settings(max_examples=100, deadline=None)
@given(digraphs)
def test_accept_filter_keeps_the_cheapest_accepted_routes(case):
    n, arcs, k, _, _ = case
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from((u, v, w) for (u, v), w in arcs.items())
    adj = {u: [(v, g[u][v]["weight"], 1) for v in g[u]] for u in g}
    through_one = lambda p: 1 in p[1:-1]  # noqa: E731
    ours = k_cheapest_paths(lambda u: adj[u], 0, n - 1, k, accept=through_one, max_candidates=10_000)
    brute = sorted(
        sum(g[u][v]["weight"] for u, v in zip(p, p[1:], strict=False))
        for p in nx.all_simple_paths(g, 0, n - 1)
        if through_one(p)
    )
    assert [c for c, _ in ours] == pytest.approx(brute[:k])


# -- pathways on generated asset graphs against brute force over the routing graph ------------

assets = st.integers(3, 7).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.dictionaries(
            st.tuples(
                st.integers(0, n - 1),
                st.integers(0, n - 1),
                st.sampled_from(["SIGNPOSTS_TO", "PARTNERS_WITH", "REFERS_TO"]),
            ),
            st.none() | st.sampled_from([0.0, 0.5, 1.0]),
            max_size=2 * n,
        ),
        st.integers(1, 3),
    )
)


@settings(max_examples=150, deadline=None)
@given(assets)
def test_pathways_costs_equal_brute_force_on_generated_graphs(case):
    n, links, k = case
    g = AssetGraph()
    for i in range(n):
        g.add_node(org(f"O{i}", scale="local"))
    for (a, b, rel), trust in links.items():
        if a != b and not (rel == "PARTNERS_WITH" and (b, a, rel) in links and b < a):
            g.add_edge(edge(f"O{a}", rel, f"O{b}", trust=trust))
    result = pathways(g, start="O0", to=f"O{n - 1}", k=k, max_hops=n)
    routes = nx.DiGraph(dict(routing_graph(g)))
    brute = (
        sorted(
            sum(routes[u][v]["cost"] for u, v in zip(p, p[1:], strict=False))
            for p in nx.all_simple_paths(routes, "organisation:o0", f"organisation:o{n - 1}")
        )
        if "organisation:o0" in routes and f"organisation:o{n - 1}" in routes
        else []
    )
    assert [r.cost for r in result.routes] == pytest.approx(brute[:k], abs=1e-6)


# -- rules and options on a small hand-made network -------------------------------------------


def _borough() -> AssetGraph:
    g = AssetGraph()
    for name, level in [
        ("Nation", "nation"),
        ("Borough", "local_authority"),
        ("Estate", "neighbourhood"),
        ("Elsewhere", "local_authority"),
    ]:
        g.add_node(Place(name=name, level=level, provenance=SRC))
    g.add_edge(edge("Borough", "WITHIN", "Nation"))
    g.add_edge(edge("Estate", "WITHIN", "Borough"))
    g.add_edge(edge("Elsewhere", "WITHIN", "Nation"))
    g.add_node(Theme(name="Smoking", provenance=SRC))
    g.add_node(org("Tenants association", scale="neighbourhood", sector="community_led"))
    g.add_node(Initiative(name="Champions", scale="neighbourhood", provenance=SRC))
    g.add_node(Person(name="Sam", provenance=SRC))
    g.add_node(Service(name="Quit line", scale="national", provenance=SRC))
    g.add_node(Service(name="Far quit club", scale="local", provenance=SRC))
    g.add_edge(edge("Tenants association", "SERVES", "Estate"))
    g.add_edge(edge("Tenants association", "RUNS", "Champions"))
    g.add_edge(edge("Champions", "SERVES", "Estate"))
    g.add_edge(edge("Sam", "ROLE_IN", "Champions", role="champion"))
    g.add_edge(edge("Champions", "SIGNPOSTS_TO", "Quit line"))
    g.add_edge(edge("Sam", "SIGNPOSTS_TO", "Quit line"))
    g.add_edge(edge("Quit line", "SERVES", "Nation"))
    g.add_edge(edge("Quit line", "ADDRESSES", "Smoking"))
    g.add_edge(edge("Far quit club", "SERVES", "Elsewhere"))
    g.add_edge(edge("Far quit club", "ADDRESSES", "Smoking"))
    return g


def test_a_resident_enters_locally_and_the_local_route_beats_the_cold_approach():
    result = pathways(_borough(), resident_of="Estate", need="smoking", k=5)
    assert result.targets == ["Quit line"]  # the club serves somewhere else
    best, *rest = result.routes
    assert [s.to_name for s in best.steps] == ["Champions", "Quit line"]
    assert [s.relation for s in best.steps] == ["ENTRY", "SIGNPOSTS_TO"]
    assert best.cost == pytest.approx(ENTRY_COST + DEFAULT_COSTS[Relation.SIGNPOSTS_TO].forward)
    cold = [r for r in result.routes if r.steps[0].relation == "COLD_APPROACH"]
    assert len(cold) == 1 and cold[0].cost == pytest.approx(COLD_APPROACH) and cold[0].hops == 1
    assert best.steps[1].provenance[0].source == "test"


def test_without_a_local_link_the_cold_approach_is_still_reported():
    result = pathways(_borough(), resident_of="Estate", need="smoking", costs=parse_costs(["SIGNPOSTS_TO=off"]))
    assert [r.steps[0].relation for r in result.routes] == ["COLD_APPROACH"]


def test_via_avoid_and_hop_limits():
    g = _borough()
    via = pathways(g, resident_of="Estate", need="smoking", via="person")
    assert via.routes and all(any(s.to_kind == "person" for s in r.steps) for r in via.routes)
    avoided = pathways(g, resident_of="Estate", need="smoking", avoid=["Champions"])
    assert all("Champions" not in [s.to_name for s in r.steps] for r in avoided.routes)
    one_hop = pathways(g, start="Tenants association", to="Quit line", max_hops=1)
    assert [r.hops for r in one_hop.routes] == [1] and one_hop.routes[0].steps[0].relation == "COLD_APPROACH"


@pytest.mark.parametrize(
    ("access", "signposted", "cold"),
    [
        (None, 0.0, COLD_APPROACH),
        ("Referral required", REFERRAL_NEEDED, COLD_APPROACH + REFERRAL_NEEDED),
        ("Drop-in", 0.0, COLD_APPROACH * OPEN_DOOR),
        ("self_referral", 0.0, COLD_APPROACH * OPEN_DOOR),
        ("Appointment", 0.0, COLD_APPROACH),
    ],
)
def test_how_a_person_attends_weighs_on_the_route(access, signposted, cold):
    g = _borough()
    g.update_node("service:quit-line", attending_access=access)
    routes: dict = {}
    for route in pathways(g, resident_of="Estate", need="smoking", k=5).routes:
        routes.setdefault(route.steps[0].relation, route)
    signpost = ENTRY_COST + DEFAULT_COSTS[Relation.SIGNPOSTS_TO].forward
    assert routes["ENTRY"].cost == pytest.approx(signpost + signposted)
    assert routes["COLD_APPROACH"].cost == pytest.approx(cold)
    if access == "Referral required":
        assert routes["ENTRY"].steps[-1].note.endswith("(on referral only)")
        g.add_edge(edge("Champions", "REFERS_TO", "Quit line"))
        referred = pathways(g, resident_of="Estate", need="smoking").routes[0]
        assert [s.relation for s in referred.steps] == ["ENTRY", "REFERS_TO"]
        assert referred.cost == pytest.approx(ENTRY_COST + DEFAULT_COSTS[Relation.REFERS_TO].forward)


def test_strong_ties_cost_less_than_weak_ones():
    def cost(trust):
        g = AssetGraph()
        g.add_node(org("A"))
        g.add_node(org("B", scale="local"))
        g.add_edge(edge("A", "SIGNPOSTS_TO", "B", trust=trust))
        return pathways(g, start="A", to="B").routes[0].cost

    assert cost(1.0) < cost(None) < cost(0.0)
    assert cost(None) == pytest.approx(cost(0.5))


def test_no_route_says_what_is_nearest():
    g = _borough()
    lonely = pathways(g, start="Tenants association", to="Far quit club")
    assert lonely.routes == []
    (message,) = lonely.nearest
    assert message.startswith(
        "Nearest: Far quit club, linked only by relations no one is passed along: Tenants association - "
    )
    assert message.endswith(" - Far quit club. A signposting or referral link here would open a route.")
    g.add_node(Service(name="Local quit club", scale="local", provenance=SRC))
    g.add_edge(edge("Local quit club", "ADDRESSES", "Smoking"))
    g.add_edge(edge("Local quit club", "SERVES", "Borough"))
    g.add_edge(edge("Sam", "SIGNPOSTS_TO", "Local quit club"))
    limited = pathways(g, start="Tenants association", to="Local quit club", max_hops=2)
    assert limited.routes == []
    assert limited.nearest[0].startswith("No route within 2 hops; without those limits the cheapest is: ")
    g.add_node(Theme(name="Gambling", provenance=SRC))
    none = pathways(g, resident_of="Estate", need="gambling")
    assert none.routes == [] and none.nearest == ["No asset in the graph addresses Gambling."]


def test_bad_questions_are_clear_errors():
    g = _borough()
    with pytest.raises(QueryError, match="not both or neither"):
        pathways(g, start="Sam", resident_of="Estate", need="smoking")
    with pytest.raises(QueryError, match="not both or neither"):
        pathways(g, start="Sam")
    with pytest.raises(NodeNotFound, match="did you mean: Smoking"):
        pathways(g, start="Sam", need="smokng")
    with pytest.raises(QueryError, match="cannot read cost"):
        parse_costs(["SIGNPOSTS_TO=-1"])
    with pytest.raises(QueryError, match="unknown relation 'HUGS' in 'HUGS=1'; relations: PART_OF, "):
        parse_costs(["HUGS=1"])
    for bad in ("RUNS=inf", "RUNS=nan", "RUNS=1,2,3", "RUNS", "RUNS="):
        with pytest.raises(QueryError, match="cannot read cost"):
            parse_costs([bad])


# -- the seed map -----------------------------------------------------------------------------


def test_seed_pentwyn_resident_reaches_stop_smoking_wales_through_eclp_health_champions():
    seed = load(SEED)
    result = pathways(seed, resident_of="Pentwyn", need="smoking")
    best = result.routes[0]
    assert best.target_name == "Stop Smoking Wales"
    names = [s.to_name for s in best.steps]
    assert "Health Champions" in names
    champions = seed.find("Health Champions").id
    runners = {e.source for e in seed.edges(Relation.RUNS, node=champions)}
    assert seed.find("ECLP Communities First").id in runners
    assert best.steps[0].relation == "ENTRY"
    assert all(s.provenance for s in best.steps)
    cold = [r for r in result.routes if r.steps[0].relation == "COLD_APPROACH"]
    assert not cold or cold[0].cost > best.cost


def test_seed_morecambe_bay_smoking_has_no_route_and_names_providers_elsewhere():
    result = pathways(load(SEED), resident_of="Morecambe Bay", need="smoking")
    assert result.routes == [] and result.targets == []
    assert "Stop Smoking Wales" in result.nearest[0]

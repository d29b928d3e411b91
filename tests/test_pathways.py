"""Pathways: route costs against brute-force enumeration, the resident and cold-approach rules,
options, no-route answers, and the seed map scenario."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assetgraph.errors import NodeNotFound, QueryError
from assetgraph.graphmodel import AssetGraph, Initiative, Person, Place, Provenance, Relation, Service, Theme
from assetgraph.graphmodel.storage import save_graph
from assetgraph.loaders import SEED, load
from assetgraph.loaders.placing import serve_area
from assetgraph.queries.notes import missing
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
from assetgraph.queries.route_order import Standing, order_reasons
from assetgraph.queries.routing import k_cheapest_paths
from assetgraph.render import render

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
    routing = routing_graph(g)
    routes = nx.DiGraph(
        (routing.ids[u], routing.ids[v], {"cost": c}) for u in range(len(routing.ids)) for v, c in routing.arcs(u)
    )
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
    assert avoided.routes and all("Champions" not in [s.to_name for s in r.steps] for r in avoided.routes)
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
    table = render(lonely, "table")
    assert table.rstrip().endswith("Routes: none") and "┃ rank" not in table  # no empty grid
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


# -- ties in cost: access, distance, recency (issue 24) ---------------------------------------


@settings(max_examples=150, deadline=None)
@given(digraphs)
def test_with_ties_every_route_as_cheap_as_the_kth_comes_back(case):
    n, arcs, k, max_hops, _ = case
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from((u, v, w) for (u, v), w in arcs.items())
    adj = {u: [(v, g[u][v]["weight"], 1) for v in g[u]] for u in g}
    ours = k_cheapest_paths(lambda u: adj[u], 0, n - 1, k, max_hops, ties=True, max_candidates=10_000)
    brute = sorted(
        sum(g[u][v]["weight"] for u, v in zip(p, p[1:], strict=False))
        for p in nx.all_simple_paths(g, 0, n - 1, cutoff=max_hops)
    )
    wanted = [c for c in brute if len(brute) >= k and c <= brute[k - 1]] if len(brute) >= k else brute
    assert [c for c, _ in ours] == pytest.approx(wanted)


def _directory() -> AssetGraph:
    """An Open Referral directory's graph over two councils: Home (with the neighbourhoods
    Riverside, holding the small area Riverside 1, and Hilltop) and Next door."""
    g = AssetGraph()
    for name, level, within in [
        ("England", "nation", None),
        ("Home", "local_authority", "England"),
        ("Next door", "local_authority", "England"),
        ("Riverside", "neighbourhood", "Home"),
        ("Riverside 1", "small_area", "Riverside"),
        ("Hilltop", "neighbourhood", "Home"),
    ]:
        g.add_node(Place(name=name, level=level, provenance=SRC))
        if within:
            g.add_edge(edge(name, "WITHIN", within))
    g.add_node(Theme(name="Mental health", provenance=SRC))
    return g


def _service(
    g: AssetGraph,
    name: str,
    serves: str = "Home",
    *,
    access: str | None = None,
    assured: str | None = None,
    runner: str | None = None,
    located: str | None = None,
    theme: str | None = "Mental health",
) -> str:
    """A directory service: who runs it, the area it serves, its venue, need, access and the
    date the directory last assured it."""
    attributes = {"assured_date": assured} if assured else {}
    sid = g.add_node(Service(name=name, attending_access=access, attributes=attributes, provenance=SRC)).id
    if runner:
        body = next(iter(g.lookup(runner, "organisation")), None) or g.add_node(org(runner)).id
        g.add_edge(edge(body, "RUNS", sid))
    if serves:
        g.add_edge(edge(sid, "SERVES", serves))
    if located:
        g.add_edge(edge(sid, "LOCATED_IN", located))
    if theme:
        g.add_edge(edge(sid, "ADDRESSES", theme))
    return sid


def _ranked(result) -> list[tuple[str, str]]:
    return [(r.target_name, r.order_reason) for r in result.routes]


def test_equal_costs_put_the_open_door_first_even_before_a_nearer_one():
    g = _directory()
    _service(g, "Appointments near you", "Riverside 1", access="appointment")
    _service(g, "Walk-in council wide", "Home", access="drop_in")
    result = pathways(g, resident_of="Riverside 1", need="mental health", k=5)
    assert len({r.cost for r in result.routes}) == 1
    assert _ranked(result) == [
        ("Walk-in council wide", "access: drop in"),
        ("Appointments near you", "access: appointment"),
    ]
    assert [r.access for r in result.routes] == ["drop in", "appointment"]


def test_only_the_best_of_many_tied_routes_is_kept_when_fewer_are_asked():
    g = _directory()
    for name in ("Aardvark club", "Beacon club", "Cedar club"):
        _service(g, name, access="appointment")
    _service(g, "Zz walk-in", access="self_referral")  # the search finds it last: its id sorts last
    (best,) = pathways(g, resident_of="Home", need="mental health", k=1).routes
    assert best.target_name == "Zz walk-in" and best.order_reason == "access: self referral"


def test_equal_costs_and_access_put_the_nearer_first():
    g = _directory()
    _service(g, "Alpha council wide", "Home")
    _service(g, "Mid neighbourhood", "Riverside")
    _service(g, "Zeta on the street", "Riverside 1")
    _service(g, "Hilltop group", "Hilltop")  # serves another neighbourhood, not the resident's
    result = pathways(g, resident_of="Riverside 1", need="mental health", k=5)
    assert [r.target_name for r in result.routes[:2]] == ["Zeta on the street", "Mid neighbourhood"]
    assert [r.order_reason for r in result.routes[:3]] == [
        "distance: same small area",
        "distance: same neighbourhood",
        "distance: same council",
    ]
    assert [(r.target_name, r.distance) for r in result.routes[2:]] == [("Alpha council wide", "same council")]
    assert "Hilltop group" not in result.targets


def test_equal_costs_access_and_distance_put_the_newer_record_first():
    g = _directory()
    _service(g, "Undated", "Home")
    _service(g, "Assured long ago", "Home", assured="2023-01-05")
    _service(g, "Assured lately", "Home", assured="2024-12-10")
    result = pathways(g, resident_of="Home", need="mental health", k=5)
    assert _ranked(result) == [
        ("Assured lately", "recency: 2024-12-10"),
        ("Assured long ago", "recency: 2023-01-05"),
        ("Undated", "recency: no date"),
    ]
    assert [r.newest for r in result.routes] == ["2024-12-10", "2023-01-05", None]


def test_a_total_tie_says_tie_keeps_one_order_and_notes_what_data_would_break_it():
    def ranked(names):
        g = _directory()
        for name in names:
            _service(g, name, "Home")
        return pathways(g, resident_of="Home", need="mental health", k=5)

    result = ranked(["First", "Second"])
    assert [r.order_reason for r in result.routes] == ["tie", "tie"]
    assert [r.target_name for r in ranked(["Second", "First"]).routes] == [r.target_name for r in result.routes]
    assert missing("date", 2, 2, "destinations ranked", "the date each record was last updated or assured") in (
        result.notes
    )
    assert any("tie" in note for note in result.notes)


# -- staying in the resident's council ---------------------------------------------------------


def _two_councils(local_help: bool) -> AssetGraph:
    g = _directory()
    # the directory covers both councils: this venue is next door, the service still serves Home
    _service(g, "Over the border", "Home", located="Next door")
    if local_help:
        _service(g, "Local help", "Home", access="drop_in")
        _service(g, "Local talking group", "Home")
    return g


def test_routes_stay_in_the_residents_council_while_help_exists_there():
    result = pathways(_two_councils(local_help=True), resident_of="Home", need="mental health", k=5)
    assert "Over the border" in result.targets
    assert {r.target_name for r in result.routes} == {"Local help", "Local talking group"}
    assert not any(r.outside_council for r in result.routes) and result.council == ["Home"]


def test_anywhere_lets_a_route_leave_the_council_and_flags_it():
    result = pathways(_two_councils(local_help=True), resident_of="Home", need="mental health", k=5, anywhere=True)
    flagged = {r.target_name: r.outside_council for r in result.routes}
    assert flagged == {"Local help": False, "Local talking group": False, "Over the border": True}
    assert "Routes may leave Home, as asked: 1 of 3 do." in result.notes


def test_with_no_help_inside_the_council_the_route_outside_is_given_and_said():
    result = pathways(_two_councils(local_help=False), resident_of="Home", need="mental health", k=5)
    assert [(r.target_name, r.outside_council) for r in result.routes] == [("Over the border", True)]
    assert "Nothing inside Home answers, so the search looked further: 1 of 1 routes leave it." in result.notes
    g = _two_councils(local_help=False)
    _service(g, "Helpline", serves=None, access="self_referral")  # records no place: neither inside nor out
    _service(g, "Advice desk", "Home", theme=None)
    g.add_edge(edge("Advice desk", "SIGNPOSTS_TO", "Helpline"))
    wider = pathways(g, resident_of="Home", need="mental health", k=5)
    assert {(r.target_name, r.outside_council) for r in wider.routes} >= {
        ("Helpline", False),
        ("Over the border", True),
    }
    leaving, found = sum(r.outside_council for r in wider.routes), len(wider.routes)
    said = f"{leaving} of {found} routes leave it, {found - leaving} reach help that records no place."
    assert said in wider.notes[-1]
    none = pathways(_two_councils(local_help=False), resident_of="Home", need="mental health", via="person")
    assert none.routes == [] and not any(n.startswith("Nothing inside") for n in none.notes)


# -- who runs it, no step to itself, what placed each step ------------------------------------


def test_a_service_shows_the_body_that_runs_it():
    g = _directory()
    _service(g, "Drop in", "Home", runner="Mind", access="drop_in")
    result = pathways(g, resident_of="Home", need="mental health")
    (step,) = result.routes[0].steps
    runs = [e for e in g.edges(Relation.RUNS) if e.target == step.to_id]
    assert (
        (step.runner, step.runner_id) == (g.node(runs[0].source).name, runs[0].source) == ("Mind", "organisation:mind")
    )
    assert "a resident of Home -> Drop in (run by Mind)" in result.tables()[0].rows[0]


def test_to_a_body_never_steps_from_a_node_to_one_of_the_same_name():
    g = _directory()
    own = _service(g, "Victor House", "Home", runner="Victor House")
    _service(g, "Cafe", "Home", runner="Victor House", theme=None)
    body = "organisation:victor-house"
    for result in (
        pathways(g, resident_of="Home", to=body, k=5),
        pathways(g, start="Cafe", to=body, k=5),
        pathways(g, start="Cafe", to=own, k=5),
    ):
        assert result.routes
        for route in result.routes:
            names = [result.start, *(s.to_name for s in route.steps)]
            ids = [s.to_id for s in route.steps]
            assert all(a != b for a, b in zip(ids, ids[1:], strict=False))
            assert "Victor House knows Victor House" not in route.explanation
            assert "Victor House RUNS Victor House" not in route.explanation
            for a, b, step in zip(names, names[1:], route.steps, strict=False):
                if a == b:
                    assert "(organisation)" in step.note and "(service)" in step.note
    named = pathways(g, resident_of="Home", to="Victor House")
    assert [s.to_id for s in named.routes[0].steps] == [own]  # by name, the body's own service reaches it
    assert named.targets == ["Victor House (organisation)", "Victor House (service)"]
    by_id = pathways(g, resident_of="Home", to=body)  # an explicit id means that node only
    assert by_id.targets == ["Victor House"] and {r.target_id for r in by_id.routes} == {body}
    through = pathways(g, start="Cafe", to=own).routes[0]
    assert "Victor House (organisation) RUNS Victor House (service)" in through.explanation


def test_the_entry_step_cites_the_inferred_link_that_placed_the_service():
    g = _directory()
    sid = _service(g, "Talking therapies", serves=None)
    serve_area(g, [sid], "Home", "directory.json")
    placed = next(e for e in g.edges(Relation.SERVES, node=sid) if e.source == sid)
    (step,) = pathways(g, resident_of="Home", need="mental health").routes[0].steps
    assert step.provenance == placed.provenance != g.node(sid).provenance
    assert step.provenance[0].inferred and step.provenance[0].locator == "given at build"
    assert placed.description in step.cites and "inferred" in step.cites


def test_a_located_service_cites_its_placement_and_an_edge_step_its_edge():
    g = _directory()
    _service(g, "Hub", "Riverside", theme=None)
    _service(g, "Counselling", serves="Home", access="referral")
    g.add_edge(edge("Hub", "REFERS_TO", "Counselling", provenance=[Provenance(source="hub.csv", locator="row 3")]))
    route = pathways(g, resident_of="Riverside", need="mental health").routes[0]
    assert [s.relation for s in route.steps] == ["ENTRY", "REFERS_TO"]
    assert route.steps[0].cites.startswith("Hub SERVES Riverside")
    assert route.steps[1].cites == "Hub REFERS_TO Counselling (hub.csv, row 3)"


def test_each_destination_comes_once_before_other_routes_to_it():
    g = _directory()
    _service(g, "Listening cafe", access="drop_in")
    _service(g, "Clinic", access="referral")
    _service(g, "Hub", theme=None)
    g.add_edge(edge("Hub", "REFERS_TO", "Listening cafe"))
    found = pathways(g, resident_of="Home", need="mental health", k=3).routes
    by_cost = sorted(found, key=lambda r: r.cost)
    assert [r.target_name for r in by_cost] == ["Listening cafe", "Listening cafe", "Clinic"]  # the data's own order
    assert [(r.target_name, r.order_reason) for r in found] == [
        ("Listening cafe", "cost"),
        ("Clinic", "cost"),
        ("Listening cafe", "another route"),
    ]
    assert [s.to_name for s in found[2].steps] == ["Hub", "Listening cafe"]


def test_a_service_at_a_venue_inside_the_council_is_a_way_in_like_one_serving_it():
    g = _directory()
    g.add_node(Place(name="Church hall", attributes={"postcode": "AB1 2CD"}, provenance=SRC))
    g.add_edge(edge("Church hall", "WITHIN", "Home"))
    for name in ("Listening cafe", "Peer support"):
        _service(g, name, serves="Home", access="drop_in", located="Church hall" if name == "Peer support" else None)
    routes = pathways(g, resident_of="Home", need="mental health", k=2).routes
    assert sorted(r.target_name for r in routes) == ["Listening cafe", "Peer support"]
    assert {(r.cost, r.hops) for r in routes} == {(1.0, 1)}


# -- empty is never silent --------------------------------------------------------------------


def test_notes_say_which_records_lack_a_theme_and_why_there_is_no_route():
    g = _directory()
    _service(g, "Themed", "Home")
    _service(g, "Unthemed", "Home", theme=None)
    _service(g, "Unthemed too", "Home", theme=None)
    g.add_node(org("Unthemed funder"))  # a body is not itself help: not counted
    result = pathways(g, resident_of="Next door", need="mental health")
    assert result.routes == []
    helps = [n for n, kind in g.kinds().items() if kind.value in ("service", "initiative")]
    themed = {s for s, _ in g.ends(Relation.ADDRESSES)}
    lacking = sum(a not in themed for a in helps)
    wanted = missing("theme", lacking, len(helps), "services and initiatives", "a need or theme to each record")
    assert wanted in result.notes
    assert "No route." in result.notes and result.nearest[0] in result.notes
    to_node = pathways(g, resident_of="Home", to="Themed")  # not a question of need: no theme note
    assert not any("theme" in note for note in to_node.notes)


def test_a_start_with_no_place_says_routes_are_not_kept_to_a_council():
    g = _directory()
    g.add_node(org("Roaming volunteers"))
    sid = _service(g, "Helpline", "Home")
    g.add_edge(edge("Roaming volunteers", "SIGNPOSTS_TO", sid))
    result = pathways(g, start="Roaming volunteers", to=sid)
    assert result.routes and result.council == []
    assert any(n.startswith("Roaming volunteers has no place recorded") for n in result.notes)


# -- the command line --------------------------------------------------------------------------


def test_pathways_command_json_table_and_csv_carry_order_runner_outside_and_notes(run, tmp_path):
    g = _two_councils(local_help=True)
    g.add_node(org("Mind"))
    g.add_edge(edge("Mind", "RUNS", "Local help"))
    path = tmp_path / "directory.json"
    save_graph(g, path)
    args = ("pathways", path, "--resident-of", "Home", "--need", "mental health", "-k", "5")
    data = json.loads(run(*args, "--format", "json").output)
    assert [r["order_reason"] for r in data["routes"]] == ["access: drop in", "access: not recorded"]
    assert data["routes"][0]["steps"][0]["runner_id"] == "organisation:mind"
    assert data["notes"] == [] and not any(r["outside_council"] for r in data["routes"])  # all themed
    anywhere = json.loads(run(*args, "--anywhere", "--format", "json").output)
    assert [r["target_name"] for r in anywhere["routes"] if r["outside_council"]] == ["Over the border"]
    table = run(*args, "--anywhere").output
    assert table.index(anywhere["notes"][0]) < table.index("rank")
    assert "drop in" in table
    rows = list(csv.DictReader(io.StringIO(run(*args, "--anywhere", "--format", "csv").output)))
    assert [(r["reaches"], r["order"], r["outside council"]) for r in rows] == [
        (
            r["target_name"] + (" (outside the council)" if r["outside_council"] else ""),
            r["order_reason"],
            "yes" if r["outside_council"] else "",
        )
        for r in anywhere["routes"]
    ]
    assert rows[0]["runner"] == "Mind" and rows[0]["cites"].startswith("Local help SERVES Home")
    assert rows[0]["route"] == "a resident of Home -> Local help (run by Mind)"


# -- issue 24 review: venues inside, entry access, explicit ids, relative cites, one destination


def _venue_next_door(g: AssetGraph, name: str = "Next door venue") -> str:
    g.add_node(Place(name=name, provenance=SRC))
    g.add_edge(edge(name, "WITHIN", "Next door"))
    return g.lookup(name).pop()


def test_a_service_with_its_venue_in_a_council_it_does_not_serve_is_help_there():
    g = _directory()
    venue = _venue_next_door(g)
    inside = _service(g, "Self referral clinic", "Home", located=venue, access="self_referral")
    others = [_service(g, f"Home help {i}", "Home") for i in range(3)]
    for anywhere in (False, True):
        result = pathways(g, resident_of="Next door", need="mental health", k=5, anywhere=anywhere)
        assert [(r.target_id, r.outside_council) for r in result.routes] == [(inside, False)]
        assert result.routes[0].steps[0].cites.startswith("Self referral clinic LOCATED_IN Next door venue")
    assert "Routes may leave Next door, as asked: 0 of 1 do." in result.notes
    assert set(others) <= {t for t in g.kinds() if g.node(t).name in result.targets}  # widened, as asked
    none = pathways(g, resident_of="Next door", need="mental health", avoid=[inside])
    said = " ".join(none.notes)
    assert none.routes == []
    assert "In Next door, serving other places: Self referral clinic (Home, Next door venue)" in said
    assert "Self referral clinic" not in said.split("Nearest elsewhere:")[1].split("In Next door")[0]
    _service(g, "Hub", "Home", located=venue, theme=None)
    g.add_edge(edge("Hub", "SIGNPOSTS_TO", others[0]))
    wide = pathways(g, resident_of="Next door", need="mental health", k=5, anywhere=True)
    assert {(r.target_id, r.outside_council) for r in wide.routes} == {(inside, False), (others[0], True)}


def test_ties_are_broken_by_how_a_person_gets_in_at_the_entry():
    g = _directory()
    body = g.add_node(org("The Arc")).id  # no place of its own: reached only through its services
    access = {"Games": "drop_in", "Hang out": "appointment", "Coffee": "drop_in"}
    for name, way_in in access.items():
        _service(g, name, "Home", runner="The Arc", access=way_in, theme=None)
    routes = pathways(g, resident_of="Home", to=body, k=3).routes
    assert len({r.cost for r in routes}) == 1 and len(routes) == 3
    entries = [r.steps[0].to_name for r in routes]
    assert entries[-1] == "Hang out" and access[entries[0]] == "drop_in"  # drop in first whatever the names
    assert routes[0].order_reason == "tie"  # it beat the other drop-in entry on nothing
    drop, appt, none = (0, "drop in"), (1, "appointment"), (2, "not recorded")
    a = Standing(2.0, drop, none, (2, "same council"), None, ("games", body))
    b = Standing(2.0, appt, none, (2, "same council"), None, ("hang out", body))
    assert order_reasons(sorted([b, a], key=Standing.key)) == ["access: drop in entry", "access: appointment entry"]


def test_cites_show_sources_relative_to_the_build_folder_and_one_destination_gets_no_all_1_note(tmp_path):
    g = _directory()
    built = str(tmp_path / "feeds" / "directory.json")
    for name in ("Games", "Coffee"):
        sid = _service(g, name, serves=None, runner="The Arc", theme=None)
        g.add_edge(edge(sid, "SERVES", "Home", provenance=[Provenance(source=built, locator=f"service {name}")]))
    g.add_node(Service(name="Grants", provenance=[Provenance(source=str(tmp_path / "grants.json"))]))
    result = pathways(g, resident_of="Home", to="The Arc", k=2)
    cites = [s.cites for r in result.routes for s in r.steps]
    assert cites and not any(str(tmp_path) in c for c in cites)
    assert any("(feeds/directory.json, service Coffee)" in c for c in cites)
    assert [r.order_reason for r in result.routes] == ["tie", "another route"]
    assert not any(n.startswith("All 1 ") for n in result.notes)

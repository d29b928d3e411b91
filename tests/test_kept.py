"""Derived indexes kept beside a saved graph: the companion file, when it is used, derived again
or forgotten, and that answers read from it are the answers derived from the graph (an oracle:
every route's cost against networkx on a routing graph built here from the edge models)."""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from assetgraph.graphmodel import AssetGraph, NodeKind
from assetgraph.graphmodel.storage import graph_from_dict, graph_to_dict, load_graph, save_graph
from assetgraph.graphmodel.vocabulary import AttendingAccess, Relation
from assetgraph.kept import companion, kept
from assetgraph.kept.store import read_kept, write_kept
from assetgraph.queries.collaboration import WORKING, collaboration_graph, collaboration_ties
from assetgraph.queries.costs import COLD_APPROACH_MAX, DEFAULT_COSTS, REFERRAL_NEEDED
from assetgraph.queries.coverage import claimed_places, themeless
from assetgraph.queries.evidence import graph_folder
from assetgraph.queries.gaps import gaps
from assetgraph.queries.pathways import pathways
from assetgraph.queries.places import enclosing, enclosing_sets, hierarchy, placements, providers_at
from assetgraph.queries.route_area import located
from assetgraph.queries.routing_graph import routing_graph

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import Size, generate  # noqa: E402

_PLACING = (Relation.LOCATED_IN, Relation.SERVES)

from .helpers import edge, org  # noqa: E402

#: small national-shaped graphs: (size, seed)
GRAPHS = [(Size(400, 150), 0), (Size(300, 400), 1), (Size(600, 300), 2)]


def _saved(tmp_path: Path, size: Size, seed: int) -> tuple[AssetGraph, AssetGraph, Path]:
    """The graph generated in memory (never saved: it derives its indexes), and as opened again
    from a file whose companion is written at saving."""
    path = tmp_path / f"g{seed}.json"
    save_graph(generate(size, seed), path)
    return generate(size, seed), load_graph(path), path


def test_companion_round_trip_stale_and_damaged(tmp_path, caplog):
    path = tmp_path / "g.json.kept"
    arrays = {"ptr": np.arange(5, dtype=np.int64), "cost": np.linspace(0, 1, 3), "none": np.zeros(0, np.int32)}
    write_kept(path, "sha256:1", arrays, {"ids": '["a"]'})
    found = read_kept(path, "sha256:1")
    assert found is not None and found.texts == {"ids": '["a"]'}
    for name, array in arrays.items():
        assert found.arrays[name].dtype == array.dtype and found.arrays[name].tolist() == array.tolist()
        assert not found.arrays[name].flags.writeable
    with caplog.at_level(logging.WARNING):
        assert read_kept(path, "sha256:2") is None  # stale: silent
        assert read_kept(tmp_path / "missing.kept", "sha256:1") is None  # missing: silent
        assert not caplog.records
        data = bytearray(path.read_bytes())
        data[-9] ^= 0xFF  # a byte of the arrays
        path.write_bytes(bytes(data))
        assert read_kept(path, "sha256:1") is None
        path.write_bytes(b"AGKEPT01\xff")  # cut short
        assert read_kept(path, "sha256:1") is None
    assert [r.getMessage().count("\n") for r in caplog.records] == [0, 0]
    assert all(str(path) in r.getMessage() and "damaged" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(("size", "seed"), GRAPHS)
def test_kept_indexes_equal_those_derived_from_the_graph(tmp_path, size, seed):
    derived, opened, path = _saved(tmp_path, size, seed)
    assert companion(path).is_file() and kept(opened) is not None and kept(derived) is None
    for index in (
        enclosing_sets,
        placements,
        located,
        providers_at,
        claimed_places,
        themeless,
        graph_folder,
        hierarchy,
    ):
        assert index(opened) == index(derived), index.__name__
    assert collaboration_ties(opened, WORKING) == collaboration_ties(derived, WORKING)
    ours, theirs = collaboration_graph(opened, WORKING), collaboration_graph(derived, WORKING)
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert [(a, list(ours[a])) for a in ours] == [(a, list(theirs[a])) for a in theirs]  # adjacency in one order
    ours, theirs = routing_graph(opened), routing_graph(derived)
    assert ours.ids == theirs.ids and ours.keys == theirs.keys
    for name, array in theirs.arrays().items():
        assert np.array_equal(ours.arrays()[name], array), name
    for place in list(enclosing_sets(derived))[:50]:
        assert enclosing(opened, place) == [place, *(p for _, p in nx.bfs_edges(_within(derived), place))]


def _within(graph: AssetGraph) -> nx.DiGraph:
    tree = nx.DiGraph()
    tree.add_nodes_from(n.id for n in graph.nodes(NodeKind.PLACE))
    tree.add_edges_from((e.source, e.target) for e in graph.edges(Relation.WITHIN))
    return tree


@pytest.mark.parametrize(("size", "seed"), GRAPHS)
def test_answers_from_kept_indexes_are_those_derived_from_the_graph(tmp_path, size, seed):
    derived, opened, _ = _saved(tmp_path, size, seed)
    councils = sorted(n.name for n in derived.nodes(NodeKind.PLACE) if n.level == "local_authority")[:4]
    for council in councils:
        for need in ("Smoking", "Loneliness", "Housing"):
            asked = {"resident_of": council, "need": need, "k": 3}
            assert pathways(opened, **asked).model_dump() == pathways(derived, **asked).model_dump()
    assert gaps(opened).model_dump() == gaps(derived).model_dump()


def _reference_routes(graph: AssetGraph) -> nx.DiGraph:
    """The cheapest arc of each pair, from the edge models: what the routing graph should be."""
    actors = {NodeKind.ORGANISATION, NodeKind.PERSON, NodeKind.INITIATIVE, NodeKind.SERVICE, NodeKind.PARTNERSHIP}
    referral = {n.id for n in graph.nodes(NodeKind.SERVICE) if n.attending_access is AttendingAccess.REFERRAL}
    routes = nx.DiGraph()
    for e in graph.edges():
        costs = DEFAULT_COSTS.get(e.relation)
        if costs is None or graph.kind_of(e.source) not in actors or graph.kind_of(e.target) not in actors:
            continue
        value = e.trust if e.trust is not None else e.strength
        factor = 1.0 if value is None else 1.5 - value
        for u, v, cost, forward in (
            (e.source, e.target, costs.forward, True),
            (e.target, e.source, costs.reverse, False),
        ):
            if cost is None:
                continue
            cost *= factor
            if v in referral and not (forward and e.relation is Relation.REFERS_TO):
                cost += REFERRAL_NEEDED
            if not routes.has_edge(u, v) or routes[u][v]["cost"] > cost:
                routes.add_edge(u, v, cost=cost)
    return routes


@pytest.mark.parametrize(("size", "seed"), GRAPHS)
def test_every_route_and_cost_against_networkx(tmp_path, size, seed):
    """Node to node, routes read from the kept routing graph cost what networkx's k shortest
    simple paths cost on a routing graph built from the edge models, and follow its arcs."""
    _, opened, _ = _saved(tmp_path, size, seed)
    reference = _reference_routes(opened)
    assert kept(opened) is not None
    starts = sorted(n for n in reference if reference.out_degree(n))[:: max(1, len(reference) // 12)]
    checked = 0
    for start in starts:
        ends = sorted(nx.single_source_shortest_path_length(reference, start, cutoff=4))[1::7][:3]
        for end in ends:
            # anywhere: not kept to the start's council; a cold approach dearer than any route
            asked = {"k": 3, "max_hops": len(reference), "anywhere": True, "cold_approach": COLD_APPROACH_MAX}
            found = [r for r in pathways(opened, start=start, to=end, **asked).routes if r.cost < COLD_APPROACH_MAX]
            best = []
            for path in nx.shortest_simple_paths(reference, start, end, weight="cost"):
                best.append(nx.path_weight(reference, path, "cost"))
                if len(best) == 3:
                    break
            assert [r.cost for r in found] == pytest.approx(best, abs=1e-6)
            for route in found:
                nodes = [start, *(s.to_id for s in route.steps)]
                assert nx.path_weight(reference, nodes, "cost") == pytest.approx(route.cost, abs=1e-6)
            checked += 1
    assert checked >= 10


def test_a_changed_graph_forgets_its_kept_indexes(tmp_path):
    _, opened, _ = _saved(tmp_path, *GRAPHS[0])
    assert kept(opened) is not None
    council, theme = opened.find("England council 1").id, opened.find("Smoking", NodeKind.THEME).id
    added = opened.add_node(org("A new smoking service", scale="local")).id
    opened.add_edge(edge(added, "ADDRESSES", theme))
    opened.add_edge(edge(added, "SERVES", council))
    assert kept(opened) is None
    assert added in providers_at(opened)[theme][council]
    assert added in {s.to_id for r in pathways(opened, resident_of=council, need=theme, k=50).routes for s in r.steps}


def test_stale_or_damaged_companion_is_derived_again(tmp_path, caplog):
    size, seed = GRAPHS[0]
    path, other = tmp_path / "g.json", tmp_path / "other.json"
    save_graph(generate(size, seed + 5), other)
    save_graph(generate(size, seed), path)
    expected = pathways(generate(size, seed), resident_of="England council 1", need="Smoking").model_dump()
    with caplog.at_level(logging.WARNING):
        shutil.copy(companion(other), companion(path))  # another graph's: stale
        assert pathways(load_graph(path), resident_of="England council 1", need="Smoking").model_dump() == expected
        assert not caplog.records
        assert companion(path).read_bytes() != companion(other).read_bytes()  # written again, for this graph
        companion(path).write_bytes(companion(path).read_bytes()[:200])  # damaged
        assert pathways(load_graph(path), resident_of="England council 1", need="Smoking").model_dump() == expected
    assert len(caplog.records) == 1 and "damaged" in caplog.records[0].getMessage()
    assert kept(load_graph(path)) is not None


def test_a_companion_that_cannot_be_written_still_answers(tmp_path, caplog):
    size, seed = GRAPHS[0]
    path = tmp_path / "g.json"
    save_graph(generate(size, seed), path)
    companion(path).unlink()
    companion(path).mkdir()  # in the companion's place, something no file can replace
    with caplog.at_level(logging.WARNING):
        opened = load_graph(path)
        assert kept(opened) is not None and companion(path).is_dir()
        assert pathways(opened, resident_of="England council 1", need="Smoking").routes
    assert len(caplog.records) == 1 and "cannot read" in caplog.records[0].getMessage()


@pytest.mark.parametrize(("size", "seed"), GRAPHS[:2])
def test_every_kept_record_is_the_edge_it_stands_for(tmp_path, size, seed):
    derived, opened, _ = _saved(tmp_path, size, seed)
    found, routes = kept(opened), routing_graph(opened)
    for u in routes.ids[:: max(1, len(routes.ids) // 300)]:
        for v, _ in routes.arcs(routes.number[u]):
            arc = routes.arc(u, routes.ids[v])
            assert found.edge(arc["record"]) == derived.edge(*arc["edge"])
        placing = [e for e in derived.edges(node=u) if e.source == u and e.relation in _PLACING]
        assert found.placing_edges(u) == placing
        runs = sorted({e.source for e in derived.edges(Relation.RUNS, node=u) if e.target == u and e.source != u})
        assert found.runners(u) == runs


def test_records_of_edges_with_their_own_key_and_escaped_ids(tmp_path):
    g = AssetGraph()
    for name in ('The "Quoted" Café', "Back\\slash Centre", "Plain"):
        g.add_node(org(name, scale="local"))
    ids = [n.id for n in g.nodes()]
    g.add_edge(edge(ids[0], "REFERS_TO", ids[1]))
    g.add_edge(edge(ids[0], "REFERS_TO", ids[1], key="second referral", trust=0.9))
    g.add_edge(edge(ids[1], "PARTNERS_WITH", ids[2]))
    path = tmp_path / "g.json"
    save_graph(g, path)
    opened = load_graph(path)
    routes, found = routing_graph(opened), kept(opened)
    arc = routes.arc(ids[0], ids[1])
    assert arc["edge"][2] == "second referral" and found.edge(arc["record"]) == g.edge(*arc["edge"])
    assert pathways(opened, start=ids[0], to=ids[2]).model_dump() == pathways(g, start=ids[0], to=ids[2]).model_dump()


def test_records_of_edges_written_in_another_order(tmp_path):
    """An edge kept as it was read (a part pulled from Neo4j) is written with its fields in the
    order it came in: its line is read whole."""
    g = AssetGraph()
    for name in ("Alpha", "Beta"):
        g.add_node(org(name, scale="local"))
    g.add_edge(edge("organisation:alpha", "SIGNPOSTS_TO", "organisation:beta"))
    data = graph_to_dict(g)
    data["edges"] = [{k: e[k] for k in reversed(list(e))} for e in data["edges"]]
    trusted = graph_from_dict(data, trusted=True)
    path = tmp_path / "g.json"
    save_graph(trusted, path)
    assert '{"provenance"' in path.read_text(encoding="utf-8")
    opened = load_graph(path)
    arc = routing_graph(opened).arc("organisation:alpha", "organisation:beta")
    assert kept(opened).edge(arc["record"]) == g.edge(*arc["edge"])


def test_a_graph_reads_the_file_it_was_tied_to_after_the_path_changes(tmp_path):
    """Records are read from the file as it was mapped when the graph was opened or saved: a
    graph saved over the path, or the path removed, changes nothing in the answers."""
    size, seed = GRAPHS[0]
    path = tmp_path / "g.json"
    asked = {"resident_of": "England council 1", "need": "Smoking"}
    expected = pathways(generate(size, seed), **asked).model_dump()
    saved, opened = generate(size, seed), None
    save_graph(saved, path)
    opened = load_graph(path)
    save_graph(generate(size, seed + 1), path)  # another graph in its place
    assert pathways(opened, **asked).model_dump() == expected
    path.unlink()
    assert pathways(saved, **asked).model_dump() == expected

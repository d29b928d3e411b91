"""Neo4j as an engine, against a real server (tests/neo4j_server.py starts one).

Pushes are checked by reading the server back with Cypher, questions by comparing the Neo4j
engine's answers with the embedded engine's, faults by killing the server mid-push.
"""

from __future__ import annotations

import json
import random
import re
import threading

import pytest

from assetgraph.errors import DatabaseError, QueryError
from assetgraph.graphmodel import AssetGraph, Initiative, Place, Theme
from assetgraph.graphmodel.storage import graph_from_dict, graph_to_dict
from assetgraph.loaders import SEED, load
from assetgraph.neo4jdb import Neo4jSettings, connect, list_graphs, pull_graph, push_graph
from assetgraph.neo4jdb.cypher import embedded_cypher, neo4j_cypher
from assetgraph.neo4jdb.engine import place_indexes, question_graph
from assetgraph.neo4jdb.push import disjoint_rounds
from assetgraph.queries.connectors import connectors
from assetgraph.queries.gaps import gaps
from assetgraph.queries.pathways import DEFAULT_COSTS, parse_costs, pathways
from assetgraph.queries.places import enclosing_sets, providers_at
from benchmarks.generate import Size, generate

from .helpers import SRC, edge, org
from .neo4j_server import free_port


def _same(a: AssetGraph, b: AssetGraph) -> bool:
    """Equal as saved, whatever each graph is named."""
    return graph_to_dict(a) | {"name": None} == graph_to_dict(b) | {"name": None}


def _counts(settings: Neo4jSettings, name: str) -> tuple[int, int]:
    with connect(settings) as db:
        nodes = db.read("MATCH (n {graph: $g}) WHERE NOT n:AssetgraphGraph RETURN count(n) AS c", g=name)[0]["c"]
        rels = db.read("MATCH ()-[r {graph: $g}]->() RETURN count(r) AS c", g=name)[0]["c"]
    return nodes, rels


# -- push and pull ------------------------------------------------------------------------------


def test_the_seed_map_pushed_twice_leaves_the_same_counts_and_pulls_back_equal(neo4j, graph_name):
    g = load(SEED)
    with connect(neo4j) as db:
        first = push_graph(db, g, graph_name)
        after_first = _counts(neo4j, graph_name)
        push_graph(db, g, graph_name)
        pulled = pull_graph(db, graph_name)
        listed = {e.name: e for e in list_graphs(db)}
    assert (first.nodes, first.edges) == (len(g), g.number_of_edges())
    assert after_first == _counts(neo4j, graph_name) == (len(g), g.number_of_edges())
    assert _same(pulled, g)
    assert listed[graph_name].complete and listed[graph_name].nodes == len(g)


def test_labels_types_and_provenance_are_stored_for_cypher(neo4j, graph_name):
    g = load(SEED)
    with connect(neo4j) as db:
        push_graph(db, g, graph_name)
        labels = db.read("MATCH (n {graph: $g}) RETURN labels(n)[0] AS label, count(*) AS c", g=graph_name)
        types = db.read("MATCH ()-[r {graph: $g}]->() RETURN type(r) AS type, count(*) AS c", g=graph_name)
        chex = db.read(
            "MATCH (o:Organisation {graph: $g, id: 'organisation:chex'}) RETURN o.provenance AS p", g=graph_name
        )
    assert {r["label"].lower(): r["c"] for r in labels} == dict(g.count_nodes())
    assert {r["type"]: r["c"] for r in types} == dict(g.count_edges())
    assert json.loads(chex[0]["p"]) == [
        p.model_dump(exclude_defaults=True, exclude_none=True) for p in g.node("organisation:chex").provenance
    ]


def _two_versions() -> tuple[AssetGraph, AssetGraph]:
    old, new = AssetGraph("v"), AssetGraph("v")
    for g in (old, new):
        g.add_node(org("Alpha", sector="public"))
        g.add_node(org("Beta", sector="community_led"))
        g.add_edge(edge("Alpha", "PARTNERS_WITH", "Beta"))
    old.add_node(org("Gone", description="closed in 2025"))
    old.add_edge(edge("Gone", "SUPPORTS", "Beta"))
    old.add_edge(edge("Beta", "SIGNPOSTS_TO", "Alpha"))
    old.update_node("organisation:alpha", description="old text")
    return old, new


def test_replace_removes_what_the_source_no_longer_has_and_nothing_of_other_graphs(neo4j, graph_name):
    old, new = _two_versions()
    other = load(SEED)
    with connect(neo4j) as db:
        push_graph(db, other, graph_name + " other")
        push_graph(db, old, graph_name)
        push_graph(db, new, graph_name)
        kept = pull_graph(db, graph_name)
        report = push_graph(db, new, graph_name, replace=True)
        replaced = pull_graph(db, graph_name)
        untouched = pull_graph(db, graph_name + " other")
    assert "organisation:gone" in kept and kept.node("organisation:alpha").description is None
    assert (report.removed_nodes, report.removed_edges) == (1, 2)
    assert _same(replaced, new)
    assert _counts(neo4j, graph_name) == (len(new), new.number_of_edges())
    assert _same(untouched, other)


HOSTILE = [
    'O\'Brien "Quoted" Trust',
    "back`tick` `Organisation`",
    "}) DETACH DELETE n //",
    "x'}) MATCH (m) DETACH DELETE m RETURN 1 //",
    "MATCH (n) DETACH DELETE n",
    "$graph {graph: 'other'}",
    "\\u0027; DROP CONSTRAINT assetgraph_organisation",
    "Cymraeg: Iechyd Cyhoeddus Cymru ☕",
]


def test_hostile_names_travel_as_parameters_and_come_back_unchanged(neo4j, graph_name, run, tmp_path, monkeypatch):
    g = AssetGraph("hostile")
    for i, name in enumerate(HOSTILE):
        g.add_node(org(name, aliases=[f"alias {name}"], description=name, attributes={"note": name}))
        if i:
            g.add_edge(edge(g.find(HOSTILE[i - 1]).id, "PARTNERS_WITH", g.find(name).id, description=name))
    bystander = load(SEED)
    name = graph_name + " '}) MATCH (n) DETACH DELETE n //`"
    with connect(neo4j) as db:
        push_graph(db, bystander, graph_name)
        push_graph(db, g, name)
        push_graph(db, g, name, replace=True)
        pulled = pull_graph(db, name)
        names = neo4j_cypher(
            db,
            "MATCH (o:Organisation {graph: $g}) WHERE o.name IN $names RETURN o.name AS name",
            {"g": name, "names": HOSTILE},
        )
    assert _same(pulled, g)
    assert sorted(r[0] for r in names.rows) == sorted(HOSTILE)
    with connect(neo4j) as db:
        assert _same(pull_graph(db, graph_name), bystander)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j.password or "")
    out = tmp_path / "back.json"
    result = run("neo4j", "pull", name, "-o", out, "--uri", neo4j.uri, "--user", neo4j.user)
    assert result.exit_code == 0, result.output
    assert _same(load(out), g)


# -- the CLI ------------------------------------------------------------------------------------


def test_cli_push_graphs_pull_round_trip(neo4j, graph_name, run, tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j.password or "")
    conn = ["--uri", neo4j.uri, "--user", neo4j.user]
    pushed = run("neo4j", "push", SEED, "--name", graph_name, "--batch-size", "7", *conn)
    assert pushed.exit_code == 0, pushed.output
    seed = load(SEED)
    assert f"{len(seed)} nodes, {seed.number_of_edges()} relationships" in pushed.output
    listed = json.loads(run("neo4j", "graphs", "--format", "json", *conn).output)
    entry = next(g for g in listed["graphs"] if g["name"] == graph_name)
    assert (entry["nodes"], entry["edges"], entry["complete"]) == (len(seed), seed.number_of_edges(), True)
    out = tmp_path / "pulled.json"
    assert run("neo4j", "pull", graph_name, "-o", out, *conn).exit_code == 0
    assert _same(load(out), load(SEED))
    again = json.loads(run("neo4j", "push", SEED, "--name", graph_name, "--format", "json", *conn).output)
    counts = len(seed), seed.number_of_edges()
    assert (again["graph"], again["nodes"], again["edges"], again["uri"]) == (graph_name, *counts, neo4j.uri)
    pulled = json.loads(run("neo4j", "pull", graph_name, "-o", out, "--format", "json", *conn).output)
    assert pulled == {"graph": graph_name, "uri": neo4j.uri, "output": str(out), "nodes": counts[0], "edges": counts[1]}
    missing = run("neo4j", "pull", graph_name + " nope", "-o", tmp_path / "x.json", *conn)
    assert missing.exit_code == 1 and "has no graph named" in missing.output
    assert not (tmp_path / "x.json").exists()


def test_a_redacted_push_puts_no_person_on_the_server(neo4j, graph_name, run, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j.password or "")
    seed = load(SEED)
    pushed = run(
        "neo4j", "push", SEED, "--name", graph_name, "--redact-people", "--uri", neo4j.uri, "--user", neo4j.user
    )
    assert pushed.exit_code == 0, pushed.output
    with connect(neo4j) as db:
        stored = db.read("MATCH (n {graph: $g}) RETURN properties(n) AS p", g=graph_name)
        rels = db.read("MATCH ()-[r {graph: $g}]->() RETURN properties(r) AS p", g=graph_name)
    text = json.dumps([r["p"] for r in stored + rels], ensure_ascii=False, default=str)
    people = list(seed.nodes("person"))
    assert people and len(stored) == len(seed)
    for person in people:
        for secret in (person.name, *person.aliases, person.email, person.phone, person.id):
            assert not secret or secret not in text, secret
    assert sum(1 for r in stored if r["p"]["id"].startswith("person:withheld-")) == len(people)


def test_server_down_and_wrong_password_are_one_line_errors(neo4j, run, monkeypatch):
    down = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password="x", retry_seconds=0)
    with pytest.raises(DatabaseError, match="cannot reach Neo4j"):
        with connect(down):
            pass
    if neo4j.password is None:
        pytest.skip("the server named by NEO4J_URI has authentication off")
    wrong = neo4j.model_copy(update={"password": neo4j.password + "-wrong"})
    with pytest.raises(DatabaseError, match="wrong user name or password"):
        with connect(wrong):
            pass
    for settings, needle in ((down, "cannot reach Neo4j"), (wrong, "wrong user name or password")):
        monkeypatch.setenv("NEO4J_PASSWORD", settings.password)
        result = run("neo4j", "push", SEED, "--uri", settings.uri, "--name", "never")
        assert result.exit_code == 1
        assert needle in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


# -- faults: the server dies mid-push -----------------------------------------------------------


def _crash_during_push(server, settings: Neo4jSettings, graph: AssetGraph, name: str, restart_in_background: bool):
    """Push ``graph``, killing the server after some relationship batches; returns the error
    the push ended with (None if its retries outlived the crash)."""
    batches = {"relationships": 0}

    def progress(what: str, count: int, total: int | None) -> None:
        if what == "relationships":
            batches["relationships"] += 1
            if batches["relationships"] == 5:
                server.kill()
                if restart_in_background:
                    threading.Thread(target=server.start).start()

    try:
        with connect(settings) as db:
            push_graph(db, graph, name, batch_size=300, progress=progress)
    except DatabaseError as exc:
        return exc
    return None


def _needs_own_server(server):
    if server is None:
        pytest.skip("the server named by NEO4J_URI is not ours to kill")


def test_a_push_cut_short_is_refused_by_pull_and_converges_when_run_again(neo4j_server, neo4j, graph_name):
    _needs_own_server(neo4j_server)
    graph = generate(Size(small_areas=200, organisations=400), seed=3)
    error = _crash_during_push(neo4j_server, neo4j.model_copy(update={"retry_seconds": 1}), graph, graph_name, False)
    neo4j_server.start()
    assert error is not None and "cannot reach Neo4j" in str(error)
    with connect(neo4j) as db:
        with pytest.raises(DatabaseError, match="did not finish"):
            pull_graph(db, graph_name)
        nodes, rels = _counts(neo4j, graph_name)
        assert nodes == len(graph) and 0 < rels < graph.number_of_edges()
        push_graph(db, graph, graph_name)
        assert _same(pull_graph(db, graph_name), graph)
    assert _counts(neo4j, graph_name) == (len(graph), graph.number_of_edges())


def test_managed_transactions_retry_through_a_server_restart(neo4j_server, neo4j, graph_name):
    _needs_own_server(neo4j_server)
    graph = generate(Size(small_areas=200, organisations=400), seed=4)
    error = _crash_during_push(neo4j_server, neo4j.model_copy(update={"retry_seconds": 150}), graph, graph_name, True)
    assert error is None
    with connect(neo4j) as db:
        assert _same(pull_graph(db, graph_name), graph)
    assert _counts(neo4j, graph_name) == (len(graph), graph.number_of_edges())


# -- the three questions: Neo4j engine equals embedded --------------------------------------------


def test_cli_questions_on_neo4j_equal_embedded_on_the_seed_map(neo4j, graph_name, run, monkeypatch, tmp_path):
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j.password or "")
    with connect(neo4j) as db:
        push_graph(db, load(SEED), graph_name)
    conn = ["--engine", "neo4j", "--uri", neo4j.uri, "--user", neo4j.user]
    questions = [
        ["connectors"],
        ["connectors", "--between", "community", "--top", "50"],
        ["connectors", "--focus", "community_led,public"],
        ["gaps"],
        ["gaps", "--place", "Morecambe Bay", "--kind", "coverage"],
        ["gaps", "--level", "local_authority", "-k", "1"],
        ["pathways", "--resident-of", "Pentwyn", "--need", "smoking"],
        ["pathways", "--resident-of", "Morecambe Bay", "--need", "smoking"],
        ["pathways", "CHEX", "--to", "Public Health Scotland", "-k", "5", "--via", "person"],
    ]
    for question in questions:
        command, rest = question[0], question[1:]
        embedded = run(command, SEED, *rest, "--format", "json")
        on_server = run(command, graph_name, *rest, "--format", "json", *conn)
        assert embedded.exit_code == on_server.exit_code == 0, on_server.output
        assert json.loads(on_server.output) == json.loads(embedded.output), question
    wrong = run("gaps", graph_name + " nope", *conn)
    assert wrong.exit_code == 1 and "has no graph named" in wrong.output


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_questions_on_neo4j_equal_embedded_on_generated_graphs(neo4j, graph_name, seed):
    graph = generate(Size(small_areas=60, organisations=150), seed=seed)
    with connect(neo4j) as db:
        push_graph(db, graph, graph_name)
        parts = {q: question_graph(db, graph_name, q) for q in ("connectors", "gaps", "pathways")}
    assert connectors(parts["connectors"], between="sector", top=30) == connectors(graph, between="sector", top=30)
    assert connectors(parts["connectors"], between="sector", focus=("community_led", "public")) == connectors(
        graph, between="sector", focus=("community_led", "public")
    )
    assert connectors(parts["connectors"], between="place", top=10) == connectors(graph, between="place", top=10)
    assert gaps(parts["gaps"]) == gaps(graph)
    assert gaps(parts["gaps"], level="local_authority") == gaps(graph, level="local_authority")
    places = sorted(p.name for p in graph.nodes("place") if p.level in ("small_area", "local_authority"))
    for place in places[:: max(1, len(places) // 6)]:
        for need in ("Smoking", "Loneliness"):
            assert pathways(parts["pathways"], resident_of=place, need=need) == pathways(
                graph, resident_of=place, need=need
            )
    orgs = sorted(o.name for o in graph.nodes("organisation"))
    for a, b in zip(orgs[::17], orgs[5::17], strict=False):
        assert pathways(parts["pathways"], start=a, to=b, k=2) == pathways(graph, start=a, to=b, k=2)


@pytest.mark.parametrize("seed", [3, 4])
def test_routes_tied_in_cost_come_out_the_same_on_both_engines_whatever_the_order(neo4j, graph_name, seed):
    """Every relation costing the same makes many routes tie: the tie-break (node ids, not the
    order the graph was built or pulled in) must pick the same ones everywhere."""
    graph = generate(Size(small_areas=60, organisations=150), seed=seed)
    data = graph_to_dict(graph)
    reordered = graph_from_dict(data | {"nodes": data["nodes"][::-1], "edges": data["edges"][::-1]})
    flat = parse_costs([f"{relation.value}=1" for relation in DEFAULT_COSTS])
    with connect(neo4j) as db:
        push_graph(db, reordered, graph_name)
        part = question_graph(db, graph_name, "pathways")
    places = sorted(p.name for p in graph.nodes("place") if p.level == "small_area")
    asked = 0
    for place in places[:: max(1, len(places) // 8)]:
        for need in ("Smoking", "Loneliness"):
            routes = [pathways(g, resident_of=place, need=need, costs=flat, k=4) for g in (graph, reordered, part)]
            assert routes[0] == routes[1] == routes[2]
            asked += len(routes[0].routes)
    costs = [
        r.cost
        for place in places[:3]
        for r in pathways(graph, resident_of=place, need="Smoking", costs=flat, k=4).routes
    ]
    assert asked and len(costs) > len(set(costs))  # there were ties to break


def _as_sets(index: dict) -> dict:
    return {t: {p: set(assets) for p, assets in by_place.items()} for t, by_place in index.items()}


def test_place_indexes_computed_in_cypher_equal_the_python_ones(neo4j, graph_name):
    graph = generate(Size(small_areas=80, organisations=120), seed=7)
    unplaced = graph.add_node(Initiative(name="unplaced helpline", provenance=SRC))
    graph.add_edge(edge(unplaced.id, "ADDRESSES", "theme:smoking"))
    with connect(neo4j) as db:
        push_graph(db, graph, graph_name)
        enclosing, providers = place_indexes(db, graph_name)
    assert enclosing == enclosing_sets(graph)
    assert _as_sets(providers) == _as_sets(providers_at(graph))
    assert providers["theme:smoking"][""] == [unplaced.id]


def test_a_place_cycle_is_reported_the_same_way_on_both_engines(neo4j, graph_name):
    g = AssetGraph("loop")
    for name in ("A", "B"):
        g.add_node(Place(name=name, level="region", provenance=SRC))
    g.add_node(Theme(name="Smoking", provenance=SRC))
    g.add_edge(edge("place:a", "WITHIN", "place:b"))
    g.add_edge(edge("place:b", "WITHIN", "place:a"))
    with connect(neo4j) as db:
        push_graph(db, g, graph_name)
        part = question_graph(db, graph_name, "gaps")
    for graph in (g, part):
        with pytest.raises(QueryError, match="round in a circle"):
            gaps(graph, kinds=["coverage"])


# -- cypher on both engines -----------------------------------------------------------------------

SHARED_QUERIES = [
    'MATCH (o:Organisation) WHERE o.scale = "national" RETURN o.name ORDER BY o.name',
    "MATCH (s:Service)-[r:SERVES]->(p:Place) RETURN s.name, p.name ORDER BY s.name, p.name",
    "MATCH (a)-[:SIGNPOSTS_TO]->(b) RETURN a.name, b.name ORDER BY a.name, b.name",
    'MATCH (p:Place) WHERE p.level IN ["nation", "country"] RETURN p.name, p.level ORDER BY p.name',
    'MATCH (o:Organisation) WHERE o.name STARTS WITH "Public" RETURN o.name, o.sector ORDER BY o.name LIMIT 2',
    "MATCH (o:Organisation)-[:RUNS]->(s) RETURN o.name, count(s) AS services ORDER BY services DESC, o.name LIMIT 3",
]


def _scoped(query: str) -> str:
    """The same query limited to one graph on the server: every node pattern gets {graph: $g}."""
    return re.sub(r"\((\w*)(:\w+)?\)", lambda m: f"({m.group(1)}{m.group(2) or ''} {{graph: $g}})", query)


def test_cypher_in_the_shared_subset_gives_the_same_rows_on_both_engines(neo4j, graph_name):
    g = load(SEED)
    with connect(neo4j) as db:
        push_graph(db, g, graph_name)
        for query in SHARED_QUERIES:
            here = embedded_cypher(g, query)
            there = neo4j_cypher(db, _scoped(query), {"g": graph_name})
            assert here.rows and here.rows == there.rows, query
            assert here.columns == there.columns


def test_cypher_outside_the_subset_and_writes_are_refused(neo4j, graph_name, run, monkeypatch):
    g = load(SEED)
    for query in ("MATCH (n) SET n.name = 'x' RETURN n", "CREATE (n:Organisation)", "MATCH (n) WITH n RETURN n.name"):
        with pytest.raises(QueryError, match="cannot read the query at line 1|embedded engine cannot run this query"):
            embedded_cypher(g, query)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j.password or "")
    with connect(neo4j) as db:
        push_graph(db, g, graph_name)
    result = run(
        "cypher",
        "MATCH (n {graph: $g}) DETACH DELETE n",
        "--engine",
        "neo4j",
        "--param",
        f"g={graph_name}",
        "--uri",
        neo4j.uri,
        "--user",
        neo4j.user,
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert _counts(neo4j, graph_name) == (len(g), g.number_of_edges())
    bad = run("cypher", "MATCH (n RETURN n", "--engine", "neo4j", "--uri", neo4j.uri, "--user", neo4j.user)
    assert bad.exit_code == 1 and "SyntaxError" in bad.output
    files = run(
        "cypher",
        'LOAD CSV FROM "file:///etc/passwd" AS line RETURN line',
        "--engine",
        "neo4j",
        "--uri",
        neo4j.uri,
        "--user",
        neo4j.user,
    )
    assert files.exit_code == 1 and "root:" not in files.output
    assert "refused: LOAD CSV (operator LoadCSV)" in files.output
    assert run("cypher", "MATCH (n) RETURN n.name").exit_code == 2


def test_data_edited_on_the_server_into_nonsense_is_named_when_pulled(neo4j, graph_name):
    with connect(neo4j) as db:
        push_graph(db, load(SEED), graph_name)
        db.write("MATCH (o:Organisation {graph: $g, id: 'organisation:chex'}) SET o.sector = 'nonsense'", g=graph_name)
        with pytest.raises(DatabaseError, match=r"on the server, nodes\[\d+\] \(organisation:chex\), field sector"):
            pull_graph(db, graph_name)


@pytest.mark.parametrize("seed", range(6))
def test_relationship_batches_written_at_once_never_share_a_node(seed):
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(rng.randint(2, 300))]
    hubs = nodes[: rng.randint(1, 5)]
    rows = [
        [rng.choice(hubs if rng.random() < 0.3 else nodes), rng.choice(nodes), i] for i in range(rng.randint(0, 2000))
    ]
    width, size = rng.randint(1, 4), rng.randint(1, 200)
    rounds = list(disjoint_rounds(rows, width, size))
    written = [row[2] for batches in rounds for batch in batches for row in batch]
    assert sorted(written) == list(range(len(rows)))
    for batches in rounds:
        assert 1 <= len(batches) <= width and all(1 <= len(b) <= size for b in batches)
        touched = [{end for row in batch for end in row[:2]} for batch in batches]
        assert all(not (a & b) for i, a in enumerate(touched) for b in touched[i + 1 :])
    if width > 1 and len(rows) > size:
        assert any(len(batches) > 1 for batches in rounds)


def test_a_pull_checks_again_only_what_was_edited_since_the_push(neo4j, graph_name, monkeypatch):
    from assetgraph.neo4jdb import pull

    checked = []
    real = pull.graph_from_dict
    monkeypatch.setattr(pull, "graph_from_dict", lambda *a, **k: checked.append(not k["trusted"]) or real(*a, **k))
    g = load(SEED)
    with connect(neo4j) as db:
        push_graph(db, g, graph_name)
        as_pushed = pull_graph(db, graph_name)
        part = pull_graph(db, graph_name, ["organisation", "place"], ["LOCATED_IN", "WITHIN"])
        rename = "MATCH (o:Organisation {graph: $g, id: 'organisation:chex'}) SET o.name = $name"
        db.write(rename, g=graph_name, name="CHEX (edited)")
        edited = pull_graph(db, graph_name)
        db.write("MATCH ()-[r:MEMBER_OF {graph: $g}]->() WITH r LIMIT 1 SET r.strength = 0.25", g=graph_name)
        db.write(rename, g=graph_name, name="CHEX")
        tie_edited = pull_graph(db, graph_name)
    assert checked == [False, False, True, True]
    assert _same(as_pushed, g) and edited.node("organisation:chex").name == "CHEX (edited)"
    assert {n.kind.value for n in part.nodes()} == {"organisation", "place"}
    assert any(e.strength == 0.25 for e in tie_edited.edges("MEMBER_OF"))


def test_a_pulled_part_is_kept_until_the_next_push(neo4j, graph_name, tmp_path, monkeypatch):
    from assetgraph.neo4jdb import engine

    pulls = []
    real = engine.pull_graph
    monkeypatch.setattr(engine, "pull_graph", lambda *a, **k: pulls.append(a[1]) or real(*a, **k))
    seed = load(SEED)
    with connect(neo4j) as db:
        push_graph(db, seed, graph_name)
        first = question_graph(db, graph_name, "pathways", cache=tmp_path)
        again = question_graph(db, graph_name, "pathways", cache=tmp_path)
        assert pulls == [graph_name]  # the second question read the kept part
        ask = {"resident_of": "Pentwyn", "need": "smoking"}
        assert pathways(again, **ask) == pathways(first, **ask) == pathways(seed, **ask)
        assert gaps(question_graph(db, graph_name, "gaps", cache=tmp_path)) == gaps(seed)
        assert len(pulls) == 2  # another question is another part
        changed = load(SEED)
        changed.remove_node("service:stop-smoking-wales")
        push_graph(db, changed, graph_name, replace=True)
        after = question_graph(db, graph_name, "pathways", cache=tmp_path)
        assert len(pulls) == 3 and "service:stop-smoking-wales" not in after
        assert len(list(tmp_path.glob("*.indexes.json"))) == 2  # one kept part per question, the latest push's
        for damage in (lambda f: f.unlink(), lambda f: f.write_text("{not json")):
            damage(max(tmp_path.glob("*.indexes.json"), key=lambda f: f.stat().st_mtime_ns))  # the pathways part
            mended = question_graph(db, graph_name, "pathways", cache=tmp_path)
            assert pathways(mended, **ask) == pathways(changed, **ask)
        assert len(pulls) == 5  # a kept part that cannot be read is pulled again


def test_info_show_map_and_export_read_a_graph_on_the_server(neo4j, graph_name, run, monkeypatch, tmp_path):
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j.password or "")
    seed = load(SEED)
    with connect(neo4j) as db:
        push_graph(db, seed, graph_name)
    conn = ["--engine", "neo4j", "--uri", neo4j.uri, "--user", neo4j.user]
    for command in (["info"], ["show", "CHEX"], ["show", "person:withheld-1", "--redact-people"]):
        embedded = run(command[0], SEED, *command[1:], "--format", "json")
        on_server = run(command[0], graph_name, *command[1:], "--format", "json", *conn)
        assert embedded.exit_code == on_server.exit_code == 0, on_server.output
        expected = json.loads(embedded.output)
        if command == ["info"]:
            expected["name"] = json.loads(on_server.output)["name"]  # the graph's name on the server
        assert json.loads(on_server.output) == expected, command
    drawn = run("map", graph_name, "-o", tmp_path / "m.html", "--format", "json", *conn)
    assert drawn.exit_code == 0 and json.loads(drawn.output)["nodes"] == len(seed)
    for where, graph in ((tmp_path / "local", SEED), (tmp_path / "server", graph_name)):
        extra = conn if graph == graph_name else []
        assert run("export", graph, "--to", "csv", "-o", where, *extra).exit_code == 0
    for name in ("nodes.csv", "edges.csv"):
        local = sorted((tmp_path / "local" / name).read_text(encoding="utf-8").splitlines())
        assert sorted((tmp_path / "server" / name).read_text(encoding="utf-8").splitlines()) == local


def _gds_version(db) -> str | None:
    """The version of Graph Data Science on the server, or None where it has none."""
    from neo4j.exceptions import ClientError

    try:
        return db.read("CALL gds.version() YIELD gdsVersion RETURN gdsVersion")[0]["gdsVersion"]
    except ClientError as exc:
        if exc.code == "Neo.ClientError.Procedure.ProcedureNotFound":
            return None
        raise


def test_graph_data_science_runs_on_the_test_server_and_agrees_with_our_searches(neo4j_server, neo4j, graph_name):
    """The test server carries GDS (for whoever moves questions into the server): its Dijkstra,
    Yen's k cheapest paths and betweenness (exact, and with every node sampled) on a random
    weighted graph are ours."""
    import networkx as nx

    from assetgraph.queries.betweenness import betweenness
    from assetgraph.queries.routing import cheapest_path, k_cheapest_paths

    rng = random.Random(7)
    arcs = {
        (a, b): round(rng.uniform(0.5, 3.0), 2) for a in range(12) for b in range(12) if a != b and rng.random() < 0.25
    }
    label = "GdsProbe" + graph_name.split()[-1]
    directed, undirected = (f"{kind}-{graph_name.split()[-1]}" for kind in ("probe", "ties"))
    with connect(neo4j) as db:
        if neo4j_server is None and _gds_version(db) is None:
            pytest.skip("the server named by NEO4J_URI has no Graph Data Science")
        assert _gds_version(db) == "2.13.9"
        db.write(f"UNWIND range(0, 11) AS i CREATE (:{label} {{i: i}})")
        db.write(
            f"UNWIND $arcs AS arc MATCH (a:{label} {{i: arc[0]}}), (b:{label} {{i: arc[1]}}) "
            "CREATE (a)-[:PROBE {cost: arc[2]}]->(b)",
            arcs=[[a, b, c] for (a, b), c in arcs.items()],
        )
        db.read(f"CALL gds.graph.project($name, '{label}', {{PROBE: {{properties: 'cost'}}}})", name=directed)
        once = "{orientation: 'UNDIRECTED', aggregation: 'SINGLE'}"  # a tie both ways counts once, as in ours
        db.read(f"CALL gds.graph.project($name, '{label}', {{PROBE: {once}}})", name=undirected)
        ends = f"MATCH (a:{label} {{i: 0}}), (b:{label} {{i: 11}}) "
        weight = "sourceNode: a, targetNode: b, relationshipWeightProperty: 'cost'"
        central = "YIELD nodeId, score RETURN gds.util.asNode(nodeId).i AS i, score"
        try:
            yens = db.read(
                ends + f"CALL gds.shortestPath.yens.stream($name, {{{weight}, k: 3}}) YIELD totalCost "
                "RETURN totalCost ORDER BY totalCost",
                name=directed,
            )
            dijkstra = db.read(
                ends + f"CALL gds.shortestPath.dijkstra.stream($name, {{{weight}}}) YIELD totalCost RETURN totalCost",
                name=directed,
            )
            exact = db.read(f"CALL gds.betweenness.stream($name) {central}", name=undirected)
            sampled = db.read(
                f"CALL gds.betweenness.stream($name, {{samplingSize: 12, samplingSeed: 0}}) {central}", name=undirected
            )
        finally:
            for projection in (directed, undirected):
                db.read("CALL gds.graph.drop($name) YIELD graphName RETURN graphName", name=projection)
            db.write(f"MATCH (n:{label}) DETACH DELETE n")
    out = {a: [(b, c, 1) for (x, b), c in arcs.items() if x == a] for a in range(12)}
    ours = [cost for cost, _ in k_cheapest_paths(lambda n: out[n], 0, 11, k=3)]
    assert [round(r["totalCost"], 6) for r in yens] == [round(c, 6) for c in ours] and ours
    assert round(dijkstra[0]["totalCost"], 6) == round(cheapest_path(lambda n: out[n], 0, 11)[0], 6)
    ties = nx.Graph(list(arcs))
    scale = 2 / ((len(ties) - 1) * (len(ties) - 2))  # GDS counts each unordered pair once, unnormalised
    ranked = betweenness(ties)
    assert any(ranked.values())
    for rows in (exact, sampled):
        assert {r["i"]: round(r["score"] * scale, 6) for r in rows} == {n: round(v, 6) for n, v in ranked.items()}

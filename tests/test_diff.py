"""assetgraph diff: what changed between two versions of a map, and what it did to the questions."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from assetgraph.graphmodel import AssetGraph, Edge, Organisation, Place, Provenance, Service
from assetgraph.loaders import SEED, load
from assetgraph.queries.connectors import connectors
from assetgraph.queries.diff import MOVERS, diff
from assetgraph.queries.gaps import gaps

SRC = [Provenance(source="survey 2024")]
NEW_SRC = [Provenance(source="survey 2025")]


def test_a_hand_made_pair_reports_each_change_with_both_sides_sources():
    old, new = load(SEED), load(SEED)
    new.add_node(Organisation(name="Pentwyn Quit Club", scale="neighbourhood", provenance=NEW_SRC))
    new.add_edge(Edge(source="Pentwyn Quit Club", relation="LOCATED_IN", target="Pentwyn", provenance=NEW_SRC))
    new.add_edge(Edge(source="Pentwyn Quit Club", relation="ADDRESSES", target="Smoking", provenance=NEW_SRC))
    new.update_node("organisation:chex", sector="community_led", description="Community Health Exchange")
    new.remove_node("organisation:cardiff-mind")
    found = diff(old, new)
    nodes = {(n.change, n.id) for n in found.nodes}
    assert nodes == {
        ("added", "organisation:pentwyn-quit-club"),
        ("changed", "organisation:chex"),
        ("removed", "organisation:cardiff-mind"),
    }
    chex = next(n for n in found.nodes if n.change == "changed")
    assert {(f.field, f.old, f.new) for f in chex.fields} == {
        ("sector", "third_sector", "community_led"),
        ("description", None, "Community Health Exchange"),
    }
    assert chex.old_sources == chex.new_sources and chex.old_sources
    removed_ties = {(t.source, t.relation, t.target) for t in found.ties if t.change == "removed"}
    assert removed_ties == {(e.source, e.relation.value, e.target) for e in old.edges(node="organisation:cardiff-mind")}
    added = [t for t in found.ties if t.change == "added"]
    assert len(added) == 2 and all(t.new_sources == ["survey 2025"] for t in added)
    answers = {(q.question, q.subject, q.change) for q in found.questions}
    assert ("routes", "Pentwyn: Smoking", "cheaper") in answers and (
        "routes",
        "Pentwyn: Mental health",
        "lost",
    ) in answers
    cells = [{g.subject: g.status for g in gaps(g, kinds=["coverage"]).rows} for g in (old, new)]
    was, now = (c.get("Pentwyn x Smoking") for c in cells)
    assert was != now  # the quit club changed the cell: the oracle is the gaps question itself
    change = "opened" if was is None else "closed" if now is None else "changed"
    assert ("gaps: coverage", "Pentwyn x Smoking", change) in answers
    scoring = {r.name for g in (old, new) for r in connectors(g, top=None).rows}
    assert {subject for question, subject, _ in answers if question == "connectors"} <= scoring


def _partners(name: str, ties: list[tuple[str, str]]) -> AssetGraph:
    g = AssetGraph(name)
    for body in sorted({b for tie in ties for b in tie}):
        g.add_node(Organisation(name=body, sector="third_sector", provenance=SRC))
    for a, b in ties:
        g.add_edge(Edge(source=a, relation="PARTNERS_WITH", target=b, provenance=SRC))
    return g


def test_a_connector_that_stops_brokering_is_reported_leaving_the_top_and_its_successor_entering():
    """Bridge brokers between Ash and Elm; in NEW Ash and Elm partner directly (Bridge brokers
    nothing) and Hub joins Elm to Fir, so Hub brokers instead."""
    import networkx as nx

    old = _partners("old", [("Ash", "Bridge"), ("Bridge", "Elm")])
    new = _partners("new", [("Ash", "Bridge"), ("Bridge", "Elm"), ("Ash", "Elm"), ("Elm", "Hub"), ("Hub", "Fir")])
    oracle = [nx.betweenness_centrality(nx.Graph([(e.source, e.target) for e in g.edges()])) for g in (old, new)]
    assert oracle[0]["organisation:bridge"] > 0 == oracle[1]["organisation:bridge"]
    assert oracle[1]["organisation:hub"] > 0
    found = diff(old, new)
    moves = {(q.subject, q.change) for q in found.questions if q.question == "connectors"}
    assert ("Bridge", "left the top") in moves and ("Hub", "entered the top") in moves
    assert ("Bridge", "left the top") in {(m.subject, m.change) for m in found.summary.movers}


def _directory(name: str, councils: list[str], services: dict[str, tuple[str, list[str]]]) -> AssetGraph:
    """An Open Referral directory: services serving councils of a region, each addressing themes."""
    from assetgraph.graphmodel import Theme

    g = AssetGraph(name)
    g.add_node(Place(name="The Region", level="region", provenance=SRC))
    for council in councils:
        g.add_node(Place(name=council, level="local_authority", provenance=SRC))
        g.add_edge(Edge(source=council, relation="WITHIN", target="The Region", provenance=SRC))
    for theme in sorted({t for _, themes in services.values() for t in themes}):
        g.add_node(Theme(name=theme, provenance=SRC))
    for service, (council, themes) in services.items():
        g.add_node(Service(name=service, provenance=SRC))
        g.add_edge(Edge(source=service, relation="SERVES", target=council, provenance=SRC))
        for theme in themes:
            g.add_edge(Edge(source=service, relation="ADDRESSES", target=theme, provenance=SRC))
    return g


OLD_DIRECTORY = {
    "Drop-in Cafe": ("Northshire", ["Loneliness", "Mental health"]),
    "Talking Space": ("Northshire", ["Mental health"]),
    "Quit Clinic": ("Northshire", ["Smoking"]),
}


def test_a_place_entering_the_graph_is_a_coverage_change_not_gaps_opened():
    """NEW's directory also serves Southshire, a council OLD did not hold: its gaps are one
    coverage change; Northshire, judged in both, has its gap for Smoking opened for real."""
    old = _directory("old", ["Northshire"], OLD_DIRECTORY)
    services = {k: v for k, v in OLD_DIRECTORY.items() if k != "Quit Clinic"}
    services["Southshire Helpline"] = ("Southshire", ["Mental health"])
    new = _directory("new", ["Northshire", "Southshire"], services)
    found = diff(old, new)
    opened = {q.subject for q in found.questions if q.question == "gaps: coverage" and q.change == "opened"}
    assert not any(subject.startswith("Southshire") for subject in opened)
    assert "Northshire x Smoking" in {q.subject for q in found.questions if q.question == "gaps: coverage"}
    coverage = [(q.subject, q.change) for q in found.questions if q.question == "coverage"]
    assert coverage == [("Southshire", "entered the graph")]
    southshire = {g.subject for g in gaps(new, kinds=["coverage"]).rows if g.place == "Southshire"}
    assert next(q.new for q in found.questions if q.question == "coverage") == f"{len(southshire)} coverage gap(s)"


def _funded(name: str, grants: dict[str, float]) -> AssetGraph:
    """360Giving's shape on two councils: community bodies with a partnership hub and no other
    ties, and a funder's star of recent grants (``grants``: body -> amount) on top."""
    import datetime as dt

    g = AssetGraph(name)
    g.add_node(Place(name="Ashby", level="local_authority", provenance=SRC))
    g.add_node(Place(name="Brigg", level="local_authority", provenance=SRC))
    bodies = {"Ashby Pantry": "Ashby", "Ashby Youth": "Ashby", "Ashby Shed": "Ashby", "Brigg Choir": "Brigg"}
    for body, council in {**bodies, "Hub": "Ashby"}.items():
        g.add_node(Organisation(name=body, sector="community_led", scale="local", provenance=SRC))
        g.add_edge(Edge(source=body, relation="LOCATED_IN", target=council, provenance=SRC))
    for body in ("Ashby Pantry", "Ashby Youth", "Brigg Choir"):
        g.add_edge(Edge(source="Hub", relation="PARTNERS_WITH", target=body, provenance=SRC))
    if grants:
        g.add_node(Organisation(name="Big Fund", sector="funder", scale="national", provenance=NEW_SRC))
    awarded = dt.date.today() - dt.timedelta(days=60)
    for n, (body, amount) in enumerate(grants.items()):
        g.add_edge(
            Edge(
                source="Big Fund",
                relation="FUNDS",
                target=body,
                key=f"grant-{n}",
                amount=amount,
                currency="GBP",
                award_date=awarded,
                provenance=NEW_SRC,
            )
        )
    return g


def _changes(found, question: str) -> dict[str, str]:
    return {q.subject: q.change for q in found.questions if q.question == question}


def test_grants_added_open_funding_dependence_gaps_and_bring_their_funder_in():
    """The grants add no tie of working together, so only money changes the answers: each
    council where the funder alone pays some bodies is a funding dependence opened, and the
    funder enters the funders' list."""
    old = _funded("directory", {})
    new = _funded("directory and grants", {"Ashby Pantry": 5000, "Ashby Youth": 2000, "Brigg Choir": 400})
    found = diff(old, new)
    oracle = gaps(new, kinds=["funding_dependence"]).rows
    assert {r.place for r in oracle} == {"Ashby", "Brigg"}
    assert _changes(found, "gaps: funding_dependence") == {r.subject: "opened" for r in oracle}
    assert _changes(found, "funders") == {f.name: "entered the top" for f in connectors(new).funders} != {}
    assert found.summary.questions["gaps: funding_dependence"] == {"opened": len(oracle)}
    # the funder has no tie but money: the organisations with no tie are one gap, grown by one
    alone = [gaps(g, kinds=["cut_off"]).rows[0] for g in (old, new)]
    assert len(alone[1].subject_ids) == len(alone[0].subject_ids) + 1
    cut_off = [(q.change, q.old, q.new) for q in found.questions if q.question == "gaps: cut_off"]
    assert cut_off == [("changed", alone[0].why, alone[1].why)]


def test_a_funding_dependence_that_grows_is_one_gap_changed_not_one_closed_and_one_opened():
    """A third Ashby body funded, and a bigger grant: the Ashby row's subject text changes
    ("2 bodies" to "3 bodies") but it is the same funder in the same council."""
    old = _funded("old", {"Ashby Pantry": 5000, "Ashby Youth": 2000, "Brigg Choir": 400})
    new = _funded("new", {"Ashby Pantry": 5000, "Ashby Youth": 2000, "Ashby Shed": 700, "Brigg Choir": 900})
    before, after = ({r.place: r for r in gaps(g, kinds=["funding_dependence"]).rows} for g in (old, new))
    assert before["Ashby"].subject != after["Ashby"].subject
    assert before["Brigg"].subject == after["Brigg"].subject and before["Brigg"].amounts != after["Brigg"].amounts
    found = diff(old, new)
    rows = [q for q in found.questions if q.question == "gaps: funding_dependence"]
    assert {(q.subject, q.change) for q in rows} == {(after[p].subject, "changed") for p in ("Ashby", "Brigg")}
    assert {(q.old, q.new) for q in rows} == {(before[p].why, after[p].why) for p in ("Ashby", "Brigg")}
    assert "gaps: cut_off" not in found.summary.questions  # the funder was alone in both


def test_the_summary_counts_every_change_and_the_table_lists_them_only_when_asked(run, tmp_path):
    from collections import Counter

    from assetgraph.graphmodel.storage import save_graph

    old = _directory("old", ["Northshire"], OLD_DIRECTORY)
    services = dict(OLD_DIRECTORY) | {f"Group {i}": ("Northshire", ["Loneliness"]) for i in range(40)}
    new = _directory("new", ["Northshire", "Southshire"], services)
    found = diff(old, new)
    summary = found.summary
    for counts, items, key in (
        (summary.nodes, found.nodes, lambda n: (n.change, n.kind)),
        (summary.ties, found.ties, lambda t: (t.change, t.relation)),
        (summary.questions, found.questions, lambda q: (q.question, q.change)),
    ):
        assert {(a, b): n for a, by in counts.items() for b, n in by.items()} == Counter(map(key, items))
        assert sum(n for by in counts.values() for n in by.values()) == len(items)
    assert 0 < len(summary.movers) <= MOVERS
    save_graph(old, tmp_path / "old.json")
    save_graph(new, tmp_path / "new.json")
    short = run("diff", tmp_path / "old.json", tmp_path / "new.json")
    full = run("diff", tmp_path / "old.json", tmp_path / "new.json", "--all")
    assert short.exit_code == full.exit_code == 0
    assert "--all lists every change" in short.output and "--all" not in full.output
    assert all(f"service:group-{i}" not in short.output for i in range(40))  # ids: the node listing only
    assert all(f"service:group-{i}" in full.output for i in range(40))
    assert len(full.output.splitlines()) > len(short.output.splitlines())
    data = json.loads(run("diff", tmp_path / "old.json", tmp_path / "new.json", "--format", "json").output)
    assert len(data["nodes"]) == len(found.nodes) and len(data["ties"]) == len(found.ties)
    assert data["summary"] == json.loads(summary.model_dump_json()) and "listed_in_full" not in data
    rows = run("diff", tmp_path / "old.json", tmp_path / "new.json", "--format", "csv").output.splitlines()
    assert len(rows) == 1 + len(found.nodes) + len(found.ties) + len(found.questions)


def test_places_changed_in_their_aliases_only_are_counted_apart_in_the_summary_and_listed_in_full():
    """A grant file naming councils by their codes adds each code as an alias: the summary counts
    those apart from real changes, the full list keeps every one."""
    old = _directory("old", ["Northshire", "Southshire"], OLD_DIRECTORY)
    new = _directory("new", ["Northshire", "Southshire"], OLD_DIRECTORY)
    new.update_node("place:northshire", aliases=["E06000099"])
    new.update_node("place:southshire", aliases=["E06000098"])
    new.update_node("service:quit-clinic", description="Stop smoking support")
    found = diff(old, new)
    changed = {n.id: [f.field for f in n.fields] for n in found.nodes if n.change == "changed"}
    assert changed == {
        "place:northshire": ["aliases"],
        "place:southshire": ["aliases"],
        "service:quit-clinic": ["description"],
    }
    assert found.summary.nodes["changed"] == {"place": 2, "service": 1}
    assert found.summary.aliases_only == {"place": 2}
    counts = {tuple(row[:3]): row[3] for row in found.tables()[0].rows}
    assert counts == {
        ("node", "changed", "service"): "1",
        ("node", "changed (aliases only)", "place"): "2",
    }
    assert "3 changed (2 in their aliases only)" in found.tables()[0].heading
    found.listed_in_full = True
    listed = next(t for t in found.tables() if t.title == "Nodes")
    assert sorted(row[3] for row in listed.rows) == sorted(changed)


def test_nodes_are_matched_by_identifier_not_by_id_or_position():
    old, new = AssetGraph("old"), AssetGraph("new")
    old.add_node(Organisation(name="Kelso Food Bank", identifiers={"charity_number": "SC012345"}, provenance=SRC))
    new.add_node(
        Organisation(name="Kelso Community Larder", identifiers={"charity_number": "SC012345"}, provenance=NEW_SRC)
    )
    found = diff(old, new)
    assert [(n.change, n.name) for n in found.nodes] == [("changed", "Kelso Community Larder")]
    assert [f.field for f in found.nodes[0].fields] == ["name"]
    assert found.matched == {"organisation:kelso-community-larder": "organisation:kelso-food-bank"}


def test_the_command_gives_json_csv_and_a_map_of_the_changes(run, tmp_path, write):
    newer = write(
        "new.yaml",
        "organisations:\n  - {name: Pentwyn Quit Club, scale: neighbourhood}\n"
        "relationships:\n  - {from: Pentwyn Quit Club, relation: LOCATED_IN, to: Pentwyn}\n",
    )
    built = tmp_path / "new.json"
    assert run("build", SEED, newer, "-o", built).exit_code == 0
    page = tmp_path / "diff.html"
    result = run("diff", SEED, built, "--format", "json", "-o", page)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [n["id"] for n in data["nodes"]] == ["organisation:pentwyn-quit-club"] and len(data["ties"]) == 1
    rows = run("diff", SEED, built, "--format", "csv").output.splitlines()
    assert rows[0] == "item,change,kind,subject,name,detail,sources" and rows[1].startswith("node,added,organisation")
    text = page.read_text(encoding="utf-8")
    payload = json.loads(text.split('id="assetgraph-data">', 1)[1].split("</script>", 1)[0].replace("\\u003c", "<"))
    marked = {n["id"]: n.get("marks", []) for n in payload["nodes"]}
    assert marked["organisation:pentwyn-quit-club"] == ["added"]
    assert [e for e in payload["edges"] if e.get("mark") == "added"]
    same = run("diff", SEED, SEED, "--format", "json")
    assert json.loads(same.output)["nodes"] == [] and json.loads(same.output)["questions"] == []


def test_a_removed_node_is_drawn_faded_from_the_old_graph(tmp_path):
    from assetgraph.viz.changes import write_changes_map

    old, new = load(SEED), load(SEED)
    new.remove_node("organisation:cardiff-mind")
    found = diff(old, new)
    drawn = write_changes_map(old, new, found, tmp_path / "d.html")
    assert drawn.nodes == len(old)
    text = (tmp_path / "d.html").read_text(encoding="utf-8")
    payload = json.loads(text.split('id="assetgraph-data">', 1)[1].split("</script>", 1)[0])
    assert next(n for n in payload["nodes"] if n["id"] == "organisation:cardiff-mind")["marks"] == ["removed"]
    assert sum(1 for e in payload["edges"] if e.get("mark") == "removed") == sum(
        1 for t in found.ties if t.change == "removed"
    )


def test_no_payload_runs_in_the_map_of_changes_or_the_map(run, tmp_path):
    """Hostile names, descriptions and evidence in both versions (one node removed, one
    changed, one added): the map of changes and the map of NEW hold the same scripts as the
    pages of a plain graph, no event handler and no script address."""
    from assetgraph.graphmodel.storage import save_graph

    from .helpers import live_code
    from .test_map import PAYLOADS, _hostile_graph

    old, new = _hostile_graph(), _hostile_graph()
    first, second = list(old.nodes("organisation"))[:2]
    new.remove_node(first.id)
    new.update_node(second.id, description=f"{PAYLOADS[1]} {PAYLOADS[3]}")
    new.add_node(Organisation(name=f"Added {PAYLOADS[0]}", description=PAYLOADS[2], provenance=NEW_SRC))
    plain = AssetGraph("plain")
    plain.add_node(Organisation(name="Kelso Food Bank", provenance=SRC))
    for name, graph in (("old", old), ("new", new), ("plain", plain)):
        save_graph(graph, tmp_path / f"{name}.json")
    pages = {}
    for name, args in (
        ("changes", ("diff", tmp_path / "old.json", tmp_path / "new.json")),
        ("plain changes", ("diff", tmp_path / "plain.json", tmp_path / "plain.json")),
        ("map", ("map", tmp_path / "new.json")),
        ("plain map", ("map", tmp_path / "plain.json")),
    ):
        result = run(*args, "-o", tmp_path / f"{name}.html", "--format", "json")
        assert result.exit_code == 0, result.output
        pages[name] = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
    found = json.loads(run("diff", tmp_path / "old.json", tmp_path / "new.json", "--format", "json").output)
    assert {n["change"] for n in found["nodes"]} == {"added", "removed", "changed"}
    for page in ("changes", "map"):
        assert live_code(pages[page]) == live_code(pages[f"plain {page}"]) != [], page


# -- a property: diff(A, A) is empty, and A changed as the diff says is B ------------------

NAMES = [f"Body {i}" for i in range(8)]
PLACES = ["Place A", "Place B"]


def _graph(name: str, bodies: list[int], sectors: list[str], ties: set[tuple[int, int]], served: set[tuple[int, int]]):
    g = AssetGraph(name)
    for p in PLACES:
        g.add_node(Place(name=p, level="local_authority", provenance=SRC))
    for i in bodies:
        node = Organisation if i % 3 else Service
        fields = {"sector": sectors[i]} if node is Organisation else {}
        g.add_node(node(name=NAMES[i], provenance=SRC, **fields))
    present = set(bodies)
    for a, b in sorted(ties):
        if a in present and b in present and a != b and a % 3 and b % 3:
            g.add_edge(Edge(source=NAMES[a], relation="PARTNERS_WITH", target=NAMES[b], provenance=SRC))
    for a, p in sorted(served):
        if a in present:
            g.add_edge(Edge(source=NAMES[a], relation="SERVES", target=PLACES[p], provenance=SRC))
    return g


versions = st.tuples(
    st.lists(st.integers(0, 7), min_size=1, max_size=8, unique=True),
    st.lists(st.sampled_from(["public", "third_sector", "community_led"]), min_size=8, max_size=8),
    st.sets(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=10),
    st.sets(st.tuples(st.integers(0, 7), st.integers(0, 1)), max_size=6),
)


@settings(max_examples=60, deadline=None)
@given(versions, versions)
def test_diff_of_a_graph_with_itself_is_empty_and_applying_a_diff_gives_the_new_graph(a, b):
    old, new = _graph("old", *a), _graph("new", *b)
    assert diff(old, old).empty and diff(old, old).questions == []
    found = diff(old, new)
    node_ids = {n.id for n in old.nodes()}
    node_ids -= {n.id for n in found.nodes if n.change == "removed"}
    node_ids |= {n.id for n in found.nodes if n.change == "added"}
    assert node_ids == {n.id for n in new.nodes()}
    ties = {(e.source, e.relation.value, e.target) for e in old.edges()}
    ties -= {(t.source, t.relation, t.target) for t in found.ties if t.change == "removed"}
    ties |= {(t.source, t.relation, t.target) for t in found.ties if t.change == "added"}
    assert ties == {(e.source, e.relation.value, e.target) for e in new.edges()}
    changed = {n.id for n in found.nodes if n.change == "changed"}
    assert changed == {
        n.id
        for n in new.nodes()
        if n.id in {o.id for o in old.nodes()} and getattr(n, "sector", None) != getattr(old.node(n.id), "sector", None)
    }

"""The embedded store: a versioned JSON file, written atomically, refused when not ours."""

from __future__ import annotations

import json

import pytest

from assetgraph.errors import GraphFormatError, InputError
from assetgraph.graphmodel import FORMAT_VERSION, Person, Provenance, graph_to_dict, load_graph, save_graph
from assetgraph.loaders import SEED, load


def _snapshot(graph):
    return graph_to_dict(graph)


def test_round_trip_of_the_seed_map_is_exact(tmp_path):
    graph = load(SEED)
    path = tmp_path / "seed.json"
    save_graph(graph, path)
    again = load_graph(path)
    assert _snapshot(again) == _snapshot(graph)
    assert [n.model_dump() for n in again.nodes()] == [n.model_dump() for n in graph.nodes()]
    assert [e.model_dump() for e in again.edges()] == [e.model_dump() for e in graph.edges()]


def test_file_names_its_format_and_version(tmp_path, small_graph):
    path = tmp_path / "g.json"
    save_graph(small_graph, path)
    data = json.loads(path.read_text())
    assert (data["format"], data["version"], data["name"]) == ("assetgraph-graph", FORMAT_VERSION, "small")
    assert len(data["nodes"]) == 4 and len(data["edges"]) == 3


def test_newer_version_and_foreign_json_are_refused(tmp_path, small_graph):
    path = tmp_path / "g.json"
    save_graph(small_graph, path)
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "version": FORMAT_VERSION + 1}))
    with pytest.raises(GraphFormatError, match="newer assetgraph"):
        load_graph(path)
    path.write_text(json.dumps({**data, "version": "one"}))
    with pytest.raises(GraphFormatError, match="no valid version"):
        load_graph(path)
    path.write_text(json.dumps({"nodes": []}))
    with pytest.raises(GraphFormatError, match="not an assetgraph graph"):
        load_graph(path)


def test_a_damaged_graph_names_the_item_and_field(tmp_path, small_graph):
    path = tmp_path / "g.json"
    data = graph_to_dict(small_graph)
    data["nodes"][1]["sector"] = "charity"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError) as err:
        load_graph(path)
    assert str(err.value).startswith(
        f"{path}, nodes[1] ({data['nodes'][1]['id']}), field sector: 'charity' is not one of"
    )


def test_redaction_leaves_out_personal_fields(tmp_path, small_graph):
    small_graph.add_node(
        Person(name="Helen Green", email="h@example.org", phone="07000 000000", provenance=[Provenance(source="t")])
    )
    path = tmp_path / "g.json"
    save_graph(small_graph, path, redact_personal=True)
    text = path.read_text()
    assert "Helen Green" in text and "h@example.org" not in text and "07000" not in text
    save_graph(small_graph, path)
    assert "h@example.org" in path.read_text()


def test_a_failed_save_leaves_the_old_file_and_no_temporary(tmp_path, small_graph, monkeypatch):
    path = tmp_path / "g.json"
    path.write_text("old")

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr("assetgraph.graphmodel.storage.json.dumps", lambda *a, **k: "x" * 10)
    monkeypatch.setattr("assetgraph.fileio.os.replace", boom)
    with pytest.raises(RuntimeError):
        save_graph(small_graph, path)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_a_file_as_written_opens_trusted_and_an_edited_one_is_checked_again(tmp_path, monkeypatch):
    from assetgraph.graphmodel import AssetGraph

    graph = load(SEED)
    path = tmp_path / "seed.json"
    save_graph(graph, path)
    trusted_opens = []
    real = AssetGraph.add_trusted
    monkeypatch.setattr(AssetGraph, "add_trusted", lambda self, *a: trusted_opens.append(1) or real(self, *a))
    again = load_graph(path)
    assert trusted_opens == [1]
    assert _snapshot(again) == _snapshot(graph)
    # the name index of a trusted graph is built when first asked, and kept right by changes
    chex = again.find("chex")
    again.update_node(chex.id, name="CHEX Scotland")
    assert again.find("CHEX Scotland").id == chex.id and not again.lookup("CHEX")
    again.remove_node(again.find("PHS").id)
    assert not again.lookup("Public Health Scotland")

    text = path.read_text()
    edited = text.replace('"relation": "WITHIN"', '"relation": "RUNS"', 1)
    assert edited != text and '"checksum": "sha256:' in edited
    path.write_text(edited)
    with pytest.raises(
        InputError, match=r"edges\[\d+\] \(place:.* RUNS place:.*\), field relation: RUNS cannot run from a place"
    ):
        load_graph(path)
    assert trusted_opens == [1]
    path.write_text(text.replace("Public Health Scotland", "Public Health Alba", 1))
    assert load_graph(path).find("Public Health Alba") and trusted_opens == [1]


def test_a_trusted_read_stores_every_model_exactly_as_a_checked_one():
    import datetime as dt

    from assetgraph.graphmodel import Edge, Initiative, Service, graph_from_dict

    graph = load(SEED)
    src = [Provenance(source="grants.json", locator="row 2", inferred=True)]
    graph.add_node(Initiative(name="Dated", type="project", start_date=dt.date(2024, 4, 1), provenance=src))
    graph.add_node(Service(name="Walk-in", attending_access="Drop-in", scale="local", provenance=src))
    funder = next(graph.nodes("organisation")).id
    graph.add_edge(
        Edge(source=funder, relation="FUNDS", target="Dated", amount=500, award_date="2024-03-01", provenance=src)
    )
    data = graph_to_dict(graph)
    checked, trusted = graph_from_dict(data), graph_from_dict(data, trusted=True)
    assert trusted.sources() == checked.sources()  # read from the edges' dumped form
    for relation in {e.relation for e in checked.edges()}:
        assert list(trusted.ends(relation)) == [(e.source, e.target) for e in checked.edges(relation)]
        fields = ("trust", "strength", "amount")
        assert list(trusted.edge_values(relation, *fields)) == list(checked.edge_values(relation, *fields))
    for kind in checked.count_nodes():
        fields = ("name", "attending_access", "scale")
        assert list(trusted.node_values(kind, *fields)) == list(checked.node_values(kind, *fields))
    assert trusted.kinds() == checked.kinds() and trusted.find("PHS").id == checked.find("PHS").id
    assert all(attrs["data"] is None for *_, attrs in trusted.nx.edges(keys=True, data=True))  # no model read yet
    read = [n for n, attrs in trusted.nx.nodes(data=True) if attrs["data"] is not None]
    assert read == ["organisation:public-health-scotland"]  # only the node found by name
    assert [type(n) for n in trusted.nodes()] == [type(n) for n in checked.nodes()]
    assert list(trusted.nodes()) == list(checked.nodes()) and list(trusted.edges()) == list(checked.edges())
    assert graph_to_dict(trusted) == data and json.dumps(graph_to_dict(trusted)) == json.dumps(data)
    amount = next(e for e in trusted.edges("FUNDS") if e.target == "initiative:dated").amount
    assert isinstance(amount, float)


def test_a_trusted_graphs_edges_reach_networkx_only_when_asked_and_are_read_once():
    from assetgraph.graphmodel import graph_from_dict

    data = graph_to_dict(load(SEED))
    checked, trusted = graph_from_dict(data), graph_from_dict(data, trusted=True)
    assert trusted.number_of_edges() == checked.number_of_edges() == len(data["edges"])
    assert trusted.count_edges() == checked.count_edges()
    first = next(trusted.edges("SERVES"))
    for node in (first.source, first.target, "organisation:chex"):
        assert list(trusted.edges(node=node)) == list(checked.edges(node=node))
    assert trusted.edge(first.source, first.target, first.identity[3]) is first
    before = list(trusted.edges("SERVES"))
    assert trusted.nx.number_of_edges() == len(data["edges"])  # networkx holds them all now
    assert [a is b for a, b in zip(before, trusted.edges("SERVES"), strict=True)] == [True] * len(before)
    assert trusted.edge(first.source, first.target, first.identity[3]) is first
    assert list(trusted.edges(node=first.source)) == list(checked.edges(node=first.source))
    trusted.remove_edge(first.source, first.target, first.relation, first.key)
    assert trusted.number_of_edges() == len(data["edges"]) - 1

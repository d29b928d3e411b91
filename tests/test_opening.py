"""Opening a saved graph (issue 28): edges kept as parsed until read, counts that read no item,
and the counts a graph file's header holds, checked against a graph opened item by item."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import pytest

from assetgraph.cli import cli
from assetgraph.graphmodel import Edge, graph_from_dict, load_graph, save_graph
from assetgraph.graphmodel import graph as graph_module
from assetgraph.graphmodel.storage import graph_json, saved_summary
from assetgraph.loaders import SEED, load
from assetgraph.queries.inspect import summarise, summarise_saved

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """The tiny generated graph saved, beside the seed map with people in it."""
    folder = tmp_path_factory.mktemp("opening")
    paths = {"tiny": folder / "tiny.json", "seed": folder / "seed.json"}
    save_graph(generate("tiny"), paths["tiny"])
    save_graph(load(SEED), paths["seed"])
    return paths


def _checked(path):
    """The oracle: the same file read item by item, every model validated."""
    return graph_from_dict(json.loads(path.read_text()), str(path))


def _counts(graph):
    return list(graph.count_nodes().items()), list(graph.count_edges().items()), list(graph.sources().items())


@pytest.mark.parametrize("name", ["tiny", "seed"])
def test_counting_and_writing_a_graph_just_opened_reads_no_edge(saved, name, monkeypatch):
    path = saved[name]
    wrapped, read = [], []
    real_unread, real_validate = graph_module._unread, Edge.model_validate
    monkeypatch.setattr(graph_module, "_unread", lambda label, item: wrapped.append(label) or real_unread(label, item))
    monkeypatch.setattr(Edge, "model_validate", lambda item: read.append(item) or real_validate(item))
    graph = load_graph(path)
    counts = _counts(graph)
    edges = graph.number_of_edges()
    text = graph_json(graph)
    assert set(wrapped) == {"kind"} and not read  # nodes only: no edge taken apart or read
    monkeypatch.undo()
    oracle = _checked(path)
    assert counts == _counts(oracle) and edges == oracle.number_of_edges() > 0
    assert text == path.read_text()


def test_edges_read_on_demand_come_in_the_order_and_form_of_a_checked_graph(saved):
    path = saved["tiny"]
    graph, oracle = load_graph(path), _checked(path)
    hub = max(oracle.nodes(), key=lambda n: sum(1 for _ in oracle.edges(node=n.id))).id
    assert [e.model_dump() for e in graph.edges(node=hub)] == [e.model_dump() for e in oracle.edges(node=hub)]
    assert list(graph.ends("SERVES")) == list(oracle.ends("SERVES"))
    assert [e.model_dump() for e in graph.edges()] == [e.model_dump() for e in oracle.edges()]
    # an edit puts the waiting edges into networkx; counts and order stay those of the oracle
    first = next(graph.edges("PARTNERS_WITH"))
    graph.remove_edge(first.source, first.target, first.relation)
    oracle.remove_edge(first.source, first.target, first.relation)
    assert _counts(graph) == _counts(oracle)
    assert [e.model_dump() for e in graph.edges()] == [e.model_dump() for e in oracle.edges()]


def test_edges_given_after_opening_wait_behind_those_opened(saved):
    graph = load_graph(saved["tiny"])
    extra = [e for e in json.loads(saved["tiny"].read_text())["edges"] if e["relation"] == "SERVES"][:3]
    cut = [{**e, "key": f"again {i}"} for i, e in enumerate(extra)]
    graph.add_trusted((), cut)
    assert graph.count_edges()["SERVES"] == _checked(saved["tiny"]).count_edges()["SERVES"] + 3
    assert [(e.key or "") for e in graph.edges("SERVES")][-3:] == ["again 0", "again 1", "again 2"]


def test_a_graph_just_opened_is_not_left_for_the_collector_to_walk_young(saved):
    gc.collect()
    graph = load_graph(saved["tiny"])
    assert graph.number_of_edges() > 2000
    assert len(gc.get_objects(generation=0)) < 1000


@pytest.mark.parametrize("name", ["tiny", "seed"])
def test_the_header_holds_the_summary_of_the_graph_below_it(saved, name):
    path = saved[name]
    expected = summarise(_checked(path))
    found = summarise_saved(path)
    assert found == expected and found.model_dump_json() == expected.model_dump_json()
    assert list(json.loads(path.read_text())) == ["format", "version", "checksum", "name", "summary", "nodes", "edges"]


def test_a_redacted_file_holds_the_summary_of_what_it_holds(tmp_path):
    path = tmp_path / "redacted.json"
    save_graph(load(SEED), path, redact_people=True)
    assert summarise_saved(path) == summarise(_checked(path))


def test_an_edited_file_or_one_without_counts_is_counted_from_its_items(saved, tmp_path):
    text = saved["seed"].read_text()
    edited = tmp_path / "edited.json"
    edited.write_text(text.replace('"relation": "WITHIN"', '"relation": "PART_OF"', 1))
    assert saved_summary(edited) is None and summarise_saved(edited) is None
    lines = text.splitlines(keepends=True)
    older = tmp_path / "older.json"
    older.write_text("".join(line for line in lines if not line.startswith(' "summary": ')))
    assert json.loads(older.read_text())["nodes"] and summarise_saved(older) is None
    assert summarise_saved(tmp_path / "absent.json") is None and summarise_saved(SEED) is None


def test_info_answers_from_the_header_as_it_would_from_the_graph(saved, tmp_path):
    from click.testing import CliRunner

    path = saved["seed"]
    changed = tmp_path / "changed.json"  # same items, checksum broken: counted from the graph
    changed.write_text(path.read_text().replace('"checksum": "sha256:', '"checksum": "sha256:0', 1))
    runner = CliRunner()
    outs = [runner.invoke(cli, ["info", str(p), "--format", fmt]) for p in (path, changed) for fmt in ("json", "table")]
    assert all(out.exit_code == 0 for out in outs)
    assert outs[0].output == outs[2].output and outs[1].output == outs[3].output
    assert json.loads(outs[0].output)["edges"] == load(SEED).number_of_edges()

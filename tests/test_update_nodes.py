"""AssetGraph.update_nodes, the bulk path inferred fields are written by, against its oracle, the
per-node path it replaced (a dump, a whole validation and re-indexing per node): the same graph
JSON byte for byte after a build, the same names found after a rename, and a bad value refused
with nothing written."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from typing import Any

import pytest

from assetgraph.errors import ModelError, NodeNotFound
from assetgraph.graphmodel import AssetGraph, Organisation, Provenance
from assetgraph.graphmodel.nodes import Node
from assetgraph.graphmodel.storage import graph_json
from assetgraph.loaders import SEED, BuildReport, load
from assetgraph.loaders.sectors import infer_sectors
from benchmarks.loaders import grants

from .publisher_shapes import HOME, write_all


def _one_by_one(self: AssetGraph, changes: Mapping[str, Mapping[str, Any]]) -> list[Node]:
    """The per-node path as update_node ran it before issue 28: each node dumped, validated
    whole and taken out of and put back into the name index and identity keys."""
    out = []
    for node_id, change in changes.items():
        old = self.node(node_id)
        new = type(old).model_validate(old.model_dump() | dict(change))
        self._unindex(old)
        self._g.nodes[node_id]["data"] = new
        self._index_node(new)
        self._cache.clear()
        out.append(new)
    return out


def _built(folder, monkeypatch, bulk: bool) -> tuple[str, BuildReport]:
    paths = write_all(folder / "shapes")
    generated = folder / "generated-grants.json"
    generated.write_text(json.dumps({"grants": grants(600, random.Random(3))}))
    sources = [SEED, *paths.values(), generated]
    with monkeypatch.context() as patch:
        if not bulk:
            patch.setattr(AssetGraph, "update_nodes", _one_by_one)
        report = BuildReport()
        graph = load(*sources, places=["england"], serves={str(paths["directory"]): HOME}, report=report)
        return graph_json(graph), report


def test_a_build_writes_the_same_graph_with_the_bulk_path_as_node_by_node(tmp_path, monkeypatch):
    written: list[int] = []
    real = AssetGraph.update_nodes

    def counting(self, changes):
        written.append(len(changes))
        return real(self, changes)

    monkeypatch.setattr(AssetGraph, "update_nodes", counting)
    bulk, bulk_report = _built(tmp_path, monkeypatch, bulk=True)
    one_by_one, report = _built(tmp_path, monkeypatch, bulk=False)
    assert max(written) > 150, "the inferred sectors and scales should be written in one call"
    assert bulk == one_by_one
    assert bulk_report.sector_scale == report.sector_scale


def _graph() -> AssetGraph:
    g = AssetGraph()
    source = [Provenance(source="feed.json")]
    for number, name in enumerate(("Crowle Bowls Club", "Riverside Trust", "Age UK Leeds"), 1000001):
        g.add_node(Organisation(name=name, identifiers={"charity_number": str(number)}, provenance=source))
    return g


def test_a_bad_value_is_refused_naming_its_field_and_nothing_is_written():
    g = _graph()
    club, trust = g.find("Crowle Bowls Club").id, g.find("Riverside Trust").id
    before = graph_json(g)
    with pytest.raises(ModelError) as refused:
        g.update_nodes({club: {"sector": "community_led"}, trust: {"sector": "a sector of its own"}})
    assert refused.value.field == "sector"
    with pytest.raises(ModelError):
        g.update_nodes({club: {"scale": "local"}, trust: {"provenance": []}})
    with pytest.raises(ModelError):
        g.update_nodes({club: {"kind": "place"}})
    with pytest.raises(NodeNotFound):
        g.update_nodes({club: {"scale": "local"}, "organisation:nobody": {"scale": "local"}})
    assert graph_json(g) == before


def test_a_rename_or_a_new_identifier_is_indexed_as_the_per_node_path_indexes_it(monkeypatch):
    changes = {
        "organisation:crowle-bowls-club": {"name": "Crowle Bowls", "aliases": ["CBC"]},
        "organisation:riverside-trust": {"identifiers": {"charity_number": "2000002"}, "sector": "third_sector"},
        "organisation:age-uk-leeds": {"scale": "local"},
    }
    bulk = _graph()
    stored = bulk.update_nodes(changes)
    oracle = _graph()
    _one_by_one(oracle, changes)
    assert [n.id for n in stored] == list(changes)
    assert graph_json(bulk) == graph_json(oracle)
    for name in ("Crowle Bowls", "CBC", "Crowle Bowls Club", "GB-CHC-2000002", "GB-CHC-1000002", "Age UK Leeds"):
        assert bulk.lookup(name) == oracle.lookup(name), name
    assert bulk.lookup("CBC") == {"organisation:crowle-bowls-club"}
    assert bulk.lookup("GB-CHC-2000002") == {"organisation:riverside-trust"}


def test_inference_writes_through_the_bulk_path_once():
    g = _graph()
    calls: list[dict] = []
    real = AssetGraph.update_nodes
    g.update_nodes = lambda changes: calls.append(dict(changes)) or real(g, changes)  # type: ignore[method-assign]
    infer_sectors(g)
    assert len(calls) == 1 and set(calls[0]) == {n.id for n in g.nodes()}
    assert g.find("Crowle Bowls Club").sector.value == "community_led"

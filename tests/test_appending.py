"""The bulk edge path (assetgraph/loaders/appending.py) against its oracle, the per-record path:
the same graph, in the same order, and the same report; and a plain edge dumped exactly as the
Edge model dumps it, or left to the model wherever the model would change or refuse a value."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from pydantic import ValidationError

from assetgraph.graphmodel.edges import Edge
from assetgraph.graphmodel.storage import graph_to_dict, item_dict
from assetgraph.loaders import SEED, BuildReport, build_graph, read_source
from assetgraph.loaders.appending import EdgeAppender, plain_edge
from benchmarks.loaders import grants, oruk


def _sources(tmp_path) -> list:
    rng = random.Random(7)
    items = grants(300, rng)
    again = dict(items[5], amountAwarded=999)  # the same grant twice, disagreeing on its amount
    odd = dict(items[9], id="360G-odd", currency="gbp ")  # a value the model changes (trimmed, upper)
    bad_date = dict(items[11], id="360G-bad", plannedDates=[{"startDate": "2020-05-01", "endDate": "2020-01-01"}])
    grant_file = tmp_path / "grants.json"
    grant_file.write_text(json.dumps({"grants": [*items, again, odd, bad_date]}))
    oruk_file = tmp_path / "oruk.json"
    oruk_file.write_text(json.dumps(oruk(200, rng)))
    return [read_source(SEED), read_source(grant_file), read_source(oruk_file)]


def _build(tmp_path, bulk: bool, monkeypatch) -> tuple[dict, BuildReport]:
    with monkeypatch.context() as patch:
        if not bulk:
            patch.setattr(EdgeAppender, "_plain", lambda self, record: None)
        report = BuildReport()
        graph = build_graph(_sources(tmp_path), "both", report=report)
        return graph_to_dict(graph), report


def test_the_bulk_path_builds_the_graph_the_per_record_path_builds(tmp_path, monkeypatch):
    taken: list[int] = []
    real = EdgeAppender.flush

    def counting(self):
        taken.append(len(self.waiting))
        real(self)

    monkeypatch.setattr(EdgeAppender, "flush", counting)
    bulk, bulk_report = _build(tmp_path, True, monkeypatch)
    one_by_one, report = _build(tmp_path, False, monkeypatch)
    assert sum(taken) > 600, "most grants' edges should be appended in bulk"
    assert json.dumps(bulk) == json.dumps(one_by_one)
    assert bulk_report.conflicts == report.conflicts and bulk_report.conflicts
    assert bulk_report.unplaced == report.unplaced
    assert [(s.nodes, s.edges) for s in bulk_report.sources] == [(s.nodes, s.edges) for s in report.sources]


_PROVENANCE = [
    [{"source": "f.json", "locator": "row 2"}],
    [{"source": "f.json", "snippet": "said so", "inferred": True, "confidence": 0.5}],
    [{"source": "f.json", "inferred": False, "via": "x.yaml, line 3"}],
    [{"source": ""}],
    [{"source": "f.json", "inferred": "yes"}],
    [{"source": "f.json", "confidence": 2}],
    [{"source": "f.json", "other": 1}],
    [],
    "f.json",
]
_VALUES = {
    "relation": ["FUNDS", "SERVES", "ROLE_IN", "PARTNERS_WITH", "NOT_A_RELATION"],
    "key": [None, "g-1", " g-1", "", 5],
    "role": [None, "CEO", "CEO "],
    "amount": [None, 0, 500, 12.5, -1, float("nan"), True, "500"],
    "currency": [None, "GBP", "gbp", "GBP ", "POUNDS"],
    "award_date": [None, dt.date(2020, 1, 2), "2020-01-02", dt.datetime(2020, 1, 2, 3, 4)],
    "programme": [None, "Main", ""],
    "start_date": [None, dt.date(2020, 1, 1), dt.date(2021, 1, 1)],
    "end_date": [None, dt.date(2020, 6, 1)],
    "strength": [None, 0.5, 1, 1.5],
    "description": [None, "Help", " Help "],
    "attributes": [None, {}, {"a": "b"}, {"a": " b"}, {"n": 3, "f": 1.5, "t": True}, {"x": None}, {"x": [1]}],
    "provenance": _PROVENANCE,
}


@pytest.mark.parametrize("seed", range(6))
def test_a_plain_edge_is_dumped_as_the_model_dumps_it_and_anything_else_is_left_to_the_model(seed):
    rng = random.Random(seed)
    plain = refused = 0
    for _ in range(400):
        data = {
            name: rng.choice(values[:3] if rng.random() < 0.85 else values)
            for name, values in _VALUES.items()
            if rng.random() < 0.4 or name in ("relation", "provenance")
        }
        dumped = plain_edge(data, "organisation:a", "place:b")
        try:
            model = Edge.model_validate({**data, "source": "organisation:a", "target": "place:b"})
        except ValidationError:
            assert dumped is None, data
            refused += 1
            continue
        if dumped is not None:
            plain += 1
            expected = item_dict(model)
            assert json.dumps(dumped) == json.dumps(expected), data  # types and order too (500.0, not 500)
    assert plain > 20 and refused > 20


def test_the_ties_sector_inference_reads_in_one_pass_are_each_bodys_own_edges(tmp_path):
    from assetgraph.graphmodel.vocabulary import NodeKind, Relation
    from assetgraph.loaders.sectors import _Ties

    graph = build_graph(_sources(tmp_path), infer=False)
    ties = _Ties(graph)
    checked = 0
    for org in graph.nodes(NodeKind.ORGANISATION):
        edges = list(graph.edges(node=org.id))
        funds_out = [e for e in edges if e.relation == Relation.FUNDS and e.source == org.id]
        other = [
            e
            for e in edges
            if e not in funds_out and graph.kind_of(e.target if e.source == org.id else e.source) != NodeKind.PLACE
        ]
        assert ties.gives_only_grants(org.id) == (0 if other else len(funds_out))
        assert ties.received(org.id) == [
            e.programme for e in edges if e.relation == Relation.FUNDS and e.target == org.id
        ]
        assert ties.runs.get(org.id, []) == [
            e.target for e in edges if e.relation == Relation.RUNS and e.source == org.id
        ]
        for inferred in (False, True):
            serves = {
                e.target
                for e in edges
                if e.relation == Relation.SERVES
                and e.source == org.id
                and any(p.inferred for p in e.provenance) == inferred
            }
            assert ties.serves.get((org.id, inferred), set()) == serves
        checked += bool(edges)
    assert checked > 100

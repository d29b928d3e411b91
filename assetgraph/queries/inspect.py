"""What a graph holds, and everything known about one node.

>>> from assetgraph.loaders import load, SEED
>>> g = load(SEED)
>>> summarise(g).nodes_by_kind["organisation"] > 0
True
>>> detail = describe_node(g, g.find("PHS").id)
>>> detail.node["name"], any(r.relation == "ROLE_IN" for r in detail.relations)
('Public Health Scotland', True)
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import personal_fields
from ..graphmodel.provenance import Provenance
from ..graphmodel.redaction import Redactor
from ..graphmodel.storage import saved_summary
from ..render import Table, cell_text

__all__ = ["GraphSummary", "SourceCount", "NodeDetail", "RelationRow", "summarise", "summarise_saved", "describe_node"]


class SourceCount(BaseModel):
    source: str
    items: int


class GraphSummary(BaseModel):
    """Counts by kind and relation, and the sources the graph was built from."""

    name: str | None
    nodes: int
    edges: int
    nodes_by_kind: dict[str, int]
    edges_by_relation: dict[str, int]
    sources: list[SourceCount]

    def tables(self) -> list[Table]:
        return [
            Table(
                "Nodes",
                ["kind", "nodes"],
                [[k, str(n)] for k, n in self.nodes_by_kind.items()],
                heading=f"{self.name or 'graph'}: {self.nodes} nodes, {self.edges} edges",
            ),
            Table("Relations", ["relation", "edges"], [[r, str(n)] for r, n in self.edges_by_relation.items()]),
            Table("Sources", ["source", "nodes and edges"], [[s.source, str(s.items)] for s in self.sources]),
        ]


def summarise(graph: AssetGraph) -> GraphSummary:
    """Counts of the graph by kind, relation and source, largest first.

    >>> from assetgraph.loaders import load, SEED
    >>> counts = summarise(load(SEED))
    >>> counts.nodes == sum(counts.nodes_by_kind.values())
    True
    """
    return _summary(graph.name, graph.count_nodes(), graph.count_edges(), graph.sources())


def summarise_saved(path: str | Path) -> GraphSummary | None:
    """The counts of a saved graph file as its header holds them, where its checksum holds
    (see :func:`~assetgraph.graphmodel.storage.saved_summary`): the same summary as
    :func:`summarise` of the graph opened, without opening it. None where the header cannot
    say.

    >>> import tempfile, pathlib
    >>> from assetgraph.loaders import load, SEED
    >>> from assetgraph.graphmodel import save_graph
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "seed.json"
    >>> save_graph(load(SEED), path)
    >>> summarise_saved(path) == summarise(load(SEED))
    True
    """
    found = saved_summary(path)
    if found is None:
        return None
    return _summary(found["name"], Counter(found["nodes"]), Counter(found["edges"]), Counter(found["sources"]))


def _summary(name: str | None, kinds: Counter[str], relations: Counter[str], sources: Counter[str]) -> GraphSummary:
    return GraphSummary(
        name=name,
        nodes=sum(kinds.values()),
        edges=sum(relations.values()),
        nodes_by_kind=dict(kinds.most_common()),
        edges_by_relation=dict(relations.most_common()),
        sources=[SourceCount(source=s, items=n) for s, n in sources.most_common()],
    )


class RelationRow(BaseModel):
    """One edge seen from the node: ``out`` runs from it, ``in`` runs to it."""

    direction: Literal["out", "in"]
    relation: str
    other_id: str
    other_name: str
    attributes: dict[str, Any]
    provenance: list[Provenance]


class NodeDetail(BaseModel):
    """A node's attributes, its relations both ways, and the provenance of each."""

    node: dict[str, Any]
    relations: list[RelationRow]

    def tables(self) -> list[Table]:
        attrs = {k: v for k, v in self.node.items() if k != "provenance" and v not in ({}, [])}
        evidence = "\n".join(f"- {Provenance.model_validate(p).describe()}" for p in self.node.get("provenance", []))
        rels = [
            [
                f"{'->' if r.direction == 'out' else '<-'} {r.relation}",
                r.other_name,
                ", ".join(f"{k}={v}" for k, v in r.attributes.items()),
                "\n".join(p.describe() for p in r.provenance),
            ]
            for r in self.relations
        ]
        return [
            Table(
                f"{self.node['name']} ({self.node['kind']})",
                ["attribute", "value"],
                [[k, cell_text(v)] for k, v in attrs.items()],
                note=f"Evidence:\n{evidence}",
            ),
            Table("Relations", ["relation", "with", "attributes", "evidence"], rels, widths={"evidence": 60}),
        ]


_EDGE_CORE = {"source", "target", "relation", "provenance"}


def describe_node(
    graph: AssetGraph, node_id: str, *, redact_personal: bool = False, redact_people: bool = False
) -> NodeDetail:
    """Everything the graph holds about one node; ``redact_personal`` leaves out contact details
    of people (on this node and, by name only, on its neighbours), ``redact_people`` withholds
    people altogether (see :class:`~assetgraph.graphmodel.redaction.Redactor`).

    >>> from assetgraph.loaders import load, SEED
    >>> g = load(SEED)
    >>> detail = describe_node(g, g.find("CHEX").id)
    >>> detail.node["name"], any(r.relation == "PART_OF" for r in detail.relations)
    ('CHEX', True)
    """
    node = graph.node(node_id)
    hidden = personal_fields(type(node)) if redact_personal or redact_people else set()
    redactor = Redactor(graph) if redact_people else None
    labels = redactor.labels if redactor else {}
    rows = []
    for edge in graph.edges(node=node_id):
        out = edge.source == node_id
        other = graph.node(edge.target if out else edge.source)
        attrs = edge.model_dump(mode="json", exclude_none=True, exclude_defaults=True, exclude=_EDGE_CORE)
        rows.append(
            RelationRow(
                direction="out" if out else "in",
                relation=edge.relation.value,
                other_id=other.id,
                other_name=labels.get(other.id, other.name),
                attributes=attrs,
                provenance=edge.provenance,
            )
        )
    data = node.model_dump(mode="json", exclude_none=True, exclude=hidden)
    if redactor:
        return NodeDetail(
            node=redactor.node(data), relations=redactor(rows and [r.model_dump(mode="json") for r in rows])
        )
    return NodeDetail(node=data, relations=rows)

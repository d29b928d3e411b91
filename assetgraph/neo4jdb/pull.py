"""Pulling a graph, or the part of it a question reads, back from Neo4j.

The nodes and relationships come back in the order they were pushed (their ``seq``), so the
pulled graph equals the pushed one, order included, and every question gives the same answer
on both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from ..collector import collector_paused
from ..errors import DatabaseError, InputError
from ..graphmodel.graph import AssetGraph
from ..graphmodel.storage import FORMAT, FORMAT_VERSION, graph_from_dict
from ..graphmodel.vocabulary import NodeKind, Relation
from ..render import Table
from .connection import Database
from .properties import LABELS, edge_data, node_data, relationship_type
from .push import META_LABEL

__all__ = ["GraphEntry", "GraphList", "list_graphs", "pull_graph"]


class GraphEntry(BaseModel):
    """A graph held in the database, as its last push left it."""

    name: str
    nodes: int | None
    edges: int | None
    complete: bool
    finished: str | None


class Pulled(BaseModel):
    """What ``neo4j pull`` read and wrote."""

    graph: str
    uri: str
    output: str
    nodes: int
    edges: int

    def tables(self) -> list[Table]:
        return [
            Table(
                None,
                [],
                [],
                heading=f"Wrote {self.output}: {self.nodes} nodes, {self.edges} edges from "
                f"{self.graph!r} on {self.uri}.",
            )
        ]


class GraphList(BaseModel):
    graphs: list[GraphEntry]

    def tables(self) -> list[Table]:
        rows = [
            [g.name, g.nodes, g.edges, "yes" if g.complete else "no (push again)", g.finished or ""]
            for g in self.graphs
        ]
        return [
            Table(
                "Graphs",
                ["name", "nodes", "relationships", "complete", "pushed"],
                rows,
                heading=f"{len(rows)} graph(s)",
            )
        ]


def list_graphs(db: Database) -> list[GraphEntry]:
    """The graphs in the database, by name."""
    rows = db.read(
        f"MATCH (g:{META_LABEL}) RETURN g.name AS name, g.nodes AS nodes, g.edges AS edges, "
        "g.complete AS complete, toString(g.finished) AS finished ORDER BY name"
    )
    return [GraphEntry(**row) for row in rows]


def _check_graph(db: Database, name: str) -> None:
    rows = db.read(f"MATCH (g:{META_LABEL} {{name: $graph}}) RETURN g.complete AS complete", graph=name)
    if not rows:
        known = ", ".join(g.name for g in list_graphs(db)) or "none"
        raise DatabaseError(f"the database has no graph named {name!r} (graphs there: {known})")
    if not rows[0]["complete"]:
        raise DatabaseError(f"the last push of graph {name!r} did not finish; push it again before reading it")


@collector_paused()
def pull_graph(
    db: Database,
    name: str,
    kinds: Iterable[NodeKind | str] | None = None,
    relations: Iterable[Relation | str] | None = None,
) -> AssetGraph:
    """The graph ``name`` as pushed, in its order; or only the nodes of ``kinds`` and the
    relationships of ``relations`` between them, filtered on the server.

    Raises DatabaseError for a graph the database does not hold, or whose last push did not
    finish.
    """
    _check_graph(db, name)
    labels = [LABELS[NodeKind(k)] for k in (kinds if kinds is not None else NodeKind)]
    types = "|".join(relationship_type(r) for r in (relations if relations is not None else Relation))
    nodes, edges = [], []
    for label in labels:
        nodes += db.read(
            f"MATCH (n:{label} {{graph: $graph}}) RETURN $label AS label, properties(n) AS props",
            graph=name,
            label=label,
        )
        if types:
            edges += db.read(
                f"MATCH (a:{label} {{graph: $graph}})-[r:{types}]->(b) WHERE b.graph = $graph "
                "RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props",
                graph=name,
            )
    ids = {row["props"].get("id") for row in nodes}
    data = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": name,
        "nodes": [node_data(r["label"], r["props"]) for r in sorted(nodes, key=_seq)],
        "edges": [
            edge_data(r["source"], r["type"], r["target"], r["props"])
            for r in sorted(edges, key=_seq)
            if r["source"] in ids and r["target"] in ids
        ],
    }
    try:
        return graph_from_dict(data, f"graph {name!r} on the server")
    except InputError as exc:
        raise DatabaseError(str(exc)) from None


def _seq(row: dict[str, Any]) -> int:
    return row["props"].get("seq", 0)

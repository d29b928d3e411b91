"""Pulling a graph, or the part of it a question reads, back from Neo4j.

The nodes and relationships come back in the order they were pushed (their ``seq``), so the
pulled graph equals the pushed one, order included, and every question gives the same answer
on both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from pydantic import BaseModel, ValidationError

from ..errors import AssetGraphError, DatabaseError
from ..graphmodel.checks import model_error
from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import NodeKind, Relation
from ..render import Table
from .connection import Database
from .properties import LABELS, edge_from_properties, node_from_properties, relationship_type
from .push import META_LABEL

__all__ = ["GraphEntry", "GraphList", "list_graphs", "pull_graph"]


class GraphEntry(BaseModel):
    """A graph held in the database, as its last push left it."""

    name: str
    nodes: int | None
    edges: int | None
    complete: bool
    finished: str | None


class GraphList(BaseModel):
    graphs: list[GraphEntry]

    def tables(self) -> list[Table]:
        rows = [[g.name, g.nodes, g.edges, "yes" if g.complete else "no (push again)", g.finished or ""] for g in self.graphs]
        return [Table("Graphs", ["name", "nodes", "relationships", "complete", "pushed"], rows, heading=f"{len(rows)} graph(s)")]


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
        nodes += db.read(f"MATCH (n:{label} {{graph: $graph}}) RETURN $label AS label, properties(n) AS props", graph=name, label=label)
        if types:
            edges += db.read(
                f"MATCH (a:{label} {{graph: $graph}})-[r:{types}]->(b) WHERE b.graph = $graph "
                "RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props",
                graph=name,
            )
    graph = AssetGraph(name)
    for row in sorted(nodes, key=lambda r: r["props"].get("seq", 0)):
        with _reading(name, "node", row["props"].get("id")):
            graph.add_node(node_from_properties(row["label"], row["props"]))
    for row in sorted(edges, key=lambda r: r["props"].get("seq", 0)):
        if row["source"] in graph and row["target"] in graph:
            with _reading(name, "relationship", f"{row['source']} {row['type']} {row['target']}"):
                graph.add_edge(edge_from_properties(row["source"], row["type"], row["target"], row["props"]))
    return graph


@contextmanager
def _reading(graph: str, what: str, which: str | None) -> Iterator[None]:
    """Name the stored item a model error comes from: the server's data may have been edited."""
    try:
        yield
    except ValidationError as exc:
        err = model_error(exc)
        raise DatabaseError(f"graph {graph!r} on the server, {what} {which}, field {err.field}: {err.message}") from None
    except (AssetGraphError, json.JSONDecodeError) as exc:
        raise DatabaseError(f"graph {graph!r} on the server, {what} {which}: {exc}") from None

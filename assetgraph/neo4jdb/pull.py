"""Pulling a graph, or the part of it a question reads, back from Neo4j.

The nodes and relationships come back in the order they were pushed (their ``seq``), so the
pulled graph equals the pushed one, order included, and every question gives the same answer
on both.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from heapq import merge
from typing import Any

from pydantic import BaseModel

from ..collector import collector_paused
from ..errors import DatabaseError, InputError
from ..graphmodel.graph import AssetGraph
from ..graphmodel.storage import FORMAT, FORMAT_VERSION, graph_from_dict
from ..graphmodel.vocabulary import NodeKind, Relation
from ..render import Table
from .connection import Database
from .digests import DIGESTS_PROPERTY, digest, edge_key, node_key
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


def _pushed_digests(db: Database, name: str) -> dict[str, str]:
    """The digests the last complete push of ``name`` recorded (see :mod:`.digests`)."""
    rows = db.read(
        f"MATCH (g:{META_LABEL} {{name: $graph}}) RETURN g.complete AS complete, g.{DIGESTS_PROPERTY} AS digests",
        graph=name,
    )
    if not rows:
        known = ", ".join(g.name for g in list_graphs(db)) or "none"
        raise DatabaseError(f"the database has no graph named {name!r} (graphs there: {known})")
    if not rows[0]["complete"]:
        raise DatabaseError(f"the last push of graph {name!r} did not finish; push it again before reading it")
    return json.loads(rows[0]["digests"]) if rows[0]["digests"] else {}


@collector_paused()
def pull_graph(
    db: Database,
    name: str,
    kinds: Iterable[NodeKind | str] | None = None,
    relations: Iterable[Relation | str] | None = None,
) -> AssetGraph:
    """The graph ``name`` as pushed, in its order; or only the nodes of ``kinds`` and the
    relationships of ``relations`` between them, filtered on the server.

    Where the data is as the last push wrote it (its digests match), it is not checked field
    by field again; anything edited on the server since is. Raises DatabaseError for a graph
    the database does not hold, whose last push did not finish, or whose data no longer
    makes a valid graph (naming the item and field).
    """
    pushed = _pushed_digests(db, name)
    labels = [LABELS[NodeKind(k)] for k in (kinds if kinds is not None else NodeKind)]
    types = "|".join(relationship_type(r) for r in (relations if relations is not None else Relation))
    nodes: dict[str, list[dict[str, Any]]] = {}
    edges: defaultdict[str, list[list[Any]]] = defaultdict(list)
    for label in labels:
        query = f"MATCH (n:{label} {{graph: $graph}}) RETURN collect(properties(n)) AS rows"
        nodes[label] = sorted(db.read(query, graph=name)[0]["rows"], key=_seq)
        if types:
            rows = db.read(
                f"MATCH (a:{label} {{graph: $graph}})-[r:{types}]->(b) WHERE b.graph = $graph "
                "RETURN collect([a.id, type(r), b.id, properties(r)]) AS rows",
                graph=name,
            )[0]["rows"]
            for source, rel_type, target, props in rows:
                edges[rel_type].append([source, target, props])
    for rows in edges.values():
        rows.sort(key=lambda row: _seq(row[2]))
    none = digest([])  # a push records no digest for a label or type it had nothing of
    trusted = all(digest(rows) == pushed.get(node_key(label), none) for label, rows in nodes.items()) and all(
        digest(rows) == pushed.get(edge_key(rel_type), none) for rel_type, rows in edges.items()
    )
    ids = {props.get("id") for rows in nodes.values() for props in rows}
    # each label's and each type's rows are in order already: merged, they are the graph's order
    in_order = merge(*([(label, props) for props in rows] for label, rows in nodes.items()), key=lambda n: _seq(n[1]))
    ties = merge(*([(rel_type, *row) for row in rows] for rel_type, rows in edges.items()), key=lambda e: _seq(e[3]))
    data = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": name,
        "nodes": [node_data(label, props) for label, props in in_order],
        "edges": [
            edge_data(source, rel_type, target, props)
            for rel_type, source, target, props in ties
            if source in ids and target in ids
        ],
    }
    try:
        return graph_from_dict(data, f"graph {name!r} on the server", trusted=trusted)
    except InputError as exc:
        raise DatabaseError(str(exc)) from None


def _seq(props: dict[str, Any]) -> int:
    return props.get("seq", 0)

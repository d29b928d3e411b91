"""Running a Cypher query against Neo4j, or against an embedded graph with grand-cypher.

Both engines see the same labels, relationship types and properties (:mod:`.properties`), so a
query in the shared subset gives the same rows on both. The embedded engine (grand-cypher)
supports: ``MATCH`` of one pattern, with labels, ``{property: value}`` maps, relationship types
(``[r:SERVES|WITHIN]``) and variable lengths (``*1..3``); ``WHERE`` with comparisons, ``AND``,
``OR``, ``NOT``, ``IN``, ``STARTS WITH``, ``CONTAINS`` and ``IS NULL``; ``RETURN`` of variables,
properties and ``type(r)``, with ``AS``, ``DISTINCT``, the aggregates ``COUNT``, ``SUM``, ``AVG``,
``MIN``, ``MAX`` (written in capitals), ``ORDER BY``, ``SKIP`` and ``LIMIT``. Strings are in
double quotes. It does not support ``OPTIONAL MATCH``, ``WITH``, ``UNWIND``, comma-separated
patterns, functions such as ``labels()``, or any write (``CREATE``, ``MERGE``, ``SET``,
``DELETE``); such a query is refused with a clear error. Queries against Neo4j run in a read
transaction, so they cannot change the graph either.

>>> from assetgraph.loaders import load, SEED
>>> result = embedded_cypher(load(SEED), 'MATCH (o:Organisation) WHERE o.name = "CHEX" RETURN o.scale')
>>> result.columns, result.rows
(['o.scale'], [['national']])
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from grandcypher import GrandCypher
from pydantic import BaseModel

from ..errors import QueryError
from ..graphmodel.graph import AssetGraph
from ..render import Table
from .connection import Database
from .properties import LABELS, edge_properties, node_properties, relationship_type

__all__ = ["CypherResult", "embedded_cypher", "neo4j_cypher", "cypher_view"]

_LABELS_KEY = "__labels__"


class CypherResult(BaseModel):
    """The rows of a query, one list per row in the order of ``columns``."""

    engine: str
    columns: list[str]
    rows: list[list[Any]]

    def tables(self) -> list[Table]:
        return [Table("Result", self.columns, self.rows, heading=f"{len(self.rows)} row(s) from {self.engine}")]


def _plain(value: Any) -> Any:
    """A result value as JSON-ready data: nodes and relationships as their properties."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if k != _LABELS_KEY}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def cypher_view(graph: AssetGraph) -> nx.MultiDiGraph:
    """The graph as grand-cypher reads it: Neo4j's labels, types and properties (cached)."""

    def build() -> nx.MultiDiGraph:
        view = nx.MultiDiGraph()
        for node in graph.nodes():
            view.add_node(node.id, **node_properties(node), graph=graph.name, **{_LABELS_KEY: {LABELS[node.kind]}})
        for e in graph.edges():
            props = edge_properties(e) | {"graph": graph.name, _LABELS_KEY: {relationship_type(e.relation)}}
            view.add_edges_from([(e.source, e.target, e.identity[3], props)])
        return view

    return graph.cached("cypher-view", build)


def embedded_cypher(graph: AssetGraph, query: str) -> CypherResult:
    """Run ``query`` (in the subset above) on the embedded graph.

    Raises QueryError for a query outside the subset, naming where the parser stopped.
    """
    view = cypher_view(graph)
    try:
        found = GrandCypher(view).run(query)
    except Exception as exc:  # grand-cypher raises parser, key and type errors alike
        detail = " ".join(str(exc).split())[:200]
        raise QueryError(
            f"the embedded engine cannot run this query (it supports a subset of Cypher; see `assetgraph cypher --help`, "
            f"or use --engine neo4j): {type(exc).__name__}: {detail}"
        ) from None
    returned = query.upper().rfind("RETURN")
    columns = sorted((str(k) for k in found), key=lambda c: query.find(c, returned))
    by_name = {str(k): v for k, v in found.items()}
    count = max((len(v) for v in by_name.values()), default=0)
    rows = [[_plain(by_name[c][i]) for c in columns] for i in range(count)]
    return CypherResult(engine="embedded", columns=columns, rows=rows)


def neo4j_cypher(db: Database, query: str, params: dict[str, Any] | None = None) -> CypherResult:
    """Run ``query`` with ``params`` in a read transaction on Neo4j."""
    columns, rows = db.read_table(query, params or {})
    return CypherResult(engine="neo4j", columns=columns, rows=[[_plain(v) for v in row] for row in rows])

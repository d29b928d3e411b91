"""The three questions against a graph held in Neo4j.

Each question reads a known part of the graph (:data:`READS`). The server filters that part
out by label and relationship type, and computes the place indexes the coverage and pathway
questions aggregate over (which assets address each theme in each place, and what encloses
each place) with Cypher; the rest of the question runs on the pulled part with the same code
as the embedded engine, so the answers are the same.

Routes are searched here, not in Cypher: Cypher's shortest paths (``shortestPath``,
``SHORTEST k``) count hops, and a search by relation costs needs the GDS or APOC plugins,
which Neo4j Community does not ship.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import NodeKind, Relation
from ..queries.collaboration import COLLABORATION
from ..queries.places import ENCLOSING_KEY, PROVIDERS_KEY
from .connection import Database
from .pull import pull_graph

__all__ = ["Question", "READS", "question_graph", "place_indexes"]

Question = Literal["connectors", "gaps", "pathways"]
_PLACEMENT = frozenset({Relation.LOCATED_IN, Relation.SERVES, Relation.WITHIN})

#: the node kinds and relations each question reads
READS: dict[str, tuple[frozenset[NodeKind], frozenset[Relation]]] = {
    "connectors": (frozenset(NodeKind) - {NodeKind.THEME}, COLLABORATION | _PLACEMENT),
    "gaps": (frozenset(NodeKind), COLLABORATION | _PLACEMENT | {Relation.ADDRESSES}),
    "pathways": (frozenset(NodeKind), frozenset(Relation)),
}


def place_indexes(db: Database, name: str) -> tuple[dict[str, frozenset[str]] | None, dict[str, dict[str, list[str]]]]:
    """What encloses each place (None where the hierarchy has a cycle: the embedded code
    reports it), and theme -> place -> the assets addressing the theme placed there (``""``
    for assets that name no place), both computed on the server."""
    cycle = db.read("MATCH (p:Place {graph: $graph})-[:WITHIN*1..]->(p) RETURN p.id AS id LIMIT 1", graph=name)
    enclosing = None
    if not cycle:
        rows = db.read(
            "MATCH (p:Place {graph: $graph}) OPTIONAL MATCH (p)-[:WITHIN*1..]->(q:Place {graph: $graph}) "
            "RETURN p.id AS place, collect(DISTINCT q.id) AS above",
            graph=name,
        )
        enclosing = {row["place"]: frozenset([row["place"], *row["above"]]) for row in rows}
    rows = db.read(
        "MATCH (t:Theme {graph: $graph})<-[:ADDRESSES]-(a) WHERE a.graph = $graph "
        "OPTIONAL MATCH (a)-[:LOCATED_IN|SERVES]->(p:Place {graph: $graph}) "
        "WITH t, a, collect(DISTINCT p.id) AS places UNWIND CASE places WHEN [] THEN [''] ELSE places END AS place "
        "RETURN t.id AS theme, place, collect(a.id) AS assets",
        graph=name,
    )
    providers: defaultdict[str, dict[str, list[str]]] = defaultdict(dict)
    for row in rows:
        providers[row["theme"]][row["place"]] = row["assets"]
    return enclosing, dict(providers)


def question_graph(db: Database, name: str, question: Question) -> AssetGraph:
    """The part of graph ``name`` that ``question`` reads, with its place indexes primed."""
    kinds, relations = READS[question]
    graph = pull_graph(db, name, kinds, relations)
    if question != "connectors":
        enclosing, providers = place_indexes(db, name)
        if enclosing is not None:
            graph.prime(ENCLOSING_KEY, enclosing)
        graph.prime(PROVIDERS_KEY, providers)
    return graph

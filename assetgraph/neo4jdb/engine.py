"""The three questions against a graph held in Neo4j.

Each question reads a known part of the graph (:data:`READS`). The server filters that part
out by label and relationship type, and computes the place indexes the coverage and pathway
questions aggregate over (which assets address each theme in each place, and what encloses
each place) with Cypher; the rest of the question runs on the pulled part with the same code
as the embedded engine, so the answers are the same.

The part is kept on disk under the graph's push id, with the indexes derived from it beside it
(:mod:`assetgraph.kept`: the routing graph, places, providers and collaboration ties), so only
the first question after a push pulls, and the questions after it read those indexes instead of
deriving them. Routes are searched here, not in Cypher nor in Graph Data Science: Cypher's shortest
paths (``shortestPath``, ``SHORTEST k``) count hops, and GDS's Dijkstra and Yen's go from one
node to one node with no hop limit, while a resident's route starts from several entry points
at different costs and may end at any of several providers (a virtual start and sink would need
a projection per question, which costs about what a pull does). Betweenness stays here too: GDS
draws its own sample of sources, so a sampled ranking would differ from the embedded engine's.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Literal

from ..collector import collector_paused
from ..errors import AssetGraphError
from ..fileio import atomic_write_bytes
from ..graphmodel.graph import AssetGraph
from ..graphmodel.storage import load_graph, save_graph
from ..graphmodel.vocabulary import NodeKind, Relation
from ..queries.collaboration import COLLABORATION
from ..queries.places import ENCLOSING_KEY, PROVIDERS_KEY
from .connection import Database
from .pull import pull_graph
from .push import META_LABEL

__all__ = ["Question", "READS", "question_graph", "place_indexes", "cache_dir"]

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


def cache_dir() -> Path:
    """Where pulled parts of server graphs are kept: ``ASSETGRAPH_CACHE``, default
    ``~/.cache/assetgraph/pulled``."""
    return Path(os.environ.get("ASSETGRAPH_CACHE") or Path.home() / ".cache" / "assetgraph" / "pulled")


def _push_id(db: Database, name: str) -> str | None:
    rows = db.read(f"MATCH (g:{META_LABEL} {{name: $graph}}) RETURN g.push_id AS push", graph=name)
    return rows[0]["push"] if rows and rows[0]["push"] else None


def _open_kept(kept: Path) -> tuple[AssetGraph, dict[str, frozenset[str]] | None, dict] | None:
    """A kept part with its place indexes, or None where it is missing or cannot be read (a
    cache folder tidied or damaged by hand): the part is then pulled again."""
    try:
        graph = load_graph(kept)
        indexes = json.loads(kept.with_suffix(".indexes.json").read_text(encoding="utf-8"))
        enclosing = {p: frozenset(v) for p, v in indexes["enclosing"].items()} if indexes["enclosing"] else None
        return graph, enclosing, indexes["providers"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, AssetGraphError):
        return None


@collector_paused()
def question_graph(db: Database, name: str, question: Question | None, cache: Path | None = None) -> AssetGraph:
    """The part of graph ``name`` that ``question`` reads (None: the whole graph), with its
    place indexes primed.

    The part is kept in ``cache`` (default :func:`cache_dir`) under the graph's push id, so only
    the first question after a push pulls it: a new push has a new id, and the next question
    pulls again. A kept part is a graph file like any other (checked again if edited), with its
    derived indexes kept beside it as :func:`~assetgraph.graphmodel.storage.save_graph` keeps them.
    """
    push = _push_id(db, name)
    which = hashlib.sha256(json.dumps([db.uri, db.name, name, question]).encode()).hexdigest()[:20]
    version = hashlib.sha256(str(push).encode()).hexdigest()[:12]
    folder = cache or cache_dir()
    kept = folder / f"{which}-{version}.json"
    opened = _open_kept(kept) if push is not None else None
    if opened is not None:
        graph, enclosing, providers = opened
    else:
        kinds, relations = READS[question] if question else (None, None)
        graph = pull_graph(db, name, kinds, relations)
        enclosing, providers = place_indexes(db, name) if question in ("gaps", "pathways") else (None, None)
        if push is not None:
            folder.mkdir(parents=True, exist_ok=True)
            for older in folder.glob(f"{which}-*"):  # the parts of earlier pushes are of no more use
                older.unlink(missing_ok=True)
            indexes = {"enclosing": {p: sorted(v) for p, v in (enclosing or {}).items()}, "providers": providers}
            # the part, with its derived indexes beside it (:mod:`assetgraph.kept`), then the place
            # indexes the server computed: a part missing either is pulled again
            save_graph(graph, kept)
            atomic_write_bytes(kept.with_suffix(".indexes.json"), json.dumps(indexes).encode("utf-8"))
    if question in ("gaps", "pathways"):
        if enclosing is not None:
            graph.prime(ENCLOSING_KEY, enclosing)
        graph.prime(PROVIDERS_KEY, providers)
    return graph

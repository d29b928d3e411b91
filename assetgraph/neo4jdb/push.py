"""Pushing a graph to Neo4j: idempotent, batched, and safe to re-run after a failure.

Nodes are merged on (``graph``, ``id``) under a uniqueness constraint per label, and
relationships on their two ends, type and ``key``, in ``UNWIND`` batches, each batch one
managed transaction (retried by the driver on transient errors). Every stored field is set,
unset ones to null, so a field removed from the source disappears from the server; the
properties a MERGE matches on are not rewritten, which keeps Cypher from buffering the whole
batch (an ``Eager`` step) between matching and writing. Pushing the same graph twice
leaves the same nodes and relationships.

The graph's ``:AssetgraphGraph`` node records the push: ``complete`` is false until every
batch is written, so a push cut short is known (and refused by a pull) until it is re-run.
With ``replace``, what this graph holds on the server but the source no longer has is removed
afterwards; other graphs in the database are never touched.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from itertools import islice
from typing import Any

from pydantic import BaseModel

from ..errors import QueryError
from ..graphmodel.edges import Edge
from ..graphmodel.graph import AssetGraph
from ..graphmodel.storage import FORMAT_VERSION
from ..graphmodel.vocabulary import NodeKind
from ..progress import Progress, silent
from ..render import Table
from . import DEFAULT_BATCH, DEFAULT_WRITERS
from .connection import Database
from .digests import DIGESTS_PROPERTY, digest, edge_key, node_key, stored
from .properties import LABELS, edge_properties, model_fields, node_properties, relationship_type, replacing

__all__ = [
    "PushReport",
    "push_graph",
    "ensure_schema",
    "disjoint_rounds",
    "DEFAULT_BATCH",
    "DEFAULT_WRITERS",
    "META_LABEL",
]
META_LABEL = "AssetgraphGraph"


class PushReport(BaseModel):
    """What a push wrote, removed (with ``replace``) and how long it took."""

    graph: str
    uri: str | None = None
    nodes: int
    edges: int
    removed_nodes: int
    removed_edges: int
    node_seconds: float
    edge_seconds: float
    seconds: float

    def tables(self) -> list[Table]:
        removed = f"; removed {self.removed_nodes} nodes and {self.removed_edges} relationships it no longer has"
        return [
            Table(
                None,
                [],
                [],
                heading=f"Pushed {self.graph!r} to {self.uri}: {self.nodes} nodes, {self.edges} "
                f"relationships in {self.seconds:.1f} s{removed if self.removed_nodes or self.removed_edges else ''}.",
            )
        ]


def ensure_schema(db: Database) -> None:
    """One uniqueness constraint on (graph, id) per node label, and one on the graph's name."""
    for kind, label in LABELS.items():
        db.schema(
            f"CREATE CONSTRAINT assetgraph_{kind.value} IF NOT EXISTS FOR (n:{label}) REQUIRE (n.graph, n.id) IS UNIQUE"
        )
    db.schema(f"CREATE CONSTRAINT assetgraph_graph IF NOT EXISTS FOR (g:{META_LABEL}) REQUIRE g.name IS UNIQUE")


def _batches(rows: Iterable[list[Any]], size: int) -> Iterator[list[list[Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def disjoint_rounds(rows: list[list[Any]], width: int, size: int) -> Iterator[list[list[list[Any]]]]:
    """Relationship rows (their two ends first) as rounds of up to ``width`` batches of up
    to ``size`` rows, no two batches of a round touching the same node: written at once, they
    do not wait on each other's node locks. (Neo4j may still lock an existing relationship both
    touch, the head of a chain two nodes share, and report a deadlock: the driver retries.) A
    row whose ends another batch of the round already holds waits for a later round; a node with
    many relationships keeps them together.

    >>> rows = [["a", "b"], ["c", "d"], ["b", "c"]]
    >>> [[["".join(r) for r in batch] for batch in round] for round in disjoint_rounds(rows, 2, 10)]
    [[['ab'], ['cd']], [['bc']]]
    """
    pending = rows
    while pending:
        owner: dict[str, int] = {}
        batches: list[list[list[Any]]] = [[] for _ in range(width)]
        later: list[list[Any]] = []
        for i, row in enumerate(pending):
            held = {owner.get(row[0]), owner.get(row[1])} - {None}
            if len(held) > 1:
                later.append(row)
                continue
            j = held.pop() if held else min(range(width), key=lambda b: len(batches[b]))
            if len(batches[j]) < size:
                batches[j].append(row)
                owner[row[0]] = owner[row[1]] = j
            elif all(len(b) >= size for b in batches):
                later += pending[i:]
                break
            else:
                later.append(row)
        yield [b for b in batches if b]
        pending = later


def _write_all(db: Database, query: str, batches: list[list[list[Any]]], name: str, pool: Executor) -> None:
    """Write ``batches`` with ``query``, each in its own transaction, at once."""
    for done in [pool.submit(db.write, query, rows=batch, graph=name) for batch in batches]:
        done.result()


def _write_nodes(
    db: Database,
    graph: AssetGraph,
    name: str,
    push_id: str,
    size: int,
    redact: bool,
    pool: Executor,
    width: int,
    progress: Progress,
) -> dict[str, str]:
    """Write the nodes; the digest of each label's nodes as stored (see :mod:`.digests`)."""
    by_kind: defaultdict[NodeKind, list[list[Any]]] = defaultdict(list)
    for seq, node in enumerate(graph.nodes()):
        props = node_properties(node, redact)
        props.pop("id")
        fields = model_fields(type(node))
        by_kind[node.kind].append([node.id, replacing(props, fields) | {"graph": name, "seq": seq, "push_id": push_id}])
    for kind, rows in by_kind.items():
        query = f"UNWIND $rows AS row MERGE (n:{LABELS[kind]} {{graph: $graph, id: row[0]}}) SET n += row[1]"
        batches = list(_batches(rows, size))
        for start in range(0, len(batches), width):
            written = batches[start : start + width]
            _write_all(db, query, written, name, pool)
            progress("nodes", sum(map(len, written)), len(graph))
    return {
        node_key(LABELS[kind]): digest([stored(props) | {"id": node_id} for node_id, props in rows])
        for kind, rows in by_kind.items()
    }


def _write_edges(
    db: Database, graph: AssetGraph, name: str, push_id: str, size: int, pool: Executor, width: int, progress: Progress
) -> dict[str, str]:
    """Write the relationships; the digest of each type's relationships as stored."""
    kinds = graph.kinds()
    fields = model_fields(Edge) - {"key"}
    groups: defaultdict[tuple[str, str, str], list[list[Any]]] = defaultdict(list)
    as_stored: defaultdict[str, list[list[Any]]] = defaultdict(list)
    for seq, edge in enumerate(graph.edges()):
        shape = (LABELS[kinds[edge.source]], relationship_type(edge.relation), LABELS[kinds[edge.target]])
        props = edge_properties(edge)
        key = props.pop("key")
        row_props = replacing(props, fields) | {"graph": name, "seq": seq, "push_id": push_id}
        groups[shape].append([edge.source, edge.target, key, row_props])
        as_stored[shape[1]].append([edge.source, edge.target, stored(row_props) | {"key": key}])
    for (source, rel, target), rows in groups.items():
        query = (
            f"UNWIND $rows AS row MATCH (a:{source} {{graph: $graph, id: row[0]}}) MATCH (b:{target} {{graph: $graph, "
            f"id: row[1]}}) MERGE (a)-[r:{rel} {{key: row[2]}}]->(b) SET r += row[3]"
        )
        for written in disjoint_rounds(rows, width, size):
            _write_all(db, query, written, name, pool)
            progress("relationships", sum(map(len, written)), graph.number_of_edges())
    return {edge_key(rel): digest(rows) for rel, rows in as_stored.items()}


def _remove_stale(db: Database, name: str, push_id: str, size: int) -> tuple[int, int]:
    """Delete, a batch at a time, this graph's relationships and nodes another push wrote."""
    edges = nodes = 0
    for label in LABELS.values():
        query = (
            f"MATCH (:{label} {{graph: $graph}})-[r]->() WHERE r.graph = $graph AND r.push_id <> $push "
            "WITH r LIMIT $size DELETE r"
        )
        while removed := db.write(query, graph=name, push=push_id, size=size).relationships_deleted:
            edges += removed
    for label in LABELS.values():
        query = f"MATCH (n:{label} {{graph: $graph}}) WHERE n.push_id <> $push WITH n LIMIT $size DETACH DELETE n"
        while (counters := db.write(query, graph=name, push=push_id, size=size)).nodes_deleted:
            nodes += counters.nodes_deleted
            edges += counters.relationships_deleted
    return nodes, edges


def push_graph(
    db: Database,
    graph: AssetGraph,
    name: str | None = None,
    *,
    batch_size: int = DEFAULT_BATCH,
    replace: bool = False,
    redact_personal: bool = False,
    writers: int = DEFAULT_WRITERS,
    progress: Progress = silent,
) -> PushReport:
    """Write ``graph`` to the database under ``name`` (default: the graph's own name).

    ``writers`` batches are written at once, each in its own transaction (relationship
    batches written together never share a node: :func:`disjoint_rounds`). ``progress``
    hears of ``nodes`` and ``relationships`` after each round. Raises QueryError for a graph
    with no name, or a batch size or number of writers below 1; DatabaseError (from
    :func:`.connect`) for server trouble.
    """
    name = name or graph.name
    if not name:
        raise QueryError("the graph has no name; give one to push it under")
    if batch_size < 1 or writers < 1:
        raise QueryError("the batch size and the number of writers must be at least 1")
    started = time.perf_counter()
    push_id = uuid.uuid4().hex
    ensure_schema(db)
    db.write(
        f"MERGE (g:{META_LABEL} {{name: $graph}}) SET g.complete = false, g.push_id = $push, g.started = datetime(), "
        f"g.{DIGESTS_PROPERTY} = null",
        graph=name,
        push=push_id,
    )
    with ThreadPoolExecutor(writers) as pool:
        digests = _write_nodes(db, graph, name, push_id, batch_size, redact_personal, pool, writers, progress)
        nodes_done = time.perf_counter()
        digests |= _write_edges(db, graph, name, push_id, batch_size, pool, writers, progress)
    edges_done = time.perf_counter()
    removed = _remove_stale(db, name, push_id, batch_size) if replace else (0, 0)
    db.write(
        f"MATCH (g:{META_LABEL} {{name: $graph}}) SET g.complete = true, g.format_version = $version, "
        f"g.finished = datetime(), g.nodes = $nodes, g.edges = $edges, g.{DIGESTS_PROPERTY} = $digests",
        graph=name,
        version=FORMAT_VERSION,
        nodes=len(graph),
        edges=graph.number_of_edges(),
        digests=json.dumps(digests, sort_keys=True),
    )
    return PushReport(
        graph=name,
        nodes=len(graph),
        edges=graph.number_of_edges(),
        removed_nodes=removed[0],
        removed_edges=removed[1],
        node_seconds=round(nodes_done - started, 3),
        edge_seconds=round(edges_done - nodes_done, 3),
        seconds=round(time.perf_counter() - started, 3),
    )

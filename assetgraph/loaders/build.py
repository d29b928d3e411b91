"""Building one graph from the records of several sources.

Nodes of every source go in first, so that a relationship in one file may name a body
introduced by another; then the relationships, with their ends resolved by id, name or alias.
A body named in two sources becomes one node carrying both sources' provenance.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError

from ..errors import AmbiguousName, InputError, Location, ModelError, NodeNotFound
from ..graphmodel.checks import model_error
from ..graphmodel.edges import Edge
from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import parse_node
from ..graphmodel.vocabulary import ALLOWED, NodeKind
from .records import EdgeRecord, SourceRecords

__all__ = ["build_graph", "merge_graph"]


def _fail(location: Location, exc: Exception) -> InputError:
    if isinstance(exc, ValidationError):
        exc = model_error(exc)
    if isinstance(exc, ModelError):
        return InputError(location.with_field(exc.field or location.field), exc.message)
    return InputError(location, str(exc))


def _resolve(
    graph: AssetGraph, name: str, kind: NodeKind | None, fits: frozenset[NodeKind], location: Location
) -> str:
    """The id ``name`` means; where it fits several nodes, those whose kind the relation allows
    at this end are preferred."""
    ids = graph.lookup(name, kind)
    if len(ids) > 1:
        ids = {i for i in ids if graph.kind_of(i) in fits} or ids
    if len(ids) == 1:
        return ids.pop()
    try:
        return graph.find(name, kind).id
    except (NodeNotFound, AmbiguousName) as exc:
        raise _fail(location, exc) from None


def _add_edge(graph: AssetGraph, record: EdgeRecord) -> None:
    loc = record.location
    sources, targets = ALLOWED[record.data["relation"]]
    source = _resolve(graph, record.source, record.source_kind, sources, loc.with_field("from"))
    target = _resolve(graph, record.target, record.target_kind, targets, loc.with_field("to"))
    try:
        graph.add_edge(Edge.model_validate({**record.data, "source": source, "target": target}))
    except (ValidationError, ModelError) as exc:
        raise _fail(loc, exc) from None


def merge_graph(graph: AssetGraph, other: AssetGraph, origin: str) -> None:
    """Add every node and edge of ``other`` (a saved graph) to ``graph``."""
    for node in other.nodes():
        try:
            graph.add_node(node)
        except (ModelError, AmbiguousName) as exc:
            raise _fail(Location(origin, node.id), exc) from None
    for edge in other.edges():
        try:
            graph.add_edge(edge)
        except ModelError as exc:
            raise _fail(Location(origin, f"{edge.source} {edge.relation} {edge.target}"), exc) from None


def build_graph(sources: Iterable[SourceRecords | tuple[str, AssetGraph]], name: str | None = None) -> AssetGraph:
    """One graph from source records and saved graphs (given as ``(origin, graph)`` pairs).

    Raises InputError naming the file, the row or line, and the field of the first bad record.
    """
    sources = list(sources)
    graph = AssetGraph(name)
    for source in sources:
        if isinstance(source, tuple):
            merge_graph(graph, source[1], source[0])
            graph.name = graph.name or source[1].name
            continue
        graph.name = graph.name or source.name
        for record in source.nodes:
            try:
                graph.add_node(parse_node(record.data))
            except (ValidationError, ModelError, AmbiguousName) as exc:
                raise _fail(record.location, exc) from None
    for source in sources:
        if not isinstance(source, tuple):
            for edge in source.edges:
                _add_edge(graph, edge)
    return graph

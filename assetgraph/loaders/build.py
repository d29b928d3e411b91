"""Building one graph from the records of several sources, resolving the same body named in
several of them to one node.

Nodes of every source go in first, so that a relationship in one file may name a body
introduced by another; then the relationships, with their ends resolved by id, name or alias.

Entity resolution, in order (each merge keeps every source's provenance):

1. the same id;
2. a shared identifier: org-id, charity or company number, GSS code
   (:mod:`assetgraph.graphmodel.identifiers`);
3. the same normalised name or alias, among nodes of the kind whose identifiers do not
   contradict it;
4. for organisations, a fuzzy name match: rapidfuzz token-sort ratio of at least
   :data:`FUZZY_MERGE` (legal forms such as Ltd left out, numbers equal). Candidates from
   :data:`FUZZY_NEAR` up to that are near-misses, listed for a person to review.

Two sources that disagree on an attribute of a node or of a relationship keep the first source's
value and the disagreement is reported; one source of our own formats that contradicts itself is
an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..collector import collector_paused
from ..errors import AmbiguousName, InputError, Location, ModelError, NodeNotFound, SkippedRecord, shown
from ..graphmodel.checks import model_error
from ..graphmodel.edges import Edge
from ..graphmodel.graph import AssetGraph, Match
from ..graphmodel.merge import Conflict
from ..graphmodel.names import normalise
from ..graphmodel.nodes import Node, parse_node
from ..graphmodel.vocabulary import ALLOWED, NodeKind
from ..progress import Progress, silent
from .appending import EdgeAppender
from .need_themes import infer_need_themes
from .overrides import Overrides, apply_overrides
from .placing import place_by_postcode, serve_area
from .records import EdgeRecord, NodeRecord, Skipped, SourceRecords
from .sectors import SectorCounts, infer_sectors

__all__ = [
    "FUZZY_MERGE",
    "FUZZY_NEAR",
    "FUZZY_KINDS",
    "BuildReport",
    "SourceCount",
    "MergeRow",
    "ConflictRow",
    "build_graph",
    "merge_graph",
]

#: token-sort ratio (0-100) at which two organisation names are taken as one body
FUZZY_MERGE = 92.0
#: ratio from which a candidate is listed as a near-miss
FUZZY_NEAR = 80.0
FUZZY_KINDS = frozenset({NodeKind.ORGANISATION})


@dataclass
class SourceCount:
    origin: str
    format: str | None
    nodes: int
    edges: int
    skipped: int


@dataclass
class MergeRow:
    location: Location
    name: str
    into: str
    into_name: str
    rule: str
    score: float | None = None
    reason: str | None = None


@dataclass
class ConflictRow:
    """Two sources disagree on one attribute of the node ``node`` called ``name``, or of the
    relationship ``node`` (its ends, relation and key) described by ``name``."""

    node: str
    name: str
    conflict: Conflict


@dataclass
class BuildReport:
    """What a build did besides adding: merges, near-misses, disagreements, skipped records,
    and postcodes that placed nothing."""

    sources: list[SourceCount] = field(default_factory=list)
    merges: list[MergeRow] = field(default_factory=list)
    near_misses: list[MergeRow] = field(default_factory=list)
    conflicts: list[ConflictRow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unplaced: list[Skipped] = field(default_factory=list)
    #: organisations given an inferred sector and scale, by rule
    sector_scale: SectorCounts = field(default_factory=SectorCounts)


def _fail(location: Location, exc: Exception) -> InputError:
    if isinstance(exc, ValidationError):
        exc = model_error(exc)
    if isinstance(exc, ModelError):
        return InputError(location.with_field(exc.field or location.field), exc.message)
    return InputError(location, str(exc))


class _Scope:
    """The nodes one source made, by the id and the name its records gave them: a relationship
    in a source names that source's own records first, even where another source holds a
    same-named body or the record's id went to another node."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.names: dict[str, set[str]] = {}

    def add(self, record: NodeRecord, given: Node, stored: str) -> None:
        self.ids[record.ref or given.id] = stored
        self.names.setdefault(normalise(given.name), set()).add(stored)

    def named(self, name: str) -> set[str]:
        return self.names.get(normalise(name), set())


def _resolve(
    graph: AssetGraph, name: str, kind: NodeKind | None, fits: frozenset[NodeKind], location: Location, scope: _Scope
) -> str:
    """The id ``name`` means: the source's own record of that id or name first; where it fits
    several nodes, those whose kind the relation allows at this end are preferred."""
    mine = scope.ids.get(name)
    if mine is not None and (kind is None or graph.kind_of(mine) == kind):
        return mine
    for find in (scope.named, lambda n: graph.lookup(n, kind)):
        ids = {i for i in find(name) if kind is None or graph.kind_of(i) == kind}
        if len(ids) > 1:
            ids = {i for i in ids if graph.kind_of(i) in fits} or ids
        if len(ids) == 1:
            return ids.pop()
    try:
        return graph.find(name, kind).id
    except (NodeNotFound, AmbiguousName) as exc:
        raise _fail(location, exc) from None


def _add_edge(
    graph: AssetGraph, record: EdgeRecord, scope: _Scope, written: set[tuple[str, str, str]], source: SourceRecords
) -> tuple[list[Conflict], Edge]:
    """Add the relationship, adding its identity as stored (ends, key) to ``written``, the
    relationships its source gave so far; what it disagreed on with one given before, and
    the relationship as stored. A source of our own formats that contradicts itself is an
    InputError."""
    loc = record.location
    sources, targets = ALLOWED[record.data["relation"]]
    start = _resolve(graph, record.source, record.source_kind, sources, loc.with_field("from"), scope)
    end = _resolve(graph, record.target, record.target_kind, targets, loc.with_field("to"), scope)
    conflicts: list[Conflict] = []
    try:
        stored = graph.add_edge(Edge.model_validate({**record.data, "source": start, "target": end}), conflicts)
    except (ValidationError, ModelError) as exc:
        raise _fail(loc, exc) from None
    identity = (stored.identity[0], stored.identity[1], stored.identity[3])
    if conflicts and source.curated and identity in written:
        first = conflicts[0]
        raise InputError(
            loc.with_field(first.field),
            f"is {shown(first.kept)} (from {first.kept_from}) but {shown(first.dropped)} here",
        )
    written.add(identity)
    return conflicts, stored


def _edge_named(graph: AssetGraph, edge: Edge) -> tuple[str, str]:
    """A relationship's identity (ends, relation, key) and its description by names."""
    key = f" [{edge.key}]" if edge.key else ""
    ident = f"{edge.source} {edge.relation.value} {edge.target}{key}"
    return ident, f"{graph.node(edge.source).name} {edge.relation.value} {graph.node(edge.target).name}{key}"


def merge_graph(graph: AssetGraph, other: AssetGraph, origin: str, report: BuildReport | None = None) -> None:
    """Add every node and edge of ``other`` (a saved graph) to ``graph``. Where it disagrees
    with what ``graph`` holds, the value held is kept and, given a ``report``, the
    disagreement listed there (without one, it is an InputError)."""
    for node in other.nodes():
        conflicts: list[Conflict] | None = [] if report is not None else None
        try:
            stored = graph.add_node(node, conflicts)
        except (ModelError, AmbiguousName) as exc:
            raise _fail(Location(origin, node.id), exc) from None
        if report is not None:
            report.conflicts += [ConflictRow(stored.id, stored.name, c) for c in conflicts or ()]
    for edge in other.edges():
        conflicts = [] if report is not None else None
        try:
            kept = graph.add_edge(edge, conflicts)
        except ModelError as exc:
            raise _fail(Location(origin, f"{edge.source} {edge.relation} {edge.target}"), exc) from None
        if report is not None:
            report.conflicts += [ConflictRow(*_edge_named(graph, kept), c) for c in conflicts or ()]


class _Resolver:
    """Adds node records, matching each to a stored node by the rules above."""

    def __init__(self, graph: AssetGraph, report: BuildReport, overrides: Overrides | None = None) -> None:
        self.graph = graph
        self.report = report
        self.origins: dict[str, set[str]] = {}
        self.overrides = overrides

    def _match(self, node: Node, record: NodeRecord, curated: bool) -> Match | None:
        blocked: list[Match] = []
        try:
            found = self.graph.match(node, blocked, explicit_id=curated and "id" in record.data)
        except AmbiguousName as exc:
            if curated:
                raise
            for i in exc.candidates:
                self.report.near_misses.append(
                    self._row(
                        record,
                        node,
                        i,
                        "name",
                        reason=f"the name fits {len(exc.candidates)} bodies and nothing tells which",
                    )
                )
            return None
        for apart in blocked:
            self.report.near_misses.append(self._row(record, node, apart.id, apart.rule, reason=apart.reason))
        if found or node.kind not in FUZZY_KINDS:
            return found
        candidates = self.graph.similar(node, FUZZY_NEAR)
        for near in candidates:
            if near.score is not None and near.score < FUZZY_MERGE:
                self.report.near_misses.append(self._row(record, node, near.id, "fuzzy", near.score))
        return candidates[0] if candidates and (candidates[0].score or 0) >= FUZZY_MERGE else None

    def _row(
        self,
        record: NodeRecord,
        node: Node,
        into: str,
        rule: str,
        score: float | None = None,
        reason: str | None = None,
    ) -> MergeRow:
        """A review row: ``record`` (read as ``node``) merged into, or kept apart from, ``into``."""
        return MergeRow(record.location, node.name, into, self.graph.node(into).name, rule, score, reason)

    def add(self, record: NodeRecord, curated: bool) -> tuple[Node, Node]:
        """Add the record; the node it gave and the node stored."""
        node = parse_node({"kind": record.kind.value, **record.data})
        found = self._match(node, record, curated)
        apart = found and self.overrides and self.overrides.keeps_apart(node, self.graph.node(found.id))
        if found and apart:
            said = f"{apart.origin} {apart.label} says they are two bodies"
            self.report.near_misses.append(self._row(record, node, found.id, found.rule, found.score, said))
            found = None
        origin = record.location.file
        conflicts: list[Conflict] | None = None
        if found:
            contradicts_itself = curated and origin in self.origins.get(found.id, set())
            conflicts = None if contradicts_itself else []
            self.report.merges.append(self._row(record, node, found.id, found.rule, found.score))
        stored = self.graph.add_node(node, conflicts, found.id if found else None, resolve=bool(found))
        self.origins.setdefault(stored.id, set()).add(origin)
        self.report.conflicts += [ConflictRow(stored.id, stored.name, c) for c in conflicts or ()]
        return node, stored


@collector_paused()
def build_graph(
    sources: Iterable[SourceRecords | tuple[str, AssetGraph]],
    name: str | None = None,
    strict: bool = False,
    report: BuildReport | None = None,
    progress: Progress = silent,
    overrides: Overrides | None = None,
    infer: bool = True,
) -> AssetGraph:
    """One graph from source records and saved graphs (given as ``(origin, graph)`` pairs).

    ``report`` (if given) is filled with what was merged, nearly merged, disagreed on and
    skipped; ``strict`` turns the first skipped record into an error; ``progress`` hears of the
    ``records`` as they go in (of the total, nodes and relationships alike). Services,
    initiatives and organisations then ADDRESS the need themes their names and descriptions
    speak of, marked inferred (:func:`.need_themes.infer_need_themes`), and organisations
    whose sources state no sector or scale get them inferred (:func:`.sectors.infer_sectors`).
    ``overrides`` (:mod:`.overrides`) keep apart what they say is not one body as records are
    resolved, and join, place, give a sector or a theme after resolution and before inference,
    so a coordinator's word wins over an inferred value. With ``infer`` false, nothing is
    inferred: the graph holds what its sources and overrides state.

    Raises InputError naming the file, the row or line, and the field of the first bad record.
    """
    sources = list(sources)
    report = report if report is not None else BuildReport()
    total = sum(len(s.nodes) + len(s.edges) for s in sources if not isinstance(s, tuple))
    only = sources[0] if len(sources) == 1 else None
    graph = AssetGraph(name or (only[1].name if isinstance(only, tuple) else only.name if only else None))
    resolver = _Resolver(graph, report, overrides)
    scopes: list[tuple[SourceRecords, _Scope, SourceCount]] = []
    for source in sources:
        if isinstance(source, tuple):
            merge_graph(graph, source[1], source[0], report)
            continue
        if strict and source.skipped:
            first = source.skipped[0]
            raise SkippedRecord(first.location, f"{first.reason} (skipped records are errors in a strict build)")
        report.skipped += source.skipped
        count = SourceCount(source.origin, source.format, 0, 0, len(source.skipped))
        report.sources.append(count)
        scope = _Scope()
        made: set[str] = set()
        for i, record in enumerate(source.nodes, 1):
            try:
                given, stored = resolver.add(record, source.curated)
            except (ValidationError, ModelError, AmbiguousName) as exc:
                raise _fail(record.location, exc) from None
            scope.add(record, given, stored.id)
            made.add(stored.id)
            if i % 1000 == 0:
                progress("records", 1000, total)
        progress("records", len(source.nodes) % 1000, total)
        count.nodes = len(made)
        scopes.append((source, scope, count))
    for source, scope, count in scopes:
        written: set[tuple[str, str, str]] = set()
        appender = EdgeAppender(graph, scope.ids, written)
        for i, edge in enumerate(source.edges, 1):
            if not appender.append(edge):
                try:
                    conflicts, stored = _add_edge(graph, edge, scope, written, source)
                except InputError:
                    if edge.if_unknown is None:
                        raise
                    report.unplaced.append(Skipped(edge.location, edge.if_unknown))
                    continue
                report.conflicts += [ConflictRow(*_edge_named(graph, stored), c) for c in conflicts]
            if i % 1000 == 0:
                progress("records", 1000, total)
        appender.flush()
        progress("records", len(source.edges) % 1000, total)
        count.edges = len(written)
    report.unplaced += place_by_postcode(graph)
    for source, scope, _ in scopes:
        if source.serves:
            serve_area(graph, set(scope.ids.values()), source.serves, source.origin)
    if overrides is not None:
        report.conflicts += [ConflictRow(*row) for row in apply_overrides(graph, overrides)]
    if infer:
        report.sector_scale = infer_sectors(graph)
        infer_need_themes(graph)
    return graph

"""AssetGraph: a networkx MultiDiGraph that only holds valid, sourced nodes and edges.

>>> from assetgraph.graphmodel import AssetGraph, Organisation, Edge, Provenance
>>> g = AssetGraph()
>>> src = [Provenance(source="example")]
>>> _ = g.add_node(Organisation(name="Scottish Community Development Centre", aliases=["SCDC"],
...                             sector="third_sector", provenance=src))
>>> _ = g.add_node(Organisation(name="CHEX", sector="third_sector", provenance=src))
>>> _ = g.add_edge(Edge(source="CHEX", relation="PART_OF", target="SCDC", provenance=src))
>>> g.find("scdc").name
'Scottish Community Development Centre'
>>> [(e.source, e.relation.value, e.target) for e in g.edges()]
[('organisation:chex', 'PART_OF', 'organisation:scottish-community-development-centre')]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx
from pydantic import ValidationError

from ..collector import collector_paused
from ..errors import AmbiguousName, ModelError, NodeNotFound
from .checks import model_error
from .edges import Edge
from .identifiers import conflicting, disagreement, elsewhere, node_keys, organisation_keys, place_keys
from .merge import Conflict, merge_models
from .name_index import NameIndex, suggest
from .names import node_id as derived_id
from .nodes import Node, parse_node
from .vocabulary import SYMMETRIC, NodeKind, Relation, allowed, allowed_kinds

if TYPE_CHECKING:
    from .redaction import Redactor

__all__ = ["AssetGraph", "Match", "item_sources"]

T = TypeVar("T")


def _unread(label: str, dumped: dict[str, Any]) -> dict[str, Any]:
    """The networkx attributes of a node or edge stored in its dumped form (``label``: the
    field networkx keeps beside it, ``kind`` or ``relation``), its model not yet read."""
    return {label: dumped[label], "data": None, "raw": dumped}


def _read(attrs: dict[str, Any], parse: Callable[[Any], T]) -> T:
    """The model of a stored node or edge (its networkx attributes), read from its dumped
    form the first time it is asked for."""
    model = attrs["data"]
    if model is None:
        try:
            model = attrs["data"] = parse(attrs.pop("raw"))
        except ValidationError as exc:
            raise model_error(exc) from None
    return model


def _model(attrs: dict[str, Any]) -> Edge:
    return _read(attrs, Edge.model_validate)


def _known(attrs: dict[str, Any]) -> Node | Edge | dict[str, Any]:
    """What is known of a stored node or edge (its networkx attributes): its model if read,
    else its dumped form."""
    return attrs["data"] or attrs["raw"]


def item_sources(known: Node | Edge | dict[str, Any]) -> set[str]:
    """The sources vouching for a node or edge (its model or its dumped form)."""
    if isinstance(known, dict):
        return {p["source"] for p in known["provenance"]}
    return {p.source for p in known.provenance}


def _values(attrs: dict[str, Any], fields: tuple[str, ...]) -> tuple[Any, ...]:
    """Fields of a stored node or edge: from its model if read, else as its dumped form has
    them (text for enums and dates), without reading it."""
    model = attrs["data"]
    if model is None:
        return tuple(map(attrs["raw"].get, fields))
    return tuple(getattr(model, f, None) for f in fields)


def _validated(old: Node, changes: Mapping[str, Any]) -> Node:
    """``old`` with ``changes``, validated whole as a new node would be (validators that read
    several fields see the new values), from the fields it holds rather than a dump of it:
    its nested models are taken as they are, not rebuilt."""
    if {"id", "kind"} & changes.keys():
        field = "id" if "id" in changes else "kind"
        raise ModelError("a node's id and kind cannot change; add a new node instead", field)
    try:
        return type(old).model_validate({**dict(old), **changes})
    except ValidationError as exc:
        raise model_error(exc) from None


def _indexed(node: Node) -> tuple[Any, ...]:
    """The fields the name index and the identity keys (:func:`~.identifiers.node_keys`) read
    of a node: where none changed, neither needs touching."""
    return node.name, node.aliases, node.identifiers, getattr(node, "code", None)


@dataclass(frozen=True)
class Match:
    """A stored node another account matches, by which rule (id, identifier, name, fuzzy),
    with the similarity score of a fuzzy match, or the reason it was kept apart."""

    id: str
    rule: str
    score: float | None = None
    reason: str | None = None


def _read_only(value: T) -> T:
    """A cached value as callers may see it: dicts behind a mapping proxy, graphs frozen."""
    if isinstance(value, dict):
        return MappingProxyType(value)  # type: ignore[return-value]
    if isinstance(value, nx.Graph):
        return nx.freeze(value)  # type: ignore[return-value]
    return value


class AssetGraph:
    """The graph of assets.

    Nodes live in a ``networkx.MultiDiGraph`` under their id, with the model in the ``data``
    attribute and the kind in ``kind``; edges are keyed by their relation (or their own ``key``)
    with the model in ``data`` and the relation in ``relation``. An edge read from a trusted
    file keeps its dumped form in ``raw`` until its model is first asked for (``data`` None
    until then), and so does a node: a question that reads only where edges run, or a few
    nodes, never pays for the rest. Use :attr:`nx` for read-only access by networkx algorithms
    and :meth:`view` for the edges of some relations only.
    """

    def __init__(self, name: str | None = None) -> None:
        self.name = name
        self._g: nx.MultiDiGraph = nx.MultiDiGraph()
        #: trusted edges (source, target, key, attributes) not yet put into networkx
        self._pending: list[tuple[str, str, str, dict[str, Any]]] = []
        #: trusted edges after those, in their dumped form as given: opening a graph stores
        #: its edges as parsed, and each becomes a ``_pending`` item when something reads edges
        self._dumped_edges: list[dict[str, Any]] = []
        #: a name index per node kind: a question that names a place indexes only places
        self._names: defaultdict[str, NameIndex] = defaultdict(NameIndex)
        self._merged_ids: dict[str, str] = {}
        self._identity_keys: dict[tuple[NodeKind, str], str] = {}
        #: ids of trusted nodes not yet in their kind's name index, and not yet in the identity keys
        self._unnamed: defaultdict[str, list[str]] = defaultdict(list)
        self._unkeyed: list[str] = []
        self._cache: dict[Hashable, Any] = {}
        #: while people are withheld (:meth:`withholding`): the people, found by no name or id;
        #: the opaque ids (which find them and the nodes named after them); and whether a label,
        #: or a name looked up, spells none of them
        self._hidden: frozenset[str] = frozenset()
        self._opaque: dict[str, str] = {}
        self._shown: Callable[[str], bool] | None = None

    # -- building -----------------------------------------------------------------------

    def add_node(
        self, node: Node, conflicts: list[Conflict] | None = None, into: str | None = None, resolve: bool = True
    ) -> Node:
        """Add a node, or merge it into the node it names (see :meth:`match`), or into the
        node ``into`` where the caller has matched it already. With ``resolve=False`` the
        caller has decided: ``into``, or (None) a node of its own, whatever its name says. A
        new node whose id is taken by a stranger gets the next free id (``-2``, ``-3``, ...).

        Merging joins provenance, fills gaps and keeps a second name as an alias. Where both
        give an attribute different values it raises ConflictError, or, given a ``conflicts``
        list, keeps the stored value and records the disagreement there. Returns the node as
        stored. Raises AmbiguousName where ``node`` matches several stored nodes.
        """
        if into is None and resolve:
            found = self.match(node)
            into = found.id if found else None
        if into is None and node.id in self._g:
            node = node.model_copy(update={"id": self.free_id(node.id)})
        stored = merge_models(self.node(into), node, conflicts) if into else node
        if stored.id != node.id:
            self._merged_ids[node.id] = stored.id
        self._cache.clear()
        self._g.add_node(stored.id, kind=stored.kind.value, data=stored)
        self._index_node(stored)
        return stored

    def add_trusted(self, nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]) -> None:
        """Store dumped nodes and edges known to be consistent (a graph file this tool wrote,
        whose checksum holds) as they are: ids unique, edge ends stored ids, relations allowed,
        each claim once. No matching, resolution or merging, so a large graph opens at the speed
        of reading it; the name index is built when a name is first looked up, each node's and
        edge's model when it is first asked for, and the edges are kept as given (see
        :meth:`_waiting`) until something reads them: counting them reads only their relation.
        """
        nodes, first = list(nodes), len(self._g)
        ids = [n["id"] for n in nodes]
        with collector_paused():
            # ids alone take networkx's quick way in; each new node's attributes are then set
            # in place (given with the ids, every node cost networkx a caught exception)
            self._g.add_nodes_from(ids)
            unnamed = self._unnamed
            for n, (_, attrs) in zip(nodes, islice(self._g.nodes(data=True), first, None), strict=True):
                attrs.update(_unread("kind", n))
                unnamed[n["kind"]].append(n["id"])
            self._unkeyed += ids
            self._dumped_edges += edges
        self._cache.clear()

    def dumped(self, dump: Callable[[Any], dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Every node and every edge as JSON-ready data, in order: a trusted item whose model
        was never read as it was stored, any other as ``dump(model)``. Saving a graph just
        opened or pulled then costs no reading of its models. The items are the graph's own:
        the caller must not change them."""

        def each(attrs: dict[str, Any]) -> dict[str, Any]:
            return attrs["raw"] if attrs["data"] is None else dump(attrs["data"])

        stored = chain(self._g.edges(keys=True, data=True), self._pending)
        return [each(attrs) for _, attrs in self._g.nodes(data=True)], [
            *(each(attrs) for *_, attrs in stored),
            *self._dumped_edges,
        ]

    @property
    def _full(self) -> nx.MultiDiGraph:
        """The networkx graph with every edge in it. Trusted edges wait outside networkx until
        something needs networkx itself (an edit, a view, the edges of one node): questions that
        read edges by relation never pay for putting a large graph's edges into it."""
        if self._waiting():
            pending, self._pending = self._pending, []
            with collector_paused():
                self._g.add_edges_from(pending)
            # networkx keeps copies of the attributes: indexes holding the old ones must go
            for stale in ("by-relation", "waiting-at"):
                self._cache.pop(stale, None)
        return self._g

    def _waiting(self) -> list[tuple[str, str, str, dict[str, Any]]]:
        """(source, target, key, attributes) of each trusted edge not yet in networkx, the
        dumped ones given their attributes now: a graph opened only to be counted or saved
        again never pays for them."""
        if self._dumped_edges:
            dumped, self._dumped_edges = self._dumped_edges, []
            with collector_paused():
                self._pending += [
                    (e["source"], e["target"], e.get("key") or e["relation"], _unread("relation", e)) for e in dumped
                ]
        return self._pending

    def _edge_items(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """(source, target, key, attributes) of every edge, in networkx or waiting to be."""
        yield from self._g.edges(keys=True, data=True)
        yield from self._waiting()

    def _index(self, kind: NodeKind | str) -> NameIndex:
        """The name index of one kind of node, the trusted nodes waiting for it added."""
        kind = NodeKind(kind).value
        pending = self._unnamed.pop(kind, [])
        index = self._names[kind]
        with collector_paused():
            for node_id in pending:
                known = _known(self._g.nodes[node_id])
                if isinstance(known, Node):
                    index.add(node_id, known.name, known.aliases)
                else:
                    index.add(node_id, known["name"], known.get("aliases", ()))
        return index

    def _indexes(self, kind: NodeKind | str | None = None) -> list[NameIndex]:
        """The name index of ``kind``, or of every kind."""
        if kind is not None:
            return [self._index(kind)]
        return [self._index(k) for k in sorted({*self._names, *self._unnamed})]

    @property
    def _keys(self) -> dict[tuple[NodeKind, str], str]:
        self._key_pending()
        return self._identity_keys

    def _key_pending(self) -> None:
        """Index the identity keys of trusted nodes (reading their models)."""
        pending, self._unkeyed = self._unkeyed, []
        with collector_paused():
            for node_id in pending:
                node = self.node(node_id)
                for key in node_keys(node):
                    self._identity_keys.setdefault((node.kind, key), node.id)

    def add_edge(self, edge: Edge, conflicts: list[Conflict] | None = None) -> Edge:
        """Add an edge whose ends name stored nodes (by id, name or alias).

        The ends are resolved to ids; the relation must be allowed between the two kinds;
        a symmetric relation is stored once, from the smaller id. The same claim made twice
        (same ends, relation and key) is merged: given a ``conflicts`` list, where the two
        disagree on an attribute the stored value is kept and the disagreement recorded there.

        Raises ModelError for an end that names no node, a node related to itself or a
        relation not allowed between the kinds, ConflictError for attributes that disagree
        (without a ``conflicts`` list).
        """
        source = self._resolve_end(edge.source, "source")
        target = self._resolve_end(edge.target, "target")
        if source == target:
            raise ModelError(f"{source} cannot be related to itself", "target")
        skind, tkind = self.kind_of(source), self.kind_of(target)
        if not allowed(edge.relation, skind, tkind):
            raise ModelError(
                f"{edge.relation} cannot run from a {skind} to a {tkind} (allowed: {allowed_kinds(edge.relation)})",
                "relation",
            )
        if edge.relation in SYMMETRIC and target < source:
            source, target = target, source
        edge = edge.model_copy(update={"source": source, "target": target})
        key = edge.identity[3]
        old = self._full.get_edge_data(source, target, key)
        stored = merge_models(_model(old), edge, conflicts) if old else edge
        self._cache.clear()
        self._g.add_edge(source, target, key=key, relation=edge.relation.value, data=stored)
        return stored

    def update_node(self, node_id: str, **changes: Any) -> Node:
        """Change fields of a stored node (its name too; never its id or kind), validated as a
        new node would be, with the name index, identity keys and every cached answer kept
        right. Stored nodes are frozen: this is the way to change one (see
        :meth:`update_nodes` for many).

        >>> from assetgraph.loaders import load, SEED
        >>> g = load(SEED)
        >>> _ = g.update_node(g.find("CHEX").id, name="CHEX Scotland", sector="public")
        >>> g.find("CHEX Scotland").sector.value
        'public'

        Raises NodeNotFound for an unknown id, ModelError for an invalid value or a change of
        id or kind.
        """
        return self.update_nodes({node_id: changes})[0]

    def update_nodes(self, changes: Mapping[str, Mapping[str, Any]]) -> list[Node]:
        """Change fields of many stored nodes at once (``changes``: node id to its fields'
        new values), as :meth:`update_node` changes one, and return the nodes as stored, in
        the order given. Every change is validated before any is written, so a bad value
        leaves the graph as it was. Each node is validated whole from its fields as they are
        (no dump of the model), and re-indexed only where its name, aliases or identifiers
        changed: inferred fields (sector, scale, provenance) touch no index, and removing and
        adding a node's names was most of the cost of writing them one by one.

        Raises NodeNotFound for an unknown id, ModelError for an invalid value or a change of
        id or kind.
        """
        olds = [self.node(node_id) for node_id in changes]
        with collector_paused():  # the new models all live: a collection would walk the graph for none
            updated = [(old, _validated(old, change)) for old, change in zip(olds, changes.values(), strict=True)]
        for old, new in updated:
            reindex = _indexed(old) != _indexed(new)
            if reindex:
                self._unindex(old)
            self._g.nodes[new.id]["data"] = new
            if reindex:
                self._index_node(new)
        self._cache.clear()
        return [new for _, new in updated]

    def remove_node(self, node_id: str) -> None:
        """Remove a node and every edge touching it. Raises NodeNotFound for an unknown id."""
        old = self.node(node_id)
        self._unindex(old)
        self._full.remove_node(node_id)
        self._merged_ids = {k: v for k, v in self._merged_ids.items() if v != node_id}
        self._cache.clear()

    def remove_edge(self, source: str, target: str, relation: Relation | str, key: str | None = None) -> None:
        """Remove the edge of ``relation`` (and ``key``, where parallel edges have one) between
        two node ids; a symmetric relation may be named either way round. Raises ModelError
        where there is no such edge."""
        relation = Relation(relation)
        if relation in SYMMETRIC and target < source:
            source, target = target, source
        key = key or relation.value
        if not self._full.has_edge(source, target, key):
            raise ModelError(f"no {relation.value} edge from {source} to {target} (key {key})", "relation")
        self._g.remove_edge(source, target, key)
        self._cache.clear()

    def update_edge(
        self, source: str, target: str, relation: Relation | str, key: str | None = None, **changes: Any
    ) -> Edge:
        """Change fields of a stored edge (not its ends, relation or key), validated as a new
        edge would be; cached answers are forgotten. Raises ModelError where there is no such
        edge or a value is invalid."""
        relation = Relation(relation)
        if relation in SYMMETRIC and target < source:
            source, target = target, source
        found = self._full.get_edge_data(source, target, key or relation.value)
        if found is None:
            raise ModelError(
                f"no {relation.value} edge from {source} to {target} (key {key or relation.value})", "relation"
            )
        if {"source", "target", "relation", "key"} & changes.keys():
            raise ModelError("an edge's ends, relation and key cannot change; remove it and add another", "relation")
        try:
            new = Edge.model_validate(_model(found).model_dump() | changes)
        except ValidationError as exc:
            raise model_error(exc) from None
        found["data"] = new
        found.pop("raw", None)
        self._cache.clear()
        return new

    def _index_node(self, node: Node) -> None:
        self._key_pending()
        self._index(node.kind).add(node.id, node.name, node.aliases)
        for key in node_keys(node):
            self._identity_keys.setdefault((node.kind, key), node.id)

    def _unindex(self, node: Node) -> None:
        self._key_pending()
        self._index(node.kind).remove(node.id, node.name, node.aliases)
        for key in node_keys(node):
            if self._identity_keys.get((node.kind, key)) == node.id:
                del self._identity_keys[(node.kind, key)]

    # -- finding -----------------------------------------------------------------------

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._g

    def __len__(self) -> int:
        return self._g.number_of_nodes()

    def node(self, node_id: str) -> Node:
        """The node with this exact id; NodeNotFound if there is none."""
        try:
            attrs = self._g.nodes[node_id]
        except KeyError:
            raise NodeNotFound(node_id, self._suggest(node_id)) from None
        return _read(attrs, parse_node)

    def kind_of(self, node_id: str) -> NodeKind:
        try:
            return NodeKind(self._g.nodes[node_id]["kind"])
        except KeyError:
            return self.node(node_id).kind

    def find(self, name: str, kind: NodeKind | str | None = None) -> Node:
        """The node an id, name, alias or acronym names, optionally of one kind.

        Raises NodeNotFound (with the closest names as suggestions) or AmbiguousName.
        """
        ids = self.lookup(name, kind)
        if len(ids) > 1:
            shown = {opaque: real for real, opaque in self._opaque.items()}
            if all(self.kind_of(i) == NodeKind.PLACE for i in ids):
                raise AmbiguousName(name, sorted(ids), {i: self._placed(i) for i in ids})
            raise AmbiguousName(name, sorted(shown.get(i, i) for i in ids))
        if not ids:
            raise NodeNotFound(name, self._suggest(name, kind), str(kind) if kind else None)
        return self.node(ids.pop())

    def _placed(self, place: str) -> str:
        """A place's name and the places it lies directly within: "Easton (2013 boundaries),
        within Bristol, City of"."""
        within = sorted(self.node(e.target).name for e in self.edges(Relation.WITHIN, node=place) if e.source == place)
        return self.node(place).name + (f", within {'; '.join(within)}" if within else "")

    def _suggest(self, name: str, kind: NodeKind | str | None = None) -> list[str]:
        return suggest(name, self._indexes(kind), keep=self._shown)

    @contextmanager
    def withholding(self, redactor: Redactor | None) -> Iterator[None]:
        """Look names up, within the block, as withholding ``redactor``'s people asks (None:
        as ever): a person is found by their opaque id only, never by their name, alias or id;
        a node named after one (by an alias, say) by its opaque id or a name that spells no
        one; and no "did you mean" suggests a label the redactor would alter, nor an "it may
        mean" a real id it makes opaque. So an error can neither confirm, nor spell, a withheld
        person's name."""
        if redactor is None:
            yield
            return
        self._hidden = frozenset(redactor.labels)
        self._opaque = {opaque: real for real, opaque in redactor.ids.items()}
        self._shown = lambda label: redactor.text(label) == label
        try:
            yield
        finally:
            self._hidden, self._opaque, self._shown = frozenset(), {}, None

    def lookup(self, name: str, kind: NodeKind | str | None = None) -> set[str]:
        """Ids of the nodes ``name`` may mean: an exact id (or the id of a node merged into
        another), else names, aliases, identifiers (a GSS code, an org-id), acronyms; while people are
        withheld, see :meth:`withholding`."""
        hidden = self._hidden
        if self._shown is not None and not self._shown(name):
            hidden = hidden.union(self._opaque.values())
        if name in self._opaque:
            ids = {self._opaque[name]}
        elif name in self._g and name not in hidden:
            ids = {name}
        elif name in self._merged_ids and self._merged_ids[name] not in hidden:
            ids = {self._merged_ids[name]}
        else:
            indexes = self._indexes(kind)
            ids = set().union(*(index.lookup(name, acronyms=False) for index in indexes)) - hidden
            ids = ids or self._identified(name, kind) - hidden
            return ids or set().union(*(index.by_acronym(name) for index in indexes)) - hidden
        if kind is not None:
            want, stored = NodeKind(kind).value, self._g.nodes
            ids = {i for i in ids if stored[i]["kind"] == want}
        return ids

    def _identified(self, text: str, kind: NodeKind | str | None) -> set[str]:
        """Ids of the nodes ``text`` is an identifier of: a place's GSS code ("E06000013"), an
        organisation's org-id ("GB-CHC-1000001")."""
        keys = place_keys(text) | organisation_keys({"org_id": text})
        kinds = [NodeKind(kind)] if kind is not None else list(NodeKind)
        stored = self._keys
        return {stored[(k, key)] for k in kinds for key in keys if (k, key) in stored}

    def nodes(self, kind: NodeKind | str | None = None) -> Iterator[Node]:
        """Nodes in insertion order, optionally of one kind."""
        want = NodeKind(kind).value if kind is not None else None
        for _, attrs in self._g.nodes(data=True):
            if want is None or attrs["kind"] == want:
                yield _read(attrs, parse_node)

    def edges(self, relation: Relation | str | None = None, node: str | None = None) -> Iterator[Edge]:
        """Edges, optionally of one relation and/or touching one node id (in or out)."""
        want = Relation(relation).value if relation is not None else None
        if node is None:
            if want is not None:
                for *_, attrs in self._by_relation().get(want, ()):
                    yield _model(attrs)
                return
            found: Iterable[Any] = self._edge_items()
        else:
            out, into = self._waiting_at()
            found = [
                *self._g.out_edges(node, keys=True, data=True),
                *chain.from_iterable(out.get(node, {}).values()),
                *self._g.in_edges(node, keys=True, data=True),
                *chain.from_iterable(into.get(node, {}).values()),
            ]
        for *_, attrs in found:
            if want is None or attrs["relation"] == want:
                yield _model(attrs)

    def ends(self, relation: Relation | str) -> Iterator[tuple[str, str]]:
        """(source, target) of each edge of ``relation``: where edges run, without reading
        their models (for questions that need nothing else)."""
        for source, target, *_ in self._by_relation().get(Relation(relation).value, ()):
            yield source, target

    def edge_values(self, relation: Relation | str, *fields: str) -> Iterator[tuple[str, str, str, tuple[Any, ...]]]:
        """(source, target, key, the values of ``fields``) of each edge of ``relation``, taken
        from the dumped form of an edge whose model is not read yet (so as JSON has them: text
        for enums and dates). For questions that read a few numbers of many edges."""
        for source, target, key, attrs in self._by_relation().get(Relation(relation).value, ()):
            yield source, target, key, _values(attrs, fields)

    def node_values(self, kind: NodeKind | str, *fields: str) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """(id, the values of ``fields``) of each node of ``kind``, taken from the dumped form of
        a node whose model is not read yet (so as JSON has them: text for enums and dates)."""
        want = NodeKind(kind).value
        for node_id, attrs in self._g.nodes(data=True):
            if attrs["kind"] == want:
                yield node_id, _values(attrs, fields)

    def edge(self, source: str, target: str, key: str) -> Edge:
        """The stored edge from ``source`` to ``target`` under ``key`` (its relation, or its
        own key). Raises ModelError where there is none."""
        waiting = self._waiting_at()[0].get(source, {}).get(target, ())
        found = self._g.get_edge_data(source, target, key) or next((a for *_, k, a in waiting if k == key), None)
        if found is None:
            raise ModelError(f"no edge from {source} to {target} (key {key})", "relation")
        return _model(found)

    def kinds(self) -> Mapping[str, NodeKind]:
        """Every node id with its kind (cached, read-only): for loops that ask the kind of many
        nodes."""
        kinds = {kind.value: kind for kind in NodeKind}  # a look-up, not an enum call, per node
        return self.cached("kinds", lambda: {n: kinds[kind] for n, kind in self._g.nodes(data="kind")})

    def _by_relation(self) -> dict[str, list[tuple[str, str, str, dict[str, Any]]]]:
        def build() -> dict[str, list[tuple[str, str, str, dict[str, Any]]]]:
            index: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {}
            with collector_paused():  # a million young tuples would be walked again and again
                for item in self._edge_items():
                    index.setdefault(item[3]["relation"], []).append(item)
            return index

        return self.cached("by-relation", build)

    def _waiting_at(self) -> tuple[dict[str, dict[str, list]], dict[str, dict[str, list]]]:
        """The edges not yet in networkx out of and into each node, grouped by the other end
        as networkx groups them, so that one node's edges come in the same order either way."""

        def build() -> tuple[dict[str, dict[str, list]], dict[str, dict[str, list]]]:
            out: defaultdict[str, defaultdict[str, list]] = defaultdict(lambda: defaultdict(list))
            into: defaultdict[str, defaultdict[str, list]] = defaultdict(lambda: defaultdict(list))
            with collector_paused():
                for item in self._waiting():
                    out[item[0]][item[1]].append(item)
                    into[item[1]][item[0]].append(item)
            return out, into

        return self.cached("waiting-at", build)

    # -- views and summaries ----------------------------------------------------------

    @property
    def nx(self) -> nx.MultiDiGraph:
        """A read-only networkx view of the whole graph."""
        return self._full.copy(as_view=True)

    def view(self, relations: Iterable[Relation | str]) -> nx.MultiDiGraph:
        """A read-only networkx view holding every node and the edges of ``relations`` only."""
        keep = {Relation(r).value for r in relations}
        graph = self._full
        return nx.subgraph_view(graph, filter_edge=lambda u, v, k: graph[u][v][k]["relation"] in keep)

    def number_of_edges(self) -> int:
        return self._g.number_of_edges() + len(self._pending) + len(self._dumped_edges)

    def count_nodes(self) -> Counter[str]:
        """Number of nodes of each kind."""
        return Counter(kind for _, kind in self._g.nodes(data="kind"))

    def count_edges(self) -> Counter[str]:
        """Number of edges of each relation, in the order :meth:`edges` first meets them."""
        stored = chain(self._g.edges(keys=True, data=True), self._pending)
        return Counter(chain((attrs["relation"] for *_, attrs in stored), (e["relation"] for e in self._dumped_edges)))

    def sources(self) -> Counter[str]:
        """How many nodes and edges each source vouches for."""
        stored = chain(
            (attrs for _, attrs in self._g.nodes(data=True)),
            (attrs for *_, attrs in self._g.edges(keys=True, data=True)),
            (attrs for *_, attrs in self._pending),
        )
        known = chain(map(_known, stored), self._dumped_edges)
        return Counter(source for item in known for source in item_sources(item))

    def cached(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``, computed once per state of the graph: any change to the graph
        forgets every cached value. Queries keep their projections here. What is handed out
        is read-only (a mapping proxy, a frozen networkx graph), so no caller can change the
        answer the next caller gets."""
        if key not in self._cache:
            self._cache[key] = _read_only(build())
        return self._cache[key]

    def prime(self, key: Hashable, value: Any) -> None:
        """Store a value that :meth:`cached` would build under ``key``, computed elsewhere
        (the Neo4j engine computes place indexes on the server). Forgotten like the rest
        when the graph changes."""
        self._cache[key] = _read_only(value)

    def clear_cache(self) -> None:
        """Forget every cached projection (benchmarks use it to time a cold start)."""
        self._cache.clear()

    # -- internals ----------------------------------------------------------------------

    def match(self, node: Node, blocked: list[Match] | None = None, explicit_id: bool = False) -> Match | None:
        """The stored node ``node`` is, and by which rule: the same id; else a shared
        identifier (org-id, charity or company number, GSS code); else, among nodes of its
        kind, the same name or alias. A same-named node with an identifier that names another
        body is no match; one whose place or website says they are two bodies (see
        :func:`~.identifiers.disagreement`) is no match either, and is appended to ``blocked``
        (if given) with the reason, for a person to review.

        Raises AmbiguousName where several stored nodes fit equally, ModelError where an id
        given outright (``explicit_id``, or not derived from the name) is taken by a node that
        disagrees.
        """
        apart: dict[str, str] = {}
        keys = node_keys(node)
        if node.id in self._g:
            stored = self.node(node.id)
            why = disagreement(stored, node)
            if why is None:
                return Match(node.id, "id")
            if explicit_id or node.id != derived_id(node.kind.value, node.name):
                raise ModelError(f"id {node.id} is taken by another node ({why}); give this one its own id", "id")
            if not conflicting(keys, node_keys(stored)):
                apart[node.id] = why
        ids = {self._keys[(node.kind, k)] for k in keys if (node.kind, k) in self._keys}
        rule = "identifier"
        if not ids:
            rule = "name"
            for label in (node.name, *node.aliases):
                for i in self._index(node.kind).lookup(label, acronyms=False):
                    other = self.node(i)
                    if i in apart or conflicting(keys, node_keys(other)):
                        continue
                    why = elsewhere(other, node)
                    if why is None:
                        ids.add(i)
                    else:
                        apart[i] = why
        if blocked is not None:
            blocked += [Match(i, "name", reason=why) for i, why in apart.items()]
        if len(ids) > 1:
            raise AmbiguousName(node.name, sorted(ids))
        return Match(ids.pop(), rule) if ids else None

    def similar(self, node: Node, cutoff: float) -> list[Match]:
        """Stored nodes of ``node``'s kind whose name is like one of its names (rapidfuzz
        token-sort ratio at least ``cutoff``, the same numbers in both) and that hold nothing
        saying they are another body, best first."""
        best: dict[str, float] = {}
        for label in (node.name, *node.aliases):
            for i, score in self._index(node.kind).similar(label, cutoff):
                if score > best.get(i, 0) and disagreement(self.node(i), node) is None:
                    best[i] = score
        return [Match(i, "fuzzy", score) for i, score in sorted(best.items(), key=lambda item: (-item[1], item[0]))]

    def free_id(self, node_id: str) -> str:
        """``node_id``, or where it is taken the first of ``node_id-2``, ``-3``, ... that is not."""
        n, candidate = 1, node_id
        while candidate in self._g or candidate in self._merged_ids:
            n += 1
            candidate = f"{node_id}-{n}"
        return candidate

    def _resolve_end(self, name: str, field: str) -> str:
        try:
            return self.find(name).id
        except (NodeNotFound, AmbiguousName) as exc:
            raise ModelError(str(exc), field) from None

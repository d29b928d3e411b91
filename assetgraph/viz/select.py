"""Which part of a graph a map draws, and how a large one is folded to stay readable.

- :func:`around`: a node and everything within ``depth`` relations of it;
- :func:`within_place`: a place, the places within it, the assets placed there, what they
  address, and who runs them or has a role in them;
- :func:`overview`: a large selection drawn as its bodies: services folded into the body
  that runs them, places and themes left to the filters;
- :func:`aggregate`: above a node budget, small areas fold into their council and services
  that only their runner links to fold into that organisation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from ..errors import QueryError
from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import NodeKind, PlaceLevel, Relation
from ..queries.places import asset_places, enclosed, enclosing_sets

__all__ = ["Selection", "around", "within_place", "overview", "aggregate", "folded_into"]


@dataclass
class Selection:
    """Node ids to draw, and where folded nodes went (``folded[id]`` is the node drawn for it)."""

    nodes: set[str]
    folded: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: nodes chosen but not drawn (the places and themes of an overview), by kind
    left_out: dict[str, int] = field(default_factory=dict)

    def drawn(self, node: str) -> str | None:
        """The id drawn for ``node``: itself, the node it folded into, or None."""
        if node in self.folded:
            return self.folded[node]
        return node if node in self.nodes else None


def around(graph: AssetGraph, name: str, depth: int) -> Selection:
    """A node and everything within ``depth`` relations of it, either way."""
    centre = graph.find(name).id
    reach = nx.single_source_shortest_path_length(graph.nx.to_undirected(as_view=True), centre, cutoff=depth)
    return Selection(
        set(reach), notes=[f"Showing {graph.node(centre).name} and what lies within {depth} relation(s) of it."]
    )


def within_place(graph: AssetGraph, name: str) -> Selection:
    """A place and what is within it, with the assets placed there and their links."""
    place = graph.find(name, NodeKind.PLACE)
    places = enclosed(graph, place.id)
    chosen = set(places)
    for node in graph.nodes():
        if node.kind != NodeKind.PLACE and asset_places(graph, node.id) & places:
            chosen.add(node.id)
    for edge in list(graph.edges()):
        inside = edge.target in chosen
        if inside and edge.relation in (Relation.RUNS, Relation.ROLE_IN, Relation.MEMBER_OF):
            chosen.add(edge.source)
        if edge.source in chosen and edge.relation == Relation.ADDRESSES:
            chosen.add(edge.target)
    return Selection(chosen, notes=[f"Showing {place.name}, the places within it and the assets placed there."])


def _fold(selection: Selection, moves: dict[str, str]) -> None:
    for node, into in moves.items():
        selection.nodes.discard(node)
        selection.folded[node] = into
    for node, into in list(selection.folded.items()):
        while into in selection.folded:
            into = selection.folded[into]
        selection.folded[node] = into


def _councils(graph: AssetGraph, selection: Selection) -> dict[str, str]:
    """Small areas and neighbourhoods -> the drawn place they lie within."""
    moves: dict[str, str] = {}
    for node in selection.nodes:
        n = graph.node(node)
        if n.kind == NodeKind.PLACE and n.level in (PlaceLevel.SMALL_AREA, PlaceLevel.NEIGHBOURHOOD):  # type: ignore[attr-defined]
            parents = [e.target for e in graph.edges(Relation.WITHIN, node=node) if e.source == node]
            if parents and parents[0] in selection.nodes:
                moves[node] = parents[0]
    return moves


def _leaf_services(graph: AssetGraph, selection: Selection) -> dict[str, str]:
    """Services that only their one runner links to -> that runner."""
    moves: dict[str, str] = {}
    for node in selection.nodes:
        if graph.kind_of(node) != NodeKind.SERVICE:
            continue
        runners = [e.source for e in graph.edges(Relation.RUNS, node=node) if e.target == node]
        others = [
            e
            for e in graph.edges(node=node)
            if e.relation not in (Relation.RUNS, Relation.SERVES, Relation.ADDRESSES, Relation.LOCATED_IN)
        ]
        if len(runners) == 1 and not others and runners[0] in selection.nodes:
            moves[node] = runners[0]
    return moves


def _placed_assets(graph: AssetGraph, selection: Selection) -> dict[str, str]:
    """Assets all of whose places lie in one drawn council -> that council."""
    anc = enclosing_sets(graph)
    councils = {
        p.id for p in graph.nodes(NodeKind.PLACE) if p.level == PlaceLevel.LOCAL_AUTHORITY and p.id in selection.nodes
    }  # type: ignore[attr-defined]
    moves: dict[str, str] = {}
    for node in selection.nodes:
        if graph.kind_of(node) in (NodeKind.PLACE, NodeKind.THEME):
            continue
        places = asset_places(graph, node)
        theirs = {c for p in places for c in anc.get(p, ()) if c in councils}
        if places and len(theirs) == 1:
            moves[node] = theirs.pop()
    return moves


#: the kinds an overview leaves to its filters rather than drawing
_LEFT_TO_FILTERS = (NodeKind.PLACE, NodeKind.THEME)


def overview(graph: AssetGraph, selection: Selection) -> Selection:
    """The selection drawn as its bodies, so that a large graph reads as who works with whom:
    each service folds into the body that runs it (the first by id where several do), and
    places and themes are left out of the drawing (the page filters by them instead); ties
    between the bodies stay.

    >>> from assetgraph.loaders import load, SEED
    >>> seed = load(SEED)
    >>> drawn = overview(seed, Selection({n.id for n in seed.nodes()}))
    >>> drawn.folded["service:stop-smoking-wales"], drawn.left_out["place"] > 0
    ('organisation:public-health-wales', True)
    """
    left_out: Counter[str] = Counter()
    moves: dict[str, str] = {}
    for node in sorted(selection.nodes):
        kind = graph.kind_of(node)
        if kind in _LEFT_TO_FILTERS:
            left_out[kind.value] += 1
        elif kind == NodeKind.SERVICE:
            runs = graph.edges(Relation.RUNS, node=node)
            runners = sorted(e.source for e in runs if e.target == node and e.source in selection.nodes)
            if runners:
                moves[node] = runners[0]
    drawn = Selection(
        {n for n in selection.nodes if n not in moves and graph.kind_of(n) not in _LEFT_TO_FILTERS},
        notes=selection.notes,
        left_out=dict(left_out),
    )
    _fold(drawn, moves)
    return drawn


#: ways of folding a map, gentlest first, each with what it says it did
_FOLDS = (
    (_councils, "small areas into their council"),
    (_leaf_services, "services into the organisation that runs them"),
    (_placed_assets, "assets placed in one council into that council"),
)


def aggregate(graph: AssetGraph, selection: Selection, max_nodes: int) -> Selection:
    """Fold the selection until it fits ``max_nodes``, gentlest folding first, and say so.

    Raises QueryError where no folding brings it under the cap.
    """
    if len(selection.nodes) <= max_nodes:
        return selection
    before = len(selection.nodes)
    done = []
    for fold, what in _FOLDS:
        if len(selection.nodes) <= max_nodes:
            break
        moves = fold(graph, selection)
        if moves:
            _fold(selection, moves)
            done.append(what)
    if len(selection.nodes) > max_nodes:
        raise QueryError(
            f"the map would draw {len(selection.nodes):,} nodes even with {'; '.join(done) or 'nothing'} folded, more "
            f"than "
            f"the {max_nodes:,} allowed: draw one place or the surroundings of one node, or allow more nodes"
        )
    counts = Counter(graph.kind_of(n).value for n in selection.folded)
    folded = ", ".join(f"{n:,} {kind} node(s)" for kind, n in counts.items())
    selection.notes.append(
        f"This graph has {before:,} nodes to draw, more than the {max_nodes:,} a map stays readable with: "
        f"{folded} are folded ({'; '.join(done)}). Draw one place or the surroundings of one node to see the detail."
    )
    return selection


def folded_into(selection: Selection) -> dict[str, list[str]]:
    """The nodes folded into each drawn node, by id."""
    members: defaultdict[str, list[str]] = defaultdict(list)
    for node, into in sorted(selection.folded.items()):
        members[into].append(node)
    return dict(members)

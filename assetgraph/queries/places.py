"""The place hierarchy: what encloses a place, what it encloses, and which places an asset covers.

WITHIN runs from the smaller place to the larger; a place may sit in more than one larger one
(a council in a health board and a nation).

>>> from assetgraph.loaders import load, SEED
>>> g = load(SEED)
>>> [g.node(p).name for p in enclosing(g, "place:pentwyn")]
['Pentwyn', 'Cardiff', 'Wales', 'United Kingdom']
>>> [g.node(p).name for p in local_area(g, "place:pentwyn")]
['Pentwyn', 'Cardiff']
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from ..errors import QueryError
from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import Place
from ..graphmodel.vocabulary import NodeKind, PlaceLevel, Relation
from ..kept import kept_or

__all__ = [
    "LEVEL_ORDER",
    "ENCLOSING_KEY",
    "PROVIDERS_KEY",
    "within_graph",
    "hierarchy",
    "enclosing",
    "enclosing_sets",
    "enclosed",
    "local_area",
    "asset_places",
    "placements",
    "placed_at",
    "providers_at",
    "need_key",
]

LEVEL_ORDER: dict[PlaceLevel, int] = {level: i for i, level in enumerate(PlaceLevel)}
#: cache keys of the indexes another engine may compute and prime (:meth:`AssetGraph.prime`)
ENCLOSING_KEY = "enclosing-sets"
PROVIDERS_KEY = "providers-at"
_PLACED = (Relation.LOCATED_IN, Relation.SERVES)


def within_graph(graph: AssetGraph) -> nx.DiGraph:
    """The WITHIN edges as a simple DiGraph, smaller place to larger (cached on the graph)."""

    def build() -> nx.DiGraph:
        g = nx.DiGraph()
        g.add_nodes_from(place for place, _ in graph.node_values(NodeKind.PLACE))
        g.add_edges_from(graph.ends(Relation.WITHIN))
        return g

    return graph.cached("within", build)


def enclosing_sets(graph: AssetGraph) -> dict[str, frozenset[str]]:
    """Every place mapped to itself and all places enclosing it (cached, or kept with the
    graph's file): one pass over the hierarchy instead of a search per question."""

    def build() -> dict[str, frozenset[str]]:
        tree = within_graph(graph)
        sets: dict[str, frozenset[str]] = {}
        try:
            ordered = list(nx.topological_sort(tree))
        except nx.NetworkXUnfeasible:
            loop = " -> ".join(graph.node(u).name for u, _ in nx.find_cycle(tree))
            raise QueryError(f"the place hierarchy goes round in a circle: {loop}") from None
        for place in reversed(ordered):
            sets[place] = frozenset({place}).union(*(sets[p] for p in tree.successors(place)))
        return sets

    return graph.cached(ENCLOSING_KEY, lambda: kept_or(graph, lambda found: found.enclosing_sets(), build))


def hierarchy(graph: AssetGraph) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Each place with the places it lies directly within, in the order the WITHIN edges are
    recorded, and with the places directly within it (cached, or kept with the graph's file)."""

    def build() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        up: defaultdict[str, dict[str, None]] = defaultdict(dict)
        down: defaultdict[str, dict[str, None]] = defaultdict(dict)
        for smaller, larger in graph.ends(Relation.WITHIN):
            up[smaller][larger] = None
            down[larger][smaller] = None
        return {p: tuple(found) for p, found in up.items()}, {p: tuple(found) for p, found in down.items()}

    return graph.cached("hierarchy", lambda: kept_or(graph, lambda found: found.hierarchy(), build))


def enclosing(graph: AssetGraph, place: str) -> list[str]:
    """The place and every place it lies within, nearest first (breadth first)."""
    return _reached(hierarchy(graph)[0], place)


def _reached(links: dict[str, tuple[str, ...]], place: str) -> list[str]:
    """``place`` and every place ``links`` lead to from it, breadth first."""
    order, seen = [place], {place}
    for p in order:  # a list grows as it is walked: the queue of the search
        for q in links.get(p, ()):
            if q not in seen:
                seen.add(q)
                order.append(q)
    return order


def enclosed(graph: AssetGraph, place: str) -> set[str]:
    """The place and every place within it."""
    return set(_reached(hierarchy(graph)[1], place))


def local_area(graph: AssetGraph, place: str) -> list[str]:
    """The place and the places enclosing it up to its local authority (a neighbourhood's
    council, not its nation): where a resident's community assets are found."""
    limit = LEVEL_ORDER[PlaceLevel.LOCAL_AUTHORITY]
    area = []
    for p in enclosing(graph, place):
        level = graph.node(p).level  # type: ignore[attr-defined]
        if p != place and level is not None and LEVEL_ORDER[level] < limit:
            continue
        area.append(p)
    return area


def placements(graph: AssetGraph) -> dict[str, frozenset[str]]:
    """Every asset that is located in or serves a place, with those places (cached, or kept
    with the graph's file)."""

    def build() -> dict[str, frozenset[str]]:
        found: defaultdict[str, set[str]] = defaultdict(set)
        for relation in _PLACED:
            for source, target in graph.ends(relation):
                found[source].add(target)
        return {asset: frozenset(places) for asset, places in found.items()}

    return graph.cached("placements", lambda: kept_or(graph, lambda found: found.placements(), build))


def asset_places(graph: AssetGraph, asset: str) -> frozenset[str]:
    """The places an asset is located in or serves."""
    return placements(graph).get(asset, frozenset())


def placed_at(graph: AssetGraph) -> dict[str, tuple[str, ...]]:
    """place -> the nodes located in or serving it, in id order (cached): the inverse of
    :func:`asset_places`."""

    def build() -> dict[str, tuple[str, ...]]:
        found: defaultdict[str, list[str]] = defaultdict(list)
        for asset, places in placements(graph).items():
            for place in places:
                found[place].append(asset)
        return {place: tuple(sorted(assets)) for place, assets in found.items()}

    return graph.cached("placed-at", build)


def providers_at(graph: AssetGraph) -> dict[str, dict[str, list[str]]]:
    """theme -> place -> the assets that ADDRESS the theme and are placed there (cached, or
    kept with the graph's file); assets that name no place are listed under the place ``""``."""

    def build() -> dict[str, dict[str, list[str]]]:
        index: defaultdict[str, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for source, theme in graph.ends(Relation.ADDRESSES):
            for place in asset_places(graph, source) or {""}:
                index[theme][place].append(source)
        return {theme: dict(places) for theme, places in index.items()}

    return graph.cached(PROVIDERS_KEY, lambda: kept_or(graph, lambda found: found.providers_at(), build))


def need_key(place: Place) -> tuple:
    """Sort key putting the neediest place first: by its own deprivation decile and rank
    where it has them (a small area), else by the share of its small areas in the most
    deprived decile (a council: the ``most_deprived_share`` the bundled places give it), then
    the larger population, then the name. Places with no deprivation figure come last.

    >>> a = Place(name="A", attributes={"most_deprived_share": 0.3}, provenance=[{"source": "x"}])
    >>> b = Place(name="B", attributes={"most_deprived_share": 0.05}, provenance=[{"source": "x"}])
    >>> c = Place(name="C", deprivation_decile=2, provenance=[{"source": "x"}])
    >>> [p.name for p in sorted([b, a, Place(name="D", provenance=[{"source": "x"}]), c], key=need_key)]
    ['C', 'A', 'B', 'D']
    """
    big = float("inf")
    share = place.attributes.get("most_deprived_share")
    return (
        place.deprivation_decile if place.deprivation_decile is not None else big,
        place.deprivation_rank if place.deprivation_rank is not None else big,
        -share if isinstance(share, int | float) else big,
        -(place.population or 0),
        place.name,
    )

"""The council a route stays in: the one the start lies in, and the assets outside it.

A resident is helped in their own council first: a directory that covers two councils, or a
graph holding several sources, should not send them next door while help exists at home. An
asset is outside when every place it is located in (or, where it records no location, every
place it serves) lies neither within the council nor around it (a national service serving
England is not outside a council in England). A venue the graph cannot place (no level, within
nothing) is not taken as outside.

>>> from assetgraph.loaders import load, SEED
>>> g = load(SEED)
>>> [g.node(c).name for c in councils_of(g, ["place:pentwyn"])]
['Cardiff']
>>> "organisation:cardiff-mind" in outside(g, councils_of(g, ["place:pentwyn"]))
False
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import PlaceLevel, Relation
from ..kept import kept_or
from .places import enclosed, enclosing, enclosing_sets, placements

__all__ = ["councils_of", "located", "located_within", "outside"]


def councils_of(graph: AssetGraph, places: Iterable[str]) -> frozenset[str]:
    """The local authorities ``places`` are, or lie in."""
    return frozenset(
        p
        for place in places
        for p in enclosing(graph, place)
        if graph.node(p).level is PlaceLevel.LOCAL_AUTHORITY  # type: ignore[attr-defined]
    )


def located(graph: AssetGraph) -> dict[str, frozenset[str]]:
    """Every asset located in a place, with those places (cached, or kept with the graph's
    file)."""

    def build() -> dict[str, frozenset[str]]:
        found: defaultdict[str, set[str]] = defaultdict(set)
        for source, target in graph.ends(Relation.LOCATED_IN):
            found[source].add(target)
        return {asset: frozenset(places) for asset, places in found.items()}

    return graph.cached("located-in", lambda: kept_or(graph, lambda found: found.located(), build))


def located_within(graph: AssetGraph, councils: frozenset[str]) -> frozenset[str]:
    """The assets located in one of ``councils`` or a place within it (a venue, a
    neighbourhood): help a resident may walk to whatever area it names as served, as the gaps
    question's coverage counts it "inside" (cached per set of councils).

    >>> from assetgraph.loaders import load, SEED
    >>> g = load(SEED)
    >>> sorted(located_within(g, councils_of(g, ["place:pentwyn"])))
    ['organisation:eclp-communities-first']
    """
    if not councils:
        return frozenset()

    def build() -> frozenset[str]:
        within = set().union(*(enclosed(graph, c) for c in councils))
        return frozenset(asset for asset, places in located(graph).items() if places & within)

    return graph.cached(("located within", councils), build)


def outside(graph: AssetGraph, councils: frozenset[str]) -> frozenset[str]:
    """The assets lying outside all of ``councils`` (none when no council is given): by where
    they are located, or else by where they serve; an asset with no place is not outside
    (cached per set of councils)."""
    if not councils:
        return frozenset()
    return graph.cached(("outside", councils), lambda: _outside(graph, councils))


def _outside(graph: AssetGraph, councils: frozenset[str]) -> frozenset[str]:
    sets = enclosing_sets(graph)
    inside = set().union(*(enclosed(graph, c) | sets[c] for c in councils))

    @cache  # a place is asked once, not once per asset placed there
    def elsewhere(place: str) -> bool:
        known = len(sets.get(place, ())) > 1 or graph.node(place).level is not None  # type: ignore[attr-defined]
        return known and place not in inside

    at = located(graph)
    found = set()
    for asset, placed in placements(graph).items():  # located in or serving a place
        if all(map(elsewhere, at.get(asset) or placed)):
            found.add(asset)
    return frozenset(found)

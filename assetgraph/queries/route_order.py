"""How routes of equal cost are told apart, and which rule told each one apart.

Routes that cost the same are ranked by how a person gets in: first into the route's entry (its
first asset, where they walk in), then into the destination (drop-in and self-referral first,
referral-only last); then by how near the destination is to the start (same small area,
same neighbourhood, same council, further), then by how recent its record is (the newest of its
dates). Never by name or id: where all of these tie, a stable hash of the route orders it, and
the route says "tie". The best route to each destination comes first; other routes to the same
destinations follow, each saying "another route".

>>> drop_in, referral = (0, "drop in"), (3, "on referral only")
>>> a = Standing(1.0, drop_in, drop_in, (2, "same council"), None, ("x",))
>>> b = Standing(1.0, referral, referral, (0, "same small area"), None, ("y",))
>>> [s.route for s in sorted([b, a], key=Standing.key)]
[('x',), ('y',)]
>>> order_reasons([a, b])
['access: drop in', 'access: on referral only']
>>> c = Standing(2.0, drop_in, referral, (2, "same council"), None, ("hub", "clinic"))
>>> d = Standing(2.0, (1, "appointment"), referral, (2, "same council"), None, ("desk", "clinic"))
>>> order_reasons([c, d])
['access: drop in entry', 'access: appointment entry']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import Service
from ..graphmodel.vocabulary import AttendingAccess, PlaceLevel
from .places import asset_places, enclosing_sets
from .routing import TIE

__all__ = [
    "ANOTHER_ROUTE",
    "destinations_first",
    "ACCESS_UNKNOWN",
    "UNPLACED",
    "Standing",
    "access_rank",
    "distance",
    "newest_date",
    "order_reasons",
]

#: rank of each way in, best first; a service that does not say comes after those that take
#: people on their own or by booking, and before those that take them only on referral
_ACCESS = {
    AttendingAccess.DROP_IN: 0,
    AttendingAccess.SELF_REFERRAL: 0,
    AttendingAccess.APPOINTMENT: 1,
    AttendingAccess.MEMBERSHIP: 1,
    AttendingAccess.ASSESSMENT: 1,
    AttendingAccess.REFERRAL: 3,
}
#: the rank and label of a destination that records no access
ACCESS_UNKNOWN = (2, "not recorded")
#: the finest place two places share -> how near they are
_DISTANCE = {
    None: (0, "same place"),
    PlaceLevel.SMALL_AREA: (0, "same small area"),
    PlaceLevel.NEIGHBOURHOOD: (1, "same neighbourhood"),
    PlaceLevel.LOCAL_AUTHORITY: (2, "same council"),
}
_FURTHER = (3, "further")
#: the rank and label of a destination (or start) that records no place
UNPLACED = (4, "no place recorded")
#: the order reason of a route to a destination an earlier route already reaches
ANOTHER_ROUTE = "another route"
_FINEST = [None, PlaceLevel.SMALL_AREA, PlaceLevel.NEIGHBOURHOOD, PlaceLevel.LOCAL_AUTHORITY]
#: attribute names that hold a date the record was made, checked or changed
_DATED = re.compile(r"date|modified|updated|assured|verified", re.IGNORECASE)


def access_rank(graph: AssetGraph, node: str) -> tuple[int, str]:
    """How readily a person gets into ``node``: (rank, best 0, and its label).

    Only services record it (Open Referral's attending_access)."""
    found = graph.node(node)
    access = found.attending_access if isinstance(found, Service) else None
    if access is None:
        return ACCESS_UNKNOWN
    label = "on referral only" if access is AttendingAccess.REFERRAL else access.value.replace("_", " ")
    return _ACCESS[access], label


def distance(graph: AssetGraph, start_places: Sequence[str], node: str) -> tuple[int, str]:
    """How near ``node`` is to the start: by the finest place that one of the start's places
    and one of the node's places both lie in (rank, nearest 0, and its label)."""
    places = asset_places(graph, node)
    if not places or not start_places:
        return UNPLACED
    sets = enclosing_sets(graph)
    shared = {p for s in start_places for q in places for p in sets.get(s, {s}) & sets.get(q, {q})}
    levels = {graph.node(p).level for p in shared}  # type: ignore[attr-defined]
    return next((_DISTANCE[level] for level in _FINEST if level in levels), _FURTHER)


def newest_date(graph: AssetGraph, node: str) -> dt.date | None:
    """The newest date on ``node``'s record (a last-updated or assured date its source gave,
    kept among its attributes, or a start date), or None."""
    found = graph.node(node)
    values = [v for k, v in found.attributes.items() if _DATED.search(k)]
    values.append(getattr(found, "start_date", None))
    dates = []
    for value in values:
        try:
            dates.append(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            continue
    return max(dates, default=None)


@dataclass(frozen=True)
class Standing:
    """What a route is ranked on: its cost, then the access of its entry (its first asset) and
    of its destination, the destination's distance and newest date; ``route`` (node ids) is
    hashed only where all of those tie."""

    cost: float
    entry: tuple[int, str]
    access: tuple[int, str]
    distance: tuple[int, str]
    newest: dt.date | None
    route: tuple[str, ...]

    def key(self) -> tuple:
        """The sort key: cheaper, easier to get in at entry then at the destination, nearer,
        newer, then a stable hash."""
        age = -self.newest.toordinal() if self.newest else 1
        digest = hashlib.sha256("\x1f".join(self.route).encode()).hexdigest()
        return (round(self.cost / TIE), self.entry[0], self.access[0], self.distance[0], age, digest)

    def reason(self, other: Standing) -> str:
        """Which rule set this route apart from ``other`` (the route next to it)."""
        if round(self.cost / TIE) != round(other.cost / TIE):
            return "cost"
        if self.entry[0] != other.entry[0]:
            return f"access: {self.entry[1]}" + (" entry" if len(self.route) > 1 else "")
        if self.access[0] != other.access[0]:
            return f"access: {self.access[1]}"
        if self.distance[0] != other.distance[0]:
            return f"distance: {self.distance[1]}"
        if self.newest != other.newest:
            return f"recency: {self.newest.isoformat() if self.newest else 'no date'}"
        return "tie"


def order_reasons(ranked: Sequence[Standing]) -> list[str]:
    """For each route in rank order, the rule that placed it: against the route above it, and
    for the first, against the one below (a lone route is ranked by cost)."""
    if len(ranked) < 2:
        return ["cost"] * len(ranked)
    return [ranked[0].reason(ranked[1]), *(b.reason(a) for a, b in zip(ranked, ranked[1:], strict=False))]


def destinations_first(ranked: Sequence[Standing]) -> tuple[list[Standing], list[str]]:
    """``ranked`` (best first) with the best route to each destination first and the other
    routes to those destinations after, each with its order reason: the rule that placed it
    among the first (a lone destination's best route against the runner-up, the route it beat),
    :data:`ANOTHER_ROUTE` for the rest. Twelve routes to help are twelve
    places to go before they are twelve ways to reach the nearest."""
    seen: set[str] = set()
    first: list[Standing] = []
    again: list[Standing] = []
    for standing in ranked:
        (again if standing.route[-1] in seen else first).append(standing)
        seen.add(standing.route[-1])
    reasons = order_reasons(first) if len(first) > 1 else order_reasons(ranked[:2])[:1]
    return [*first, *again], [*reasons, *[ANOTHER_ROUTE] * len(again)]

"""The routing graph: the simple weighted digraph routes run on, as arrays.

For each ordered pair of people and bodies it holds the cheapest arc the graph's relations give
(:mod:`.costs`): its cost, the edge it follows and whether it follows it against its direction.
A tie's ``trust`` or ``strength`` (0 to 1) scales its cost by ``1.5 - value``, and a step into a
service that takes people only on referral costs :data:`.costs.REFERRAL_NEEDED` more unless it is
one. Nodes are numbered in id order and each node's arcs are sorted by that number, so a search
that takes arcs in the order given takes them in id order, however the graph was built: routes of
equal cost come out in one order. Built from the graph's edges, or read from the graph file's
kept indexes (:mod:`assetgraph.kept`) for the default costs.

>>> from assetgraph.loaders import load, SEED
>>> g = load(SEED)
>>> routes = routing_graph(g)
>>> arc = routes.arc("organisation:chex", "organisation:scottish-community-development-centre")
>>> arc["cost"], arc["direction"]
(1.5, 'forward')
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

import numpy as np

from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import AttendingAccess, NodeKind, Relation
from ..kept import kept
from .costs import DEFAULT_COSTS, REFERRAL_NEEDED, Costs

__all__ = ["ACTORS", "RoutingGraph", "routing_graph", "referral_only", "entering"]

#: the nodes routes pass through
ACTORS = frozenset(
    {NodeKind.ORGANISATION, NodeKind.PERSON, NodeKind.INITIATIVE, NodeKind.SERVICE, NodeKind.PARTNERSHIP}
)


class RoutingGraph:
    """Arcs as CSR arrays over nodes numbered in id order: node ``u``'s arcs go to
    ``to[ptr[u]:ptr[u + 1]]`` (ascending) at ``cost``, following the edge keyed ``keys[key]``,
    ``reverse`` where against its direction, its record in the graph file at ``records``
    (where the routing graph was kept with the file: :mod:`assetgraph.kept`)."""

    def __init__(
        self,
        ids: Sequence[str],
        ptr: np.ndarray,
        to: np.ndarray,
        cost: np.ndarray,
        reverse: np.ndarray,
        key: np.ndarray,
        keys: Sequence[str],
        records: np.ndarray | None = None,
    ) -> None:
        self.ids, self.keys, self._records = ids, keys, records
        self._arrays = {"ptr": ptr, "to": to, "cost": cost, "reverse": reverse, "key": key}
        self._ptr, self._to, self._cost = ptr.tolist(), to.tolist(), cost.tolist()

    @cached_property
    def number(self) -> dict[str, int]:
        """Node id -> its number."""
        return {node: i for i, node in enumerate(self.ids)}

    def arrays(self) -> dict[str, np.ndarray]:
        """The CSR arrays, by name (as kept)."""
        return dict(self._arrays)

    def arcs(self, u: int) -> list[tuple[int, float]]:
        """(next node, cost) of each arc out of node number ``u``, in id order."""
        start, end = self._ptr[u], self._ptr[u + 1]
        return list(zip(self._to[start:end], self._cost[start:end], strict=True))

    def arc(self, u: str, v: str) -> dict[str, Any]:
        """The arc from ``u`` to ``v`` (ids): its ``cost``, the ``edge`` it follows (source,
        target, key), its ``direction`` and, kept with the graph's file, where the edge's
        ``record`` lies in it (else None). Raises KeyError where there is none."""
        i, j = self.number[u], self.number[v]
        start, end = self._ptr[i], self._ptr[i + 1]
        at = bisect_left(self._to, j, start, end)
        if at == end or self._to[at] != j:
            raise KeyError((u, v))
        reverse, key = bool(self._arrays["reverse"][at]), self.keys[int(self._arrays["key"][at])]
        return {
            "cost": self._cost[at],
            "edge": (v, u, key) if reverse else (u, v, key),
            "direction": "reverse" if reverse else "forward",
            "record": None if self._records is None else int(self._records[at]),
        }


def referral_only(graph: AssetGraph) -> frozenset[str]:
    """The services that take people only on referral (cached)."""

    def build() -> frozenset[str]:
        return frozenset(
            service
            for service, (access,) in graph.node_values(NodeKind.SERVICE, "attending_access")
            if access is not None and AttendingAccess(access) is AttendingAccess.REFERRAL
        )

    return graph.cached("referral only", build)


def entering(referral_only: frozenset[str], node: str, cost: float, referral: bool = False) -> float:
    """The cost of a step into ``node``, more where it takes people only on referral and the
    step is not one."""
    return cost + REFERRAL_NEEDED if not referral and node in referral_only else cost


def _tie_factor(trust: float | None, strength: float | None) -> float:
    value = trust if trust is not None else strength
    return 1.0 if value is None else 1.5 - value


def routing_graph(graph: AssetGraph, costs: Mapping[Relation, Costs] = DEFAULT_COSTS) -> RoutingGraph:
    """The routing graph of ``graph`` for ``costs`` (cached): kept with the graph's file for the
    default costs, else built from the edges (only the ties' strengths are read, not their
    models)."""
    key = ("routing", tuple(sorted((r.value, c.forward, c.reverse) for r, c in costs.items())))

    def build() -> RoutingGraph:
        found = kept(graph) if dict(costs) == DEFAULT_COSTS else None
        return found.routing() if found is not None else _built(graph, costs)

    return graph.cached(key, build)


def _built(graph: AssetGraph, costs: Mapping[Relation, Costs]) -> RoutingGraph:
    """The routing graph from ``graph``'s edges: the cheapest arc of each pair (the first
    found, relations in name order, where two cost the same)."""
    refer, kinds = referral_only(graph), graph.kinds()
    ids = sorted(kinds)
    number = {node: i for i, node in enumerate(ids)}
    cheapest: dict[int, dict[int, tuple[float, bool, str]]] = {}
    for relation in sorted(costs):
        cost, referral = costs[relation], relation is Relation.REFERS_TO
        for source, target, key, (trust, strength) in graph.edge_values(relation, "trust", "strength"):
            if kinds[source] not in ACTORS or kinds[target] not in ACTORS:
                continue
            factor = _tie_factor(trust, strength)
            for u, v, c, reverse in ((source, target, cost.forward, False), (target, source, cost.reverse, True)):
                if c is None:
                    continue
                c = entering(refer, v, c * factor, referral and not reverse)
                row = cheapest.setdefault(number[u], {})
                found = row.get(number[v])
                if found is None or found[0] > c:
                    row[number[v]] = (c, reverse, key)
    keys = sorted({key for row in cheapest.values() for _, _, key in row.values()})
    key_number = {key: i for i, key in enumerate(keys)}
    ptr, to, cost_of, reverse_of, key_of = [0], [], [], [], []
    for u in range(len(ids)):
        for v, (c, reverse, key) in sorted(cheapest.get(u, {}).items()):
            to.append(v)
            cost_of.append(c)
            reverse_of.append(reverse)
            key_of.append(key_number[key])
        ptr.append(len(to))
    return RoutingGraph(
        ids,
        np.asarray(ptr, dtype=np.int64),
        np.asarray(to, dtype=np.int32),
        np.asarray(cost_of, dtype=np.float64),
        np.asarray(reverse_of, dtype=np.bool_),
        np.asarray(key_of, dtype=np.int32),
        keys,
    )

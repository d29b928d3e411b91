"""Cheapest routes in a weighted directed graph, with a limit on hops.

Plain functions over a ``neighbours(node)`` callback that yields ``(next, cost, hops)`` arcs,
so that a query can lay virtual arcs (a resident's entry points, a cold approach) over a cached
graph without copying it. Costs must be positive; an arc may count 0 hops (a virtual arc).

- :func:`cheapest_path`: Dijkstra, over (node, hops used) states when hops are limited, so the
  answer is the cheapest route within the limit, not the cheapest route cut short.
- :func:`k_cheapest_paths`: Yen's algorithm on top of it: the k cheapest simple routes, in
  order, optionally keeping only those a predicate accepts, and optionally every route tied in
  cost with the k-th (so that a caller can break the tie on its own grounds, not on the order
  the search happened to find them in).

>>> arcs = {"a": [("b", 1, 1), ("c", 5, 1)], "b": [("c", 1, 1)], "c": []}
>>> cheapest_path(lambda n: arcs[n], "a", "c")
(2.0, ['a', 'b', 'c'])
>>> cheapest_path(lambda n: arcs[n], "a", "c", max_hops=1)
(5.0, ['a', 'c'])
>>> [cost for cost, _ in k_cheapest_paths(lambda n: arcs[n], "a", "c", k=3)]
[2.0, 5.0]
>>> tied = {"a": [("b", 1, 1), ("c", 1, 1), ("d", 1, 1)], "b": [("e", 1, 1)], "c": [("e", 1, 1)], "d": [("e", 1, 1)]}
>>> len(k_cheapest_paths(lambda n: tied.get(n, []), "a", "e", k=1, ties=True))
3
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Hashable, Iterable

__all__ = ["Arc", "Neighbours", "TIE", "cheapest_path", "k_cheapest_paths"]

#: two route costs closer than this are equal (sums of the same steps in another order differ
#: in the last bits)
TIE = 1e-6

Arc = tuple[Hashable, float, int]
Neighbours = Callable[[Hashable], Iterable[Arc]]


def cheapest_path(
    neighbours: Neighbours,
    source: Hashable,
    target: Hashable,
    max_hops: int | None = None,
    banned_nodes: frozenset | set = frozenset(),
    banned_arcs: frozenset | set = frozenset(),
    also_banned: frozenset | set = frozenset(),
) -> tuple[float, list] | None:
    """The cheapest route from ``source`` to ``target`` as ``(cost, nodes)``, or None.

    Routes may not enter ``banned_nodes`` nor ``also_banned`` (a few more, kept apart so that a
    large ``banned_nodes`` is never copied) nor use ``banned_arcs`` (pairs), and use at most
    ``max_hops`` hops when given.
    """
    counter = itertools.count()
    heap: list = [(0.0, 0, next(counter), source, None)]
    parents: dict = {}
    fewest_hops: dict = {}
    while heap:
        cost, hops, _, node, parent = heapq.heappop(heap)
        if node in fewest_hops and hops >= fewest_hops[node]:
            continue  # a state no cheaper and no shorter than one already settled
        fewest_hops[node] = hops
        parents[(node, hops)] = parent
        if node == target:
            path, state = [], (node, hops)
            while state is not None:
                path.append(state[0])
                state = parents[state]
            return cost, path[::-1]
        for nxt, arc_cost, arc_hops in neighbours(node):
            if nxt in banned_nodes or nxt in also_banned or (node, nxt) in banned_arcs:
                continue
            total_hops = hops + arc_hops if max_hops is not None else 0
            if max_hops is not None and total_hops > max_hops:
                continue
            if nxt in fewest_hops and total_hops >= fewest_hops[nxt]:
                continue
            heapq.heappush(heap, (cost + arc_cost, total_hops, next(counter), nxt, (node, hops)))
    return None


def _arc(neighbours: Neighbours, u: Hashable, v: Hashable) -> tuple[float, int]:
    return min((c, h) for n, c, h in neighbours(u) if n == v)


def _measure(neighbours: Neighbours, path: list) -> tuple[float, int]:
    cost, hops = 0.0, 0
    for u, v in zip(path, path[1:], strict=False):
        c, h = _arc(neighbours, u, v)
        cost, hops = cost + c, hops + h
    return cost, hops


def k_cheapest_paths(
    neighbours: Neighbours,
    source: Hashable,
    target: Hashable,
    k: int,
    max_hops: int | None = None,
    banned_nodes: frozenset | set = frozenset(),
    accept: Callable[[list], bool] | None = None,
    max_candidates: int | None = None,
    ties: bool = False,
) -> list[tuple[float, list]]:
    """Up to ``k`` cheapest simple routes (Yen's algorithm), cheapest first.

    ``accept`` keeps only the routes it returns True for; since rejected routes are still
    enumerated, at most ``max_candidates`` routes (default ``50 * k``) are looked at. With
    ``ties``, the routes that cost the same as the k-th (to within :data:`TIE`) come too, so
    more than ``k`` may come back.
    """
    first = cheapest_path(neighbours, source, target, max_hops, banned_nodes)
    if first is None:
        return []
    limit = max_candidates or 50 * k
    found: list[tuple[float, list]] = [first]
    accepted = [first] if accept is None or accept(first[1]) else []
    candidates: list = []
    seen = {tuple(first[1])}
    counter = itertools.count()
    while len(found) < limit and (ties or len(accepted) < k):
        last = found[-1][1]
        for i in range(len(last) - 1):
            spur, root = last[i], last[: i + 1]
            root_cost, root_hops = _measure(neighbours, root)
            arcs = {(p[i], p[i + 1]) for _, p in found if p[: i + 1] == root and len(p) > i + 1}
            budget = None if max_hops is None else max_hops - root_hops
            spur_path = cheapest_path(neighbours, spur, target, budget, banned_nodes, arcs, set(root[:-1]))
            if spur_path is None:
                continue
            path = root[:-1] + spur_path[1]
            if tuple(path) not in seen:
                seen.add(tuple(path))
                heapq.heappush(candidates, (root_cost + spur_path[0], next(counter), path))
        if not candidates or _enough(accepted, k, ties, candidates):
            break
        cost, _, path = heapq.heappop(candidates)
        found.append((cost, path))
        if accept is None or accept(path):
            accepted.append((cost, path))
    return accepted if ties else accepted[:k]


def _enough(accepted: list, k: int, ties: bool, candidates: list) -> bool:
    """Whether the search may stop: k routes, and (with ``ties``) the next candidate (the
    cheapest route not yet found) costs more than the k-th."""
    return len(accepted) >= k and (not ties or candidates[0][0] > accepted[k - 1][0] + TIE)

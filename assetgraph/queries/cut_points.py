"""Every cut point of an undirected graph and what it separates, in one depth-first search.

Leaving a cut point splits its component into pieces. The largest piece stays the network; the
others are cut off (all of them, when the largest pieces are equal in size). For each piece this
gives its size, some of its members, and the groups it could reach before and no longer can.
One pass (Hopcroft-Tarjan, with subtree sizes and group counts gathered on the way back), so it
serves graphs of tens of thousands of organisations.

>>> import networkx as nx
>>> found = separations(nx.path_graph(4), {0: "a", 1: "b", 2: "c", 3: "c"})
>>> [(p.size, p.members, sorted(p.lost)) for p in found[1]]
[(1, [0], ['c'])]
>>> sorted(found)
[1, 2]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["Piece", "separations"]


@dataclass
class Piece:
    """A part of a component that a cut point's departure would split off."""

    size: int
    members: list = field(default_factory=list)
    lost: set = field(default_factory=set)


def _members(order: list, start: int, stop: int, skip: list[tuple[int, int]], sample: int) -> list:
    found, i = [], start
    spans = sorted(skip)
    while i < stop and len(found) < sample:
        jump = next((b for a, b in spans if a <= i < b), None)
        if jump is not None:
            i = jump
            continue
        found.append(order[i])
        i += 1
    return found


def separations(g: nx.Graph, groups: Mapping[Hashable, Hashable], sample: int = 10) -> dict[Hashable, list[Piece]]:
    """For each cut point of ``g``, the pieces its departure cuts off (see the module text).

    ``members`` holds at most ``sample`` nodes of a piece, in depth-first order.
    """
    disc: dict = {}
    low: dict = {}
    parent: dict = {}
    children: dict = {}
    counts: dict = {}
    order: list = []
    comp_of: dict = {}
    result: dict = {}
    for root in g:
        if root in disc:
            continue
        start = len(order)
        disc[root] = low[root] = start
        order.append(root)
        parent[root], children[root] = None, []
        stack = [(root, iter(g[root]))]
        while stack:
            v, neighbours = stack[-1]
            for w in neighbours:
                if w == v:
                    continue
                if w not in disc:
                    parent[w], children[w] = v, []
                    children[v].append(w)
                    disc[w] = low[w] = len(order)
                    order.append(w)
                    stack.append((w, iter(g[w])))
                    break
                if w != parent[v]:
                    low[v] = min(low[v], disc[w])
            else:
                stack.pop()
                counts[v] = Counter({groups[v]: 1})
                for c in children[v]:
                    counts[v].update(counts[c])
                if parent[v] is not None:
                    low[parent[v]] = min(low[parent[v]], low[v])
        stop = len(order)
        for v in order[start:stop]:
            comp_of[v] = (root, start, stop)
    for v, (root, start, stop) in comp_of.items():
        separated = [c for c in children[v] if low[c] >= disc[v]]
        if v == root and len(separated) < 2 or v != root and not separated:
            continue
        spans = [(disc[c], disc[c] + sum(counts[c].values())) for c in separated]
        parts = [(b - a, order[a : min(b, a + sample)], counts[c]) for c, (a, b) in zip(separated, spans, strict=False)]
        reach = counts[root] - Counter({groups[v]: 1})
        rest_size = (stop - start) - 1 - sum(size for size, _, _ in parts)
        if rest_size:
            rest_counts = reach - sum((c for _, _, c in parts), Counter())
            rest_members = _members(order, start, stop, [*spans, (disc[v], disc[v] + 1)], sample)
            parts.append((rest_size, rest_members, rest_counts))
        pieces = sorted(
            (Piece(size, members, {grp for grp in reach if not held.get(grp)}) for size, members, held in parts),
            key=lambda p: -p.size,
        )
        result[v] = pieces if len(pieces) > 1 and pieces[0].size == pieces[1].size else pieces[1:]
    return result

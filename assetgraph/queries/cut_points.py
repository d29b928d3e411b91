"""Every cut point of an undirected graph and what it separates, and every bridge, in one
depth-first search.

Leaving a cut point splits its component into pieces. The largest piece stays the network; the
others are cut off (all of them, when the largest pieces are equal in size). For each piece this
gives its size, some of its members, and the groups it could reach before and no longer can.
One pass (Hopcroft-Tarjan, with subtree sizes and group counts gathered on the way back), so it
serves graphs of tens of thousands of organisations.

>>> import networkx as nx
>>> weak = weak_points(nx.path_graph(4), {0: "a", 1: "b", 2: "c", 3: "c"})
>>> [(p.size, p.members, sorted(p.lost)) for p in weak.separations[1]]
[(1, [0], ['c'])]
>>> sorted(weak.separations), weak.bridges
([1, 2], [(0, 1), (1, 2), (2, 3)])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Set
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["Piece", "WeakPoints", "weak_points"]


@dataclass
class Piece:
    """A part of a component that a cut point's departure would split off."""

    size: int
    members: list = field(default_factory=list)
    lost: set = field(default_factory=set)
    #: how many of its nodes are among those ``marked`` (the organisations of a place, say)
    marked: int = 0


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


@dataclass
class WeakPoints:
    """A graph's cut points, each with the pieces its departure cuts off, and its bridges,
    each as (smaller end, larger end), sorted."""

    separations: dict[Hashable, list[Piece]]
    bridges: list[tuple[Hashable, Hashable]]


@dataclass
class _Tree:
    """A depth-first search forest with Hopcroft-Tarjan low points and the group counts of
    each subtree."""

    disc: dict = field(default_factory=dict)
    low: dict = field(default_factory=dict)
    parent: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    marked: dict = field(default_factory=dict)
    order: list = field(default_factory=list)
    comp_of: dict = field(default_factory=dict)


def _search(g: nx.Graph, groups: Mapping[Hashable, Hashable], marked: Set) -> _Tree:
    t = _Tree()
    disc, low, parent, children, order = t.disc, t.low, t.parent, t.children, t.order
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
                t.counts[v] = Counter({groups[v]: 1})
                t.marked[v] = int(v in marked)
                for c in children[v]:
                    t.counts[v].update(t.counts[c])
                    t.marked[v] += t.marked[c]
                if parent[v] is not None:
                    low[parent[v]] = min(low[parent[v]], low[v])
        stop = len(order)
        for v in order[start:stop]:
            t.comp_of[v] = (root, start, stop)
    return t


def weak_points(
    g: nx.Graph, groups: Mapping[Hashable, Hashable], sample: int = 10, marked: Set = frozenset()
) -> WeakPoints:
    """The cut points of ``g`` with what each separates (see the module text; ``members``
    holds at most ``sample`` nodes of a piece, in depth-first order; ``marked`` counts the
    piece's nodes among ``marked``), and its bridges: the ties whose loss would split a
    component, a tree tie whose lower end reaches no higher than itself.

    >>> weak_points(nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3)]), dict.fromkeys(range(4), "a")).bridges
    [(2, 3)]
    """
    t = _search(g, groups, marked)
    found = [(p, v) for v, p in t.parent.items() if p is not None and t.low[v] > t.disc[p]]
    bridges = sorted((a, b) if a <= b else (b, a) for a, b in found)
    return WeakPoints(_separations(t, groups, sample), bridges)


def _separations(t: _Tree, groups: Mapping[Hashable, Hashable], sample: int) -> dict[Hashable, list[Piece]]:
    disc, low, children, counts, order, marked = t.disc, t.low, t.children, t.counts, t.order, t.marked
    result: dict = {}
    for v, (root, start, stop) in t.comp_of.items():
        separated = [c for c in children[v] if low[c] >= disc[v]]
        if v == root and len(separated) < 2 or v != root and not separated:
            continue
        spans = [(disc[c], disc[c] + sum(counts[c].values())) for c in separated]
        parts = [
            (b - a, order[a : min(b, a + sample)], counts[c], marked[c])
            for c, (a, b) in zip(separated, spans, strict=False)
        ]
        reach = counts[root] - Counter({groups[v]: 1})
        rest_size = (stop - start) - 1 - sum(part[0] for part in parts)
        if rest_size:
            rest_counts = reach - sum((part[2] for part in parts), Counter())
            rest_members = _members(order, start, stop, [*spans, (disc[v], disc[v] + 1)], sample)
            rest_marked = marked[root] - (marked[v] - sum(marked[c] for c in children[v])) - sum(p[3] for p in parts)
            parts.append((rest_size, rest_members, rest_counts, rest_marked))
        pieces = sorted(
            (
                Piece(size, members, {grp for grp in reach if not held.get(grp)}, inside)
                for size, members, held, inside in parts
            ),
            key=lambda p: -p.size,
        )
        result[v] = pieces if len(pieces) > 1 and pieces[0].size == pieces[1].size else pieces[1:]
    return result

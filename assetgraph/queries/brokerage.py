"""Gould and Fernandez brokerage roles.

A broker ``b`` sits on a two-path ``a - b - c`` whose ends are not tied to each other. Relative
to a grouping of the nodes, the path makes ``b`` a

- **coordinator** when a, b and c share a group;
- **itinerant** (consultant) when a and c share a group that b is not in;
- **representative** when b shares a's group and passes to c's (a -> b -> c);
- **gatekeeper** when b shares c's group and lets a's in;
- **liaison** when all three groups differ.

Ties here are undirected, so each open pair {a, c} is read both ways: it adds 2 to coordinator,
itinerant or liaison, or 1 to representative and 1 to gatekeeper. Totals are therefore twice the
number of open pairs.

>>> import networkx as nx
>>> star = nx.star_graph(3)          # 0 in the middle of 1, 2, 3
>>> groups = {0: "x", 1: "x", 2: "y", 3: "z"}
>>> brokerage_roles(star, groups)[0]
{'coordinator': 0, 'itinerant': 0, 'representative': 2, 'gatekeeper': 2, 'liaison': 2}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping

import networkx as nx

__all__ = ["ROLES", "brokerage_roles", "open_pairs_between"]

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def _pairs_by_groups(g: nx.Graph, ego: Hashable, groups: Mapping[Hashable, Hashable]) -> Counter:
    """Open pairs of ``ego``'s neighbours, counted by the (unordered) pair of their groups."""
    nbrs = [n for n in g[ego] if n != ego]
    counts = Counter(groups[n] for n in nbrs)
    pairs: Counter = Counter()
    keys = sorted(counts, key=repr)
    for i, ga in enumerate(keys):
        pairs[(ga, ga)] += counts[ga] * (counts[ga] - 1) // 2
        for gc in keys[i + 1 :]:
            pairs[(ga, gc)] += counts[ga] * counts[gc]
    position = {n: i for i, n in enumerate(nbrs)}
    for a in nbrs:
        for c in g[a]:
            if position.get(c, -1) > position[a]:
                ga, gc = sorted((groups[a], groups[c]), key=repr)
                pairs[(ga, gc)] -= 1
    return +pairs


def brokerage_roles(
    g: nx.Graph, groups: Mapping[Hashable, Hashable], nodes: Iterable[Hashable] | None = None
) -> dict[Hashable, dict[str, int]]:
    """Role counts per node of an undirected graph, relative to ``groups`` (node -> group).

    Parameters
    ----------
    g : an undirected networkx graph
    groups : the group of every node
    nodes : the brokers to count for (default: all)
    """
    result = {}
    for ego in g if nodes is None else nodes:
        mine = groups[ego]
        roles = dict.fromkeys(ROLES, 0)
        for (ga, gc), n in _pairs_by_groups(g, ego, groups).items():
            if ga == gc == mine:
                roles["coordinator"] += 2 * n
            elif ga == gc:
                roles["itinerant"] += 2 * n
            elif mine in (ga, gc):
                roles["representative"] += n
                roles["gatekeeper"] += n
            else:
                roles["liaison"] += 2 * n
        result[ego] = roles
    return result


def open_pairs_between(
    g: nx.Graph, groups: Mapping[Hashable, Hashable], first: Hashable, second: Hashable, ego: Hashable
) -> int:
    """Open pairs through ``ego`` with one end in group ``first`` and the other in ``second``.

    >>> import networkx as nx
    >>> open_pairs_between(nx.path_graph(3), {0: "a", 1: "b", 2: "c"}, "c", "a", 1)
    1
    """
    key = tuple(sorted((first, second), key=repr))
    return _pairs_by_groups(g, ego, groups).get(key, 0)

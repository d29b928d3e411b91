"""Burt's constraint and effective size on an unweighted, undirected graph.

With every tie of weight one, a node's proportional investment in each neighbour is
``1 / degree``, which turns networkx's general (and, around hubs, quadratic in Python)
computation into set intersections:

- constraint ``c(i) = sum over neighbours j of (1/d(i) + sum over q in N(i) & N(j) of
  1/(d(i) d(q)))^2``: high when a node's partners all know each other;
- effective size ``d(i) - 2 t(i) / d(i)``, with ``t(i)`` the ties among its neighbours: the
  number of partners that are not redundant.

>>> import networkx as nx
>>> star = nx.star_graph(3)
>>> constraint(star, [0])[0], effective_size(star, [0])[0]
(0.3333333333333333, 3.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable

import networkx as nx

__all__ = ["constraint", "effective_size"]


def _per_ego(g: nx.Graph, nodes: Iterable[Hashable], measure: Callable[[set], float]) -> dict[Hashable, float]:
    """``measure`` of each node's set of neighbours; NaN for a node with none, as networkx gives."""
    result = {}
    for i in nodes:
        mine = set(g[i]) - {i}
        result[i] = measure(mine) if mine else math.nan
    return result


def constraint(g: nx.Graph, nodes: Iterable[Hashable]) -> dict[Hashable, float]:
    """Burt's constraint of ``nodes``."""

    def measure(mine: set) -> float:
        d = len(mine)
        total = 0.0
        for j in mine:
            indirect = sum(1 / (len(g[q]) - (q in g[q])) for q in mine & set(g[j]) if q != j)
            total += (1 / d + indirect / d) ** 2
        return total

    return _per_ego(g, nodes, measure)


def effective_size(g: nx.Graph, nodes: Iterable[Hashable]) -> dict[Hashable, float]:
    """Burt's effective size of ``nodes``."""

    def measure(mine: set) -> float:
        ties = sum(len(mine & set(g[j])) for j in mine) / 2
        return len(mine) - 2 * ties / len(mine)

    return _per_ego(g, nodes, measure)

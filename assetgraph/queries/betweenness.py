"""Betweenness centrality by Brandes' algorithm, run for a batch of sources at once with
sparse matrix products.

For each batch the breadth-first searches advance level by level as one sparse-times-dense
product (path counts), and the dependencies flow back the same way; the arithmetic runs in
scipy's compiled kernels instead of a Python loop per edge, which is what makes sampled (and,
at tens of thousands of organisations, exact) betweenness fit in seconds. Sources are drawn as
networkx draws them and the sampled estimate is scaled as networkx 3.6 scales it, so for the
same ``k`` and ``seed`` the answer equals ``networkx.betweenness_centrality`` (normalised,
undirected, endpoints not counted).

>>> import networkx as nx
>>> bc = betweenness(nx.path_graph(3))
>>> [round(bc[n], 3) for n in range(3)]
[0.0, 1.0, 0.0]
"""

from __future__ import annotations

import random
from collections.abc import Hashable

import networkx as nx
import numpy as np
from scipy import sparse

from ..progress import Progress, silent

__all__ = ["betweenness"]


def _adjacency(g: nx.Graph, order: list) -> sparse.csr_matrix:
    index = {v: i for i, v in enumerate(order)}
    rows, cols = [], []
    for u, v in g.edges():
        if u != v:
            rows += [index[u], index[v]]
            cols += [index[v], index[u]]
    n = len(order)
    a = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    a.data[:] = 1.0  # a repeated pair counts once
    return a


def _dependencies(a: sparse.csr_matrix, sources: np.ndarray) -> np.ndarray:
    """Brandes' dependencies of every node on the shortest paths from each source, summed."""
    n, b = a.shape[0], len(sources)
    cols = np.arange(b)
    sigma = np.zeros((n, b))
    sigma[sources, cols] = 1.0
    level = np.full((n, b), -1, dtype=np.int32)
    level[sources, cols] = 0
    frontier, depth = sigma.copy(), 0
    while True:
        reached = a @ frontier
        new = (reached > 0) & (level < 0)
        if not new.any():
            break
        depth += 1
        frontier = np.where(new, reached, 0.0)
        sigma += frontier
        level[new] = depth
    delta = np.zeros((n, b))
    with np.errstate(divide="ignore", invalid="ignore"):
        for d in range(depth, 1, -1):
            flow = np.where(level == d, (1.0 + delta) / sigma, 0.0)
            delta += np.where(level == d - 1, sigma * (a @ flow), 0.0)
    return delta.sum(axis=1)


def betweenness(
    g: nx.Graph, k: int | None = None, seed: int | None = None, batch: int = 64, progress: Progress = silent
) -> dict[Hashable, float]:
    """Normalised betweenness of an undirected graph, exact or from ``k`` sampled sources.

    Parameters
    ----------
    g : an undirected networkx graph (edge weights are ignored)
    k : sample this many source nodes (None: all, exact)
    seed : seed of the sample
    batch : sources searched together (memory grows with nodes x batch)
    progress : hears of the ``betweenness sources`` searched (see :mod:`assetgraph.progress`)
    """
    order = list(g)
    n = len(order)
    if n < 3:
        return dict.fromkeys(order, 0.0)
    a = _adjacency(g, order)
    index = {v: i for i, v in enumerate(order)}
    if k == n:
        k = None
    chosen = order if k is None else random.Random(seed).sample(order, k)
    total = np.zeros(n)
    picks = np.array([index[s] for s in chosen])
    for start in range(0, len(picks), batch):
        total += _dependencies(a, picks[start : start + batch])
        progress("betweenness sources", len(picks[start : start + batch]), len(picks))
    pairs = n - 2  # targets other than the source and the node itself
    if k is None:
        return {v: float(total[i] / ((n - 1) * pairs)) for i, v in enumerate(order)}
    # an unbiased estimate: a sampled source cannot count itself, so it has one source fewer
    sampled = set(chosen)
    return {
        v: float(total[i] / ((k - 1 if v in sampled else k) * pairs)) if (k > 1 or v not in sampled) else float("nan")
        for i, v in enumerate(order)
    }

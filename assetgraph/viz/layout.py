"""Positions for a large map, computed once in Python so that the page opens without laying
anything out.

vis-network's own force layout runs in the page before its first drawing: at 1,400 nodes its
stabilisation took 6-8 s of the 9 s a map took to open. :func:`spread` is Fruchterman and
Reingold's force layout in its grid variant (nodes push apart only within twice the ideal
distance, found with a k-d tree), in numpy: a tenth of a second at 1,400 nodes, about a second
at 5,000, and the same positions for the same graph every time.

>>> at = spread(["a", "b", "c"], [("a", "b"), ("b", "c")])
>>> sorted(at) == ["a", "b", "c"] and all(isinstance(x, float) for xy in at.values() for x in xy)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from scipy.spatial import cKDTree

__all__ = ["spread"]

#: map pixels between two tied nodes at rest
IDEAL = 90.0


def spread(
    nodes: Sequence[str], edges: Iterable[tuple[str, str]], seed: int = 7, iterations: int = 120
) -> dict[str, tuple[float, float]]:
    """Map pixel positions (x east, y south, around 0, 0) of ``nodes`` tied by ``edges``: tied
    nodes about :data:`IDEAL` pixels apart, untied ones at least that far, the whole held
    together by a weak pull to the centre (so that groups with no tie between them stay near).
    Edges between nodes not listed are ignored.
    """
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    if n == 0:
        return {}
    pairs = np.array(
        [(index[a], index[b]) for a, b in edges if a in index and b in index and a != b], dtype=np.int64
    ).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    side = IDEAL * np.sqrt(n) * 1.5
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    # a node pushes as hard as it has ties (ForceAtlas2's way), so hubs do not gather their
    # neighbours' neighbours into a knot
    mass = np.bincount(pairs.ravel(), minlength=n) + 1.0
    heat = side / 8
    for step in range(iterations):
        move = np.zeros_like(pos)
        near = cKDTree(pos).query_pairs(2 * IDEAL, output_type="ndarray")
        for found, sign in ((near, 1.0), (pairs, -1.0)):
            if not len(found):
                continue
            delta = pos[found[:, 0]] - pos[found[:, 1]]
            dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)[:, None]
            if sign > 0:
                force = delta / dist**2 * (IDEAL**2 * np.sqrt(mass[found[:, 0]] * mass[found[:, 1]]))[:, None]
            else:
                force = -delta
            for axis in (0, 1):
                move[:, axis] += np.bincount(found[:, 0], force[:, axis], n)
                move[:, axis] -= np.bincount(found[:, 1], force[:, axis], n)
        move -= pos * (0.05 * np.hypot(pos[:, 0], pos[:, 1]) / side)[:, None]
        length = np.maximum(np.hypot(move[:, 0], move[:, 1]), 0.01)[:, None]
        pos += move / length * np.minimum(length, heat * (1 - step / iterations) + 1)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, pos, strict=True)}

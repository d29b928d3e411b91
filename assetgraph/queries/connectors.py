"""Connectors: who brokers between groups that would otherwise be apart.

Read on the collaboration graph of organisations (:mod:`.collaboration`). For each
organisation: betweenness (exact up to :data:`EXACT_LIMIT` organisations, sampled above it with
the sample size reported), the groups its partners span, Gould-Fernandez brokerage roles
(:mod:`.brokerage`), Burt's constraint and effective size, whether it is an articulation point,
and what would be cut off without it.

>>> from assetgraph.loaders import load, SEED
>>> result = connectors(load(SEED), between="sector", focus=("community_led", "public"), top=3)
>>> "CHEX" in [row.name for row in result.rows]
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import networkx as nx
from pydantic import BaseModel

from ..collector import collector_paused
from ..errors import QueryError
from ..graphmodel.graph import AssetGraph
from ..progress import Progress, silent
from ..render import Table
from .betweenness import betweenness
from .brokerage import ROLES, brokerage_roles, open_pairs_between
from .collaboration import collaboration_graph
from .cut_points import weak_points
from .grouping import group_nodes
from .options import DEFAULT_SAMPLES, EXACT_LIMIT, GROUPINGS, parse_focus
from .structural_holes import constraint as burt_constraint
from .structural_holes import effective_size as burt_effective_size

__all__ = ["EXACT_LIMIT", "DEFAULT_SAMPLES", "CutOff", "ConnectorRow", "ConnectorsResult", "connectors", "parse_focus"]


class CutOff(BaseModel):
    """Organisations that would lose every route to some groups if the connector left
    (``size`` of them; ``ids`` and ``names`` list up to ten)."""

    size: int
    ids: list[str]
    names: list[str]
    loses: list[str]


class ConnectorRow(BaseModel):
    rank: int
    id: str
    name: str
    group: str
    betweenness: float
    partners: int
    groups_spanned: list[str]
    brokerage: dict[str, int]
    focus_pairs: int | None
    constraint: float | None
    effective_size: float | None
    articulation_point: bool
    cut_off: list[CutOff]
    explanation: str


class ConnectorsResult(BaseModel):
    """Connectors ranked best first, with how the numbers were computed."""

    grouping: str
    focus: list[str] | None
    organisations: int
    ties: int
    betweenness: str
    sample_size: int | None
    seed: int
    rows: list[ConnectorRow]
    #: why there is nothing to rank, where there is not
    note: str | None = None

    def tables(self) -> list[Table]:
        if self.note:
            return [Table(None, [], [], heading=self.note)]
        method = self.betweenness + (f" ({self.sample_size} sources)" if self.sample_size else "")
        focus = f", focus {' <-> '.join(self.focus)}" if self.focus else ""
        return [
            Table(
                "Connectors",
                [
                    "rank",
                    "name",
                    "group",
                    "betweenness",
                    "groups spanned",
                    "brokerage",
                    *(["focus pairs"] if self.focus else []),
                    "constraint",
                    "cut point",
                    "explanation",
                ],
                [
                    [
                        str(r.rank),
                        r.name,
                        r.group,
                        f"{r.betweenness:.3f}",
                        str(len(r.groups_spanned)),
                        str(sum(r.brokerage.values())),
                        *([str(r.focus_pairs)] if self.focus else []),
                        "" if r.constraint is None else f"{r.constraint:.2f}",
                        "yes" if r.articulation_point else "",
                        r.explanation,
                    ]
                    for r in self.rows
                ],
                heading=f"{self.organisations} organisations, {self.ties} ties; grouped by {self.grouping}{focus}; "
                f"betweenness {method}",
                note="\n".join(f"{r.rank}. {r.explanation}" for r in self.rows),
                csv_only=["explanation"],
            )
        ]


def _betweenness(
    ties: nx.Graph, exact_limit: int, samples: int, seed: int, progress: Progress
) -> tuple[dict, str, int | None]:
    n = ties.number_of_nodes()
    if n <= exact_limit or samples >= n:
        return betweenness(ties, progress=progress), "exact", None
    return betweenness(ties, k=samples, seed=seed, progress=progress), "sampled", samples


def _explain(row: ConnectorRow, focus: Sequence[str] | None) -> str:
    parts = [f"{row.name} ({row.group})"]
    roles = {r: n for r, n in row.brokerage.items() if n}
    if focus and row.focus_pairs:
        parts.append(f"links {focus[0]} and {focus[1]} organisations in {row.focus_pairs} open triads")
    if roles:
        main = max(roles, key=lambda r: (roles[r], -ROLES.index(r)))
        parts.append(f"{main} in {roles[main]} of {sum(roles.values())} brokerage paths")
    if len(row.groups_spanned) > 1:
        parts.append(f"partners span {len(row.groups_spanned)} groups ({', '.join(row.groups_spanned)})")
    for cut in row.cut_off:
        if cut.loses:
            who = ", ".join(cut.names[:3]) + (f" and {cut.size - 3} more" if cut.size > 3 else "")
            parts.append(f"without it {cut.size} organisation(s) ({who}) have no route to {', '.join(cut.loses)}")
    if len(parts) == 1:
        parts.append("brokers no open triads")
    return parts[0] + ": " + "; ".join(parts[1:])


@collector_paused()
def connectors(
    graph: AssetGraph,
    *,
    between: str = "sector",
    focus: Sequence[str] | None = None,
    top: int | None = 20,
    exact_limit: int = EXACT_LIMIT,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    progress: Progress = silent,
    derived_ties: bool = True,
) -> ConnectorsResult:
    """Organisations ranked by how they connect groups.

    Parameters
    ----------
    graph : the asset graph
    between : the grouping, one of ``sector``, ``scale``, ``place``, ``community``
    focus : two groups; rank by the open triads linking one to the other
    top : how many rows to return (None: all)
    exact_limit, samples, seed : exact betweenness up to ``exact_limit`` organisations, else
        ``samples`` sampled sources drawn with ``seed``
    progress : hears of the betweenness sources searched (see :mod:`assetgraph.progress`)
    derived_ties : count the ties the data implies (same venue, co-funding) as ties

    Raises
    ------
    QueryError : an unknown grouping, or a focus group no organisation is in

    Examples
    --------
    >>> from assetgraph.loaders import load, SEED
    >>> top = connectors(load(SEED), between="scale", top=2)
    >>> [row.rank for row in top.rows], top.grouping
    ([1, 2], 'scale')
    """
    if samples < 2:
        raise QueryError("betweenness needs at least 2 sampled sources")
    if between not in GROUPINGS:
        raise QueryError(f"unknown grouping {between!r}; expected one of: {', '.join(GROUPINGS)}")
    ties = collaboration_graph(graph, derived=derived_ties)
    if ties.number_of_edges() == 0:
        return ConnectorsResult(
            grouping=between,
            focus=list(focus) if focus else None,
            organisations=ties.number_of_nodes(),
            ties=0,
            betweenness="none",
            sample_size=None,
            seed=seed,
            rows=[],
            note=f"No ties between the {ties.number_of_nodes()} organisations to rank: no relation in the graph says "
            "who works with whom (partnerships, memberships, funding, support, signposting).",
        )
    groups = group_nodes(graph, ties, between, seed)
    if focus:
        if len(focus) != 2:
            raise QueryError(f"a focus names two groups, not {len(focus)}")
        known = sorted(set(groups.values()))
        for name in focus:
            if name not in known:
                raise QueryError(f"no organisation is in group {name!r} of {between}; groups: {', '.join(known)}")
    bc, method, k = _betweenness(ties, exact_limit, samples, seed, progress)
    focus_pairs = {n: open_pairs_between(ties, groups, focus[0], focus[1], n) for n in ties} if focus else {}
    ranked = sorted(ties, key=lambda n: (-focus_pairs.get(n, 0), -bc[n], ties.nodes[n]["name"]))
    chosen = ranked if top is None else ranked[:top]
    roles = brokerage_roles(ties, groups, chosen)
    cut_points = weak_points(ties, groups).separations
    constraint = burt_constraint(ties, chosen)
    effective = burt_effective_size(ties, chosen)
    rows = []
    for rank, n in enumerate(chosen, 1):
        cuts = [
            CutOff(
                size=p.size, ids=list(p.members), names=[ties.nodes[m]["name"] for m in p.members], loses=sorted(p.lost)
            )
            for p in cut_points.get(n, [])
        ]
        row = ConnectorRow(
            rank=rank,
            id=n,
            name=ties.nodes[n]["name"],
            group=groups[n],
            betweenness=round(bc[n], 6),
            partners=ties.degree(n),
            groups_spanned=sorted({groups[m] for m in ties[n]}),
            brokerage=roles[n],
            focus_pairs=focus_pairs[n] if focus else None,
            constraint=None if math.isnan(constraint[n]) else round(constraint[n], 6),
            effective_size=None if math.isnan(effective[n]) else round(effective[n], 6),
            articulation_point=n in cut_points,
            cut_off=cuts,
            explanation="",
        )
        row.explanation = _explain(row, focus)
        rows.append(row)
    return ConnectorsResult(
        grouping=between,
        focus=list(focus) if focus else None,
        organisations=ties.number_of_nodes(),
        ties=ties.number_of_edges(),
        betweenness=method,
        sample_size=k,
        seed=seed,
        rows=rows,
    )

"""Connectors: who brokers between groups that would otherwise be apart.

Read on the collaboration graph of organisations (:mod:`.collaboration`). For each
organisation: betweenness (exact up to :data:`EXACT_LIMIT` organisations, sampled above it with
the sample size reported), the groups its partners span, Gould-Fernandez brokerage roles
(:mod:`.brokerage`), Burt's constraint and effective size, whether it is an articulation point,
and what would be cut off without it.

Only organisations that score are ranked: betweenness above zero, or with a focus, open triads
between the two focus groups. Equal scores are ordered by the partners an organisation has in
groups other than its own, then by how many distinct sources record its ties, and only for a
full tie by the organisation's id (stable from run to run, and never its name). Explanations are
bounded whatever the size of the graph: counts, at most :data:`SHOWN` groups and example pairs,
the rest as "and N more".

>>> from assetgraph.loaders import load, SEED
>>> result = connectors(load(SEED), between="sector", focus=("community_led", "public"), top=3)
>>> "CHEX" in [row.name for row in result.rows]
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence

import networkx as nx
from pydantic import BaseModel

from ..collector import collector_paused
from ..errors import QueryError
from ..graphmodel.graph import AssetGraph
from ..progress import Progress, silent
from ..render import Table
from .betweenness import betweenness
from .brokerage import ROLES, brokerage_roles, open_pairs_between
from .collaboration import COLLABORATION, collaboration_graph
from .cut_points import weak_points
from .grouping import group_nodes
from .options import DEFAULT_SAMPLES, EXACT_LIMIT, GROUPINGS, parse_focus
from .structural_holes import constraint as burt_constraint
from .structural_holes import effective_size as burt_effective_size

__all__ = [
    "EXACT_LIMIT",
    "DEFAULT_SAMPLES",
    "SHOWN",
    "CutOff",
    "ExamplePair",
    "ConnectorRow",
    "ConnectorsResult",
    "connectors",
    "parse_focus",
]

#: the most groups or example pairs an explanation names
SHOWN = 5


class CutOff(BaseModel):
    """Organisations that would lose every route to some groups if the connector left
    (``size`` of them; ``ids`` and ``names`` list up to ten)."""

    size: int
    ids: list[str]
    names: list[str]
    loses: list[str]


class ExamplePair(BaseModel):
    """Two partners of a connector that are not tied to each other: a pair it links."""

    ids: list[str]
    names: list[str]
    groups: list[str]


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
    #: partners in a group other than the connector's own (the first tie-break)
    cross_group_partners: int = 0
    #: distinct sources recording its ties (the second tie-break)
    sources: int = 0
    #: pairs of its partners not tied to each other
    open_pairs: int = 0
    #: up to :data:`SHOWN` of those pairs: across the focus first, then ends in different groups
    example_pairs: list[ExamplePair] = []


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
    #: organisations that score (those ranked, before ``top`` is applied)
    scored: int = 0
    #: what the reader should know about the ranking (fewer scored than asked, ...)
    notes: list[str] = []

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
                heading="\n".join(
                    [
                        f"{self.organisations} organisations, {self.ties} ties; grouped by {self.grouping}{focus}; "
                        f"betweenness {method}",
                        *self.notes,
                    ]
                ),
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


def _some(items: Sequence[str], shown: int = SHOWN) -> str:
    """The first ``shown`` items joined, the rest as "and N more"."""
    more = len(items) - shown
    return ", ".join(items[:shown]) + (f" and {more} more" if more > 0 else "")


def _explain(row: ConnectorRow, focus: Sequence[str] | None) -> str:
    parts = [f"{row.name} ({row.group})"]
    roles = {r: n for r, n in row.brokerage.items() if n}
    if focus and row.focus_pairs:
        parts.append(f"links {focus[0]} and {focus[1]} organisations in {row.focus_pairs} open triads")
    if roles:
        main = max(roles, key=lambda r: (roles[r], -ROLES.index(r)))
        parts.append(f"{main} in {roles[main]} of {sum(roles.values())} brokerage paths")
    if len(row.groups_spanned) > 1:
        parts.append(f"partners span {len(row.groups_spanned)} groups ({_some(row.groups_spanned)})")
    if row.example_pairs:
        shown = [" and ".join(p.names) for p in row.example_pairs]
        more = row.open_pairs - len(shown)
        parts.append(f"links e.g. {'; '.join(shown)}" + (f" and {more} more unlinked pairs" if more > 0 else ""))
    pieces = [cut for cut in row.cut_off if cut.loses]
    if len(pieces) > 2:
        lost = sorted({group for cut in pieces for group in cut.loses})
        some = [name for cut in pieces[:3] for name in cut.names[:1]]
        parts.append(
            f"without it {sum(c.size for c in pieces)} organisations in {len(pieces)} pieces "
            f"(e.g. {', '.join(some)}) lose routes to {_some(lost)}"
        )
    for cut in pieces if len(pieces) <= 2 else []:
        who = ", ".join(cut.names[:3]) + (f" and {cut.size - 3} more" if cut.size > 3 else "")
        parts.append(f"without it {cut.size} organisation(s) ({who}) have no route to {_some(cut.loses)}")
    if len(parts) == 1:
        parts.append("brokers no open triads")
    return parts[0] + ": " + "; ".join(parts[1:])


def _example_pairs(ties: nx.Graph, groups: dict, ego: str, focus: Sequence[str] | None) -> Iterator[tuple[str, str]]:
    """Pairs of ``ego``'s partners not tied to each other: one end in each focus group first,
    then ends in different groups, then the rest, each in id order; lazy, so that a hub of
    thousands yields its first few at once."""
    by_group: dict[str, list[str]] = {}
    for n in sorted(m for m in ties[ego] if m != ego):
        by_group.setdefault(groups[n], []).append(n)
    names = sorted(by_group)
    across = [(ga, gc) for i, ga in enumerate(names) for gc in names[i + 1 :]]
    for ga, gc in sorted(across, key=lambda pair: not focus or set(pair) != set(focus)):
        yield from ((a, c) for a in by_group[ga] for c in by_group[gc] if not ties.has_edge(a, c))
    for ga in names:
        members = by_group[ga]
        yield from ((a, c) for j, a in enumerate(members) for c in members[j + 1 :] if not ties.has_edge(a, c))


def _sources_of_ties(graph: AssetGraph, ties: nx.Graph, nodes: Sequence[str]) -> dict[str, int]:
    """How many distinct sources record the ties of each of ``nodes``: the provenance of the
    stated edges its ties rest on (a derived tie, which no record states, adds none)."""
    wanted = {ref for n in nodes for m in ties[n] for ref in ties.edges[n, m]["via"]}
    relations = {rel for _, rel, _ in wanted} & {r.value for r in COLLABORATION}
    recorded: dict[tuple[str, str, str], set[str]] = {}
    for relation in sorted(relations):
        for source, target, _, (provenance,) in graph.edge_values(relation, "provenance"):
            if (source, relation, target) in wanted:
                recorded.setdefault((source, relation, target), set()).update(
                    p["source"] if isinstance(p, dict) else p.source for p in provenance
                )
    return {
        n: len(set().union(*(recorded.get(ref, set()) for m in ties[n] for ref in ties.edges[n, m]["via"])))
        for n in nodes
    }


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
    top : the most rows to return (None: all that score); fewer when fewer score, said in ``notes``
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
    scoring = [n for n in ties if (focus_pairs[n] if focus else bc[n]) > 0]
    across = {n: sum(groups[m] != groups[n] for m in ties[n] if m != n) for n in scoring}
    sources = _sources_of_ties(graph, ties, scoring)
    ranked = sorted(scoring, key=lambda n: (-focus_pairs.get(n, 0), -round(bc[n], 9), -across[n], -sources[n], n))
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
        examples = [
            ExamplePair(ids=[a, c], names=[ties.nodes[a]["name"], ties.nodes[c]["name"]], groups=[groups[a], groups[c]])
            for a, c in itertools.islice(_example_pairs(ties, groups, n, focus), SHOWN)
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
            cross_group_partners=across[n],
            sources=sources[n],
            open_pairs=sum(roles[n].values()) // 2,
            example_pairs=examples,
        )
        row.explanation = _explain(row, focus)
        rows.append(row)
    measure = f"open triads between {focus[0]} and {focus[1]}" if focus else "betweenness above zero"
    notes = []
    if top is not None and len(scoring) < top:
        notes.append(
            f"Only {len(scoring)} of {ties.number_of_nodes()} organisations score ({measure}); "
            f"none is listed to fill the top {top}."
        )
    note = None
    if not scoring:
        note = (
            f"None of the {ties.number_of_nodes()} organisations scores ({measure}): "
            "none links partners that are not tied to each other, so there is nothing to rank."
        )
    return ConnectorsResult(
        grouping=between,
        focus=list(focus) if focus else None,
        organisations=ties.number_of_nodes(),
        ties=ties.number_of_edges(),
        betweenness=method,
        sample_size=k,
        seed=seed,
        rows=rows,
        note=note,
        scored=len(scoring),
        notes=notes,
    )

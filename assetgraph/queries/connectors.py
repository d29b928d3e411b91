"""Connectors: who brokers between groups that would otherwise be apart.

Read on the collaboration graph of organisations (:mod:`.collaboration`). For each
organisation: betweenness (exact up to :data:`EXACT_LIMIT` organisations, sampled above it with
the sample size reported), the groups its partners span, Gould-Fernandez brokerage roles
(:mod:`.brokerage`), Burt's constraint and effective size, whether it is an articulation point,
and what would be cut off without it.

Brokerage is read on the ties that count (every collaboration relation, or those asked for)
other than funding: a funder's grants tie it to every grantee, and a star of grants is
dependence on one funder, not brokerage between its grantees. Bodies that score only once
funding is counted are listed apart as funders (:mod:`.funders`), with what they fund. With a
place, the question is asked of the organisations located in or serving it or a place within
it (themselves or through what they run); ties across its boundary are counted, not dropped.

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
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

import networkx as nx
from pydantic import BaseModel

from ..collector import collector_paused
from ..errors import QueryError
from ..geography.lookup import find_place
from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import Relation
from ..progress import Progress, silent
from ..render import Table
from .betweenness import betweenness
from .bounded import SHOWN, some
from .brokerage import ROLES, brokerage_roles, open_pairs_between
from .collaboration import COLLABORATION, bodies_at, bodies_in, check_relations, collaboration_graph, untied
from .cut_points import weak_points
from .funders import FunderRow, amount_text, funder_rows, grantees
from .grouping import UNGROUPED, group_nodes
from .notes import missing
from .options import DEFAULT_SAMPLES, EXACT_LIMIT, GROUPINGS, parse_focus
from .places import placed_at
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
    "FunderRow",
    "connectors",
    "parse_focus",
]


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
    #: with a place, partners outside it (their ties cross its boundary, not counted above)
    outside_partners: int = 0


class ConnectorsResult(BaseModel):
    """Connectors ranked best first, the funders apart, and how the numbers were computed."""

    grouping: str
    focus: list[str] | None
    organisations: int
    #: ties that count for brokerage (funding apart)
    ties: int
    betweenness: str
    sample_size: int | None
    seed: int
    #: brokers ranked (never a body whose only ties are its grants)
    rows: list[ConnectorRow]
    #: why there is nothing to rank, where there is not
    note: str | None = None
    #: organisations that score (those ranked, before ``top`` is applied)
    scored: int = 0
    #: what the reader should know about the ranking (fewer scored than asked, ...)
    notes: list[str] = []
    #: the relations whose ties were read (FUNDS among them: funding ties read for the funders)
    relations: list[str] = sorted(r.value for r in COLLABORATION)
    #: the place asked for, if any
    place: str | None = None
    place_id: str | None = None
    #: ties with one end in the place and one outside (counted ties; funding ones apart)
    cross_boundary_ties: int = 0
    cross_boundary_funding_ties: int = 0
    #: funding ties (grants, co-funding) among the organisations, not counted as brokerage
    funding_ties: int = 0
    #: bodies that connect others only by funding, widest first (``top`` of them)
    funders: list[FunderRow] = []
    #: how many such bodies there are (before ``top`` is applied)
    funders_found: int = 0

    def _brokers(self) -> Table:
        method = self.betweenness + (f" ({self.sample_size} sources)" if self.sample_size else "")
        focus = f", focus {' <-> '.join(self.focus)}" if self.focus else ""
        where = f" in {self.place}" if self.place else ""
        counted = [r for r in self.relations if r != Relation.FUNDS.value]
        chosen = f" ({', '.join(counted)})" if set(self.relations) != {r.value for r in COLLABORATION} else ""
        return Table(
            "Connectors",
            [
                "rank",
                "name",
                "group",
                "betweenness",
                "groups spanned",
                "cross-group partners",
                "brokerage",
                *(["focus pairs"] if self.focus else []),
                "constraint",
                "cut point",
                *(["outside partners"] if self.place else []),
                "explanation",
            ],
            [
                [
                    str(r.rank),
                    r.name,
                    r.group,
                    f"{r.betweenness:.3f}",
                    str(len(r.groups_spanned)),
                    str(r.cross_group_partners),
                    str(sum(r.brokerage.values())),
                    *([str(r.focus_pairs)] if self.focus else []),
                    "" if r.constraint is None else f"{r.constraint:.2f}",
                    "yes" if r.articulation_point else "",
                    *([str(r.outside_partners)] if self.place else []),
                    r.explanation,
                ]
                for r in self.rows
            ],
            heading="\n".join(
                [
                    f"{self.organisations} organisations{where}, {self.ties} ties{chosen}; "
                    f"grouped by {self.grouping}{focus}; betweenness {method}",
                    *self.notes,
                ]
            ),
            note="\n".join(f"{r.rank}. {r.explanation}" for r in self.rows),
            csv_only=["explanation"],
        )

    def _funders(self) -> Table:
        return Table(
            "Funders",
            ["rank", "name", "group", "funds", "grants", "amount", "grantee groups", "grantee places", "explanation"],
            [
                [
                    str(f.rank),
                    f.name,
                    f.group,
                    str(f.funds),
                    str(f.grants),
                    amount_text(f),
                    some([f"{g} {n}" for g, n in f.grantee_groups.items()], 3),
                    some([f"{p} {n}" for p, n in f.grantee_places.items()], 3),
                    f.explanation,
                ]
                for f in self.funders
            ],
            heading="Bodies that connect others only by funding: not brokers, listed apart"
            + (
                f" (the widest {len(self.funders)} of {self.funders_found})"
                if self.funders_found > len(self.funders)
                else ""
            ),
            note="\n".join(f"{f.rank}. {f.explanation}" for f in self.funders),
            csv_only=["explanation"],
        )

    def tables(self) -> list[Table]:
        brokers = Table(None, [], [], heading="\n".join([self.note, *self.notes])) if self.note else self._brokers()
        return [brokers, *([self._funders()] if self.funders else [])]

    def csv_table(self) -> Table:
        """Brokers and funders in one sheet, a row each, ``role`` saying which list it is in."""
        brokers = self._brokers()
        columns = [*brokers.columns[:-1], "role", "funds", "grants", "amount", "explanation"]
        blank = [""] * (len(brokers.columns) - 4)
        rows = [[*r[:-1], "broker", "", "", "", r[-1]] for r in brokers.rows]
        rows += [
            [str(f.rank), f.name, f.group, *blank, "funder", str(f.funds), str(f.grants), amount_text(f), f.explanation]
            for f in self.funders
        ]
        return Table(brokers.title, columns, rows)


def _betweenness(
    ties: nx.Graph, exact_limit: int, samples: int, seed: int, progress: Progress
) -> tuple[dict, str, int | None]:
    n = ties.number_of_nodes()
    if n <= exact_limit or samples >= n:
        return betweenness(ties, progress=progress), "exact", None
    return betweenness(ties, k=samples, seed=seed, progress=progress), "sampled", samples


def _explain(row: ConnectorRow, focus: Sequence[str] | None, outside: Sequence[str], place: str | None) -> str:
    parts = [f"{row.name} ({row.group})"]
    roles = {r: n for r, n in row.brokerage.items() if n}
    if focus and row.focus_pairs:
        parts.append(f"links {focus[0]} and {focus[1]} organisations in {row.focus_pairs} open triads")
    if roles:
        main = max(roles, key=lambda r: (roles[r], -ROLES.index(r)))
        parts.append(f"{main} in {roles[main]} of {sum(roles.values())} brokerage paths")
    if len(row.groups_spanned) > 1:
        parts.append(f"partners span {len(row.groups_spanned)} groups ({some(row.groups_spanned)})")
    if row.example_pairs:
        shown = [" and ".join(p.names) for p in row.example_pairs]
        more = row.open_pairs - len(shown)
        parts.append(f"links e.g. {'; '.join(shown)}" + (f" and {more} more unlinked pairs" if more > 0 else ""))
    pieces = [cut for cut in row.cut_off if cut.loses]
    if len(pieces) > 2:
        lost = sorted({group for cut in pieces for group in cut.loses})
        shown = [name for cut in pieces[:3] for name in cut.names[:1]]
        parts.append(
            f"without it {sum(c.size for c in pieces)} organisations in {len(pieces)} pieces "
            f"(e.g. {', '.join(shown)}) lose routes to {some(lost)}"
        )
    for cut in pieces if len(pieces) <= 2 else []:
        who = ", ".join(cut.names[:3]) + (f" and {cut.size - 3} more" if cut.size > 3 else "")
        parts.append(f"without it {cut.size} organisation(s) ({who}) have no route to {some(cut.loses)}")
    if outside:
        parts.append(f"also tied to {len(outside)} organisations outside {place} ({some(outside, 3)})")
    if len(parts) == 1:
        parts.append("brokers no open triads")
    return parts[0] + ": " + "; ".join(parts[1:])


def _tie_break(row: ConnectorRow, peers: Sequence[ConnectorRow], measure: str) -> str:
    """The clause saying how ``row`` was ordered among ``peers``, the rows equal to it on the
    ranking ``measure``: by partners in other groups, then by sources recording its ties."""
    if not peers:
        return ""
    text = f"; equal on {measure} with {some([p.name for p in peers], 3)}, ordered by {row.cross_group_partners} "
    text += "partners in other groups"
    if any(p.cross_group_partners == row.cross_group_partners for p in peers):
        text += f", then {row.sources} sources recording its ties"
    return text


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


def _outside(ties: nx.Graph, inside: set[str]) -> dict[str, list[str]]:
    """Each organisation of ``inside`` with ties beyond it: its partners outside, in id order."""
    found = {}
    for n in sorted(inside):
        beyond = sorted(m for m in ties[n] if m not in inside)
        if beyond:
            found[n] = beyond
    return found


def _beyond_by_money(every: nx.Graph, money: nx.Graph, outside: dict[str, list[str]]) -> list[str]:
    """The names of the bodies outside a place tied to it by funding alone (``outside``: each
    body inside and its partners outside in ``money``), the most tied first."""
    counts: dict[str, int] = {}
    for n, beyond in outside.items():
        for m in beyond:
            if not every.has_edge(n, m):
                counts[m] = counts.get(m, 0) + 1
    return [money.nodes[m]["name"] for m in sorted(counts, key=lambda m: (-counts[m], m))]


def _scores_on(ties: nx.Graph, groups: dict[str, str], focus: Sequence[str] | None, node: str) -> bool:
    """Whether ``node`` brokers in ``ties``: it links two partners not tied to each other (what
    makes betweenness above zero), across the focus groups if there is a focus."""
    if focus:
        return open_pairs_between(ties, groups, focus[0], focus[1], node) > 0
    return sum(brokerage_roles(ties, groups, [node])[node].values()) > 0


def _organisations(n: int) -> str:
    """A count of organisations in words: "no organisations", "1 organisation", "3 organisations"."""
    return f"{n or 'no'} organisation{'' if n == 1 else 's'}"


def _no_ties(
    graph: AssetGraph, organisations: int, rels: frozenset[Relation], funding: int, every: nx.Graph, where: str | None
) -> str:
    """Why ``organisations`` have no ties that count: with a place (``where``) whose bodies the
    graph's ties (``every``) all pass by, that; else what the relations read (``rels``, FUNDS
    apart) link instead (:func:`.collaboration.untied`), and those the graph holds that were not
    asked for (the funding ties seen are a note of their own)."""
    counted = rels - {Relation.FUNDS}
    if where is not None and organisations < 2:
        return f"{_organisations(organisations)} located in or serving {where}: no ties to rank."
    if where is not None and every.number_of_edges():
        return (
            f"No ties among the {organisations} organisations located in or serving {where} to rank: "
            f"none of the graph's {every.number_of_edges()} ties between organisations joins two of them."
        )
    start = f"No ties between the {organisations} organisations to rank"
    if counted == COLLABORATION - {Relation.FUNDS}:
        return start + (" other than funding" if funding else "") + f": {untied(graph, counted)}."
    held = {r: sum(1 for _ in graph.ends(r)) for r in sorted(COLLABORATION - rels)}
    left = [f"{n} {r.value}" for r, n in held.items() if n]
    return (
        f"{start} by {', '.join(sorted(r.value for r in counted)) or 'funding alone'}"
        + (f": {untied(graph, counted)}" if counted else "")
        + (f"; the graph's {some(left)} records are not among the relations asked for" if left else "")
        + "."
    )


def _ungrouped(groups: dict[str, str], between: str) -> str | None:
    """The note for organisations the grouping cannot place (no sector, scale or place)."""
    if between not in UNGROUPED:
        return None
    label, what = UNGROUPED[between]
    supply = (
        "their postcodes or the areas they serve, or group them by sector or community"
        if between == "place"
        else f"a {what} to their records (a {what} column in a table source), or group them by place or community"
    )
    return missing(what, sum(1 for g in groups.values() if g == label), len(groups), "organisations", supply)


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
    relations: Iterable[Relation | str] = COLLABORATION,
    place: str | None = None,
) -> ConnectorsResult:
    """Organisations ranked by how they connect groups, and apart, the bodies that connect
    others only by funding.

    Parameters
    ----------
    graph : the asset graph
    between : the grouping, one of ``sector``, ``scale``, ``place``, ``community``
    focus : two groups; rank by the open triads linking one to the other
    top : the most rows to return (None: all that score); fewer when fewer score, said in ``notes``;
        the same bound for the funders
    exact_limit, samples, seed : exact betweenness up to ``exact_limit`` organisations, else
        ``samples`` sampled sources drawn with ``seed``
    progress : hears of the betweenness sources searched (see :mod:`assetgraph.progress`)
    derived_ties : count the ties the data implies (same venue, same programme, co-funding) as ties
    relations : the relations whose ties count (names or Relations, of :data:`COLLABORATION`);
        FUNDS among them is read only to list the funders, never as brokerage
    place : a place (name, id, code or postcode): only the organisations located in or serving
        it or a place within it; ties across its boundary are counted in ``cross_boundary_ties``
        and each connector's ``outside_partners``

    Raises
    ------
    QueryError : an unknown grouping or relation, or a focus group no organisation is in
    NodeNotFound : a place the graph does not hold

    Examples
    --------
    >>> from assetgraph.loaders import load, SEED
    >>> top = connectors(load(SEED), between="scale", top=2)
    >>> [row.rank for row in top.rows], top.grouping
    ([1, 2], 'scale')
    >>> connectors(load(SEED), relations=["PARTNERS_WITH"], place="Cardiff").place
    'Cardiff'
    """
    if samples < 2:
        raise QueryError("betweenness needs at least 2 sampled sources")
    if between not in GROUPINGS:
        raise QueryError(f"unknown grouping {between!r}; expected one of: {', '.join(GROUPINGS)}")
    rels = check_relations(relations)
    counted = rels - {Relation.FUNDS}
    every = collaboration_graph(graph, counted, derived=derived_ties)
    money_all = collaboration_graph(graph, rels, derived=derived_ties) if Relation.FUNDS in rels else every
    where = graph.node(find_place(graph, place)) if place is not None else None
    if where:
        inside = bodies_in(graph, where.id)
        ties, money = every.subgraph(inside).copy(), money_all.subgraph(inside).copy()
    else:
        inside, ties, money = set(every), every, money_all
    outside = _outside(every, inside) if where else {}
    outside_money = _outside(money_all, inside) if where else {}
    cross = sum(map(len, outside.values()))
    cross_money = sum(map(len, outside_money.values())) - cross
    funding = money.number_of_edges() - ties.number_of_edges()
    groups = group_nodes(graph, ties, between, seed)
    if focus:
        if len(focus) != 2:
            raise QueryError(f"a focus names two groups, not {len(focus)}")
        known = sorted(set(groups.values()))
        for name in focus:
            if name not in known:
                raise QueryError(f"no organisation is in group {name!r} of {between}; groups: {', '.join(known)}")
    bc, method, k = ({}, "none", None)
    if ties.number_of_edges():
        bc, method, k = _betweenness(ties, exact_limit, samples, seed, progress)
    focus_pairs = {n: open_pairs_between(ties, groups, focus[0], focus[1], n) for n in ties} if focus else {}
    scoring = [n for n in ties if (focus_pairs[n] if focus else bc.get(n, 0)) > 0]
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
            outside_partners=len(outside.get(n, ())),
        )
        beyond = [every.nodes[m]["name"] for m in outside.get(n, ())]
        row.explanation = _explain(row, focus, beyond, where.name if where else None)
        rows.append(row)
    score = {row.id: (focus_pairs.get(row.id, 0), round(bc[row.id], 9)) for row in rows}
    equal: defaultdict[tuple, list[ConnectorRow]] = defaultdict(list)
    for row in rows:
        equal[score[row.id]].append(row)
    for row in rows:
        peers = [r for r in equal[score[row.id]] if r is not row]
        row.explanation += _tie_break(row, peers, "open triads" if focus else "betweenness")
    brokers = set(scoring)
    funding_only = [n for n in money if n not in brokers and grantees(money, n) and _scores_on(money, groups, focus, n)]
    beyond_grantees = (
        {f: sum(1 for m in grantees(money_all, f) if m not in inside) for f in funding_only} if where else None
    )
    funders = funder_rows(graph, money, funding_only, groups, beyond_grantees, where.name if where else None)
    notes: list[str] = []
    if where:
        notes.append(
            f"Asked only about the {_organisations(len(inside))} located in or serving {where.name} or a place "
            "within it (themselves or through what they run)."
        )
        if cross:
            notes.append(
                f"{cross} ties cross its boundary (one end inside, one outside): they are not counted in the "
                "ranking; each connector's outside partners says how many it has."
            )
        if cross_money:
            notes.append(
                f"{cross_money} funding ties cross its boundary, with bodies outside it such as "
                f"{some(_beyond_by_money(every, money_all, outside_money), 3)}: not counted here."
            )
    if funding:
        notes.append(
            f"{funding} funding ties (grants, co-funding) are not counted as brokerage: the {len(funders)} bodies "
            "that connect others only through them are listed apart as funders."
        )
    if (ties.number_of_edges() or funders) and (sentence := _ungrouped(groups, between)):
        notes.append(sentence)
    measure = f"open triads between {focus[0]} and {focus[1]}" if focus else "betweenness above zero"
    if top is not None and 0 < len(scoring) < top:
        notes.append(
            f"Only {len(scoring)} of {ties.number_of_nodes()} organisations score ({measure}); "
            f"none is listed to fill the top {top}."
        )
    note = None
    if where and not inside:
        total = every.number_of_nodes()
        placed = len(bodies_at(graph, placed_at(graph)))
        note = f"No organisation is located in or serves {where.name} or a place within it: nothing to rank there."
        supply = "their postcodes or the areas they serve"
        if sentence := missing("place", total - placed, total, "organisations", supply):
            notes.append(sentence)
    elif not ties.number_of_edges():
        note = _no_ties(graph, ties.number_of_nodes(), rels, funding, every, where.name if where else None)
    elif not scoring:
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
        relations=sorted(r.value for r in rels),
        place=where.name if where else None,
        place_id=where.id if where else None,
        cross_boundary_ties=cross,
        cross_boundary_funding_ties=cross_money,
        funding_ties=funding,
        funders=funders if top is None else funders[:top],
        funders_found=len(funders),
    )

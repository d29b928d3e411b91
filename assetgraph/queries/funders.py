"""Funders: bodies that connect others only by their grants.

A funder's grants tie it to every grantee, so on a graph where money is counted as a tie it
sits between them all, and would rank first as a "broker" between groups that share nothing
but a funder. The connectors question therefore ranks brokers on the ties other than funding
and lists, apart, the bodies that score only once funding is counted: how many organisations
each funds, with how many grants, the total amount in each currency where the grants give
one, and the groups and places of its grantees (bounded in the explanation).

>>> import networkx as nx
>>> money = nx.Graph()
>>> money.add_nodes_from(["fund", "a", "b"], name="x")
>>> money.add_edges_from([("fund", "a"), ("fund", "b")], via={("fund", "FUNDS", "a")})
>>> sorted(grantees(money, "fund"))
['a', 'b']
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx
from pydantic import BaseModel

from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import Relation
from .bounded import some
from .collaboration import EdgeRef
from .grouping import place_group

__all__ = ["FunderRow", "grantees", "funder_rows", "amount_text"]

_FUNDS = Relation.FUNDS.value


class FunderRow(BaseModel):
    """A body whose ties to others are its grants: what it funds, where and how much."""

    rank: int
    id: str
    name: str
    group: str
    #: organisations it funds (those standing for a funded initiative or service included)
    funds: int
    #: grants (FUNDS records) to them
    grants: int
    #: currency -> total amount of the grants that give both
    amounts: dict[str, float]
    #: grants with no amount or no currency recorded
    unpriced_grants: int
    #: grantees by group of the grouping asked for, most first
    grantee_groups: dict[str, int]
    #: grantees by their council (or smallest place), most first; "unplaced" for none. Each grantee
    #: is counted once, where it is most precisely placed (a recipient's address rather than the
    #: wider area it serves): funding dependence counts a body in every council it is in or serves
    grantee_places: dict[str, int]
    #: grantees outside the place asked for (not counted above)
    outside_grantees: int = 0
    explanation: str = ""


def grantees(money: nx.Graph, funder: str) -> dict[str, set[EdgeRef]]:
    """The organisations ``funder`` funds in the collaboration graph ``money``, each with the
    FUNDS records of that funder the tie rests on."""
    found = {}
    for other in money[funder]:
        refs = {ref for ref in money.edges[funder, other]["via"] if ref[0] == funder and ref[1] == _FUNDS}
        if refs:
            found[other] = refs
    return found


def amount_text(row: FunderRow) -> str:
    """The amounts of ``row`` as "GBP 1,200" per currency, and the grants with none."""
    parts = [f"{currency} {total:,.0f}" for currency, total in sorted(row.amounts.items())]
    if row.unpriced_grants:
        parts.append(f"{row.unpriced_grants} grant(s) without an amount")
    return "; ".join(parts)


def _tally(counts: Mapping[str, int]) -> str:
    return some([f"{name} {n}" for name, n in counts.items()])


def _explain(row: FunderRow, place: str | None) -> str:
    money = amount_text(row)
    text = (
        f"{row.name} ({row.group}) funds {row.funds} organisations by {row.grants} grants"
        + (f" ({money})" if money else "")
        + f"; grantees by group: {_tally(row.grantee_groups)}; by place, each once where most precisely placed: "
        + _tally(row.grantee_places)
    )
    if row.outside_grantees:
        text += f"; and {row.outside_grantees} grantees outside {place}"
    return text + "; it ties them by money only, so it is not ranked as a broker"


def funder_rows(
    graph: AssetGraph,
    money: nx.Graph,
    funders: Iterable[str],
    groups: Mapping[str, str],
    outside: Mapping[str, int] | None = None,
    place: str | None = None,
) -> list[FunderRow]:
    """A row for each of ``funders`` in ``money`` (the collaboration graph with FUNDS), the
    widest funders first (organisations funded, then grants, then id).

    ``groups`` gives each organisation's group; ``outside`` how many grantees each funder has
    outside ``place`` (the name of the place asked for, if any)."""
    funded = {f: grantees(money, f) for f in funders}
    wanted = {ref for refs in funded.values() for rs in refs.values() for ref in rs}
    grants: defaultdict[EdgeRef, list[tuple[float | None, str | None]]] = defaultdict(list)
    for source, target, _, (amount, currency) in graph.edge_values(Relation.FUNDS, "amount", "currency"):
        if (source, _FUNDS, target) in wanted:
            grants[(source, _FUNDS, target)].append((amount, currency))
    rows = []
    for funder, reached in funded.items():
        made = [grant for ref in {r for rs in reached.values() for r in rs} for grant in grants[ref]]
        amounts: defaultdict[str, float] = defaultdict(float)
        for amount, currency in made:
            if amount is not None and currency:
                amounts[currency] += amount
        rows.append(
            FunderRow(
                rank=0,
                id=funder,
                name=money.nodes[funder]["name"],
                group=groups[funder],
                funds=len(reached),
                grants=len(made),
                amounts={c: round(total, 2) for c, total in sorted(amounts.items())},
                unpriced_grants=sum(1 for amount, currency in made if amount is None or not currency),
                grantee_groups=dict(Counter(groups[g] for g in sorted(reached)).most_common()),
                grantee_places=dict(Counter(place_group(graph, g) for g in sorted(reached)).most_common()),
                outside_grantees=(outside or {}).get(funder, 0),
            )
        )
    rows.sort(key=lambda r: (-r.funds, -r.grants, r.id))
    for rank, row in enumerate(rows, 1):
        row.rank = rank
        row.explanation = _explain(row, place)
    return rows

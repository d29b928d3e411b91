"""Funding dependence: the bodies one funder alone pays for, place by place.

Money is dependence, not brokerage: a funder's star of grants says its recipients rely on it,
not that it joins them up. So a body whose grants in a window all come from one funder is
dependent on that funder, counted per council where the body is placed (or in one place asked).

Which grants count: a grant (a FUNDS tie) is **active** in the window from ``since`` to
``as_of`` (both included) when its planned period, start date to end date, overlaps the window.
A grant with only one planned date runs on that date alone; one with no planned dates is placed
at its award date. A grant with no date at all cannot be placed in time: it is counted apart
(:attr:`Dependence.undated`) and said in a note, never taken as active. By default the window is
the :data:`DEFAULT_YEARS` years up to ``as_of``, which defaults to today.

>>> import datetime as dt
>>> window(dt.date(2025, 6, 1))
(datetime.date(2022, 6, 1), datetime.date(2025, 6, 1))
>>> awarded, start, end = dt.date(2019, 5, 1), dt.date(2021, 1, 1), dt.date(2023, 6, 30)
>>> active(awarded, start, end, since=dt.date(2023, 1, 1), as_of=dt.date(2025, 1, 1))
True
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..errors import QueryError
from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import PlaceLevel, Relation
from .collaboration import bodies_in
from .places import asset_places, enclosing_sets

__all__ = ["DEFAULT_YEARS", "Dependence", "Funded", "active", "funding_dependence", "parse_since", "window"]

#: how many years up to today a grant counts by default
DEFAULT_YEARS = 3


def window(as_of: dt.date, since: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(since, as_of): ``since`` as given, or :data:`DEFAULT_YEARS` years before ``as_of``
    (29 February falling on the 28th).

    Raises QueryError where ``since`` is after ``as_of``: a window that ends before it starts
    would count no grant and say nothing of why.
    """
    if since is not None and since > as_of:
        raise QueryError(f"the window of grants starts on {since.isoformat()}, after it ends on {as_of.isoformat()}")
    if since is None:
        try:
            since = as_of.replace(year=as_of.year - DEFAULT_YEARS)
        except ValueError:
            since = as_of.replace(year=as_of.year - DEFAULT_YEARS, day=28)
    return since, as_of


def parse_since(text: str) -> dt.date:
    """The start of a window of grants ending today, written YYYY-MM-DD.

    Raises QueryError for text that is not such a date, or a date after today.

    >>> parse_since("2024-02-29")
    datetime.date(2024, 2, 29)
    """
    try:
        since = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise QueryError(f"{text!r} is not a date written YYYY-MM-DD") from None
    window(dt.date.today(), since)
    return since


def active(
    award: dt.date | None, start: dt.date | None, end: dt.date | None, since: dt.date, as_of: dt.date
) -> bool | None:
    """Whether a grant is active in the window (see the module text); None when it has no date."""
    first = start or end or award
    last = end or start or award
    if first is None or last is None:
        return None
    return first <= as_of and last >= since


@dataclass
class Funded:
    """One funder's sole dependants in one place: the bodies (largest sum received first), the
    sums by currency ("" where a grant names none) and the grants counted."""

    place: str | None
    funder: str
    bodies: list[str]
    amounts: dict[str, float]
    grants: int


@dataclass
class Dependence:
    """What :func:`funding_dependence` finds, with the figures its notes need."""

    since: dt.date
    as_of: dt.date
    rows: list[Funded] = field(default_factory=list)
    #: every grant, those active in the window, those with no date at all
    grants: int = 0
    active: int = 0
    undated: int = 0
    #: the latest date of any grant (its end, start or award), where there is one
    latest: dt.date | None = None
    #: bodies funded by one funder alone in the window, and those of them with no place (with
    #: no place asked: in no council)
    dependent: int = 0
    unplaced: int = 0


def _date(value: str | dt.date | None) -> dt.date | None:
    """A date as :meth:`AssetGraph.edge_values` gives it: text from a graph read from a file,
    a date from one built in memory."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _councils(graph: AssetGraph) -> dict[str, frozenset[str]]:
    """Each place mapped to the councils it is, or lies within."""
    levels = dict(graph.node_values("place", "level"))
    council = PlaceLevel.LOCAL_AUTHORITY.value
    return {p: frozenset(q for q in around if levels[q][0] == council) for p, around in enclosing_sets(graph).items()}


def funding_dependence(
    graph: AssetGraph,
    place: str | None = None,
    *,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
) -> Dependence:
    """The bodies funded by exactly one funder in the window, grouped by place and funder.

    Parameters
    ----------
    place : a place id: only bodies located in or serving it (or a place within it), counted
        there; default each council a body is placed in
    since, as_of : the window (see :func:`window`); ``as_of`` defaults to today

    Examples
    --------
    >>> import datetime as dt
    >>> from assetgraph.loaders import load, SEED
    >>> found = funding_dependence(load(SEED), as_of=dt.date(2020, 1, 1))
    >>> found.since
    datetime.date(2017, 1, 1)
    """
    since, as_of = window(as_of or dt.date.today(), since)
    found = Dependence(since=since, as_of=as_of)
    received: defaultdict[str, defaultdict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    counted: defaultdict[tuple[str, str], int] = defaultdict(int)
    fields = ("amount", "currency", "award_date", "start_date", "end_date")
    for funder, body, _, (amount, currency, *dates) in graph.edge_values(Relation.FUNDS, *fields):
        award, start, end = map(_date, dates)
        found.grants += 1
        known = [d for d in (award, start, end) if d]
        if known:
            found.latest = max([found.latest, *known] if found.latest else known)
        state = active(award, start, end, since, as_of)
        if state is None:
            found.undated += 1
        if not state:
            continue
        found.active += 1
        counted[(funder, body)] += 1
        sums = received[body][funder]
        sums[currency or ""] = sums.get(currency or "", 0.0) + (amount or 0.0)
    sole = {body: next(iter(funders)) for body, funders in received.items() if len(funders) == 1}
    found.dependent = len(sole)
    members = bodies_in(graph, place) if place else None
    councils = _councils(graph)
    groups: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for body, funder in sole.items():
        placed = asset_places(graph, body)
        if members is not None:
            where = {place} if body in members else set()
        else:
            where = {c for p in placed for c in councils.get(p, ())}
        found.unplaced += not (where if members is None else placed)
        for p in where:
            groups[(p, funder)].append(body)  # type: ignore[index]
    for (p, funder), bodies in groups.items():
        amounts: dict[str, float] = {}
        for body in bodies:
            for currency, amount in received[body][funder].items():
                amounts[currency] = amounts.get(currency, 0.0) + amount
        bodies.sort(key=lambda b: (-sum(received[b][funder].values()), graph.node(b).name, b))
        grants = sum(counted[(funder, b)] for b in bodies)
        found.rows.append(Funded(p, funder, bodies, amounts, grants))
    found.rows.sort(key=lambda r: (-len(r.bodies), -sum(r.amounts.values()), r.place or "", r.funder))
    return found

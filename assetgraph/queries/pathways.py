"""Pathways: how a person gets from where they are to help for a need.

A route follows the relations people are actually passed along (signposting, referral, who runs
what, memberships, partnerships), each with a cost (:data:`DEFAULT_COSTS`, overridable). A tie's
``trust`` or ``strength`` (0 to 1) scales its cost by ``1.5 - value``: a strong tie is cheaper,
a weak one dearer, and 0.5 leaves it as it is.

A start is a node, or a resident of a place. A resident enters through the community-level
assets (neighbourhood or local scale) located in or serving their place, or a place enclosing it
up to its local authority (:data:`ENTRY_COST`). National and regional services can also be
approached directly, at the :data:`COLD_APPROACH` cost: people meet barriers with services they
don't know, which is why trusted local intermediaries such as Health Champions exist. So a route
through a local intermediary wins where one exists, and the direct approach is still reported
where none does.

A service's ``attending_access`` weighs too: one that takes people only on referral costs
:data:`REFERRAL_NEEDED` more by any step but a referral, and approaching one a person may walk
into or refer themselves to costs :data:`OPEN_DOOR` of the cold approach.

The goal is a node (given by name, with the services it runs under that name, as directories
publish a body and its service alike; given by id, that node only), or a need: the assets that
ADDRESS a theme and serve the start's place or a place enclosing it, or are located in its
council or a place within it (a venue there, as the gaps question's coverage counts it inside).
A resident may enter through such a venue's community assets too. Where nothing inside answers,
or the question asks for anywhere, the goal widens to the theme's providers outside.

Routes stay in the start's council (:mod:`.route_area`) unless nothing inside answers or the
question asks for anywhere, and then say so. Routes of equal cost are ranked by how a person gets
in, how near, how recent (:mod:`.route_order`), and each says which rule placed it
(``order_reason``). Every step cites what put it there: a resident's first step, the link that
placed the asset in their area (naming the rule where it was inferred); a service, who runs it.

>>> from assetgraph.loaders import load, SEED
>>> result = pathways(load(SEED), resident_of="Pentwyn", need="smoking")
>>> [step.to_name for step in result.routes[0].steps]
['Health Champions', 'Stop Smoking Wales']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import networkx as nx
from pydantic import BaseModel

from ..collector import collector_paused
from ..errors import QueryError
from ..geography.lookup import find_place
from ..graphmodel.edges import Edge
from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import Node, Service
from ..graphmodel.provenance import Provenance
from ..graphmodel.vocabulary import AttendingAccess, NodeKind, PlaceLevel, Relation, Scale
from ..kept import kept, kept_or
from ..render import Table
from .costs import COLD_APPROACH, DEFAULT_COSTS, ENTRY_COST, OPEN_DOOR, REFERRAL_NEEDED, Costs, parse_cost, parse_costs
from .coverage import coverage_cells, themeless
from .evidence import described, graph_folder
from .notes import missing
from .places import (
    LEVEL_ORDER,
    asset_places,
    enclosed,
    enclosing_sets,
    local_area,
    placed_at,
    providers_at,
    within_graph,
)
from .route_area import councils_of, located_within, outside
from .route_order import (
    ACCESS_UNKNOWN,
    UNPLACED,
    Standing,
    access_rank,
    destinations_first,
    distance,
    newest_date,
)
from .routing import Arc, k_cheapest_paths
from .routing_graph import RoutingGraph, entering, referral_only, routing_graph

__all__ = [
    "DEFAULT_COSTS",
    "ENTRY_COST",
    "COLD_APPROACH",
    "REFERRAL_NEEDED",
    "OPEN_DOOR",
    "Costs",
    "Step",
    "Route",
    "PathwaysResult",
    "parse_cost",
    "parse_costs",
    "routing_graph",
    "pathways",
]


_ASSETS = frozenset({NodeKind.ORGANISATION, NodeKind.INITIATIVE, NodeKind.SERVICE, NodeKind.PARTNERSHIP})
_PLACING = (Relation.LOCATED_IN, Relation.SERVES)
_START, _SINK = ("start",), ("goal",)


def _attending(graph: AssetGraph, node: str) -> AttendingAccess | None:
    found = graph.node(node)
    return found.attending_access if isinstance(found, Service) else None


class Step(BaseModel):
    """One step of a route: to which node, by which relation, why, and what put it there
    (``provenance`` and, in words, ``cites``: for a resident's first step the link placing the
    asset in their area, with the rule where it was inferred). ``runner``/``runner_id``: who
    runs the node (RUNS), names and ids joined by ", " where several do."""

    to_id: str
    to_name: str
    to_kind: str
    relation: str
    direction: str | None
    cost: float
    note: str
    provenance: list[Provenance]
    cites: str = ""
    runner: str | None = None
    runner_id: str | None = None

    def shown(self, after: str | None = None) -> str:
        """The node's name, with who runs it, unless that is the node ``after`` which the
        route comes (it says so already) or bears the same name."""
        if not self.runner or self.runner == self.to_name or after in (self.runner_id or "").split(", "):
            return self.to_name
        return f"{self.to_name} (run by {self.runner})"


class Route(BaseModel):
    """A route, with what ranked it among routes of equal cost: its destination's ``access``,
    ``distance`` from the start and ``newest`` record date, and ``order_reason``, the rule that
    placed it ("cost", "access: drop in", "distance: same neighbourhood", "recency: 2024-12-10",
    or "tie" where none did). ``outside_council``: it passes outside the start's council."""

    rank: int
    cost: float
    hops: int
    target_id: str
    target_name: str
    steps: list[Step]
    explanation: str
    order_reason: str = "cost"
    access: str | None = None
    distance: str | None = None
    newest: str | None = None
    outside_council: bool = False

    def text(self, start: str) -> str:
        """The route as names from ``start``, each with who runs it (unless the route comes
        from them)."""
        before = [None, *(s.to_id for s in self.steps)]
        return " -> ".join([start, *(s.shown(b) for b, s in zip(before, self.steps, strict=False))])


class PathwaysResult(BaseModel):
    """Routes cheapest first; where there are none, ``nearest`` says what is closest.
    ``council``: the council routes keep to (empty where the start has none); ``notes``: what
    the reader should know (routes leaving it, missing themes, places, access or dates)."""

    start: str
    goal: str
    targets: list[str]
    routes: list[Route]
    nearest: list[str]
    costs: dict[str, list[float | None]]
    council: list[str] = []
    notes: list[str] = []

    def tables(self) -> list[Table]:
        rows = [
            [
                str(r.rank),
                f"{r.cost:g}",
                str(r.hops),
                r.target_name + (" (outside the council)" if r.outside_council else ""),
                r.text(self.start),
                r.order_reason,
                r.explanation,
                "yes" if r.outside_council else "",
                (r.steps[-1].runner or "") if r.steps else "",
                " | ".join(s.cites for s in r.steps),
            ]
            for r in self.routes
        ]
        return [
            Table(
                "Routes",
                ["rank", "cost", "hops", "reaches", "route", "order", "why", "outside council", "runner", "cites"],
                rows,
                heading="\n".join(
                    [f"From {self.start} to {self.goal}: {len(self.targets)} possible destination(s)", *self.notes]
                ),
                widths={"why": 50},
                csv_only=["outside council", "runner", "cites"],
            )
        ]


def _community_level(graph: AssetGraph, asset: str) -> bool:
    scale = getattr(graph.node(asset), "scale", None)
    if scale is not None:
        return scale in (Scale.NEIGHBOURHOOD, Scale.LOCAL)
    # a place with no level is a site (a directory's venue, an address): finer than any level
    levels = [graph.node(p).level for p in asset_places(graph, asset)]  # type: ignore[attr-defined]
    return bool(levels) and all(
        lv is None or LEVEL_ORDER[lv] >= LEVEL_ORDER[PlaceLevel.LOCAL_AUTHORITY] for lv in levels
    )


def _wide_reaching(graph: AssetGraph, asset: str) -> bool:
    scale = getattr(graph.node(asset), "scale", None)
    if scale is not None:
        return scale in (Scale.NATIONAL, Scale.REGIONAL)
    levels = [graph.node(p).level for p in asset_places(graph, asset)]  # type: ignore[attr-defined]
    return any(lv is not None and LEVEL_ORDER[lv] <= LEVEL_ORDER[PlaceLevel.REGION] for lv in levels)


def _placed_in(graph: AssetGraph, places: Sequence[str]) -> list[str]:
    kinds, by_place = graph.kinds(), placed_at(graph)
    return list(dict.fromkeys(a for place in places for a in by_place.get(place, ()) if kinds[a] in _ASSETS))


def _targets(graph: AssetGraph, theme: str, start_places: Sequence[str], councils: frozenset[str] | None) -> list[str]:
    """The theme's providers for a start in ``start_places``: those serving one of them or a
    place enclosing it (a coverage cell's direct and wider providers) and those located in
    ``councils`` or a place within them; every provider where the start has no place or
    ``councils`` is None (the goal widened)."""
    everyone = {a for assets in providers_at(graph).get(theme, {}).values() for a in assets}
    if not start_places or councils is None:
        return sorted(everyone)
    serving = {a for cell in coverage_cells(graph, start_places, [theme]) for a in cell.direct | cell.wider}
    return sorted(serving | (everyone & located_within(graph, councils)))


def _providers_by_distance(graph: AssetGraph, theme: str, place: str | None) -> list[str]:
    providers = sorted({e.source for e in graph.edges(Relation.ADDRESSES, node=theme)})
    if place is None:
        return providers
    hops = nx.single_source_shortest_path_length(within_graph(graph).to_undirected(as_view=True), place)
    far = len(hops) + 1
    return sorted(providers, key=lambda p: (min((hops.get(x, far) for x in asset_places(graph, p)), default=far), p))


def _described(graph: AssetGraph, providers: Sequence[str]) -> str:
    """The first five of ``providers``, each with its places."""
    described = []
    for p in providers[:5]:
        places = sorted(graph.node(x).name for x in asset_places(graph, p)) or ["no place recorded"]
        described.append(f"{graph.node(p).name} ({', '.join(places)})")
    return "; ".join(described)


def _nearest(
    graph: AssetGraph,
    start_node: str,
    theme: str | None,
    targets: Sequence[str],
    place: str | None,
    away: frozenset[str],
    council: str,
) -> list[str]:
    """What is closest when there is no route at all: the missing link, or providers elsewhere
    (``away``: outside the start's ``council``, named) and in the council serving other places."""
    if targets:
        undirected = graph.nx.to_undirected(as_view=True)
        lengths = nx.single_source_shortest_path_length(undirected, start_node)
        reachable = sorted((lengths[t], graph.node(t).name, t) for t in targets if t in lengths)
        if not reachable:
            return [f"Nothing links the start to {', '.join(graph.node(t).name for t in targets)} in the graph at all."]
        _, name, t = reachable[0]
        chain = " - ".join(graph.node(n).name for n in nx.shortest_path(undirected, start_node, t))
        return [
            f"Nearest: {name}, linked only by relations no one is passed along: {chain}. A signposting or referral "
            f"link here would open a route."
        ]
    if theme is None:
        return []
    providers = _providers_by_distance(graph, theme, place)
    if not providers:
        return [f"No asset in the graph addresses {graph.node(theme).name}."]
    where = f" serves {graph.node(place).name}" if place else " serves the start's place"
    home = [p for p in providers if p not in away] if council else []
    elsewhere = [p for p in providers if p not in home]
    said = [f"Nearest elsewhere: {_described(graph, elsewhere)}."] if elsewhere else []
    said += [f"In {council}, serving other places: {_described(graph, home)}."] if home else []
    return [" ".join([f"No asset addressing {graph.node(theme).name}{where}.", *said])]


@collector_paused()
def pathways(
    graph: AssetGraph,
    *,
    start: str | None = None,
    resident_of: str | None = None,
    need: str | None = None,
    to: str | None = None,
    k: int = 3,
    max_hops: int = 6,
    via: str | None = None,
    avoid: Sequence[str] = (),
    costs: Mapping[Relation, Costs] = DEFAULT_COSTS,
    cold_approach: float = COLD_APPROACH,
    anywhere: bool = False,
) -> PathwaysResult:
    """Up to ``k`` signposting and referral routes from a start to help, cheapest first.

    Parameters
    ----------
    start : a node (id, name or alias), or
    resident_of : a place whose resident is starting out (a postcode or sector names its council)
    need : a theme the destination must ADDRESS (and serve the start's place), or
    to : a destination node
    k, max_hops : how many routes, and how many steps each may take
    via : a node kind every route must pass through (e.g. ``person``)
    avoid : nodes no route may pass through
    costs, cold_approach : relation costs (:func:`parse_costs`) and the cold approach cost
    anywhere : let routes leave the start's council even where help exists inside it

    Raises
    ------
    QueryError : not exactly one start or one goal; NodeNotFound : an unknown name

    Examples
    --------
    >>> from assetgraph.loaders import load, SEED
    >>> best = pathways(load(SEED), start="CHEX", to="Public Health Scotland", k=1).routes[0]
    >>> [step.to_name for step in best.steps][-1]
    'Public Health Scotland'
    """
    if (start is None) == (resident_of is None):
        raise QueryError("give a start node or the place a resident lives in, not both or neither")
    if (need is None) == (to is None):
        raise QueryError("give a need (a theme) or a destination node, not both or neither")
    if k < 1 or max_hops < 1:
        raise QueryError("k and max hops must be at least 1")
    origin = _origin(graph, start, resident_of)
    councils = councils_of(graph, origin.places)
    away = outside(graph, councils) - {origin.anchor}
    home = _goal(graph, origin, councils, need, to, avoid, cold_approach)
    goal = _goal(graph, origin, None, need, to, avoid, cold_approach) if anywhere else home
    routing, kind = routing_graph(graph, costs), NodeKind(via) if via else None
    search = _Search(graph, routing, origin, goal.targets, kind)
    found = search.cheapest(k, max_hops, goal.banned if anywhere else goal.banned | away) if goal.targets else []
    left = False
    if not anywhere and not found and away:
        wider = _goal(graph, origin, None, need, to, avoid, cold_approach)
        further = _Search(graph, routing, origin, wider.targets, kind)
        found = further.cheapest(k, max_hops, wider.banned) if wider.targets else []
        if found:
            goal, search, left = wider, further, True
    folder = graph_folder(graph)
    routes = _ranked(graph, search, origin, found, k, away, folder)
    nearest: list[str] = []
    if not routes and goal.targets:
        nearest = search.without_limits(max_hops, avoid, goal.banned)
    if not routes and not nearest:
        where = " and ".join(sorted(graph.node(c).name for c in councils))
        nearest = _nearest(graph, origin.anchor, goal.theme, sorted(home.targets), origin.place, away, where)
    notes = _notes(graph, origin, goal, routes, nearest, councils, left, anywhere)
    return PathwaysResult(
        start=origin.label,
        goal=goal.label,
        targets=_labels(graph, sorted(goal.targets)),
        routes=routes,
        nearest=nearest,
        costs={r.value: [c.forward, c.reverse] for r, c in costs.items()}
        | {
            "ENTRY": [ENTRY_COST],
            "COLD_APPROACH": [cold_approach],
            "REFERRAL_NEEDED": [REFERRAL_NEEDED],
            "OPEN_DOOR": [OPEN_DOOR],
        },
        council=sorted(graph.node(c).name for c in councils),
        notes=notes,
    )


def _ranked(
    graph: AssetGraph,
    search: _Search,
    origin: _Origin,
    found: list,
    k: int,
    away: frozenset[str],
    folder: PurePath | None,
) -> list[Route]:
    """The k best of ``found`` (the cheapest routes and all tied with the k-th), ranked by
    :class:`Standing` and told which rule placed each (against all of ``found``, so that the
    one route kept of several tied says why it won). Routes that differ come first: the best
    route to each destination, then the other routes to destinations already listed
    (:data:`ANOTHER_ROUTE`)."""
    standings = sorted(
        (
            Standing(
                cost=cost,
                entry=access_rank(graph, path[1]),
                access=access_rank(graph, path[-2]),
                distance=distance(graph, origin.places, path[-2]),
                newest=newest_date(graph, path[-2]),
                route=tuple(path[1:-1]),
            )
            for cost, path in found
        ),
        key=Standing.key,
    )
    standings, reasons = destinations_first(standings)
    routes = []
    for rank, (standing, reason) in enumerate(zip(standings[:k], reasons, strict=False), 1):
        path = [_START, *standing.route, _SINK]
        route = _route(graph, search.routes, origin, rank, standing.cost, path, folder)
        routes.append(
            route.model_copy(
                update={
                    "order_reason": reason,
                    "access": standing.access[1],
                    "distance": standing.distance[1],
                    "newest": standing.newest.isoformat() if standing.newest else None,
                    "outside_council": not away.isdisjoint(standing.route),
                }
            )
        )
    return routes


def _notes(
    graph: AssetGraph,
    origin: _Origin,
    goal: _Goal,
    routes: list[Route],
    nearest: list[str],
    councils: frozenset[str],
    left: bool,
    anywhere: bool,
) -> list[str]:
    """What the reader should know about the answer: why it is empty, where it leaves the
    council, and what data the ranking lacked."""
    where = " and ".join(sorted(graph.node(c).name for c in councils))
    notes: list[str | None] = []
    if not origin.places:
        notes.append(
            f"{origin.label} has no place recorded, so routes are not kept to a council and distance does not "
            "order them: add where it is located or what it serves."
        )
    elif not councils:
        notes.append(f"No council encloses {origin.label}'s place, so routes are not kept to one.")
    if goal.theme is not None:
        supply = "a need or theme to each record"
        notes.append(missing("theme", *themeless(graph), "services and initiatives", supply))
    if left:
        leaving = sum(r.outside_council for r in routes)
        unplaced = len(routes) - leaving
        notes.append(
            f"Nothing inside {where} answers, so the search looked further: {leaving} of {len(routes)} routes "
            f"leave it" + (f", {unplaced} reach help that records no place." if unplaced else ".")
        )
    elif anywhere and councils:
        outside_routes = sum(r.outside_council for r in routes)
        notes.append(f"Routes may leave {where}, as asked: {outside_routes} of {len(routes)} do.")
    if not routes:
        notes += ["No route.", *nearest]
    if any(r.order_reason == "tie" for r in routes):
        notes.append(
            "Routes marked tie are equal in cost, access (at entry and destination), distance and recency: their "
            "order is arbitrary but stable."
        )
        notes += _tie_breakers_missing(list({r.target_id: r for r in routes}.values()))
    return [n for n in notes if n]


def _tie_breakers_missing(ends: list[Route]) -> list[str | None]:
    """What data the destinations of tied routes (one route to each) lack that would rank them;
    nothing for a single destination, whose routes its own record cannot tell apart."""
    if len(ends) < 2:
        return []
    return [
        missing(what, sum(map(lacks, ends)), len(ends), "destinations ranked", supply)
        for what, lacks, supply in (
            ("attending access", lambda r: r.access == ACCESS_UNKNOWN[1], "how people attend to each service record"),
            ("place", lambda r: r.distance == UNPLACED[1], "where each is located or what it serves"),
            ("date", lambda r: r.newest is None, "the date each record was last updated or assured"),
        )
    ]


@dataclass
class _Origin:
    """Where a route starts: a node, or a resident entering through their place's community
    assets (``entry`` maps each first node to its cost, hops and how it is entered)."""

    label: str
    places: list[str]
    anchor: str
    place: str | None
    entry: dict[Hashable, tuple[float, int, str]]


def _origin(graph: AssetGraph, start: str | None, resident_of: str | None) -> _Origin:
    if resident_of is not None:
        place, refer, kinds = find_place(graph, resident_of), referral_only(graph), graph.kinds()
        venues = sorted(a for a in located_within(graph, councils_of(graph, [place])) if kinds[a] in _ASSETS)
        entry: dict[Hashable, tuple[float, int, str]] = {
            asset: (entering(refer, asset, ENTRY_COST), 1, "ENTRY")
            for asset in dict.fromkeys([*_placed_in(graph, local_area(graph, place)), *venues])
            if _community_level(graph, asset)
        }
        return _Origin(f"a resident of {_resident_place(graph.node(place))}", [place], place, place, entry)
    node = graph.find(start).id  # type: ignore[arg-type]
    return _Origin(graph.node(node).name, sorted(asset_places(graph, node)), node, None, {node: (0.0, 0, "START")})


def _resident_place(place: Node) -> str:
    """A resident's place as the answer names it, with its deprivation decile where known
    ("Bristol 032B, IMD 2019 decile 1"), so a route says how deprived the start is."""
    decile = getattr(place, "deprivation_decile", None)
    index = getattr(place, "deprivation_index", None) or "deprivation"
    return f"{place.name}, {index} decile {decile}" if decile else place.name


@dataclass
class _Goal:
    """Where a route may end: the theme's providers for the start's places (:func:`_targets`),
    or a destination node; minus the nodes to avoid."""

    theme: str | None
    label: str
    targets: set[str]
    banned: set[str]


def _goal(
    graph: AssetGraph,
    origin: _Origin,
    councils: frozenset[str] | None,
    need: str | None,
    to: str | None,
    avoid: Sequence[str],
    cold_approach: float,
) -> _Goal:
    """The goal, kept to ``councils`` (None: widened to every provider); a wide-reaching target
    with no local link joins the origin's entries at the cold-approach cost."""
    theme = graph.find(need, NodeKind.THEME).id if need is not None else None
    if theme:
        targets = _targets(graph, theme, origin.places, councils)
    else:
        targets = _destination(graph, to)  # type: ignore[arg-type]
    label = f"help with {graph.node(theme).name}" if theme else graph.node(targets[0]).name
    banned = {graph.find(a).id for a in avoid}
    reachable, refer = set(targets) - banned, referral_only(graph)
    for t in reachable:
        if t not in origin.entry and _wide_reaching(graph, t):
            access = _attending(graph, t)
            cost = entering(refer, t, cold_approach * (OPEN_DOOR if access and access.open_door else 1.0))
            origin.entry.setdefault(t, (cost, 1, "COLD_APPROACH"))
    return _Goal(theme, label, reachable, banned)


def _destination(graph: AssetGraph, to: str) -> list[str]:
    """The nodes ``to`` names as a destination: an id, that node only; a name, the node it
    names with the services it runs under that name (:func:`_body`), the name of a body and
    of such a service alike meaning the body.

    Raises NodeNotFound or AmbiguousName where the name is unknown, or names other nodes too."""
    if to in graph:
        return [to]
    named = graph.lookup(to)
    for node in sorted(named):
        if named <= set(_body(graph, node)):
            return _body(graph, node)
    return _body(graph, graph.find(to).id)


def _body(graph: AssetGraph, node: str) -> list[str]:
    """``node`` and the services it runs under its own name: a directory publishes a body and
    its service alike (Victor House runs Victor House), and reaching either reaches the body, so
    a route does not end on a step from one to the other."""
    name = graph.node(node).name.casefold()
    runs = (e.target for e in graph.edges(Relation.RUNS, node=node) if e.source == node)
    return [node, *sorted(t for t in runs if t != node and graph.node(t).name.casefold() == name)]


def _labels(graph: AssetGraph, nodes: Sequence[str]) -> list[str]:
    """The names of ``nodes``, each with its kind where another of them bears the same name (a
    body and the service it runs under its name)."""
    names = [graph.node(n).name for n in nodes]
    counts = Counter(name.casefold() for name in names)
    return [
        f"{name} ({graph.node(n).kind.value})" if counts[name.casefold()] > 1 else name
        for n, name in zip(nodes, names, strict=True)
    ]


def _runners(graph: AssetGraph, node: str) -> list[str]:
    """Who runs ``node`` (the sources of its RUNS edges), by id."""

    def derive() -> list[str]:
        return sorted(
            {e.source for e in graph.edges(Relation.RUNS, node=node) if e.target == node and e.source != node}
        )

    return kept_or(graph, lambda found: found.runners(node), derive)


def _placement(graph: AssetGraph, asset: str, places: Sequence[str]) -> Edge | None:
    """The LOCATED_IN or SERVES edge placing ``asset`` in one of ``places`` or a place enclosing
    one of them, the finest such place first; else the LOCATED_IN edge placing it within their
    council (a venue there); None where there is none."""
    sets = enclosing_sets(graph)
    around = set().union(*(sets.get(p, {p}) for p in places))
    own = kept_or(
        graph,
        lambda found: found.placing_edges(asset),
        lambda: [e for e in graph.edges(node=asset) if e.source == asset and e.relation in _PLACING],
    )
    found = [e for e in own if e.target in around]
    if not found:
        within = {p for c in councils_of(graph, places) for p in enclosed(graph, c)}
        found = [e for e in own if e.relation is Relation.LOCATED_IN and e.target in within]

    def fineness(e: Edge) -> int:
        level = graph.node(e.target).level  # type: ignore[attr-defined]
        return len(LEVEL_ORDER) if level is None else LEVEL_ORDER[level]

    return max(found, key=fineness, default=None)


def _cite(graph: AssetGraph, edge: Edge, folder: PurePath | None) -> str:
    """An edge as evidence: what it says, the rule that inferred it (its description) where it
    was inferred, and its source (relative to the ``folder`` the graph was built from)."""
    text = f"{graph.node(edge.source).name} {edge.relation.value} {graph.node(edge.target).name}"
    if edge.description and any(p.inferred for p in edge.provenance):
        text += f", inferred: {edge.description}"
    return text + (f" ({described(edge.provenance[0], folder)})" if edge.provenance else "")


class _Search:
    """The k-cheapest-paths search from a virtual start (linked to the entries) to a virtual
    sink (linked from the targets) over the routing graph, its nodes by number (in id order, so
    routes of equal cost come out in one order whatever order the graph was built in)."""

    def __init__(
        self, graph: AssetGraph, routes: RoutingGraph, origin: _Origin, targets: set[str], via: NodeKind | None
    ):
        self.graph, self.routes, self.origin, self.via = graph, routes, origin, via
        number = routes.number
        self.targets = {number[t] for t in targets}
        self.entry = [(number[a], c, h) for a, (c, h, _) in sorted(origin.entry.items(), key=lambda item: str(item[0]))]
        self._out: dict[int, list[Arc]] = {}

    def neighbours(self, n: Hashable) -> Iterable[Arc]:
        """The arcs out of ``n``."""
        if n == _START:
            return self.entry
        if n in self.targets:
            return [(_SINK, 1e-9, 0)]
        if n == _SINK:
            return []
        found = self._out.get(n)  # type: ignore[call-overload]
        if found is None:  # a node's arcs are asked for again by each spur search that reaches it
            found = self._out[n] = [(v, c, 1) for v, c in self.routes.arcs(n)]  # type: ignore[index, arg-type]
        return found

    def _through_via(self, path: list) -> bool:
        ids = self.routes.ids
        return self.via is None or any(self.graph.kind_of(ids[n]) == self.via for n in path[1:-2])

    def _paths(self, found: list[tuple[float, list]]) -> list[tuple[float, list]]:
        """Routes with their nodes as ids."""
        ids = self.routes.ids
        return [(cost, [_START, *(ids[n] for n in path[1:-1]), _SINK]) for cost, path in found]

    def cheapest(self, k: int, max_hops: int, banned: set[str]) -> list:
        """The k cheapest routes, and all tied in cost with the k-th (to be ranked by more
        than cost)."""
        number = self.routes.number
        banned_numbers = {number[b] for b in banned}
        found = k_cheapest_paths(
            self.neighbours, _START, _SINK, k, max_hops, banned_numbers, self._through_via, ties=True
        )
        return self._paths(found)

    def without_limits(self, max_hops: int, avoid: Sequence[str], banned: set[str]) -> list[str]:
        """Where the limits (a kind to pass through, nodes to avoid, the hop limit) left no
        route, the cheapest route without them, said as the reason; else nothing."""
        loose = self._paths(k_cheapest_paths(self.neighbours, _START, _SINK, 1, max_hops=len(self.graph) + 2))
        best = _route(self.graph, self.routes, self.origin, 1, *loose[0], None) if loose else None
        limits = [f"through a {self.via.value}"] if self.via else []
        limits += [f"avoiding {', '.join(avoid)}"] if banned else []
        if best and best.hops > max_hops:
            limits.append(f"within {max_hops} hops")
        if best and limits:
            return [f"No route {' and '.join(limits)}; without those limits the cheapest is: {best.explanation}."]
        return []


def _access_note(graph: AssetGraph, node: str) -> str:
    """How a person gets into ``node``, where the data says."""
    access = access_rank(graph, node)
    return "" if access == ACCESS_UNKNOWN else f" ({access[1]})"


def _named(graph: AssetGraph, node: str, other: str) -> str:
    """``node``'s name, with its kind where ``other`` bears the same name (a body and the
    service it runs under its name), so that no step reads as going from a node to itself."""
    found = graph.node(node)
    same = found.name.casefold() == graph.node(other).name.casefold()
    return f"{found.name} ({found.kind.value})" if same else found.name


def _step(graph: AssetGraph, node: str, **fields: Any) -> Step:
    """A step into ``node``, with who runs it."""
    found, runners = graph.node(node), _runners(graph, node)
    return Step(
        to_id=node,
        to_name=found.name,
        to_kind=found.kind.value,
        runner=", ".join(graph.node(r).name for r in runners) or None,
        runner_id=", ".join(runners) or None,
        **fields,
    )


def _route(
    graph: AssetGraph,
    routes: RoutingGraph,
    origin: _Origin,
    rank: int,
    cost: float,
    path: list,
    folder: PurePath | None,
) -> Route:
    real = path[1:-1]
    steps: list[Step] = []
    first = real[0]
    c, _, how = origin.entry[first]
    if how != "START":
        note = (
            "enters through a community asset of their place"
            if how == "ENTRY"
            else "approaches it directly, with no local link"
        )
        placed = _placement(graph, first, origin.places)
        own = graph.node(first).provenance
        steps.append(
            _step(
                graph,
                first,
                relation=how,
                direction=None,
                cost=c,
                note=note + _access_note(graph, first),
                provenance=placed.provenance if placed else own,
                cites=_cite(graph, placed, folder)
                if placed
                else f"{graph.node(first).name}'s own record ({described(own[0], folder)})",
            )
        )
    for u, v in zip(real, real[1:], strict=False):
        arc = routes.arc(u, v)
        found = kept(graph) if arc["record"] is not None else None
        edge = found.edge(arc["record"]) if found is not None else graph.edge(*arc["edge"])
        here, there = _named(graph, u, v), _named(graph, v, u)
        if arc["direction"] == "forward":
            note = f"{here} {edge.relation.value} {there}"
        else:
            note = f"{here} knows {there} ({there} {edge.relation.value} {here})"
        steps.append(
            _step(
                graph,
                v,
                relation=edge.relation.value,
                direction=arc["direction"],
                cost=round(arc["cost"], 6),
                note=note + _access_note(graph, v),
                provenance=edge.provenance,
                cites=_cite(graph, edge, folder),
            )
        )
    target = graph.node(real[-1])
    if not steps:
        why = f"{target.name} itself meets the goal"
    else:
        why = "; ".join(s.note for s in steps)
        if any(p.inferred for s in steps for p in s.provenance):
            why += " (some links inferred)"
    return Route(
        rank=rank,
        cost=round(cost, 6),
        hops=len(steps),
        target_id=target.id,
        target_name=target.name,
        steps=steps,
        explanation=why,
    )

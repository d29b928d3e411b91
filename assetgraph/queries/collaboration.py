"""Who works with whom: the graph of organisations that the connector and gap questions read.

Sources record collaboration in many shapes: a direct partnership, membership of a network that
some body runs, support for another body's project. This projection turns them all into ties
between organisations, each tie keeping the edges it rests on:

- a relation between two organisations (PARTNERS_WITH, PART_OF, FUNDS, SUPPORTS, SIGNPOSTS_TO,
  REFERS_TO) ties them;
- an initiative or service stands for the organisations that run it (or, if a partnership runs
  it, the partnership's members); one that nobody is recorded as running stands for everyone
  attached to it, so that its members are tied to each other;
- a partnership stands for its members, who are tied to each other.

So "The Ripple Project is a member of the CHEX network, which CHEX runs" ties Ripple to CHEX, and
the organisations at a learning event are tied to its hosts rather than to each other.

Some ties no record states but the data implies (``derived``, on unless turned off), each
marked with its reason and a strength below a stated tie's:

- bodies whose services or projects are delivered at the same venue (a directory location)
  are tied (``same venue``, strength 0.5);
- bodies delivering parts of one programme (their services or projects are PART_OF the same
  initiative, or they are) are tied (``same programme``, strength 0.5);
- two funders of the same recipient are tied (``co-funding``, strength 0.3), where FUNDS is
  among the relations read: money shared is a funding tie, and leaving funding out leaves it out.

A group larger than :data:`LARGEST_GROUP` (a town hall hosting fifty groups, a national fund's
every grantee) implies no ties: its members share a building or a funder, not a working
relationship, and as a clique it would drown the ties that are.

>>> from assetgraph.loaders import load, SEED
>>> g = load(SEED)
>>> ties = collaboration_graph(g)
>>> ties.has_edge("organisation:the-ripple-project", "organisation:chex")
True
>>> sorted(ties["organisation:the-ripple-project"]["organisation:chex"]["via"])[0][1]
'MEMBER_OF'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from ..errors import QueryError
from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import NodeKind, Relation, Scale, Sector
from ..kept import kept_or
from .places import enclosed, placed_at

__all__ = [
    "COLLABORATION",
    "DERIVED",
    "LARGEST_GROUP",
    "collaboration_graph",
    "collaboration_ties",
    "Tie",
    "EdgeRef",
    "check_relations",
    "parse_relations",
    "standing_for",
    "untied",
    "bodies_at",
    "bodies_in",
]

#: relations that say two bodies work together
COLLABORATION: frozenset[Relation] = frozenset(
    {
        Relation.PARTNERS_WITH,
        Relation.PART_OF,
        Relation.MEMBER_OF,
        Relation.RUNS,
        Relation.FUNDS,
        Relation.SUPPORTS,
        Relation.SIGNPOSTS_TO,
        Relation.REFERS_TO,
    }
)
#: the relations of working together without money: a funder's grants tie it to every grantee,
#: a star that is dependence, not brokerage or a route (co-funding is derived only with FUNDS)
WORKING: frozenset[Relation] = COLLABORATION - {Relation.FUNDS}
_HUBS = (NodeKind.INITIATIVE, NodeKind.SERVICE, NodeKind.PARTNERSHIP)
#: (source id, relation, target id): the edge a tie rests on
EdgeRef = tuple[str, str, str]
#: two organisations (the smaller id first), the edges their tie rests on, and the reasons of a
#: tie no record states, with their strengths (:data:`DERIVED`; empty for a stated one)
Tie = tuple[str, str, set[EdgeRef], dict[str, float]]
#: ties the data implies: reason -> strength (a stated tie is 1)
DERIVED: dict[str, float] = {"same venue": 0.5, "same programme": 0.5, "co-funding": 0.3}
#: the most bodies a venue, programme or recipient may gather for their ties to be derived
LARGEST_GROUP = 30


def _representatives(graph: AssetGraph, relations: frozenset[Relation]) -> dict[str, set[str]]:
    """For each initiative, service and partnership, the organisations that stand for it."""
    runners: defaultdict[str, set[str]] = defaultdict(set)
    attached: defaultdict[str, set[str]] = defaultdict(set)
    members: defaultdict[str, set[str]] = defaultdict(set)
    kind = graph.kinds().__getitem__
    for relation, source, target in ((r, *ends) for r in sorted(relations) for ends in graph.ends(r)):
        s_org, t_hub = kind(source) == NodeKind.ORGANISATION, kind(target) in _HUBS
        if relation == Relation.MEMBER_OF and s_org and kind(target) == NodeKind.PARTNERSHIP:
            members[target].add(source)
        elif relation == Relation.RUNS and t_hub:
            runners[target].add(source)
        elif relation == Relation.PART_OF and kind(source) == NodeKind.INITIATIVE and not t_hub:
            runners[source].add(target)
        elif s_org and t_hub:
            attached[target].add(source)
    reps: dict[str, set[str]] = {}
    for hub in (n for n, k in graph.kinds().items() if k in _HUBS):
        if kind(hub) == NodeKind.PARTNERSHIP:
            reps[hub] = set(members[hub])
            continue
        owners: set[str] = set()
        for runner in runners[hub]:
            owners |= members[runner] if kind(runner) == NodeKind.PARTNERSHIP else {runner}
        reps[hub] = owners or set(attached[hub])
    return reps


def check_relations(relations: Iterable[Relation | str]) -> frozenset[Relation]:
    """``relations`` as Relations, each one that can tie organisations (:data:`COLLABORATION`).

    Raises QueryError naming the first unknown relation, or one that ties no organisations
    (a place's WITHIN, a theme's ADDRESSES), with the relations that do.

    >>> sorted(r.value for r in check_relations(["partners_with", "MEMBER_OF"]))
    ['MEMBER_OF', 'PARTNERS_WITH']
    """
    choices = ", ".join(sorted(r.value for r in COLLABORATION))
    chosen = set()
    for name in relations:
        try:
            relation = Relation(str(getattr(name, "value", name)).strip().upper())
        except ValueError:
            raise QueryError(f"unknown relation {name!r}; expected some of: {choices}") from None
        if relation not in COLLABORATION:
            raise QueryError(f"{relation.value} does not tie organisations to each other; expected some of: {choices}")
        chosen.add(relation)
    if not chosen:
        raise QueryError(f"no relation given; expected some of: {choices}")
    return frozenset(chosen)


def parse_relations(text: str) -> frozenset[Relation]:
    """Relations written ``RELATION,RELATION`` (see :func:`check_relations`).

    >>> sorted(r.value for r in parse_relations("PARTNERS_WITH, member_of"))
    ['MEMBER_OF', 'PARTNERS_WITH']
    """
    return check_relations(part for part in text.split(",") if part.strip())


def standing_for(graph: AssetGraph) -> dict[str, set[str]]:
    """For each initiative, service and partnership, the organisations that stand for it by every
    collaboration relation (who runs it, its members): where a body's work is, when the body
    itself records no place (cached)."""
    return graph.cached("standing-for", lambda: _representatives(graph, COLLABORATION))


def bodies_at(graph: AssetGraph, places: Iterable[str]) -> frozenset[str]:
    """The organisations located in or serving any of ``places``, themselves or through the
    initiatives, services and partnerships they stand for (:func:`standing_for`: a directory's
    body is placed by its services, a partnership's members by the partnership)."""
    at, kinds, reps = placed_at(graph), graph.kinds(), standing_for(graph)
    found: set[str] = set()
    for place in places:
        for node in at.get(place, ()):
            found |= {node} if kinds[node] is NodeKind.ORGANISATION else reps.get(node, set())
    return frozenset(found)


def bodies_in(graph: AssetGraph, place: str) -> frozenset[str]:
    """The organisations located in or serving ``place`` or a place within it, themselves or
    through what they stand for (:func:`bodies_at`): the bodies a question about the place counts.

    >>> from assetgraph.loaders import load, SEED
    >>> "organisation:the-ripple-project" in bodies_in(load(SEED), "place:scotland")
    True
    """
    return bodies_at(graph, enclosed(graph, place))


def untied(graph: AssetGraph, relations: Iterable[Relation]) -> str:
    """Why ``relations`` tie no two organisations: the clause that ends "No ties ...: ".

    Records of a relation tie two bodies only through what they share: a service both run, or
    one that another body's work signposts to, supports or is a member of. A directory's RUNS
    records, each body to its own services, tie no one. So where the graph holds records of the
    relations read, their counts are named with what they link to; where it holds none, it says
    that no relation records who works with whom.

    >>> g = AssetGraph()
    >>> untied(g, [Relation.RUNS]).startswith("no relation in the graph says who works with whom")
    True
    """
    kinds = graph.kinds()
    held: dict[Relation, int] = {}
    ends: set[str] = set()
    for relation in sorted(relations):
        for source, target in graph.ends(relation):
            held[relation] = held.get(relation, 0) + 1
            ends |= {kinds[n].value for n in (source, target) if kinds[n] is not NodeKind.ORGANISATION}
    if not held:
        return (
            "no relation in the graph says who works with whom "
            "(partnerships, memberships, shared services, support, signposting)"
        )
    counted = ", ".join(f"{n} {r.value}" for r, n in held.items())
    what = " and ".join(f"{kind}s" for kind in sorted(ends)) or "work"
    return (
        f"the graph's {counted} ties link organisations to their own {what} only "
        f"(none shared with, or pointing to, another organisation's), so none ties two organisations"
    )


def _derived(graph: AssetGraph, reps: dict[str, set[str]], funding: bool) -> dict[tuple[str, str], dict[str, EdgeRef]]:
    """Pairs of organisations the data ties without saying so, each with the reason and the
    place or body the tie rests on (see :data:`DERIVED`); co-funding only with ``funding``."""
    kinds = graph.kinds()
    groups: list[tuple[str, EdgeRef, set[str]]] = []
    at: defaultdict[str, set[str]] = defaultdict(set)
    for source, target in graph.ends(Relation.LOCATED_IN):
        venue = graph.node(target)
        if venue.level is None and not venue.code:  # type: ignore[attr-defined]
            at[target] |= {source} if kinds[source] is NodeKind.ORGANISATION else reps.get(source, set())
    groups += [("same venue", (venue, "SAME_VENUE", venue), bodies) for venue, bodies in at.items()]
    parts: defaultdict[str, set[str]] = defaultdict(set)
    for source, target in graph.ends(Relation.PART_OF):
        if kinds[target] is NodeKind.INITIATIVE:
            parts[target] |= {source} if kinds[source] is NodeKind.ORGANISATION else reps.get(source, set())
    groups += [("same programme", (p, "SAME_PROGRAMME", p), bodies) for p, bodies in parts.items()]
    funders: defaultdict[str, set[str]] = defaultdict(set)
    for source, target in graph.ends(Relation.FUNDS) if funding else ():
        funders[target].add(source)
    groups += [("co-funding", (recipient, "CO_FUNDED", recipient), bodies) for recipient, bodies in funders.items()]
    found: dict[tuple[str, str], dict[str, EdgeRef]] = {}
    for reason, ref, bodies in groups:
        if len(bodies) > LARGEST_GROUP:
            continue
        ordered = sorted(bodies)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                found.setdefault((a, b), {}).setdefault(reason, ref)
    return found


def collaboration_ties(
    graph: AssetGraph, relations: Iterable[Relation | str] = COLLABORATION, derived: bool = True
) -> list[Tie]:
    """The ties of :func:`collaboration_graph`, in the order it adds them (cached; those of
    the gaps question, :data:`WORKING` with ``derived``, kept with the graph's file)."""
    rels = frozenset(Relation(r) for r in relations)

    def build() -> list[Tie]:
        reps = _representatives(graph, rels)
        kinds = graph.kinds()
        org = NodeKind.ORGANISATION
        via: dict[tuple[str, str], set[EdgeRef]] = {}
        for relation in sorted(rels):
            for s, t in graph.ends(relation):
                ref = (s, relation.value, t)
                for a in (s,) if kinds[s] is org else reps.get(s, ()):
                    for b in (t,) if kinds[t] is org else reps.get(t, ()):
                        if a != b:
                            via.setdefault((a, b) if a < b else (b, a), set()).add(ref)
        ties: list[Tie] = [(a, b, refs, {}) for (a, b), refs in via.items()]
        if derived:
            implied = _derived(graph, reps, Relation.FUNDS in rels).items()
            ties += [
                (a, b, set(why.values()), {r: DERIVED[r] for r in why}) for (a, b), why in implied if (a, b) not in via
            ]
        return ties

    key = ("collaboration ties", rels, derived)
    if rels == WORKING and derived:
        return graph.cached(key, lambda: kept_or(graph, lambda found: found.collaboration_ties(), build))
    return graph.cached(key, build)


def collaboration_graph(
    graph: AssetGraph, relations: Iterable[Relation | str] = COLLABORATION, derived: bool = True
) -> nx.Graph:
    """The undirected graph of organisations tied by ``relations`` (cached on the graph), and,
    with ``derived``, by the ties the data implies.

    Every organisation is a node (with its ``sector``, ``scale`` and ``name``); each tie has
    ``via``, the set of :data:`EdgeRef` it rests on, and ``derived``, the reasons (with their
    strengths) of a tie no record states (empty for a stated one).
    """
    rels = frozenset(Relation(r) for r in relations)

    def build() -> nx.Graph:
        ties = nx.Graph()
        ties.add_nodes_from(
            (org, {"name": name, "sector": sector and Sector(sector), "scale": scale and Scale(scale)})
            for org, (name, sector, scale) in graph.node_values(NodeKind.ORGANISATION, "name", "sector", "scale")
        )
        ties.add_edges_from(
            (a, b, {"via": refs, "derived": reasons})
            for a, b, refs, reasons in collaboration_ties(graph, rels, derived)
        )
        return ties

    return graph.cached(("collaboration", rels, derived), build)

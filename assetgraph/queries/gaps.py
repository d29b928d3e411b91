"""Gaps: what is missing, where, and the evidence for it.

Two families:

- **coverage**: for each place (at a chosen level, or one place and those within it) and each
  theme, the assets that ADDRESS the theme and cover the place. An asset covers a place it is
  located in or serves, or any place within those (a service that SERVES Wales covers Pentwyn);
  one placed only somewhere inside the place covers it in part. Cells with no provider, only
  partial ones or a single one are gaps, ranked by need (deprivation decile and rank, then
  population) where places carry it.
- **structure**, on the collaboration graph of organisations (:mod:`.collaboration`):
  community-led organisations with no route within ``k`` ties to a public or national body,
  partnerships with no community-led member, groups of organisations cut off from the main
  network, and single points of failure (organisations and ties whose loss cuts others off).

>>> from assetgraph.loaders import load, SEED
>>> g = load(SEED)
>>> found = gaps(g, place="Morecambe Bay", kinds=("coverage",))
>>> sorted(r.theme for r in found.rows if r.status == "none")[:2]
['Health and wellbeing', 'Learning']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import networkx as nx
from pydantic import BaseModel

from ..collector import collector_paused
from ..errors import NoPlaces, QueryError
from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import Place
from ..graphmodel.vocabulary import NodeKind, PlaceLevel, Relation, Scale, Sector
from ..render import Table
from .collaboration import collaboration_graph
from .cut_points import weak_points
from .options import GAP_KINDS
from .places import enclosed, enclosing_sets, providers_at

__all__ = ["GAP_KINDS", "GRID_LIMIT", "Gap", "GapsResult", "gaps"]

_STATUS_ORDER = {"none": 0, "unknown": 1, "partial": 2, "single": 3}


class Gap(BaseModel):
    """One gap: what kind, about what (a place and theme, or an organisation), why, and the
    evidence the graph holds."""

    kind: str
    subject: str
    #: the ids of the nodes a structural gap is about (the organisation, partnership, the
    #: ends of a bridge, the organisations cut off), where the subject names them
    subject_ids: list[str] = []
    place: str | None = None
    place_id: str | None = None
    place_code: str | None = None
    decile: int | None = None
    rank: int | None = None
    theme: str | None = None
    status: str | None = None
    need: dict[str, float | int | str] = {}
    unplaced: list[str] = []
    why: str
    evidence: list[str] = []


class GapsResult(BaseModel):
    level: str | None
    place: str | None
    k: int
    rows: list[Gap]
    note: str | None = None

    def tables(self) -> list[Table]:
        return [
            Table(
                "Gaps",
                ["kind", "subject", "status", "place code", "place id", "decile", "rank", "need", "unplaced", "why"],
                [
                    [
                        g.kind,
                        g.subject,
                        g.status or "",
                        g.place_code or "",
                        g.place_id or "",
                        "" if g.decile is None else str(g.decile),
                        "" if g.rank is None else str(g.rank),
                        ", ".join(f"{k} {v}" for k, v in g.need.items() if k not in ("decile", "rank")),
                        "; ".join(g.unplaced),
                        g.why,
                    ]
                    for g in self.rows
                ],
                heading=f"{len(self.rows)} gaps"
                + (f" in {self.place}" if self.place else "")
                + (f" at level {self.level}" if self.level else ""),
                widths={"why": 50, "unplaced": 24},
                csv_only=["place id", "need"],
                note=" ".join(
                    filter(None, [self.note, "The CSV form adds each place's id and its other need figures."])
                )
                if self.rows or self.note
                else None,
            )
        ]


def _need(place: Place) -> dict[str, float | int | str]:
    need: dict[str, float | int | str] = {}
    if place.deprivation_decile is not None:
        need["decile"] = place.deprivation_decile
    if place.deprivation_rank is not None:
        need["rank"] = place.deprivation_rank
    if place.deprivation_index:
        need["index"] = place.deprivation_index
    if place.population is not None:
        need["population"] = place.population
    return need


def _need_key(place: Place) -> tuple:
    big = float("inf")
    return (
        place.deprivation_decile if place.deprivation_decile is not None else big,
        place.deprivation_rank if place.deprivation_rank is not None else big,
        -(place.population or 0),
        place.name,
    )


#: above this many places, a coverage grid with no level or place asked for is drawn at council
#: level: a national graph's every small area times every theme is a list no one can read
GRID_LIMIT = 5000


def _grid_level(graph: AssetGraph, level: str | None, place: str | None) -> tuple[str | None, str | None]:
    """The level of the coverage grid, and a note where it was chosen for the user."""
    if level is not None or place is not None:
        return level, None
    count = graph.count_nodes()[NodeKind.PLACE.value]
    if count <= GRID_LIMIT:
        return None, None
    chosen = PlaceLevel.LOCAL_AUTHORITY.value
    return chosen, (
        f"The graph has {count:,} places: coverage is shown at level {chosen}; "
        "ask for a level or a place for a finer grid."
    )


def _target_places(graph: AssetGraph, level: str | None, place: str | None) -> list[Place]:
    if place:
        root = graph.find(place, NodeKind.PLACE)
        ids = enclosed(graph, root.id) if level else {root.id}
    else:
        ids = {p for p, _ in graph.node_values(NodeKind.PLACE)}
    if not ids:
        raise NoPlaces(
            "the graph has no places, so coverage has nothing to be measured in: add places (the bundled UK "
            "places, a directory's service areas, places in your own sources) and relate assets to them"
        )
    if level:
        levels = dict(graph.node_values(NodeKind.PLACE, "level"))
        ids = {p for p in ids if levels[p][0] is not None and PlaceLevel(levels[p][0]) == PlaceLevel(level)}
    chosen = [graph.node(i) for i in ids]
    if not chosen:
        raise QueryError(f"no place at level {level!r}" + (f" in {place}" if place else ""))
    return sorted(chosen, key=_need_key)  # type: ignore[arg-type]


def _names(graph: AssetGraph, ids: Iterable[str], limit: int = 10) -> str:
    names = sorted(graph.node(i).name for i in ids)
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _status(full: set[str], part: set[str], unplaced: list[str]) -> str | None:
    """A cell's gap: none (nothing addresses the theme here), unknown (nothing placed here, but
    assets that name no place address it), partial, single; None where it is covered."""
    if not full and not part:
        return "unknown" if unplaced else "none"
    if not full:
        return "partial"
    return "single" if len(full) == 1 else None


def _counted(graph: AssetGraph, ids: Iterable[str]) -> str:
    """``ids`` counted by kind: "17 services", "2 organisations and 1 initiative"."""
    counts: defaultdict[str, int] = defaultdict(int)
    for i in ids:
        counts[graph.kind_of(i).value] += 1
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return " and ".join(parts)


def _coverage_gaps(graph: AssetGraph, places: list[Place], themes: Sequence[str]) -> list[Gap]:
    anc = enclosing_sets(graph)
    index = providers_at(graph)
    theme_nodes = [graph.find(t, NodeKind.THEME) for t in themes] if themes else list(graph.nodes(NodeKind.THEME))
    rows: list[tuple[int, int, Gap]] = []
    for theme in theme_nodes:
        at = dict(index.get(theme.id, {}))
        unplaced = at.pop("", [])
        inside: defaultdict[str, set[str]] = defaultdict(set)
        for p, assets in at.items():
            for a in anc[p] - {p}:
                inside[a].update(assets)
        placed, covers = set(at), {}
        for position, place in enumerate(places):
            hits = frozenset(anc[place.id] & placed)
            if hits not in covers:
                covers[hits] = {a for p in hits for a in at[p]}
            full = covers[hits]
            if len(full) > 1:
                continue
            part = inside.get(place.id, set()) - full
            status = _status(full, part, unplaced)
            if status is None:
                continue
            why = {
                "none": f"no asset addressing {theme.name} covers {place.name}",
                "unknown": f"unknown: {_counted(graph, unplaced)} {'addresses' if len(unplaced) == 1 else 'address'} "
                f"{theme.name} but {'names' if len(unplaced) == 1 else 'name'} no place",
                "partial": f"{theme.name} is addressed only in parts of {place.name}: {_names(graph, part)}",
                "single": f"only {_names(graph, full)} addresses {theme.name} in {place.name}",
            }[status]
            evidence = [f"covers in full: {_names(graph, full)}"] * bool(full) + [
                f"covers a part: {_names(graph, part)}"
            ] * bool(part)
            if unplaced:
                evidence.append(f"address {theme.name} but name no place: {_names(graph, unplaced)}")
            gap = Gap(
                kind="coverage",
                subject=f"{place.name} x {theme.name}",
                place=place.name,
                place_id=place.id,
                place_code=place.code,
                decile=place.deprivation_decile,
                rank=place.deprivation_rank,
                theme=theme.name,
                status=status,
                need=_need(place),
                unplaced=sorted(graph.node(a).name for a in unplaced),
                why=why,
                evidence=evidence,
            )
            rows.append((_STATUS_ORDER[status], position, gap))
    return [gap for *_, gap in sorted(rows, key=lambda r: r[:2])]


def _is_decision_maker(ties: nx.Graph, n: str) -> bool:
    return ties.nodes[n]["sector"] == Sector.PUBLIC or ties.nodes[n]["scale"] == Scale.NATIONAL


def _unlinked_community(ties: nx.Graph, k: int) -> list[Gap]:
    """One breadth-first search from every public or national body at once, each node
    remembering its nearest body."""
    nearest: dict[str, tuple[int, str]] = {n: (0, n) for n in sorted(ties) if _is_decision_maker(ties, n)}
    frontier = list(nearest)
    while frontier:
        following = []
        for n in frontier:
            dist, body = nearest[n]
            for m in ties[n]:
                if m not in nearest:
                    nearest[m] = (dist + 1, body)
                    following.append(m)
        frontier = following
    rows = []
    for n, data in ties.nodes(data=True):
        if data["sector"] != Sector.COMMUNITY_LED or _is_decision_maker(ties, n):
            continue
        if n in nearest and nearest[n][0] <= k:
            continue
        found = nearest.get(n)
        text = (
            f"nearest public or national body: {ties.nodes[found[1]]['name']} at {found[0]} ties"
            if found
            else "no public or national body is reachable at all"
        )
        rows.append(
            Gap(
                kind="unlinked_community",
                subject=data["name"],
                subject_ids=[n],
                why=f"{data['name']} has no route within {k} ties to a public or national body",
                evidence=[text, f"{ties.degree(n)} direct ties"],
            )
        )
    return rows


def _partnerships_without_community(graph: AssetGraph) -> list[Gap]:
    rows = []
    joined: defaultdict[str, list[str]] = defaultdict(list)
    for member, body in graph.ends(Relation.MEMBER_OF):
        joined[body].append(member)
    for p in graph.nodes(NodeKind.PARTNERSHIP):
        members = sorted((graph.node(m) for m in joined[p.id]), key=lambda m: (m.name, m.id))
        orgs = [m for m in members if m.kind == NodeKind.ORGANISATION]
        if any(getattr(m, "sector", None) == Sector.COMMUNITY_LED for m in orgs):
            continue
        listed = [f"{m.name} ({getattr(getattr(m, 'sector', None), 'value', None) or m.kind.value})" for m in members]
        rows.append(
            Gap(
                kind="partnership_without_community",
                subject=p.name,
                subject_ids=[p.id],
                why=f"{p.name} has no community-led member",
                evidence=[f"members: {', '.join(listed)}" if listed else "no members recorded"],
            )
        )
    return rows


def _cut_off_components(ties: nx.Graph) -> list[Gap]:
    parts = sorted(nx.connected_components(ties), key=lambda c: (-len(c), min(c)))
    rows = []
    for part in parts[1:]:
        names = sorted(ties.nodes[n]["name"] for n in part)
        rows.append(
            Gap(
                kind="cut_off",
                subject=", ".join(names),
                subject_ids=sorted(part),
                why=f"{len(part)} organisation(s) with no tie to the main network of {len(parts[0])}",
                evidence=[
                    f"{n}: {ties.degree(m)} ties"
                    for n, m in zip(names, sorted(part, key=lambda m: ties.nodes[m]["name"]), strict=False)
                ],
            )
        )
    return rows


def _single_points(ties: nx.Graph) -> list[Gap]:
    sectors = {n: str(getattr(d["sector"], "value", None) or "unknown") for n, d in ties.nodes(data=True)}
    rows = []
    weak = weak_points(ties, sectors)
    cut = weak.separations
    for n in sorted(cut, key=lambda m: ties.nodes[m]["name"]):
        name = ties.nodes[n]["name"]
        evidence = []
        for piece in cut[n]:
            who = ", ".join(sorted(ties.nodes[m]["name"] for m in piece.members))
            more = f" and {piece.size - len(piece.members)} more" if piece.size > len(piece.members) else ""
            evidence.append(f"{who}{more} would lose {', '.join(sorted(piece.lost)) or 'the main network'}")
        total = sum(p.size for p in cut[n])
        rows.append(
            Gap(
                kind="single_point_of_failure",
                subject=name,
                subject_ids=[n],
                why=f"without {name}, {total} organisation(s) are cut off from the rest",
                evidence=evidence,
            )
        )
    for a, b in weak.bridges:
        if ties.degree(a) > 1 and ties.degree(b) > 1:
            via = sorted(f"{s} {r} {t}" for s, r, t in ties[a][b]["via"])
            rows.append(
                Gap(
                    kind="single_point_of_failure",
                    subject=f"{ties.nodes[a]['name']} - {ties.nodes[b]['name']}",
                    subject_ids=[a, b],
                    why="the only tie between two parts of the network",
                    evidence=via,
                )
            )
    return rows


@collector_paused()
def gaps(
    graph: AssetGraph,
    *,
    kinds: Iterable[str] = GAP_KINDS,
    level: str | None = None,
    place: str | None = None,
    themes: Sequence[str] = (),
    k: int = 3,
    derived_ties: bool = True,
) -> GapsResult:
    """Gaps of the chosen ``kinds`` (see :data:`GAP_KINDS`).

    Parameters
    ----------
    level : the place level of the coverage grid (default: every place, or just ``place``; in a
        graph of more than :data:`GRID_LIMIT` places, councils)
    place : limit coverage to this place (and, with ``level``, the places of that level in it)
    themes : limit coverage to these themes (default: all)
    k : ties within which a community-led organisation should reach a public or national body
    derived_ties : count the ties the data implies (same venue, co-funding) as ties

    Raises
    ------
    QueryError, NodeNotFound : an unknown gap kind, level, place or theme

    Examples
    --------
    >>> from assetgraph.loaders import load, SEED
    >>> found = gaps(load(SEED), kinds=["coverage"], place="Pentwyn", themes=["smoking"])
    >>> [(row.place, row.theme) for row in found.rows]
    [('Pentwyn', 'Smoking')]
    """
    kinds = list(kinds)
    for kind in kinds:
        if kind not in GAP_KINDS:
            raise QueryError(f"unknown gap kind {kind!r}; expected one of: {', '.join(GAP_KINDS)}")
    if level is not None and level not in PlaceLevel.__members__.values():
        raise QueryError(f"unknown place level {level!r}; expected one of: {', '.join(PlaceLevel)}")
    rows: list[Gap] = []
    note = None
    if "coverage" in kinds:
        level, note = _grid_level(graph, level, place)
        rows += _coverage_gaps(graph, _target_places(graph, level, place), themes)
    ties = collaboration_graph(graph, derived=derived_ties)
    if "unlinked_community" in kinds:
        rows += _unlinked_community(ties, k)
    if "partnership_without_community" in kinds:
        rows += _partnerships_without_community(graph)
    if "cut_off" in kinds:
        rows += _cut_off_components(ties)
    if "single_point_of_failure" in kinds:
        rows += _single_points(ties)
    return GapsResult(level=level, place=place, k=k, rows=rows, note=note)

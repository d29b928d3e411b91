"""A place profile: one place and what it encloses, as a coordinator takes it to a meeting.

It gathers the three questions for one place: who is there (assets located in or serving it,
by kind and theme), what is missing (each theme's coverage in the place and the places within
it, its single points of failure), who connects (connectors within and across its boundary,
ranked in the ties around the place)
and how a resident gets help (a route to each theme's nearest help, cold approaches marked),
with the evidence for each line.

>>> from assetgraph.loaders import load, SEED
>>> found = place_profile(load(SEED), "Pentwyn")
>>> found.place.name, found.place.within
('Pentwyn', ['Cardiff'])
>>> next(r for r in found.routes if r.theme == "Smoking").reaches
'Stop Smoking Wales'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cached_property
from pathlib import PurePath

import networkx as nx
from pydantic import BaseModel

from ..collector import collector_paused
from ..geography.lookup import find_place
from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import Place
from ..graphmodel.provenance import Provenance
from ..graphmodel.vocabulary import NodeKind, Relation
from .collaboration import WORKING, bodies_in, collaboration_graph
from .coverage import STATUSES, coverage_cells
from .evidence import described, graph_folder
from .gaps import gaps
from .pathways import pathways
from .places import asset_places, enclosed, enclosing, need_key, placed_at

__all__ = ["place_profile", "PlaceProfile", "STATUSES"]

_ASSETS = (NodeKind.ORGANISATION, NodeKind.INITIATIVE, NodeKind.SERVICE, NodeKind.PARTNERSHIP)
#: at most this many places within the profiled one get a row of the coverage grid
GRID_ROWS = 30


def _evidence(items: Iterable[Provenance], folder: PurePath | None, limit: int = 3) -> list[str]:
    """The first ``limit`` sources' word, each source shown relative to the folder the graph was
    built from (see :mod:`.evidence`)."""
    return [described(p, folder) for p in list(items)[:limit]]


class PlaceSummary(BaseModel):
    id: str
    name: str
    level: str | None
    code: str | None
    within: list[str]
    encloses: int
    population: int | None
    deprivation_index: str | None
    deprivation_decile: int | None
    deprivation_rank: int | None
    #: a council's deprivation from its small areas, with the method named ("16% of 263 small
    #: areas in IMD 2019 decile 1 (the most deprived tenth)"), and that share as a number
    deprivation_summary: str | None = None
    most_deprived_share: float | None = None


class AssetLine(BaseModel):
    id: str
    name: str
    kind: str
    places: list[str]
    themes: list[str]
    evidence: list[str]


class CoverageCell(BaseModel):
    """A grid cell (see :mod:`.coverage`): its status, its providers' names, how many are open
    access, in the place or serving it directly (inside), and reach it from a wider area."""

    place: str
    theme: str
    status: str
    providers: list[str]
    open_access: int = 0
    inside: int = 0
    serving_wider: int = 0


class ConnectorLine(BaseModel):
    name: str
    where: str
    explanation: str


class WeakPoint(BaseModel):
    subject: str
    why: str


class RouteLine(BaseModel):
    theme: str
    reaches: str | None
    cost: float | None
    hops: int | None
    cold_approach: bool
    explanation: str
    evidence: list[str]


class UnplacedLine(BaseModel):
    name: str
    kind: str
    tied_to: list[str]
    evidence: list[str]


class PlaceProfile(BaseModel):
    """Everything :func:`place_profile` gathers, in the order a reader meets it; ``notes`` says
    what the profile lacks or leaves out, and ``section_notes`` which of those belong to each
    list (``assets``, ``coverage``, ``connectors``, ``weak_points``, ``routes``, ``unplaced``),
    with why a list is empty where it is."""

    place: PlaceSummary
    assets_by_kind: dict[str, int]
    assets_by_theme: dict[str, int]
    assets: list[AssetLine]
    wider: dict[str, int]
    themes: list[str]
    grid_places: list[str]
    coverage: list[CoverageCell]
    connectors: list[ConnectorLine]
    weak_points: list[WeakPoint]
    routes: list[RouteLine]
    unplaced: list[UnplacedLine]
    notes: list[str] = []
    section_notes: dict[str, list[str]] = {}

    @cached_property
    def cells(self) -> dict[tuple[str, str], CoverageCell]:
        """The coverage grid by (place, theme)."""
        return {(c.place, c.theme): c for c in self.coverage}

    def status(self, place: str, theme: str) -> str:
        return self.cells[(place, theme)].status


def _summary(graph: AssetGraph, place: Place, inside: set[str]) -> PlaceSummary:
    return PlaceSummary(
        id=place.id,
        name=place.name,
        level=place.level.value if place.level else None,
        code=place.code,
        within=[graph.node(p).name for p in enclosing(graph, place.id)[1:2]],
        encloses=len(inside) - 1,
        population=place.population,
        deprivation_index=place.deprivation_index,
        deprivation_decile=place.deprivation_decile,
        deprivation_rank=place.deprivation_rank,
        deprivation_summary=place.attributes.get("deprivation_summary"),
        most_deprived_share=place.attributes.get("most_deprived_share"),
    )


def _themes_of(graph: AssetGraph) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for source, theme in graph.ends(Relation.ADDRESSES):
        found.setdefault(source, set()).add(theme)
    return found


def _grid(graph: AssetGraph, place: Place, themes: list[str]) -> tuple[list[str], list[CoverageCell]]:
    """The place and the places directly within it (the neediest first, at most
    :data:`GRID_ROWS`), each theme's coverage there and who provides it."""
    children = sorted(
        (graph.node(s) for s, t in graph.ends(Relation.WITHIN) if t == place.id),
        key=need_key,  # type: ignore[arg-type]
    )[:GRID_ROWS]
    rows = [place, *children]
    names = {r.id: r.name for r in rows}
    cells = [
        CoverageCell(
            place=names[cell.place],
            theme=graph.node(cell.theme).name,
            status=cell.status,
            providers=sorted(graph.node(a).name for a in cell.providers),
            **{k: v for k, v in cell.counts().items() if k != "providers"},
        )
        for cell in coverage_cells(graph, [r.id for r in rows], themes)
    ]
    return [r.name for r in rows], cells


def _connectors(graph: AssetGraph, inside_orgs: set[str], top: int) -> list[ConnectorLine]:
    """The organisations that connect the place, ranked by betweenness in the collaboration ties
    among its organisations (those in or serving it, :func:`.collaboration.bodies_in`) and those
    tied to them (one tie beyond its boundary): within it, or across it (outside, tied in), on
    the ties of working together (funding is dependence, not connection); equal scores by ties to
    the place's organisations. Local, so a national graph's profile costs what the place does."""
    ties = collaboration_graph(graph, WORKING)
    near = {n for n in inside_orgs if n in ties}
    near |= {m for n in near for m in ties[n]}
    local = ties.subgraph(near)
    score = nx.betweenness_centrality(local) if len(local) > 2 else dict.fromkeys(local, 0.0)
    lines = []
    for org in sorted(local, key=lambda n: (-score[n], -sum(m in inside_orgs for m in local[n]), n)):
        inside = {m for m in local[org] if m in inside_orgs}
        outside = len(local[org]) - len(inside)
        if score[org] == 0 and (org in inside_orgs or not inside):
            continue
        where = "within" if org in inside_orgs else "across"
        why = (
            f"{graph.node(org).name}: ties to {len(inside)} organisation(s) of the place and {outside} beyond it; "
            f"between {score[org]:.0%} of the pairs of organisations around the place (betweenness)"
        )
        lines.append(ConnectorLine(name=graph.node(org).name, where=where, explanation=why))
        if len(lines) == top:
            break
    return lines


@collector_paused()
def place_profile(graph: AssetGraph, place: str, *, connectors_shown: int = 10) -> PlaceProfile:
    """The profile of ``place`` (a name, id, code or postcode) and the places within it.

    Raises NodeNotFound for a place the graph does not hold.

    >>> from assetgraph.loaders import load, SEED
    >>> found = place_profile(load(SEED), "Pentwyn")
    >>> found.place.within, found.assets_by_kind
    (['Cardiff'], {'initiative': 2, 'organisation': 1})
    """
    node = graph.node(find_place(graph, place))
    inside = enclosed(graph, node.id)
    themes_of = _themes_of(graph)
    kinds, by_place = graph.kinds(), placed_at(graph)
    here = {a for p in inside for a in by_place.get(p, ()) if kinds[a] in _ASSETS}
    around = {a for p in enclosing(graph, node.id)[1:] for a in by_place.get(p, ()) if kinds[a] in _ASSETS}
    wider = Counter(kinds[a].value for a in around - here)
    folder = graph_folder(graph)
    assets = []
    for asset_id in here:
        asset = graph.node(asset_id)
        assets.append(
            AssetLine(
                id=asset.id,
                name=asset.name,
                kind=asset.kind.value,
                places=sorted(graph.node(p).name for p in asset_places(graph, asset.id) & inside),
                themes=sorted(graph.node(t).name for t in themes_of.get(asset.id, ())),
                evidence=_evidence(asset.provenance, folder),
            )
        )
    assets.sort(key=lambda a: (a.kind, a.name))
    themes = sorted((t.id for t in graph.nodes(NodeKind.THEME)), key=lambda t: graph.node(t).name)
    grid_places, coverage = _grid(graph, node, themes)  # type: ignore[arg-type]
    inside_orgs = set(bodies_in(graph, node.id))
    structure = gaps(graph, kinds=["single_point_of_failure"], place=node.id)
    weak = [WeakPoint(subject=g.subject, why=g.why) for g in structure.rows]
    found = PlaceProfile(
        place=_summary(graph, node, inside),  # type: ignore[arg-type]
        assets_by_kind=dict(sorted(Counter(a.kind for a in assets).items())),
        assets_by_theme=dict(sorted(Counter(t for a in assets for t in a.themes).items())),
        assets=assets,
        wider=dict(sorted(wider.items())),
        themes=[graph.node(t).name for t in themes],
        grid_places=grid_places,
        coverage=coverage,
        connectors=_connectors(graph, inside_orgs, connectors_shown),
        weak_points=weak,
        routes=[_route(graph, node.id, theme, folder) for theme in themes],
        unplaced=_unplaced(graph, here, folder),
    )
    found.section_notes = _section_notes(
        found, gaps(graph, kinds=["coverage"], place=node.id).notes, structure.notes, len(inside_orgs)
    )
    found.notes = list(dict.fromkeys(n for said in found.section_notes.values() for n in said))
    return found


def _section_notes(
    profile: PlaceProfile, coverage: list[str], structure: list[str], organisations: int
) -> dict[str, list[str]]:
    """Each list's notes: what the coverage and structure questions say their input lacks
    (:func:`.gaps.gaps` notes, reused as they are worded), and for an empty list why it is empty."""
    name = profile.place.name
    said: dict[str, list[str]] = {
        "assets": []
        if profile.assets
        else [
            f"No organisation, initiative, service or partnership is located in or serves {name} or a place within it."
        ],
        "coverage": coverage,
        "connectors": [],
        "weak_points": [],
        "routes": [] if profile.routes else coverage,  # no theme to seek help for: coverage says why
        "unplaced": [] if profile.unplaced else [f"No asset that names no place is tied to the assets of {name}."],
    }
    if not profile.connectors:
        reason = (
            f"no organisation is located in or serves {name}"
            if not organisations
            else f"none of the {organisations} organisations in or serving {name} or those tied to them links partners "
            "that are not tied to each other (on ties of working together; funding is not counted)"
        )
        said["connectors"] = [f"No connectors: {reason}.", *structure]
    if not profile.weak_points:
        said["weak_points"] = [
            f"No single point of failure: losing no one organisation or tie would cut off organisations of {name}.",
            *structure,
        ]
    return said


def _route(graph: AssetGraph, place: str, theme: str, folder: PurePath | None) -> RouteLine:
    found = pathways(graph, resident_of=place, need=theme, k=1)
    name = graph.node(theme).name
    if not found.routes:
        return RouteLine(
            theme=name,
            reaches=None,
            cost=None,
            hops=None,
            cold_approach=False,
            explanation=" ".join(found.nearest) or "No route.",
            evidence=[],
        )
    route = found.routes[0]
    return RouteLine(
        theme=name,
        reaches=route.target_name,
        cost=route.cost,
        hops=route.hops,
        cold_approach=any(s.relation == "COLD_APPROACH" for s in route.steps),
        explanation=route.explanation,
        evidence=[f"{s.to_name}: {described(p, folder)}" for s in route.steps for p in s.provenance[:1]],
    )


def _unplaced(graph: AssetGraph, inside: set[str], folder: PurePath | None) -> list[UnplacedLine]:
    """Assets that name no place but are tied to assets of the place: they may serve it."""
    kinds = graph.kinds()
    tied: dict[str, set[str]] = {}
    for asset in inside:
        for e in graph.edges(node=asset):
            other = e.target if e.source == asset else e.source
            if kinds[other] in _ASSETS and not asset_places(graph, other):
                tied.setdefault(other, set()).add(graph.node(asset).name)
    lines = []
    for other, names in tied.items():
        node = graph.node(other)
        lines.append(
            UnplacedLine(
                name=node.name, kind=node.kind.value, tied_to=sorted(names), evidence=_evidence(node.provenance, folder)
            )
        )
    return sorted(lines, key=lambda u: u.name)

"""Coverage cells: for a place and a theme, who provides help there, from where, and how a
person gets in; and which places the data claims to cover at all.

A provider is an asset that ADDRESSES the theme. It reaches a place:

- **directly**, located in or serving the place itself;
- **from inside**, located in or serving a place within it (a neighbourhood of the council);
- **from a wider area**, located in or serving a place that encloses it (a nation-wide line).

A cell's status, worst first (:data:`STATUSES` read backwards):

- ``none``: no provider at all;
- ``unknown``: none placed, but assets that name no place address the theme;
- ``wider``: no provider in the place or serving it directly, only from a wider area;
- ``partial``: one provider, in a part of the place only;
- ``single``: one provider in the place or serving it directly;
- ``full``: more than one provider in the place or serving it directly.

A provider is open access when a person may come on their own (drop-in, self referral: Open
Referral's ``attending_access``).

>>> from assetgraph.loaders import load, SEED
>>> g = load(SEED)
>>> cell, = coverage_cells(g, ["place:pentwyn"], [g.find("smoking").id])
>>> cell.status, len(cell.direct), len(cell.wider) > 0
('wider', 0, True)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import AttendingAccess, NodeKind, PlaceLevel, Relation
from ..kept import kept_or
from .places import LEVEL_ORDER, enclosing_sets, local_area, providers_at

__all__ = ["STATUSES", "Cell", "claimed_places", "coverage_cells", "judged_places", "open_access", "themeless"]

#: cell statuses, best first; every one but ``full`` is a gap
STATUSES = ("full", "single", "partial", "wider", "unknown", "none")


@dataclass(frozen=True)
class Cell:
    """One place x theme: the providers reaching it directly, from inside, from a wider area,
    the theme's providers that name no place, and how many providers are open access."""

    place: str
    theme: str
    direct: frozenset[str]
    inside: frozenset[str]
    wider: frozenset[str]
    unplaced: tuple[str, ...]
    open_access: int

    @property
    def local(self) -> frozenset[str]:
        """Providers in the place or serving it directly."""
        return self.direct | self.inside

    @property
    def providers(self) -> frozenset[str]:
        return self.local | self.wider

    @property
    def status(self) -> str:
        """See the module text."""
        if len(self.local) > 1:
            return "full"
        if self.direct:
            return "single"
        if self.inside:
            return "partial"
        if self.wider:
            return "wider"
        return "unknown" if self.unplaced else "none"

    def counts(self) -> dict[str, int]:
        """The figures a row carries: providers, open access, inside (in the place or serving it
        directly) and serving wider (reaching it only from a wider area)."""
        return {
            "providers": len(self.providers),
            "open_access": self.open_access,
            "inside": len(self.local),
            "serving_wider": len(self.wider),
        }


def open_access(graph: AssetGraph) -> frozenset[str]:
    """The services a person may come to on their own (drop-in, self referral) (cached)."""

    def build() -> frozenset[str]:
        return frozenset(
            s
            for s, (access,) in graph.node_values(NodeKind.SERVICE, "attending_access")
            if access and AttendingAccess(access).open_door
        )

    return graph.cached("open-access", build)


def themeless(graph: AssetGraph) -> tuple[int, int]:
    """How many services and initiatives address no theme, and how many there are: the help
    that coverage and routes to a need cannot count (for a :func:`.notes.missing` note; cached,
    or kept with the graph's file)."""

    def build() -> tuple[int, int]:
        addressing = {source for source, _ in graph.ends(Relation.ADDRESSES)}
        helping = [n for n, kind in graph.kinds().items() if kind in (NodeKind.SERVICE, NodeKind.INITIATIVE)]
        return sum(n not in addressing for n in helping), len(helping)

    return graph.cached("themeless", lambda: kept_or(graph, lambda found: found.themeless(), build))


def coverage_cells(graph: AssetGraph, places: Sequence[str], themes: Sequence[str]) -> list[Cell]:
    """The cell of every place (ids) and theme (ids), place by place in the order given."""
    anc, index, door = enclosing_sets(graph), providers_at(graph), open_access(graph)
    by_theme: dict[str, tuple[dict[str, list[str]], dict[str, set[str]], tuple[str, ...]]] = {}
    for theme in themes:
        at = dict(index.get(theme, {}))
        unplaced = tuple(sorted(at.pop("", ())))
        within: defaultdict[str, set[str]] = defaultdict(set)
        for p, assets in at.items():
            for outer in anc.get(p, frozenset({p})) - {p}:
                within[outer].update(assets)
        by_theme[theme] = (at, within, unplaced)
    cells = []
    for place in places:
        around = anc.get(place, frozenset({place})) - {place}
        for theme in themes:
            at, within, unplaced = by_theme[theme]
            direct = frozenset(at.get(place, ()))
            wider = frozenset(a for p in around & at.keys() for a in at[p])
            inside = frozenset(within.get(place, ())) - direct
            reach = direct | inside | wider
            cells.append(Cell(place, theme, direct, inside, wider - direct - inside, unplaced, len(reach & door)))
    return cells


def claimed_places(graph: AssetGraph) -> frozenset[str]:
    """The places the data claims to offer help in: where a service or initiative that addresses
    a theme is located or serves, and where an organisation that addresses one serves (cached).
    A grant file claims no area: an organisation's own address is where it is based, not where
    it offers help (a grant recipient's postcode), so it claims nothing, and nor does an area a
    grant record gives its recipient (its beneficiary location). Kept with the graph's file."""

    def build() -> frozenset[str]:
        kinds = graph.kinds()
        addressing = {source for source, _ in graph.ends(Relation.ADDRESSES)}
        granted = {
            (body, *record)
            for _, body, _, (provenance,) in graph.edge_values(Relation.FUNDS, "provenance")
            for record in _records(provenance)
        }
        found = {
            p for s, p in graph.ends(Relation.LOCATED_IN) if s in addressing and kinds[s] is not NodeKind.ORGANISATION
        }
        for source, place, _, (provenance,) in graph.edge_values(Relation.SERVES, "provenance"):
            if source in addressing and (
                kinds[source] is not NodeKind.ORGANISATION
                or any((source, *record) not in granted for record in _records(provenance))
            ):
                found.add(place)
        return frozenset(found)

    return graph.cached("claimed-places", lambda: kept_or(graph, lambda found: found.claimed_places(), build))


def _records(provenance: Iterable) -> list[tuple[str, str | None]]:
    """The (source, locator) of each of ``provenance`` (models, or their dumped form)."""
    return [(p["source"], p.get("locator")) if isinstance(p, dict) else (p.source, p.locator) for p in provenance or ()]


def judged_places(graph: AssetGraph, candidates: Iterable[str]) -> list[str]:
    """Of ``candidates`` (place ids, order kept), those whose coverage the data claims: a claimed
    place, the places enclosing it up to its council, and the places within a claimed council or
    smaller place. A claim on a nation or region judges that place, not every council in it."""
    claimed = claimed_places(graph)
    anc = enclosing_sets(graph)
    limit = LEVEL_ORDER[PlaceLevel.LOCAL_AUTHORITY]
    up = {p for c in claimed for p in local_area(graph, c)}
    local = set()
    for c in claimed:
        level = graph.node(c).level  # type: ignore[attr-defined]
        if level is None or LEVEL_ORDER[level] >= limit:
            local.add(c)
    return [p for p in candidates if p in up or anc.get(p, frozenset()) & local]

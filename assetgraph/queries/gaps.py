"""Gaps: what is missing, where, and the evidence for it.

Three families:

- **coverage** (:mod:`.coverage`): for each place and theme, the assets that ADDRESS the theme
  and reach the place, directly, from inside it or from a wider area, and how many are open
  access. Cells short of ``full`` (more than one provider in the place or serving it directly)
  are gaps, ranked by status, then need (deprivation decile and rank, then population) where
  places carry it. Coverage is judged only where the data claims to cover
  (:func:`.coverage.judged_places`), or in the place asked.
- **funding dependence** (:mod:`.funding`): per place, the bodies one funder alone paid in
  grants active in a window (the last three years by default).
- **structure**, on the collaboration graph of organisations (:mod:`.collaboration`) less its
  funding ties (grants, and the co-funding they imply: money is dependence, reported above, not
  a route or brokerage): community-led organisations with no route within ``k`` ties to a
  public or national body, partnerships with no community-led member, groups of organisations
  cut off from the main network (those with no tie at all as one row; none where there is no
  network), and single points of failure (organisations and ties whose loss cuts others off;
  with a place, only what is cut off there counts). With a place, every structural gap is one
  that touches the bodies in or serving it (a partnership, through its members).

Whatever a question lacks (themes, places at the level asked, ties, dated grants) is said in
``notes``, never left as a silent empty answer.

>>> from assetgraph.loaders import load, SEED
>>> g = load(SEED)
>>> found = gaps(g, place="Morecambe Bay", kinds=("coverage",))
>>> sorted(r.theme for r in found.rows if r.status == "none")[:2]
['Health and wellbeing', 'Learning']
"""

from __future__ import annotations

import datetime as dt
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
from .bounded import SHOWN, some
from .collaboration import WORKING, bodies_in, collaboration_graph, untied
from .coverage import STATUSES, Cell, coverage_cells, judged_places, themeless
from .cut_points import weak_points
from .funding import Dependence, funding_dependence, window
from .notes import missing
from .options import GAP_KINDS
from .places import enclosed, need_key

__all__ = ["GAP_KINDS", "GRID_LIMIT", "TABLE_ROWS", "Gap", "GapsResult", "gaps"]

#: the most gaps the table shows (the JSON and CSV list every one)
TABLE_ROWS = 50
#: coverage statuses, worst first, as rows are ranked
_STATUS_ORDER = {status: i for i, status in enumerate(reversed(STATUSES))}


class Gap(BaseModel):
    """One gap: what kind, about what (a place and theme, a funder's dependants, or an
    organisation), why, and the evidence the graph holds."""

    kind: str
    subject: str
    #: the ids of the nodes a gap is about (the organisation, partnership, the ends of a
    #: bridge, the organisations cut off, the bodies one funder alone pays), where the subject
    #: names them
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
    #: coverage: providers reaching the place, those open access (drop-in, self referral),
    #: those in it or serving it directly, and those reaching it only from a wider area
    providers: int | None = None
    open_access: int | None = None
    inside: int | None = None
    serving_wider: int | None = None
    #: funding dependence: the funder, its grants counted and their sums by currency
    funder: str | None = None
    funder_id: str | None = None
    grants: int | None = None
    amounts: dict[str, float] = {}


class GapsResult(BaseModel):
    level: str | None
    place: str | None
    k: int
    rows: list[Gap]
    #: the first of ``notes`` (kept for readers of the earlier JSON)
    note: str | None = None
    #: what the answer lacks or leaves out, and what would supply it
    notes: list[str] = []
    #: the name of the place asked (``place`` is as it was asked: a name, code or postcode)
    place_name: str | None = None
    #: the window of grants counted for funding dependence (ISO dates), where asked
    since: str | None = None
    as_of: str | None = None

    def _table(self, rows: list[Gap], more: int) -> Table:
        """The gaps ``rows`` as a table; ``more`` rows left out are said under it."""

        def number(value: int | None) -> str:
            return "" if value is None else str(value)

        columns = ["kind", "subject", "status", "place code", "place id", "decile", "rank", "need"]
        columns += ["providers", "provider count", "open access", "inside", "serving wider", "unplaced", "why"]
        notes = (
            [f"and {more} more gaps, less needy or less severe: the JSON and CSV forms list every one."] if more else []
        )
        if any(g.providers is not None for g in rows):
            notes.append(
                "open: providers a person may come to on their own (drop-in, self referral). The CSV form "
                "adds each place's id, its deprivation rank and other need figures, and how many providers are "
                "in each place or serve it directly (inside) and how many reach it from a wider one."
            )
        return Table(
            "Gaps",
            columns,
            [
                [
                    g.kind,
                    g.subject,
                    g.status or "",
                    g.place_code or "",
                    g.place_id or "",
                    number(g.decile),
                    number(g.rank),
                    ", ".join(f"{k} {v}" for k, v in g.need.items() if k not in ("decile", "rank")),
                    "" if g.providers is None else f"{g.providers} ({g.open_access} open)",
                    number(g.providers),
                    number(g.open_access),
                    number(g.inside),
                    number(g.serving_wider),
                    "; ".join(g.unplaced),
                    g.why,
                ]
                for g in rows
            ],
            heading="\n".join(
                [
                    f"{len(self.rows)} gap{'' if len(self.rows) == 1 else 's'}"
                    + (f" in {self.place_name or self.place}" if self.place else "")
                    + (f" at level {self.level}" if self.level else "")
                    + (f"; the first {len(rows)} shown" if more else ""),
                    *self.notes,
                ]
            ),
            widths={"why": 50, "unplaced": 24},
            csv_only=["place id", "rank", "need", "provider count", "open access", "inside", "serving wider"],
            note="\n".join(notes) or None,
        )

    def tables(self) -> list[Table]:
        """The first :data:`TABLE_ROWS` gaps, most severe and neediest first (a small area grid
        runs to thousands of cells)."""
        shown = self.rows[:TABLE_ROWS]
        return [self._table(shown, len(self.rows) - len(shown))]

    def csv_table(self) -> Table:
        """Every gap, for spreadsheets."""
        return self._table(self.rows, 0)


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
    for summary in ("most_deprived_share", "deprivation_summary"):
        if summary in place.attributes:
            need[summary] = place.attributes[summary]
    return need


def _where(place: Place) -> dict:
    """The place fields of a row about ``place``."""
    return {
        "place": place.name,
        "place_id": place.id,
        "place_code": place.code,
        "decile": place.deprivation_decile,
        "rank": place.deprivation_rank,
        "need": _need(place),
    }


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


def _target_places(graph: AssetGraph, level: str | None, place: str | None) -> tuple[list[Place], list[str]]:
    """The places of the grid, neediest first, and notes where there are none at the level."""
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
        at_level = {p for p in ids if levels[p][0] is not None and PlaceLevel(levels[p][0]) == PlaceLevel(level)}
        if not at_level:
            where = "places" + (f" in {graph.node(root.id).name}" if place else "")
            supply = f"places of that level (the bundled UK places) within {'it' if place else 'the graph'}"
            return [], [str(missing(f"level {level}", len(ids), len(ids), where, supply))]
        ids = at_level
    return sorted((graph.node(i) for i in ids), key=need_key), []  # type: ignore[arg-type]


def _names(graph: AssetGraph, ids: Iterable[str], limit: int = 10) -> str:
    return some(sorted(graph.node(i).name for i in ids), limit)


def _counted(graph: AssetGraph, ids: Iterable[str]) -> str:
    """``ids`` counted by kind: "17 services", "2 organisations and 1 initiative"."""
    counts: defaultdict[str, int] = defaultdict(int)
    for i in ids:
        counts[graph.kind_of(i).value] += 1
    parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return " and ".join(parts)


def _served_wider(cell: Cell) -> bool:
    """A wider cell that two or more providers reach from the area around it: help is there,
    only not local (a council's services seen from each of its small areas), so it ranks after
    every other gap."""
    return cell.status == "wider" and len(cell.wider) > 1


def _why(graph: AssetGraph, cell: Cell, place: str, theme: str) -> str:
    status = cell.status
    if status == "unknown":
        one = len(cell.unplaced) == 1
        return (
            f"unknown: {_counted(graph, cell.unplaced)} {'addresses' if one else 'address'} {theme} "
            f"but {'names' if one else 'name'} no place"
        )
    return {
        "none": f"no asset addressing {theme} covers {place}",
        "wider": (
            f"no local presence: {len(cell.wider)} providers of {theme} serve a wider area taking in {place} "
            f"({_names(graph, cell.wider)}), none is in it or serves it directly"
            if _served_wider(cell)
            else f"no provider of {theme} is in {place} or serves it directly; "
            f"only from a wider area: {_names(graph, cell.wider)}"
        ),
        "partial": f"{theme} is addressed only in parts of {place}: {_names(graph, cell.inside)}",
        "single": f"only {_names(graph, cell.direct)} addresses {theme} in {place}",
    }[status]


def _evidence(graph: AssetGraph, cell: Cell, theme: str) -> list[str]:
    evidence = [
        f"{label}: {_names(graph, ids)}"
        for label, ids in (
            ("serves it directly", cell.direct),
            ("covers a part", cell.inside),
            ("serves it from a wider area", cell.wider),
        )
        if ids
    ]
    if cell.providers:
        evidence.append(f"open access (drop-in or self referral): {cell.open_access} of {len(cell.providers)}")
    if cell.unplaced:
        evidence.append(f"address {theme} but name no place: {_names(graph, cell.unplaced)}")
    return evidence


def _coverage_gaps(graph: AssetGraph, places: list[Place], themes: Sequence[str]) -> list[Gap]:
    theme_ids = [graph.find(t, NodeKind.THEME).id for t in themes] if themes else [t.id for t in graph.nodes("theme")]
    position = {p.id: i for i, p in enumerate(places)}
    by_id = {p.id: p for p in places}
    rows: list[tuple[int, int, Gap]] = []
    for cell in coverage_cells(graph, [p.id for p in places], theme_ids):
        status = cell.status
        if status == "full":
            continue
        place, theme = by_id[cell.place], graph.node(cell.theme).name
        gap = Gap(
            kind="coverage",
            subject=f"{place.name} x {theme}",
            theme=theme,
            status=status,
            unplaced=sorted(graph.node(a).name for a in cell.unplaced),
            why=_why(graph, cell, place.name, theme),
            evidence=_evidence(graph, cell, theme),
            **_where(place),
            **cell.counts(),
        )
        rows.append((len(STATUSES) if _served_wider(cell) else _STATUS_ORDER[status], position[cell.place], gap))
    return [gap for *_, gap in sorted(rows, key=lambda r: r[:2])]


def _coverage_notes(graph: AssetGraph, asked: list[Place], judged: list[Place], place: str | None) -> list[str]:
    """What the coverage grid rests on: assets without themes, and which places were judged."""
    notes = []
    lacking = missing(
        "theme",
        *themeless(graph),
        "services and initiatives",
        "a need, audience or taxonomy column to the source (coverage counts only assets with themes)",
    )
    notes += [lacking] if lacking else []
    if not graph.count_nodes().get(NodeKind.THEME.value):
        notes.append("The graph records no themes, so no coverage can be judged: add needs or themes to the sources.")
    if place is not None:
        outside = [p.id for p in asked if p not in judged]
        if outside:
            notes.append(
                f"No service or initiative in the data claims to serve {_names(graph, outside, 3)}: "
                f"{'its' if len(outside) == 1 else 'their'} coverage is not judged, as what the data holds "
                "there is no evidence that help is missing."
            )
        return notes
    if len(judged) < len(asked):
        shown = _names(graph, [p.id for p in judged], 5) if judged else "none"
        notes.append(
            f"Coverage judged in {len(judged)} of {len(asked)} places ({shown}): those the services and "
            "initiatives addressing a theme serve or sit in, with their councils and the places within them. "
            f"The other {len(asked) - len(judged)} were not judged, as no record claims to offer help there "
            "(where a grant recipient is based is not where help is offered); ask for a place to judge one."
        )
    return notes


def _coverage(
    graph: AssetGraph, level: str | None, place: str | None, themes: Sequence[str]
) -> tuple[str | None, list[Gap], list[str]]:
    level, chosen = _grid_level(graph, level, place)
    asked, notes = _target_places(graph, level, place)
    notes = [chosen, *notes] if chosen else notes
    keep = set(judged_places(graph, [p.id for p in asked]))
    judged = [p for p in asked if p.id in keep]
    notes += _coverage_notes(graph, asked, judged, place)
    found = _coverage_gaps(graph, judged, themes)
    remote = sum(1 for g in found if g.status == "wider" and (g.serving_wider or 0) > 1)
    if remote:
        notes.append(
            f"{remote} of the {len(found)} coverage gaps are no local presence: two or more providers serve a "
            "wider area taking the place in, none is in it or serves it directly; they are listed last."
        )
    return level, found, notes


def _money(amounts: dict[str, float]) -> str:
    return ", ".join(f"{currency or 'no currency'} {amount:,.0f}" for currency, amount in sorted(amounts.items()))


def _funding_gaps(graph: AssetGraph, found: Dependence) -> list[Gap]:
    rows = []
    window = f"grants active from {found.since.isoformat()} to {found.as_of.isoformat()}"
    for row in found.rows:
        funder = graph.node(row.funder).name
        where = graph.node(row.place) if row.place else None
        n = len(row.bodies)
        rows.append(
            Gap(
                kind="funding_dependence",
                subject=f"{n} {'body' if n == 1 else 'bodies'} "
                + (f"in or serving {where.name} " if where else "in no place ")
                + f"{'is' if n == 1 else 'are'} funded only by {funder}",
                subject_ids=row.bodies,
                why=f"{funder} is the only funder of {n} {'body' if n == 1 else 'bodies'} here in {window}: "
                f"{_money(row.amounts)} in {row.grants} grant{'s' if row.grants != 1 else ''}",
                evidence=[f"funded only by {funder}: {some([graph.node(b).name for b in row.bodies])}"],
                funder=funder,
                funder_id=row.funder,
                grants=row.grants,
                amounts=row.amounts,
                **(_where(where) if where else {}),  # type: ignore[arg-type]
            )
        )
    return rows


def _funding_notes(found: Dependence, place: str | None) -> list[str]:
    notes = []
    if not found.grants:
        return ["The graph records no grants (FUNDS ties with dates and amounts): add a grant file (360Giving)."]
    undated = missing("date", found.undated, found.grants, "grants", "award or planned dates to the grant file")
    if undated:
        notes.append(undated[:-1] + "; they are not counted in any window.")
    window = f"{found.since.isoformat()} to {found.as_of.isoformat()}"
    if not found.active:
        latest = f" the latest date of any grant is {found.latest.isoformat()}" if found.latest else ""
        notes.append(
            f"None of the {found.grants} grants is active from {window}:{latest}; "
            "choose an earlier start of the window (the since date) to count older grants."
        )
    elif not found.rows and found.dependent:
        notes.append(f"No body funded by one funder alone from {window} is in or serves {place}.")
    places: defaultdict[str, set[str | None]] = defaultdict(set)
    for row in found.rows:
        for body in row.bodies:
            places[body].add(row.place)
    if twice := sum(len(p) > 1 for p in places.values()):
        notes.append(
            f"{twice} of the bodies are counted in more than one council: a body counts in every council it is "
            "located in or serves (a recipient based in one and serving another counts in both), where the "
            "connectors question's funders count each grantee once, where it is most precisely placed."
        )
    unplaced = missing(
        "place" if place else "council",
        found.unplaced,
        found.dependent,
        "bodies funded by one funder alone",
        "recipients' postcodes or addresses to the grant file",
    )
    notes += [unplaced] if unplaced else []
    return notes


def _structure_note(graph: AssetGraph, ties: nx.Graph, funding_left_out: bool) -> str | None:
    """A note where organisations have no ties to measure structure on; with no tie at all,
    what the relations read link instead (:func:`.collaboration.untied`)."""
    lonely = sum(1 for n in ties if not ties.degree(n))
    what = "partnerships, memberships, services two bodies share or referrals to the sources"
    note = missing("tie to another organisation", lonely, ties.number_of_nodes(), "organisations", what)
    if note and not ties.number_of_edges():
        note = f"{note[:-1]}; {untied(graph, WORKING)}."
    if note and funding_left_out:
        note = note[:-1] + " (grants are not counted as ties here: they are reported as funding dependence)."
    return note


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


def _partnerships_without_community(graph: AssetGraph, here: frozenset[str] | None = None) -> list[Gap]:
    """Partnerships with no community-led member; with ``here`` (the bodies of a place), only
    those with a member among them."""
    rows = []
    joined: defaultdict[str, list[str]] = defaultdict(list)
    for member, body in graph.ends(Relation.MEMBER_OF):
        joined[body].append(member)
    for p in graph.nodes(NodeKind.PARTNERSHIP):
        if here is not None and here.isdisjoint(joined[p.id]):
            continue
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
    """Groups of organisations with ties among themselves but none to the main network (the
    largest group), one row each, names bounded; organisations with no tie at all are one row.
    With no tie anywhere there is no network to be cut off from: no rows (the structure note
    says why)."""
    if not ties.number_of_edges():
        return []
    parts = sorted(nx.connected_components(ties), key=lambda c: (-len(c), min(c)))
    main = len(parts[0])
    tied = [part for part in parts[1:] if len(part) > 1]
    alone = sorted(n for part in parts[1:] if len(part) == 1 for n in part)
    rows = [
        Gap(
            kind="cut_off",
            subject=some(sorted(ties.nodes[n]["name"] for n in part)),
            subject_ids=sorted(part),
            why=f"{len(part)} organisations tied among themselves but not to the main network of {main}",
            evidence=[f"{ties.nodes[n]['name']}: {ties.degree(n)} ties" for n in sorted(part)[:SHOWN]],
        )
        for part in tied
    ]
    if alone:
        rows.append(
            Gap(
                kind="cut_off",
                subject=some(sorted(ties.nodes[n]["name"] for n in alone)),
                subject_ids=alone,
                why=f"{len(alone)} organisation(s) with no tie to another organisation, outside the main network "
                f"of {main}",
                evidence=[],
            )
        )
    return rows


def _single_points(ties: nx.Graph, here: frozenset[str] | None, place: str | None) -> list[Gap]:
    """Cut points and bridges of ``ties``; with ``here`` (the organisations in or serving
    ``place``), only those that cut off some of them, counted there."""
    sectors = {n: str(getattr(d["sector"], "value", None) or "unknown") for n, d in ties.nodes(data=True)}
    rows = []
    weak = weak_points(ties, sectors, marked=here or frozenset())
    cut = weak.separations
    for n in sorted(cut, key=lambda m: ties.nodes[m]["name"]):
        name = ties.nodes[n]["name"]
        total = sum(p.size for p in cut[n])
        there = sum(p.marked for p in cut[n])
        if here is not None and not there:
            continue
        evidence = []
        for piece in cut[n]:
            who = ", ".join(sorted(ties.nodes[m]["name"] for m in piece.members))
            more = f" and {piece.size - len(piece.members)} more" if piece.size > len(piece.members) else ""
            evidence.append(f"{who}{more} would lose {', '.join(sorted(piece.lost)) or 'the main network'}")
        why = (
            f"without {name}, {total} organisation(s) are cut off from the rest"
            if here is None
            else f"without {name}, {there} organisation(s) in {place} are cut off"
            + (f" ({total} in all)" if total != there else "")
        )
        rows.append(Gap(kind="single_point_of_failure", subject=name, subject_ids=[n], why=why, evidence=evidence))
    for a, b in weak.bridges:
        if ties.degree(a) > 1 and ties.degree(b) > 1 and (here is None or a in here or b in here):
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
    since: dt.date | None = None,
    as_of: dt.date | None = None,
) -> GapsResult:
    """Gaps of the chosen ``kinds`` (see :data:`GAP_KINDS`).

    Parameters
    ----------
    level : the place level of the coverage grid (default: every place the data claims to
        cover, or just ``place``; in a graph of more than :data:`GRID_LIMIT` places, councils)
    place : limit coverage to this place (and, with ``level``, the places of that level in it),
        funding dependence and the structural gaps to the bodies in or serving it
    themes : limit coverage to these themes (default: all)
    k : ties within which a community-led organisation should reach a public or national body
    derived_ties : count the ties the data implies (same venue, co-funding) as ties
    since, as_of : the window of grants counted for funding dependence (default: the three
        years up to today; see :mod:`.funding`)

    Raises
    ------
    QueryError, NodeNotFound : an unknown gap kind, level, place or theme, or a window that
        ends before it starts

    Examples
    --------
    >>> from assetgraph.loaders import load, SEED
    >>> found = gaps(load(SEED), kinds=["coverage"], place="Pentwyn", themes=["smoking"])
    >>> [(row.place, row.theme, row.status) for row in found.rows]
    [('Pentwyn', 'Smoking', 'wider')]
    """
    kinds = list(kinds)
    for kind in kinds:
        if kind not in GAP_KINDS:
            raise QueryError(f"unknown gap kind {kind!r}; expected one of: {', '.join(GAP_KINDS)}")
    if level is not None and level not in PlaceLevel.__members__.values():
        raise QueryError(f"unknown place level {level!r}; expected one of: {', '.join(PlaceLevel)}")
    if since is not None:
        window(as_of or dt.date.today(), since)
    rows: list[Gap] = []
    notes: list[str] = []
    dependence: Dependence | None = None
    root = graph.find(place, NodeKind.PLACE) if place else None
    if "coverage" in kinds:
        level, found, said = _coverage(graph, level, place, themes)
        rows += found
        notes += said
    if "funding_dependence" in kinds:
        dependence = funding_dependence(graph, root.id if root else None, since=since, as_of=as_of)
        rows += _funding_gaps(graph, dependence)
        notes += _funding_notes(dependence, root.name if root else None)
    structural = {"unlinked_community", "cut_off", "single_point_of_failure"} & set(kinds)
    ties = collaboration_graph(graph, WORKING, derived=derived_ties) if structural else nx.Graph()
    if structural:
        note = _structure_note(graph, ties, funding_left_out=any(True for _ in graph.edges(Relation.FUNDS)))
        notes += [note] if note else []
    here = bodies_in(graph, root.id) if root and structural else None
    found: list[Gap] = []
    if "unlinked_community" in kinds:
        found += _unlinked_community(ties, k)
    if "partnership_without_community" in kinds:
        found += _partnerships_without_community(graph, here)
    if "cut_off" in kinds:
        found += _cut_off_components(ties)
    rows += [g for g in found if here is None or g.kind == "partnership_without_community" or here & set(g.subject_ids)]
    if "single_point_of_failure" in kinds:
        rows += _single_points(ties, here, root.name if root else None)
    return GapsResult(
        level=level,
        place=place,
        place_name=root.name if root else None,
        k=k,
        rows=rows,
        note=notes[0] if notes else None,
        notes=notes,
        since=dependence.since.isoformat() if dependence else None,
        as_of=dependence.as_of.isoformat() if dependence else None,
    )

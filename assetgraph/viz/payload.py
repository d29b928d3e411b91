"""The data a map page draws: nodes and edges with their styles, evidence, filters and overlays.

Everything here is plain data; :mod:`.page` embeds it as JSON that the page's script reads as
text, so no name, quote or URL from a source is ever parsed as HTML.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..geography.postcodes import grid_reference
from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import personal_fields
from ..graphmodel.redaction import Redactor
from ..graphmodel.vocabulary import SYMMETRIC, NodeKind, PlaceLevel, Relation
from ..queries.connectors import connectors
from ..queries.gaps import gaps
from ..queries.pathways import pathways
from ..queries.places import LEVEL_ORDER, asset_places, enclosing_sets
from ..render import cell_text
from .geo_view import geo_view
from .layout import spread
from .select import Selection, aggregate, around, folded_into, overview, within_place

__all__ = ["MapOptions", "KIND_STYLE", "RELATION_STYLE", "ROUTE_COLOUR", "build_payload"]

#: colour and vis-network shape of each kind
KIND_STYLE: dict[NodeKind, tuple[str, str]] = {
    NodeKind.ORGANISATION: ("#2b6cb0", "dot"),
    NodeKind.PERSON: ("#805ad5", "diamond"),
    NodeKind.INITIATIVE: ("#dd6b20", "triangle"),
    NodeKind.SERVICE: ("#2f855a", "square"),
    NodeKind.PARTNERSHIP: ("#2c7a7b", "hexagon"),
    NodeKind.PLACE: ("#718096", "triangleDown"),
    NodeKind.THEME: ("#b7791f", "star"),
}
#: colour of each relation's edges, every one its own
RELATION_STYLE: dict[Relation, str] = {
    Relation.PART_OF: "#4a5568",
    Relation.WITHIN: "#a0aec0",
    Relation.ROLE_IN: "#6b46c1",
    Relation.MEMBER_OF: "#d53f8c",
    Relation.PARTNERS_WITH: "#2b6cb0",
    Relation.RUNS: "#2f855a",
    Relation.FUNDS: "#b7791f",
    Relation.SUPPORTS: "#319795",
    Relation.LOCATED_IN: "#00a3c4",
    Relation.SERVES: "#90cdf4",
    Relation.ADDRESSES: "#ecc94b",
    Relation.SIGNPOSTS_TO: "#e53e3e",
    Relation.REFERS_TO: "#dd6b20",
}
#: the colour of a highlighted route: no relation is drawn in it
ROUTE_COLOUR = "#ff00ff"
_EDGE_CORE = {"source", "target", "relation", "provenance", "attributes"}


@dataclass
class MapOptions:
    """What to draw and which questions to overlay.

    ``route`` holds the keyword arguments of :func:`~assetgraph.queries.pathways.pathways`
    (``start`` or ``resident_of``, ``need`` or ``to``); ``connectors`` is how many top brokers
    to mark; ``redact_people`` leaves out people's names and contact details.
    """

    title: str | None = None
    around: str | None = None
    depth: int = 2
    place: str | None = None
    max_nodes: int = 2000
    #: above this many nodes a map draws the overview (see :func:`.select.overview`): services in
    #: the body that runs them, places and themes left to the filters; None draws every node
    overview_above: int | None = 300
    redact_people: bool = False
    connectors: int = 0
    gaps: bool = False
    route: Mapping[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    #: ``network`` (by the ties) or ``geo`` (places and assets with a postcode at their grid
    #: reference, the rest by the ties around them)
    layout: str = "network"
    #: node id -> ``added``, ``removed`` or ``changed``, and (source, target, relation) -> the
    #: same for ties: a map of what changed (see :func:`assetgraph.queries.diff.diff`)
    changes: Mapping[str, str] = field(default_factory=dict)
    tie_changes: Mapping[tuple[str, str, str], str] = field(default_factory=dict)
    #: every change to list beside the map: ``of`` (``nodes``, ``ties`` or ``answers``: a
    #: question's), ``change``, ``kind`` (a tie's is ``tie``, an answer's its question), ``name``,
    #: ``id`` (the node it concerns, a tie's source; None for an answer) and ``fields`` (what changed)
    changes_listed: Sequence[Mapping[str, Any]] = ()
    #: with ``redact_people``, the people to withhold where they are not (all) the drawn graph's:
    #: a map of changes withholds those of both versions
    redactor: Redactor | None = None


class _Evidence:
    """Provenance entries stored once in a table; nodes and edges refer to them by position,
    which keeps a map of thousands of records from one source small."""

    def __init__(self) -> None:
        self.table: list[dict[str, Any]] = []
        self._index: dict[Any, int] = {}

    def __call__(self, items: Sequence[Any]) -> list[int]:
        refs = []
        for p in items:
            if p not in self._index:
                self._index[p] = len(self.table)
                self.table.append(
                    {"source": p.source, "locator": p.locator, "snippet": p.snippet, "inferred": p.inferred}
                )
            refs.append(self._index[p])
        return refs


def _selection(graph: AssetGraph, options: MapOptions) -> tuple[set[str], Selection]:
    """The nodes chosen (before any folding), and the selection drawn of them."""
    if options.around:
        chosen = around(graph, options.around, options.depth)
    elif options.place:
        chosen = within_place(graph, options.place)
    else:
        chosen = Selection({n.id for n in graph.nodes()})
    nodes = set(chosen.nodes)
    if options.overview_above is not None and len(chosen.nodes) > options.overview_above:
        chosen = overview(graph, chosen)
    return nodes, aggregate(graph, chosen, options.max_nodes)


#: how many of an overview's most connected nodes are labelled at every zoom
TOP_LABELLED = 12
#: above this many nodes a map laid out by its ties is laid out here (:func:`.layout.spread`),
#: not in the page, which then opens without a wait
LAID_OUT_ABOVE = 400


def build_payload(graph: AssetGraph, options: MapOptions) -> dict[str, Any]:
    """The page data for ``graph`` drawn as ``options`` say: the selection, its edges and
    nodes, the overlays, then the legend, filters and summary around them; with people
    withheld, every name the options give is looked up as :meth:`AssetGraph.withholding` says."""
    redact = (options.redactor or Redactor(graph)) if options.redact_people else None
    with graph.withholding(redact):
        payload = _payload(graph, options, redact)
    return redact(payload) if redact else payload


def _payload(graph: AssetGraph, options: MapOptions, redact: Redactor | None) -> dict[str, Any]:
    chosen, sel = _selection(graph, options)
    evidence = _Evidence()
    drawn = _draw_edges(graph, sel, evidence)
    by_id = {n["id"]: n for n in _draw_nodes(graph, sel, drawn, evidence, redact)}
    layout_notes = []
    geo = None
    if options.layout == "geo":
        geo = geo_view(graph, options.place, chosen, by_id, folded_into(sel), people=redact is None)
        apart = f", {geo['side']['count']:,} set apart at the side" if geo["side"] else ""
        layout_notes.append(
            f"Laid out by geography: {geo['placed']:,} of {len(by_id):,} nodes at their council's or postcode's "
            f"grid reference (north up){apart}."
        )
    else:
        if len(by_id) > LAID_OUT_ABOVE:
            for node_id, (x, y) in spread(list(by_id), [(e["from"], e["to"]) for e in drawn.edges.values()]).items():
                by_id[node_id].update(x=x, y=y)
        geo = _geo_choice(graph, options.place, chosen, by_id, folded_into(sel), people=redact is None)
    overlays = _overlays(graph, options, sel, by_id, drawn.edges)
    nodes = [_compact(n) for n in by_id.values()]
    sources = graph.sources()
    return {
        "title": options.title or graph.name or "Asset map",
        "summary": (
            f"{len(nodes):,} nodes and {len(drawn.edges):,} relations drawn from {len(graph):,} nodes and "
            f"{graph.number_of_edges():,} relations; {len(sources)} source(s); made {dt.date.today().isoformat()}"
        ),
        "sources": [s for s, _ in sources.most_common(8)],
        "notes": [*sel.notes, *layout_notes, *options.notes]
        + (["People's names and contact details are left out."] if options.redact_people else [])
        + ([overlays["route"]["explanation"]] if overlays["route"] and not overlays["route"]["steps"] else []),
        "legend": _legend(
            graph,
            sel,
            nodes,
            list(drawn.edges.values()),
            bool(overlays["route"]),
            options,
            geo if options.layout == "geo" else None,
        ),
        "evidence": evidence.table,
        "node_defaults": _DEFAULTS,
        "nodes": nodes,
        "edges": list(drawn.edges.values()),
        "filters": _filters(graph, nodes),
        "overview": bool(sel.left_out),
        "labelled": _most_connected(nodes, drawn) if sel.left_out else [],
        "layout": options.layout,
        "geo": geo,
        **overlays,
    }


def _geo_choice(
    graph: AssetGraph,
    place: str | None,
    chosen: Collection[str],
    by_id: Mapping[str, dict[str, Any]],
    members: Mapping[str, list[str]],
    people: bool,
) -> dict[str, Any] | None:
    """The geographic layout a map laid out by its ties can switch to on the page: the
    underlay and each node's position (``positions``), where an asset drawn (or one folded
    into it) has a grid reference; else None."""
    unplaced = {NodeKind.PLACE.value, NodeKind.THEME.value} | (set() if people else {NodeKind.PERSON.value})
    assets = [n for n, d in by_id.items() if d.get("kind") not in unplaced]
    if not any(grid_reference(graph.node(m)) for n in assets for m in (n, *members.get(n, ()))):
        return None
    at = {n: {"kind": d.get("kind", ""), "name": d.get("name", "")} for n, d in by_id.items()}
    geo = geo_view(graph, place, chosen, at, members, people)
    return geo | {"positions": {n: [d["x"], d["y"]] for n, d in at.items()}}


@dataclass
class _Drawn:
    """The edges drawn between drawn nodes (parallel claims counted once), each node's number
    of drawn relations, and the themes each drawn node addresses."""

    edges: dict[tuple[str, str, str], dict[str, Any]]
    degree: dict[str, int]
    themes_of: dict[str, set[str]]


def _draw_edges(graph: AssetGraph, sel: Selection, evidence: _Evidence) -> _Drawn:
    drawn = _Drawn({}, dict.fromkeys(sel.nodes, 0), {})
    for e in graph.edges():
        a, b = sel.drawn(e.source), sel.drawn(e.target)
        if a is not None and e.relation == Relation.ADDRESSES:
            drawn.themes_of.setdefault(a, set()).add(e.target)
        if a is None or b is None or a == b:
            continue
        key = (a, b, e.relation.value)
        if key in drawn.edges:
            drawn.edges[key]["count"] += 1
            continue
        attrs = e.model_dump(mode="json", exclude_none=True, exclude_defaults=True, exclude=_EDGE_CORE)
        drawn.edges[key] = {
            "id": f"e{len(drawn.edges)}",
            "from": a,
            "to": b,
            "relation": e.relation.value,
            "dashes": all(p.inferred for p in e.provenance),
            "attrs": [[k, cell_text(v)] for k, v in attrs.items()],
            "evidence": evidence(e.provenance),
            "count": 1,
        }
        drawn.degree[a] += 1
        drawn.degree[b] += 1
    return drawn


def _draw_nodes(
    graph: AssetGraph, sel: Selection, drawn: _Drawn, evidence: _Evidence, redact: Redactor | None
) -> list[dict[str, Any]]:
    """The drawn nodes, by kind and name: label, size by degree, attributes, evidence, and
    the places and themes the filters match them by."""
    members = folded_into(sel)
    anc = enclosing_sets(graph)
    nodes = []
    for node_id in sorted(sel.nodes, key=lambda n: (graph.kind_of(n).value, graph.node(n).name)):
        node = graph.node(node_id)
        hidden = personal_fields(type(node)) if redact else set()
        data = node.model_dump(mode="json", exclude_none=True, exclude=hidden | {"provenance"})
        if redact and node_id in redact.labels:
            data = redact.node(data)
        attrs = [
            [k, cell_text(v)]
            for k, v in data.items()
            if v not in ({}, [], "") and k not in ("id", "name", "kind", "aliases")
        ]
        inside = members.get(node_id, [])
        places = (
            anc.get(node_id)
            if node.kind == NodeKind.PLACE
            else set().union(*(anc[p] for m in (node_id, *inside) for p in asset_places(graph, m)))
        )
        themes = drawn.themes_of.get(node_id, set()) | ({node_id} if node.kind == NodeKind.THEME else set())
        name, extra = data["name"], len(inside)
        nodes.append(
            {
                "id": node_id,
                "label": name + (f" (+{extra:,})" if extra else ""),
                "name": name,
                "kind": node.kind.value,
                "size": round(10 + 4 * math.sqrt(drawn.degree[node_id]), 1),
                "sector": getattr(getattr(node, "sector", None), "value", None),
                "aliases": data.get("aliases", []),
                "attrs": attrs,
                "evidence": evidence(node.provenance),
                "places": sorted(places or ()),
                "themes": sorted(themes),
                "folded": extra,
                "members": sorted(([graph.node(m).name, graph.kind_of(m).value] for m in inside), key=str),
                "marks": [],
            }
        )
    return nodes


#: the marks a map may carry, each with what it means in the legend
MARKS = {
    "added": "added since the older version (outlined green)",
    "changed": "changed since the older version (outlined orange, dashed)",
    "removed": "removed: in the older version only (drawn faded, dashed)",
    "route": "on the route (outlined and drawn in magenta)",
    "connector": "a top connector (\u2605 before its name, outlined gold)",
    "gap": "a gap (outlined red, dashed)",
}


def _plural(n: int, kind: str) -> str:
    """``3 services``, ``1 organisation``, ``2 people``."""
    word = {"person": "people"}.get(kind, kind + "s") if n != 1 else kind
    return f"{n:,} {word}"


def _legend(
    graph: AssetGraph,
    sel: Selection,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    route: bool,
    options: MapOptions,
    geo: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The kinds and relations with how many of each are drawn, what was folded into what and
    what was left out (in words), and every mark the map carries, with the route's own start
    and entry styles if shown."""
    kinds = Counter(n["kind"] for n in nodes)
    relations = Counter(e["relation"] for e in edges)
    hosts: dict[tuple[str, str], set[str]] = {}
    into: Counter[tuple[str, str]] = Counter()
    for member, host in sel.folded.items():
        pair = (graph.kind_of(member).value, graph.kind_of(host).value)
        into[pair] += 1
        hosts.setdefault(pair, set()).add(host)
    explained = [
        f"{_plural(n, kind)} folded into {_plural(len(hosts[(kind, host)]), host)}."
        for (kind, host), n in sorted(into.items())
    ]
    if into:
        explained.append("A name followed by (+N) stands for N more folded into it: click it to list them.")
    if sel.left_out:
        left = " and ".join(_plural(n, kind) for kind, n in sorted(sel.left_out.items()))
        verb = "is" if sum(sel.left_out.values()) == 1 else "are"
        outlines = " (places are the outlines)" if geo else ""
        explained.append(
            f"{left} {verb} not drawn as nodes in this overview{outlines}: the Place and Theme filters show what "
            "lies in a place or meets a need."
        )
    if geo:
        explained += _geo_explained(geo)
    marks = (
        {m for n in nodes for m in n.get("marks", ())}
        | {e["mark"] for e in edges if "mark" in e}
        | set(options.changes.values())
        | set(options.tie_changes.values())
    )
    return {
        "kinds": [
            {"kind": k.value, "color": c, "shape": s, "drawn": kinds[k.value]} for k, (c, s) in KIND_STYLE.items()
        ]
        + [{"kind": "start", "color": "#ffffff", "shape": "box", "drawn": kinds["start"]}] * route,
        "relations": [
            {"relation": r.value, "color": c, "arrows": "" if r in SYMMETRIC else "to", "drawn": relations[r.value]}
            for r, c in RELATION_STYLE.items()
        ]
        + [
            {"relation": r, "color": ROUTE_COLOUR, "arrows": "to", "drawn": relations[r]}
            for r in ("ENTRY", "COLD_APPROACH")
        ]
        * route,
        "route": ROUTE_COLOUR,
        "explained": explained,
        "marks": [{"mark": m, "meaning": meaning} for m, meaning in MARKS.items() if m in marks],
    }


def _geo_explained(geo: Mapping[str, Any]) -> list[str]:
    """What a geographic map's outlines are, and how many nodes it set apart and why."""
    kinds = Counter(p["kind"] for p in geo["areas"])
    words = {"local_authority": "council", "small_area": "small area"}
    drawn = " and ".join(f"{n:,} {words.get(k, k)}{'s' * (n != 1)}" for k, n in sorted(kinds.items()))
    lines = [f"Outlines: {drawn}; point at one for its name and code."] if drawn else []
    if geo["wards"]:
        lines.append(f"{len(geo['wards']):,} wards are drawn as dashed lines (2013 boundaries).")
    side = geo["side"] or {}
    if side.get("no_reference"):
        lines.append(
            f"{side['no_reference']:,} have no postcode the package can place (it has none in Northern Ireland): "
            "shown at the side."
        )
    if side.get("outside"):
        lines.append(f"{side['outside']:,} lie outside the area drawn: shown at the side too.")
    return lines


def _most_connected(nodes: list[dict[str, Any]], drawn: _Drawn) -> list[str]:
    """The :data:`TOP_LABELLED` nodes with the most drawn relations, most first."""
    ranked = sorted(nodes, key=lambda n: (-drawn.degree.get(n["id"], 0), n["name"]))
    return [n["id"] for n in ranked[:TOP_LABELLED]]


#: above this many places to filter by, the place filter offers councils and larger areas only
_MANY_PLACES = 300


def _filters(graph: AssetGraph, nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """The sectors, places (largest first) and themes the page filters by: those the drawn
    nodes (and what was folded into them) lie in or address."""
    level = {
        p.id: LEVEL_ORDER.get(getattr(p, "level", None) or PlaceLevel.SMALL_AREA, 99)
        for p in graph.nodes(NodeKind.PLACE)
    }
    placed = {p for n in nodes for p in n.get("places", ())}
    places = sorted(placed, key=lambda p: (level.get(p, 99), graph.node(p).name))
    if len(places) > _MANY_PLACES:
        places = [p for p in places if level.get(p, 99) <= LEVEL_ORDER[PlaceLevel.LOCAL_AUTHORITY]]
    themes = sorted({t for n in nodes for t in n.get("themes", ())}, key=lambda t: graph.node(t).name)
    return {
        "sectors": sorted({n["sector"] for n in nodes if n.get("sector")}),
        "places": [[p, graph.node(p).name] for p in places],
        "themes": [[t, graph.node(t).name] for t in themes],
    }


_DEFAULTS = {
    "aliases": [],
    "attrs": [],
    "evidence": [],
    "places": [],
    "themes": [],
    "marks": [],
    "folded": 0,
    "members": [],
    "sector": None,
    "emphasis": 0,
}


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    """Leave out fields at their default (the page fills them in) and a label equal to the name."""
    out = {k: v for k, v in node.items() if k not in _DEFAULTS or v != _DEFAULTS[k]}
    if out.get("label") == out.get("name"):
        del out["label"]
    return out


def _overlays(
    graph: AssetGraph, options: MapOptions, sel: Selection, nodes: dict[str, dict], edges: dict
) -> dict[str, Any]:
    result: dict[str, Any] = {"route": None, "connectors": [], "gaps": [], "changes": _changes_listed(options, sel)}
    for node_id, change in options.changes.items():
        drawn = sel.drawn(node_id)
        if drawn in nodes and change not in nodes[drawn]["marks"]:
            nodes[drawn]["marks"].append(change)
    for (source, target, relation), change in options.tie_changes.items():
        key = (sel.drawn(source), sel.drawn(target), relation)
        if key in edges:
            edges[key]["mark"] = change
    if options.connectors:
        found = connectors(graph, top=options.connectors)
        for row in found.rows:
            drawn = sel.drawn(row.id)
            if drawn in nodes:
                nodes[drawn]["marks"].append("connector")
                nodes[drawn]["emphasis"] = round(30 * math.sqrt(row.betweenness), 1)
            result["connectors"].append({"id": drawn, "name": row.name, "explanation": row.explanation})
    if options.gaps:
        found = gaps(graph)
        for gap in found.rows:
            targets: list[str] = []
            if gap.kind == "coverage" and gap.status == "none":
                targets = [gap.place_id] if gap.place_id else []
                targets += [n.id for n in graph.nodes(NodeKind.THEME) if n.name == gap.theme]
            elif gap.kind in ("unlinked_community", "single_point_of_failure"):
                targets = list(gap.subject_ids)
            for t in targets:
                drawn = sel.drawn(t)
                if drawn in nodes and "gap" not in nodes[drawn]["marks"]:
                    nodes[drawn]["marks"].append("gap")
            result["gaps"].append({"kind": gap.kind, "subject": gap.subject, "why": gap.why})
    if options.route:
        result["route"] = _route(graph, options.route, sel, nodes, edges)
    return result


def _changes_listed(options: MapOptions, sel: Selection) -> dict[str, Any]:
    """The changes to list, each with the node drawn for it (or None), and their counts by change
    and by what changed (nodes, ties or answers)."""
    counts: Counter[tuple[str, str]] = Counter()
    rows = []
    for row in options.changes_listed:
        counts[(row["change"], row["of"])] += 1
        rows.append({**row, "id": sel.drawn(row["id"]) if row["id"] else None})
    order = {"added": 0, "removed": 1, "changed": 2}
    of = ("nodes", "ties", "answers")
    return {
        "counts": [
            {"change": change, **{what: counts[(change, what)] for what in of}}
            for change in sorted({c for c, _ in counts}, key=lambda c: (order.get(c, 9), c))
        ],
        "rows": sorted(rows, key=lambda r: (order.get(r["change"], 9), r["change"], of.index(r["of"]), r["name"])),
    }


def _route(
    graph: AssetGraph, ask: Mapping[str, Any], sel: Selection, nodes: dict[str, dict], edges: dict
) -> dict[str, Any]:
    found = pathways(graph, k=1, **ask)
    if not found.routes:
        explanation = f"No route found from {found.start} to {found.goal}. " + " ".join(found.nearest)
        return {"explanation": explanation.strip(), "steps": [], "nodes": [], "edges": []}
    route = found.routes[0]
    ids: list[str] = []
    edge_ids: list[str] = []
    previous = None
    if route.steps and route.steps[0].relation in ("ENTRY", "COLD_APPROACH"):
        previous = "route:start"
        nodes[previous] = {
            "id": previous,
            "label": found.start,
            "name": found.start,
            "kind": "start",
            "size": 18,
            "sector": None,
            "aliases": [],
            "attrs": [],
            "evidence": [],
            "places": [],
            "themes": [],
            "folded": 0,
            "marks": ["route"],
        }
        ids.append(previous)
    elif route.steps:
        first = graph.find(ask["start"]).id
        previous = sel.drawn(first)
        ids.append(previous or first)
    for step in route.steps:
        current = sel.drawn(step.to_id) or step.to_id
        ids.append(current)
        match = [
            data["id"] for (a, b, rel), data in edges.items() if {a, b} == {previous, current} and rel == step.relation
        ]
        if match:
            edge_ids.append(match[0])
        elif previous is not None:
            key = (previous, current, step.relation)
            edges[key] = {
                "id": f"r{len(edge_ids)}",
                "from": previous,
                "to": current,
                "relation": step.relation,
                "dashes": step.relation == "COLD_APPROACH",
                "attrs": [],
                "evidence": [],
                "count": 1,
                "route": True,
            }
            edge_ids.append(edges[key]["id"])
        previous = current
    for node_id in ids:
        if node_id in nodes and "route" not in nodes[node_id]["marks"]:
            nodes[node_id]["marks"].append("route")
    return {
        "explanation": f"{found.start} to {found.goal}: {route.explanation}",
        "steps": [[step.to_name, step.relation] for step in route.steps],
        "nodes": ids,
        "edges": edge_ids,
    }

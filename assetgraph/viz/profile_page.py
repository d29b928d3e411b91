r"""A place profile as a page to take to a meeting: self-contained HTML that prints cleanly, or
Markdown for papers and e-mail.

The HTML runs no script at all: a Content-Security-Policy allows nothing but its own inline
style and data: images, every name and quote is escaped, and the small map of the place is an
inline SVG drawn here, so it prints as it shows.

The Markdown is as inert wherever it is rendered: every piece of data is written as text (HTML's
special characters as entities, Markdown's escaped, line breaks joined), and only an http(s)
address in it becomes a link.

>>> print(_md_text("<b>Ann</b> *see* [x](javascript:alert(1))"))
&lt;b&gt;Ann&lt;/b&gt; \*see\* \[x\]\(javascript:alert\(1\)\)
>>> print(_md_text("Read https://example.org/a_b."))
Read [https://example.org/a\_b](<https://example.org/a_b>).
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import networkx as nx

from ..geography.shapes import Shape, small_area_shapes, ward_shapes
from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import Place
from ..graphmodel.redaction import Redactor
from ..graphmodel.vocabulary import NodeKind
from ..queries.bounded import some
from ..queries.profile import STATUSES, PlaceProfile
from .geography import council_around, geo_positions, outline_frame, svg_paths
from .payload import KIND_STYLE
from .select import within_place

__all__ = ["profile_html", "profile_markdown", "profile_csv", "place_sketch", "SHOWN"]

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_STATUS_COLOURS = {
    "full": "#c6f6d5",
    "single": "#fefcbf",
    "partial": "#feebc8",
    "unknown": "#e2e8f0",
    "none": "#fed7d7",
}
#: the small map draws at most this many nodes (the most connected), and labels the first of them
SKETCH_NODES, SKETCH_LABELS = 80, 25
#: each section of the page and the Markdown shows this many rows; the rest are counted ("N more")
SHOWN = 20
_FULL_LISTS = "the JSON and the CSV list every one"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _label_box(
    labels: list[tuple[float, float, float, float]],
    name: str,
    x: float,
    y: float,
    below: float,
    size: float,
    width: float,
    height: float,
) -> str | None:
    """A label (about 0.56 of the font size a character) under a point, kept inside the drawing,
    or None where it would overlap the labels drawn before it (``labels``, which it joins)."""
    w, h = 0.56 * size * len(name), size * 1.2
    lx, ly = min(max(x, w / 2 + 2), width - w / 2 - 2), y + below + size
    box = (lx - w / 2, ly - h + 3, w, h)
    clear = all(
        box[0] >= b[0] + b[2] or b[0] >= box[0] + w or box[1] >= b[1] + b[3] or b[1] >= box[1] + h for b in labels
    )
    if len(labels) >= SKETCH_LABELS or not clear or ly >= height:
        return None
    labels.append(box)
    return (
        f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" font-size="{size:.1f}" '
        f'paint-order="stroke" stroke="#fff" stroke-width="{size / 4:.1f}">{_e(name)}</text>'
    )


def _outlines(graph: AssetGraph, place: Place) -> tuple[Shape | None, tuple[Shape, ...]]:
    """The place's shipped outline (a council's, or a small area's or ward's within the council
    the graph puts it in), and the small areas to draw faintly inside a council."""
    council = council_around(graph, place) if place.code else None
    if council is None:
        return None, ()
    if council.code == place.code:
        return council, small_area_shapes(council.code)
    within = (*small_area_shapes(council.code), *ward_shapes(council.code))
    return next((s for s in within if s.code == place.code), None), ()


def _sketch_caption(sketch: str) -> str:
    """What the sketch shows: the place's outline with its assets at their postcodes, or (no
    outline, or no asset with a postcode) its assets laid out by their ties."""
    if ": its outline and " in sketch:
        return (
            "The place's outline, north up, and the assets placed there (at their postcode sector); the most "
            "connected are named."
        )
    return (
        "The assets of the place laid out by their ties (the package has no outline of it, or none of them has a "
        "postcode it can place); the most connected are named."
    )


def place_sketch(
    graph: AssetGraph, place: str, width: int = 640, height: int = 420, *, redactor: Redactor | None = None
) -> str:
    """An inline SVG of the place: its shipped outline (a council's small areas faint within it)
    with the assets placed there at their postcode's grid reference, the :data:`SKETCH_NODES`
    most connected, north up; for a place the package has no outline of, or none of whose assets
    has a postcode, the place, the places within it and those assets laid out by their ties, the
    same way every time. The people
    ``redactor`` knows are withheld from its names."""
    node = graph.find(place, NodeKind.PLACE)
    chosen = within_place(graph, place).nodes
    name_of = (lambda n: graph.node(n).name) if redactor is None else (lambda n: redactor.text(graph.node(n).name))
    ties = nx.Graph()
    ties.add_nodes_from(chosen)
    ties.add_edges_from((e.source, e.target) for e in graph.edges() if e.source in chosen and e.target in chosen)
    outline, areas = _outlines(graph, node)  # type: ignore[arg-type]
    if outline is not None and (drawn := _outline_sketch(graph, node, outline, areas, ties, name_of, width)):
        return drawn
    keep = sorted(ties, key=lambda n: (-ties.degree(n), n))[:SKETCH_NODES]
    ties = ties.subgraph(keep)
    spread = 2.5 / math.sqrt(max(len(ties), 1))
    at = nx.spring_layout(ties, seed=7, k=spread) if len(ties) > 1 else {n: (0.0, 0.0) for n in ties}
    margin = 40

    def xy(n: str) -> tuple[float, float]:
        x, y = at[n]
        return margin + (x + 1) / 2 * (width - 2 * margin), margin + (y + 1) / 2 * (height - 2 * margin)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="map of {_e(name_of(node.id))}">'
    ]
    for a, b in ties.edges():
        (x1, y1), (x2, y2) = xy(a), xy(b)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#a0aec0" stroke-width="1"/>'
        )
    labels: list[tuple[float, float, float, float]] = []
    for n in keep:
        x, y = xy(n)
        colour = KIND_STYLE[graph.kind_of(n)][0]
        radius = 4 + 2 * math.sqrt(ties.degree(n))
        name = name_of(n)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}"><title>{_e(name)}</title></circle>'
        )
        if label := _label_box(labels, name, x, y, radius, 11, width, height):
            parts.append(label)
    parts.append("</svg>")
    return "".join(parts)


def _outline_sketch(
    graph: AssetGraph,
    place: Place,
    outline: Shape,
    areas: Sequence[Shape],
    ties: nx.Graph,
    name_of: Callable[[str], str],
    width: int,
) -> str | None:
    """The sketch of a place the package has an outline of (see :func:`place_sketch`); None
    where none of its assets lies inside it."""
    frame, (w, h) = outline_frame([outline])
    unit = max(w, h) / width  # map pixels to a pixel of the page's drawing
    assets = [n for n in ties if graph.kind_of(n) not in (NodeKind.PLACE, NodeKind.THEME, NodeKind.PERSON)]
    keep = sorted(assets, key=lambda n: (-ties.degree(n), n))[:SKETCH_NODES]
    at = geo_positions(graph, keep, frame)
    pad = 12 * unit
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-pad:.0f} {-pad:.0f} {w + 2 * pad:.0f} {h + 2 * pad:.0f}" '
        f'role="img" aria-label="map of {_e(name_of(place.id))}: its outline and {len(at)} assets at their postcodes">'
    ]
    parts += [
        f'<path d="{p["d"]}" fill="#f7fafc" stroke="#cbd5e0" stroke-width="{0.6 * unit:.1f}" fill-rule="evenodd">'
        f"<title>{_e(p['title'])} ({_e(p['code'])})</title></path>"
        for p in svg_paths(areas, frame)
    ]
    drawn = svg_paths([outline], frame)[0]
    parts.append(
        f'<path d="{drawn["d"]}" fill="none" stroke="#1a202c" stroke-width="{1.5 * unit:.1f}" fill-rule="evenodd">'
        f"<title>{_e(drawn['title'])} ({_e(drawn['code'])})</title></path>"
    )
    labels: list[tuple[float, float, float, float]] = []
    placed = 0
    for n in keep:
        x, y = at.get(n, (-1.0, -1.0))
        if not (0 <= x <= w and 0 <= y <= h):  # no grid reference, or a postcode outside the place
            continue
        placed += 1
        radius = (3 + 1.5 * math.sqrt(ties.degree(n))) * unit
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{KIND_STYLE[graph.kind_of(n)][0]}" '
            f'stroke="#1a202c" stroke-width="{0.5 * unit:.1f}"><title>{_e(name_of(n))}</title></circle>'
        )
        if label := _label_box(labels, name_of(n), x, y, radius, 11 * unit, w + pad, h + pad):
            parts.append(label)
    if not placed:
        return None
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: Sequence[str] | None, rows: Iterable[Sequence[object]], cls: str = "") -> str:
    head = "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr></thead>" if headers else ""
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}">{head}<tbody>{body}</tbody></table>'


def _more(total: int, what: str) -> str | None:
    """ "and N more WHAT" for a list of ``total`` rows of which :data:`SHOWN` are shown, or None."""
    return f"And {total - SHOWN} more {what}: {_FULL_LISTS}." if total > SHOWN else None


def _notes_html(notes: Sequence[str]) -> str:
    return "".join(f'<p class="note">{_e(n)}</p>' for n in notes)


def _listed(headers: Sequence[str], rows: Sequence[Sequence[object]], what: str, notes: Sequence[str] = ()) -> str:
    """A list's notes, then its first :data:`SHOWN` rows as a table and how many more there are;
    an empty list shows its notes alone (they say why it is empty)."""
    if not rows:
        return _notes_html(notes)
    more = _more(len(rows), what)
    return _notes_html(notes) + _table(headers, rows[:SHOWN]) + (f'<p class="more">{_e(more)}</p>' if more else "")


def _glance(profile: PlaceProfile) -> list[tuple[str, object]]:
    """The summary's numbers: what each section below holds, counted."""
    cells = (profile.cells.get((profile.place.name, t)) for t in profile.themes)
    statuses = Counter(c.status for c in cells if c is not None)
    reached = [r for r in profile.routes if r.reaches]
    kinds = ", ".join(f"{n} {k}" for k, n in profile.assets_by_kind.items()) or "none"
    return [
        ("assets placed here", f"{len(profile.assets)} ({kinds})"),
        ("themes", f"{len(profile.themes)}: " + ", ".join(f"{statuses[s]} {s}" for s in STATUSES if statuses[s])),
        ("connectors", len(profile.connectors)),
        ("single points of failure", len(profile.weak_points)),
        (
            "routes to help",
            f"{len(reached)} of {len(profile.routes)} needs reached, "
            f"{sum(r.cold_approach for r in reached)} only by a cold approach",
        ),
        ("assets naming no place that may serve it", len(profile.unplaced)),
    ]


def _grid_html(profile: PlaceProfile) -> str:
    head = "<th>place</th>" + "".join(f'<th class="theme">{_e(t)}</th>' for t in profile.themes)
    rows = []
    for place in profile.grid_places[:SHOWN]:
        cells = []
        for theme in profile.themes:
            cell = profile.cells[(place, theme)]
            tip = some(cell.providers, 10) or "no provider"
            cells.append(f'<td class="status {cell.status}" title="{_e(tip)}">{_e(cell.status)}</td>')
        rows.append(f"<tr><th>{_e(place)}</th>{''.join(cells)}</tr>")
    key = " ".join(f'<span class="status {s}">{s}</span>' for s in STATUSES)
    grid = f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    more = _more(len(profile.grid_places), "places")
    return grid + (f'<p class="more">{_e(more)}</p>' if more else "") + f'<p class="key">{key}</p>'


_STYLE = (
    """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1a202c; margin: 24px auto;
  max-width: 1100px; padding: 0 16px; line-height: 1.4; }
h1 { font-size: 26px; margin-bottom: 0; } h2 { font-size: 19px; margin-top: 28px; border-bottom: 2px solid #e2e8f0; }
.lead { color: #4a5568; margin-top: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid #e2e8f0; padding: 3px 6px; text-align: left; vertical-align: top; }
thead th { background: #f7fafc; }
table.grid th.theme { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 600; }
td.status, span.status { text-align: center; color: #1a202c; }
span.status { display: inline-block; padding: 1px 8px; margin-right: 4px; border: 1px solid #cbd5e0; }
"""
    + "".join(f".status.{s} {{ background: {c}; }}\n" for s, c in _STATUS_COLOURS.items())
    + """
.cold { font-weight: 600; color: #9c4221; }
.facts td:first-child { width: 30%; color: #4a5568; }
.evidence { color: #4a5568; font-size: 12px; }
.more { color: #4a5568; font-style: italic; margin: 4px 0 0; }
.note { background: #fffaf0; border-left: 3px solid #dd6b20; padding: 4px 8px; margin: 6px 0; font-size: 13px; }
figure { margin: 8px 0; } figure svg { width: 100%; max-width: 760px; height: auto; border: 1px solid #e2e8f0; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 3px 0 8px; }
footer { margin-top: 32px; color: #4a5568; font-size: 12px; }
:focus-visible { outline: 3px solid #2b6cb0; outline-offset: 2px; }
@media screen and (min-width: 1000px) { .top { display: grid; grid-template-columns: 1fr 1.4fr; gap: 24px; } }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  #assets { break-before: page; }
  h2 { break-after: avoid; } section { break-inside: avoid-page; } tr, figure { break-inside: avoid; }
  table.grid { font-size: 8pt; } a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
)


_KEY = " ".join(
    f'<span class="dot" style="background:{colour}"></span>{kind.value}' for kind, (colour, _) in KIND_STYLE.items()
)


class _Section(NamedTuple):
    """A list the profile shows: its anchor, heading, columns, every row, what a row is, and its
    notes (see :attr:`PlaceProfile.section_notes`)."""

    id: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    what: str
    notes: Sequence[str] = ()


def _sections(profile: PlaceProfile) -> list[_Section]:
    """The profile's lists, in the order the page, the Markdown and the CSV give them."""
    return [
        _Section(
            "assets",
            f"Assets ({len(profile.assets)})",
            ["name", "kind", "where", "themes", "evidence"],
            [[a.name, a.kind, ", ".join(a.places), ", ".join(a.themes), "; ".join(a.evidence)] for a in profile.assets],
            "assets",
            profile.section_notes.get("assets", []),
        ),
        _Section(
            "connectors",
            f"Connectors ({len(profile.connectors)})",
            ["name", "where", "why"],
            [[c.name, c.where, c.explanation] for c in profile.connectors],
            "connectors",
            profile.section_notes.get("connectors", []),
        ),
        _Section(
            "weak-points",
            f"Single points of failure ({len(profile.weak_points)})",
            ["subject", "why"],
            [[w.subject, w.why] for w in profile.weak_points],
            "single points of failure",
            profile.section_notes.get("weak_points", []),
        ),
        _Section(
            "routes",
            "Routes from a resident to help",
            ["need", "reaches", "cost", "cold approach", "route", "evidence"],
            [
                [
                    r.theme,
                    r.reaches or "no route",
                    "" if r.cost is None else f"{r.cost:g}",
                    "cold approach" if r.cold_approach else "",
                    r.explanation,
                    "; ".join(r.evidence),
                ]
                for r in profile.routes
            ],
            "needs",
            profile.section_notes.get("routes", []),
        ),
        _Section(
            "unplaced",
            f"Assets that name no place but may serve it ({len(profile.unplaced)})",
            ["name", "kind", "tied to", "evidence"],
            [[u.name, u.kind, ", ".join(u.tied_to), "; ".join(u.evidence)] for u in profile.unplaced],
            "assets",
            profile.section_notes.get("unplaced", []),
        ),
    ]


def _facts(profile: PlaceProfile) -> list[tuple[str, object]]:
    p = profile.place
    return [
        ("level", p.level or "not given"),
        ("code", p.code or "not given"),
        ("within", ", ".join(p.within) or "nothing the graph holds"),
        ("places within it", p.encloses),
        ("population", f"{p.population:,}" if p.population is not None else "not known"),
        (
            "deprivation",
            f"decile {p.deprivation_decile}, rank {p.deprivation_rank} ({p.deprivation_index})"
            if p.deprivation_decile is not None
            else p.deprivation_summary or "not known",
        ),
        *_glance(profile),
    ]


def _by_count(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def profile_html(profile: PlaceProfile, sketch: str) -> str:
    """The profile as one self-contained page that runs no script: a summary (the place, its
    numbers and a map), then each list's first :data:`SHOWN` rows and how many more."""
    p = profile.place
    assets, *others = _sections(profile)
    wider = ", ".join(f"{n} {k}" for k, n in profile.wider.items()) or "none"
    themes = _by_count(profile.assets_by_theme)
    counts = _table(["kind", "assets placed here"], profile.assets_by_kind.items()) + _listed(
        ["theme", "assets addressing it"], themes, "themes"
    )
    sections = [
        ("place", "The place", _table(None, _facts(profile), "facts") + _notes_html(profile.notes)),
        (
            "map",
            "Map",
            f"<figure>{sketch}<figcaption>{_KEY}<br>{_sketch_caption(sketch)}</figcaption></figure>",
        ),
        (
            assets.id,
            assets.title,
            counts
            + _listed(assets.columns, assets.rows, assets.what, assets.notes)
            + f"<p>Serving it from a wider area (a council, board or nation around it): {_e(wider)}.</p>",
        ),
        ("coverage", "Coverage by theme", _notes_html(profile.section_notes.get("coverage", [])) + _grid_html(profile)),
        *((s.id, s.title, _listed(s.columns, s.rows, s.what, s.notes)) for s in others),
    ]
    shown = [f'<section id="{sid}"><h2>{_e(title)}</h2>{content}</section>' for sid, title, content in sections]
    body = f'<div class="top">{shown[0]}{shown[1]}</div>' + "".join(shown[2:])
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(p.name)}: place profile</title><style>{_STYLE}</style></head><body>"
        f'<header><h1>{_e(p.name)}</h1><p class="lead">Place profile: assets, coverage, connectors and routes '
        "to help, with the evidence for each line.</p></header>"
        f"<main>{body}</main><footer>Made by assetgraph from the graph's own records; every line names its source."
        "</footer>"
        "</body></html>"
    )


def profile_csv(profile: PlaceProfile) -> str:
    """Every row of every list of the profile (none left out), one table: a ``section`` column,
    then the columns of all the sections (each row fills its own section's)."""
    sections = _sections(profile)
    grid = _Section(
        "coverage",
        "Coverage by theme",
        ["place", "theme", "status", "providers"],
        [[c.place, c.theme, c.status, ", ".join(c.providers)] for c in profile.coverage],
        "cells",
    )
    sections.insert(1, grid)
    columns = list(dict.fromkeys(c for s in sections for c in s.columns))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", *columns])
    for section in sections:
        for row in section.rows:
            values = dict(zip(section.columns, row, strict=True))
            writer.writerow([section.id, *(values.get(c, "") for c in columns)])
    return out.getvalue()


#: an http(s) address, less the punctuation that ends a sentence after it
_HTTP = re.compile(r"https?://[^\s<>\"'`\\\[\](){}|*]+(?<![.,;:!?])", re.IGNORECASE)
#: HTML's special characters as entities, and Markdown's (inline ones: each piece of data
#: stands within a line that starts with the page's own text) escaped with a backslash
_MD_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"} | {c: "\\" + c for c in "\\`*_{}[]()#!|~"}
)


def _md_text(value: object) -> str:
    """A piece of data as Markdown that renders as the same text, on one line; an http(s)
    address in it as a link (an address of any other scheme stays text)."""
    text = " ".join(str(value).splitlines())
    parts, last = [], 0
    for m in _HTTP.finditer(text):
        url = m.group(0)
        parts += [text[last : m.start()].translate(_MD_ESCAPES), f"[{url.translate(_MD_ESCAPES)}](<{url}>)"]
        last = m.end()
    return "".join(parts) + text[last:].translate(_MD_ESCAPES)


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(map(_md_text, headers)) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(_md_text(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _md_notes(notes: Sequence[str]) -> list[str]:
    return [f"Note: {_md_text(n)}" for n in notes]


def _md_listed(headers: Sequence[str], rows: Sequence[Sequence[object]], what: str, notes: Sequence[str] = ()) -> str:
    """A list's notes, then its first :data:`SHOWN` rows as a Markdown table and how many more
    there are; an empty list gives its notes alone."""
    if not rows:
        return "\n\n".join(_md_notes(notes))
    more = _more(len(rows), what)
    table = _md_table(headers, rows[:SHOWN]) + (f"\n\n{_md_text(more)}" if more else "")
    return "\n\n".join([*_md_notes(notes), table])


def profile_markdown(profile: PlaceProfile) -> str:
    """The profile as Markdown: the same summary and sections as the page (each list's first
    :data:`SHOWN` rows and how many more), without the map, every piece of data written as text
    (see the module)."""
    assets, *others = _sections(profile)
    grid_rows = [[place, *(profile.status(place, t) for t in profile.themes)] for place in profile.grid_places]
    parts = [
        f"# {_md_text(profile.place.name)}: place profile",
        _md_table(["the place", ""], _facts(profile)),
        *_md_notes(profile.notes),
        f"## {assets.title}",
        _md_table(["kind", "assets"], profile.assets_by_kind.items()),
        _md_listed(assets.columns, assets.rows, assets.what, assets.notes),
        _md_text(
            "Serving it from a wider area: " + (", ".join(f"{n} {k}" for k, n in profile.wider.items()) or "none") + "."
        ),
        "## Coverage by theme",
        _md_listed(["place", *profile.themes], grid_rows, "places", profile.section_notes.get("coverage", [])),
        *(part for s in others for part in (f"## {s.title}", _md_listed(s.columns, s.rows, s.what, s.notes))),
    ]
    return "\n\n".join(parts) + "\n"

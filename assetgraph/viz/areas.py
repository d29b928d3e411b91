"""A council's small areas as one offline page, shaded by need or by coverage of a theme.

Each small area the package ships an outline for (:func:`.shapes.small_area_shapes`) is one SVG
path, titled with its name and code, shaded by its deprivation decile from the bundled places
(IMD 2019, WIMD 2019; Scotland's shipped zones are those of 2001, which SIMD 2020 does not
rank) or, for a theme, by its coverage status (:mod:`assetgraph.queries.coverage`). The
providers placed in the areas are points at their postcode's grid reference, the areas the
gaps query flags are outlined, and a click (or Enter) on an area shows its small profile. The
table under the map lists every area: it is the picture's text alternative.

>>> from assetgraph.loaders import load, SEED
>>> areas_html(load(SEED), "Pentwyn")
Traceback (most recent call last):
...
assetgraph.errors.QueryError: 'Pentwyn' is a neighbourhood, not a council: an areas map is drawn for a council
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template

from pydantic import BaseModel

from .. import __version__
from ..errors import QueryError, shown
from ..fileio import atomic_write_text
from ..geography.places import ATTRIBUTION as PLACES_ATTRIBUTION
from ..geography.shapes import ATTRIBUTION as SHAPES_ATTRIBUTION
from ..geography.shapes import Shape, council_outline, small_area_shapes
from ..geography.small_areas import small_area_row
from ..graphmodel.graph import AssetGraph
from ..graphmodel.identifiers import gss_place_id
from ..graphmodel.nodes import Place
from ..graphmodel.redaction import Redactor
from ..graphmodel.vocabulary import NodeKind, PlaceLevel
from ..queries.coverage import STATUSES, coverage_cells
from ..queries.gaps import gaps
from ..queries.places import enclosed, placed_at
from ..render import Table
from .geography import Frame, geo_positions, outline_frame, svg_paths
from .offline import content_policy
from .page import embed_json

__all__ = ["AREA_STATUSES", "Area", "AreasDrawn", "areas_html", "area_rows", "write_areas"]

#: coverage statuses as the map shades them: the coverage query's, and areas the graph lacks
AREA_STATUSES = (*STATUSES, "absent")
#: deciles drawn hatched as well as dark: the most deprived fifth
HATCHED_DECILES = (1, 2)
#: names an area's panel lists of each kind (the rest are counted)
LISTED = 10
_STATUS_WORDS = {
    "full": "two or more providers in it or serving it",
    "single": "one provider in it or serving it",
    "partial": "a provider in a part of it only",
    "wider": "served only from a wider area (a ward or the council)",
    "unknown": "providers of the theme name no place",
    "none": "no provider",
    "absent": "not in the graph (build it with the bundled places)",
}


@dataclass
class Area:
    """One small area as the page draws it: its outline's code and title, its place id where
    the graph holds it, its deprivation from the bundled places (the index's decile and rank),
    the providers in it (ids), the coverage status of the theme (None with no theme), the
    providers reaching it only from a wider area, and why the gaps query flags it."""

    code: str
    title: str
    place: str | None
    decile: int | None
    rank: int | None
    index: str | None
    inside: list[str] = field(default_factory=list)
    status: str | None = None
    serving: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


class AreasDrawn(BaseModel):
    """What an areas page drew."""

    output: str
    council: str
    code: str
    theme: str | None
    areas: int
    providers: int
    gaps: int

    def tables(self) -> list[Table]:
        shading = f"coverage of {self.theme}" if self.theme else "deprivation decile"
        heading = (
            f"Wrote {self.output}: {self.areas:,} small areas of {self.council} ({self.code}) shaded by {shading}, "
            f"{self.providers:,} providers, {self.gaps:,} areas outlined as gaps; open it in any browser, no "
            "internet needed."
        )
        return [Table(None, [], [], heading=heading)]


def _council(graph: AssetGraph, name: str) -> Place:
    place = graph.find(name, NodeKind.PLACE)
    if place.level != PlaceLevel.LOCAL_AUTHORITY or not place.code:  # type: ignore[attr-defined]
        level = place.level.value if place.level else "place of no level"  # type: ignore[attr-defined]
        raise QueryError(f"{shown(place.name)} is a {level}, not a council: an areas map is drawn for a council")
    return place  # type: ignore[return-value]


def _shapes(council: Place) -> tuple[Shape, ...]:
    shapes = small_area_shapes(str(council.code))
    if not shapes:
        raise QueryError(
            f"no small-area outlines are shipped for {shown(council.name)} ({council.code}): the package has "
            "them for the councils of England, Wales and Scotland"
        )
    return shapes


def area_rows(graph: AssetGraph, council: str, theme: str | None = None) -> tuple[Place, list[Area]]:
    """The council (a name, code or id the graph holds) and its small areas, with their
    deprivation, providers, coverage of ``theme`` (a theme's name or id) and gaps.

    Raises:
        NodeNotFound: for a council or theme the graph does not hold.
        QueryError: for a place that is not a council, or a council with no shipped small areas.
    """
    place = _council(graph, council)
    theme_id = graph.find(theme, NodeKind.THEME).id if theme else None
    areas = []
    for shape in _shapes(place):
        pid = gss_place_id(shape.code)
        row = small_area_row(shape.code)
        held = pid if pid in graph and graph.kind_of(pid) is NodeKind.PLACE else None
        areas.append(Area(shape.code, shape.label, held, *((row.decile, row.rank, row.index) if row else (None,) * 3)))
    held_ids = [a.place for a in areas if a.place]
    if theme_id is None:
        at, kinds = placed_at(graph), graph.kinds()
        for area in areas:
            if area.place:
                here = {area.place} | enclosed(graph, area.place)
                area.inside = sorted({a for p in here for a in at.get(p, ()) if kinds[a] is not NodeKind.PLACE})
    else:
        cells = {c.place: c for c in coverage_cells(graph, held_ids, [theme_id])}
        for area in areas:
            cell = cells.get(area.place) if area.place else None
            area.status = cell.status if cell else "absent"
            if cell:
                area.inside, area.serving = sorted(cell.local), sorted(cell.wider)
    found = gaps(
        graph, kinds=["coverage"], level=PlaceLevel.SMALL_AREA.value, place=place.id, themes=[theme] if theme else ()
    )
    by_code = {a.code: a for a in areas}
    for gap in found.rows:
        # a gap two or more providers fill from the area around it is help not local, not help missing
        if gap.place_code in by_code and not (gap.status == "wider" and (gap.serving_wider or 0) > 1):
            by_code[gap.place_code].gaps.append(gap.why)
    return place, areas


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _decile_words(area: Area) -> str:
    if area.decile is None:
        return "no decile (not ranked)" if not area.code.startswith("S") else "no decile (2001 zone: not ranked)"
    return f"decile {area.decile} ({area.index}, rank {area.rank:,})" if area.rank else f"decile {area.decile}"


def _shade(area: Area) -> str:
    if area.status is not None:
        return f"status-{area.status}"
    return f"decile-{area.decile}" if area.decile is not None else "decile-none"


def _aria(area: Area, theme: str | None) -> str:
    parts = [area.title, area.code, _decile_words(area), f"{len(area.inside)} providers inside"]
    if theme:
        parts.append(f"{theme}: {area.status}")
    if area.gaps:
        parts.append("a gap")
    return ", ".join(parts)


def _pattern(name: str, cross: bool) -> str:
    """A hatch of white lines on the ground of ``name``'s class (crossed where ``cross``)."""
    lines = '<line x1="0" y1="0" x2="0" y2="8" class="hatch-line"/>'
    lines += '<line x1="0" y1="4" x2="8" y2="4" class="hatch-line"/>' if cross else ""
    return (
        f'<pattern id="hatch-{name}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="8" height="8" class="{name}"/>{lines}</pattern>'
    )


#: the worst shades also drawn hatched, so they do not rest on colour: decile 1 crossed, 2 and no provider single
_PATTERNS = _pattern("decile-1", True) + _pattern("decile-2", False) + _pattern("status-none", False)


def _svg(
    areas: Sequence[Area],
    shapes: Sequence[Shape],
    outline: Shape,
    drawing: tuple[Frame, tuple[float, float]],
    points: dict[str, tuple[float, float]],
    names: dict[str, str],
    theme: str | None,
) -> str:
    frame, (width, height) = drawing
    pad = 20
    parts = [
        f'<svg id="areas-map" xmlns="http://www.w3.org/2000/svg" viewBox="{-pad} {-pad} {width + 2 * pad:.0f} '
        f'{height + 2 * pad:.0f}" role="group" aria-label="small areas: choose one for its profile">',
        f"<defs>{_PATTERNS}</defs>",
        # out of the tab order: Chromium makes a group that listens for keys a tab stop of its own
        '<g id="areas" tabindex="-1">',
    ]
    by_code = {a.code: a for a in areas}
    for path in svg_paths(shapes, frame):
        area = by_code[path["code"]]
        hatched = area.decile in HATCHED_DECILES if theme is None else area.status == "none"
        parts.append(
            f'<path class="area {_shade(area)}{" hatched" if hatched else ""}" d="{path["d"]}" '
            f'data-code="{_e(area.code)}" '
            f'tabindex="0" role="button" aria-label="{_e(_aria(area, theme))}">'
            f"<title>{_e(area.title)} ({_e(area.code)}): {_e(_decile_words(area))}</title></path>"
        )
    parts.append("</g>")
    parts.append(f'<path class="council" d="{svg_paths([outline], frame)[0]["d"]}"/>')
    gapped = {a.code for a in areas if a.gaps}
    parts.append('<g id="gaps">')
    parts += [f'<path class="gap" d="{p["d"]}"/>' for p in svg_paths([s for s in shapes if s.code in gapped], frame)]
    parts.append('</g><g id="providers">')
    parts += [
        f'<circle class="provider" cx="{x}" cy="{y}" r="12"><title>{_e(names[n])}</title></circle>'
        for n, (x, y) in points.items()
    ]
    parts.append('</g><path id="focus-ring" d=""/></svg>')
    return "".join(parts)


def _swatch(cls: str) -> str:
    return (
        f'<svg class="swatch" viewBox="0 0 24 16" aria-hidden="true"><rect width="24" height="16" class="{cls}"/></svg>'
    )


def _legend(areas: Sequence[Area], theme: str | None, providers: int) -> str:
    rows = []
    if theme is None:
        counts = Counter(a.decile for a in areas)
        for decile in [*range(1, 11), None]:
            if decile is None and not counts[None]:
                continue
            cls = f"decile-{decile if decile is not None else 'none'}" + (
                " hatched" if decile in HATCHED_DECILES else ""
            )
            word = {1: " (most deprived)", 10: " (least deprived)"}.get(decile, "") if decile else ""
            label = f"decile {decile}{word}" if decile is not None else "no decile"
            rows.append(f'<li data-count="{counts[decile]}">{_swatch(cls)}{_e(label)}: {counts[decile]}</li>')
    else:
        counts = Counter(a.status for a in areas)
        for status in AREA_STATUSES:
            if counts[status]:
                cls = f"status-{status}" + (" hatched" if status == "none" else "")
                rows.append(
                    f'<li data-status="{status}" data-count="{counts[status]}">{_swatch(cls)}{status}: '
                    f"{_e(_STATUS_WORDS[status])}: {counts[status]}</li>"
                )
    gapped = sum(1 for a in areas if a.gaps)
    rows.append(
        f'<li data-count="{providers}">{_swatch("provider-key")}providers (at their postcode sector): {providers}</li>'
    )
    rows.append(f'<li data-count="{gapped}">{_swatch("gap-key")}outlined: a gap the gaps query flags: {gapped}</li>')
    title = f"Coverage of {_e(theme)}" if theme else "Deprivation decile (hatched: deciles 1 and 2)"
    return f'<h2>{title}</h2><ul class="legend">{"".join(rows)}</ul>'


def _table(areas: Sequence[Area], names: dict[str, str], theme: str | None) -> str:
    head = (
        ["area", "code", "deprivation", "providers inside"]
        + ([f"coverage of {theme}", "serving from wider"] if theme else [])
        + ["gap"]
    )
    rows = []
    for a in sorted(areas, key=lambda a: (a.decile or 11, a.rank or 0, a.code)):
        cells = [
            a.title,
            a.code,
            _decile_words(a),
            f"{len(a.inside)}" + (f": {', '.join(names[i] for i in a.inside[:LISTED])}" if a.inside else ""),
        ]
        cells += [a.status, len(a.serving)] if theme else []
        cells.append("; ".join(a.gaps[:3]) + (f" (and {len(a.gaps) - 3} more)" if len(a.gaps) > 3 else ""))
        rows.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    header = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    return (
        '<table id="area-table"><caption>Every small area, most deprived first (the map as text)</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _panel_data(areas: Sequence[Area], names: dict[str, str]) -> dict[str, dict]:
    def listed(ids: Sequence[str]) -> dict:
        return {"names": [names[i] for i in ids[:LISTED]], "more": max(len(ids) - LISTED, 0), "count": len(ids)}

    return {
        a.code: {
            "title": a.title,
            "code": a.code,
            "deprivation": _decile_words(a),
            "status": a.status,
            "status_words": _STATUS_WORDS.get(a.status or "", ""),
            "inside": listed(a.inside),
            "serving": listed(a.serving),
            "gaps": a.gaps[:LISTED],
            "more_gaps": max(len(a.gaps) - LISTED, 0),
        }
        for a in areas
    }


@cache
def _asset(name: str) -> str:
    return resources.files("assetgraph").joinpath("viz", "static", name).read_text(encoding="utf-8")


def _render(graph: AssetGraph, council: str, theme: str | None, redactor: Redactor | None) -> tuple[str, AreasDrawn]:
    place, areas = area_rows(graph, council, theme)
    shapes = _shapes(place)
    outline = council_outline(str(place.code))
    drawn = {i for a in areas for i in a.inside}
    withheld = redactor.text if redactor is not None else str
    for area in areas:
        area.gaps = [withheld(why) for why in area.gaps]  # the gaps query names the providers

    def name_of(node: str) -> str:
        return withheld(graph.node(node).name)

    names = {i: name_of(i) for a in areas for i in (*a.inside, *a.serving)}
    drawing = outline_frame([outline])
    points = geo_positions(graph, drawn, drawing[0])
    theme_name = graph.find(theme, NodeKind.THEME).name if theme else None
    notes = [
        "Providers are drawn at the centre of their postcode sector; the areas they are counted in come from "
        "their full postcode."
    ]
    if str(place.code).startswith("S"):
        notes.append(
            "Scotland's small areas are drawn as the data zones of 2001, the boundaries the package ships; SIMD 2020 "
            "ranks the zones of 2011, so these carry no decile."
        )
    scripts = [_asset("areas.js")]
    title = f"{place.name}: small areas by " + (f"coverage of {theme_name}" if theme_name else "deprivation")
    page = Template(_asset("areas.html")).substitute(
        csp=content_policy(scripts),
        version=__version__,
        title=_e(title),
        css=_asset("areas.css"),
        notes="".join(f'<p class="note">{_e(n)}</p>' for n in notes),
        svg=_svg(areas, shapes, outline, drawing, points, names | {n: name_of(n) for n in points}, theme_name),
        legend=_legend(areas, theme_name, len(points)),
        table=_table(areas, names, theme_name),
        attribution=_e(f"{SHAPES_ATTRIBUTION} Deprivation and areas: {PLACES_ATTRIBUTION}"),
        data=embed_json({"areas": _panel_data(areas, names), "theme": theme_name}),
        js=scripts[0],
    )
    summary = AreasDrawn(
        output="",
        council=place.name,
        code=str(place.code),
        theme=theme_name,
        areas=len(areas),
        providers=len(points),
        gaps=sum(1 for a in areas if a.gaps),
    )
    return page, summary


def areas_html(graph: AssetGraph, council: str, theme: str | None = None, *, redact_people: bool = False) -> str:
    """The areas page of ``council`` (a name, code or id the graph holds), shaded by
    deprivation decile or by coverage of ``theme``.

    Raises:
        NodeNotFound: for a council or theme the graph does not hold.
        QueryError: for a place that is not a council, or a council with no shipped small areas.
    """
    return _render(graph, council, theme, Redactor(graph) if redact_people else None)[0]


def write_areas(
    graph: AssetGraph, path: str | Path, council: str, theme: str | None = None, *, redact_people: bool = False
) -> AreasDrawn:
    """Write the areas page to ``path`` (atomically); what it drew."""
    page, summary = _render(graph, council, theme, Redactor(graph) if redact_people else None)
    atomic_write_text(path, page)
    return summary.model_copy(update={"output": str(path)})

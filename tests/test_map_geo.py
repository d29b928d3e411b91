"""Maps laid out by geography (issue 27): the shipped outlines drawn under the network, assets
inside their area's outline on screen, the route above the outlines, and large maps laid out
before the page opens."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from assetgraph.geography.postcodes import grid, grid_reference, postcode_place
from assetgraph.geography.shapes import ATTRIBUTION, contains, council_outlines, small_area_shapes, ward_shapes
from assetgraph.graphmodel import AssetGraph, Organisation, Person, Place, Provenance, Service
from assetgraph.loaders import SEED, load
from assetgraph.queries.places import enclosing
from assetgraph.viz import MapOptions, write_map
from assetgraph.viz.layout import spread
from assetgraph.viz.payload import ROUTE_COLOUR, build_payload

from .browser import LOCAL_SCHEMES
from .helpers import edge

BRISTOL = "E06000023"
SRC = [Provenance(source="test")]
#: every path of the underlay, by layer: [code, kind, title]
_PATHS = (
    "return Array.from(document.querySelectorAll('#underlay .' + arguments[0] + ' path'))"
    ".map(p => [p.dataset.code, p.getAttribute('class'), p.querySelector('title').textContent])"
)
#: a node's position on screen (client pixels)
_ON_SCREEN = (
    "const m = window.assetgraphMap, at = m.network.canvasToDOM(m.network.getPositions([arguments[0]])[arguments[0]]);"
    "const box = m.network.canvas.frame.canvas.getBoundingClientRect(); return [box.left + at.x, box.top + at.y];"
)


def _bristol(bodies: int, unplaced: int = 0) -> tuple[AssetGraph, dict[str, tuple[float, float]]]:
    """Bristol with ``bodies`` organisations, each at a postcode sector of its own there, each
    running a service in Bristol, tied in a ring; and ``unplaced`` more with no postcode. Returns the
    graph and each placed body's grid reference."""
    sectors = sorted(s for s in grid().sectors if (p := postcode_place(s)) and p.code == BRISTOL)[:bodies]
    graph = AssetGraph("Bristol test")
    council = graph.add_node(Place(name="Bristol", code=BRISTOL, level="local_authority", provenance=SRC)).id
    orgs = []
    for i, sector in enumerate(sectors):
        org = graph.add_node(Organisation(name=f"Body {i}", attributes={"postcode": sector + "AA"}, provenance=SRC))
        orgs.append(org.id)
        graph.add_edge(edge(org.id, "LOCATED_IN", council))
        service = graph.add_node(Service(name=f"Help {i}", provenance=SRC)).id
        graph.add_edge(edge(org.id, "RUNS", service))
        graph.add_edge(edge(service, "SERVES", council))
    for a, b in zip(orgs, orgs[1:], strict=False):
        graph.add_edge(edge(a, "PARTNERS_WITH", b))
    for i in range(unplaced):
        org = graph.add_node(Organisation(name=f"Nowhere {i}", provenance=SRC)).id
        graph.add_edge(edge(org, "LOCATED_IN", council))
    return graph, {o: grid_reference(graph.node(o)) for o in orgs}


def _clear_of_border(shape, point, metres: float) -> bool:
    """Whether ``point`` lies at least ``metres`` from every border of ``shape`` (a screen pixel
    is tens of metres at a council's zoom: nearer than that, the page may put it either side)."""
    px, py = point
    for ring in shape.rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            dx, dy = x1 - x0, y1 - y0
            t = max(0.0, min(1.0, ((px - x0) * dx + (py - y0) * dy) / ((dx * dx + dy * dy) or 1.0)))
            if math.hypot(px - x0 - t * dx, py - y0 - t * dy) < metres:
                return False
    return True


def _assert_each_body_in_its_area_on_screen(browser, at: dict[str, tuple[float, float]], areas: dict) -> None:
    """Each body clear of its small area's border lies, on screen, in that area's path alone
    (their borders may touch it), and the page finds that area under the pointer there, through
    the canvas; at least six are checked."""
    checked = 0
    for org, point in at.items():
        home = [code for code, shape in areas.items() if contains(shape, point)]
        if len(home) != 1 or not _clear_of_border(areas[home[0]], point, 100):
            continue
        x, y = browser.js(_ON_SCREEN, org)
        under = browser.js(
            "return Array.from(document.querySelectorAll('#underlay .areas path.small_area')).filter(p => "
            "p.isPointInFill(new DOMPoint(arguments[0], arguments[1]).matrixTransform(p.getScreenCTM().inverse())))"
            ".map(p => p.dataset.code)",
            x,
            y,
        )
        hit = browser.js(
            "return document.elementsFromPoint(arguments[0], arguments[1]).filter(e => e.matches('#underlay .areas "
            "path.small_area')).map(e => e.dataset.code)",
            x,
            y,
        )
        assert under == home and home[0] in hit, (org, home, under, hit)
        checked += 1
    assert checked >= 6


def test_a_whole_country_map_draws_every_council_titled_with_its_attribution_and_asks_nothing(browser, tmp_path):
    seed = load(SEED)
    path = tmp_path / "geo.html"
    write_map(seed, path, MapOptions(layout="geo"))
    browser.open(path)
    # the seed holds the United Kingdom: every council of its four nations, today's (not the districts merged since)
    expected = {s.code: s for s in council_outlines() if s.within is None}
    drawn = browser.js(_PATHS, "areas")
    assert sorted(code for code, _, _ in drawn) == sorted(expected)
    assert all(title == f"{expected[code].label} ({code})" for code, _, title in drawn)
    assert browser.js("return document.querySelector('#network .attribution').textContent") == ATTRIBUTION
    urls = browser.requested_urls()
    assert urls and all(u.startswith(LOCAL_SCHEMES) for u in urls), [u for u in urls if not u.startswith(LOCAL_SCHEMES)]
    assert browser.console_errors() == []
    # the outlines fill the view: the drawing of Great Britain is taller than wide, north up
    box = browser.js("return document.querySelector('#underlay .areas').getBoundingClientRect().toJSON()")
    view = browser.js("return document.getElementById('network').getBoundingClientRect().toJSON()")
    assert box["height"] > 0.6 * view["height"] and box["height"] > box["width"]


def test_inside_one_council_its_small_areas_and_wards_are_drawn_and_each_asset_lies_in_its_area(browser, tmp_path):
    graph, at = _bristol(140)
    path = tmp_path / "bristol.html"
    write_map(graph, path, MapOptions(layout="geo", place="Bristol"))
    browser.open(path)
    areas = {s.code: s for s in small_area_shapes(BRISTOL)}
    drawn = browser.js(_PATHS, "areas")
    assert sorted(code for code, kind, _ in drawn if kind == "area small_area") == sorted(areas)
    assert all(title == f"{areas[code].label} ({code})" for code, kind, title in drawn if code in areas)
    assert sorted(code for code, _, _ in browser.js(_PATHS, "wards")) == sorted(s.code for s in ward_shapes(BRISTOL))
    _assert_each_body_in_its_area_on_screen(browser, at, areas)
    # pointing at a body names the small area under it, from its path's title
    org = next(iter(at))
    x, y = browser.js(_ON_SCREEN, org)
    browser.js(
        "document.getElementById('network').dispatchEvent(new MouseEvent('mousemove', "
        "{clientX: arguments[0], clientY: arguments[1], bubbles: true}))",
        x,
        y,
    )
    tip = browser.driver.execute_async_script(
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => "
        "done(document.querySelector('.area-tip').textContent)))"
    )
    assert tip == next(f"{s.label} ({c})" for c, s in areas.items() if contains(s, at[org]))
    # the wards' box in the legend hides them
    browser.driver.find_element("css selector", ".wards-toggle input").click()
    assert browser.js("return getComputedStyle(document.querySelector('#underlay .wards')).display") == "none"


def test_a_map_laid_out_by_its_ties_switches_to_geography_on_the_page(browser, tmp_path):
    from selenium.webdriver.support.ui import Select

    graph, at = _bristol(40, unplaced=3)
    path = tmp_path / "bristol.html"
    write_map(graph, path, MapOptions(place="Bristol"))
    browser.open(path)
    shown = "return getComputedStyle(document.getElementById('underlay')).display"
    assert browser.js(shown) == "none"
    options = browser.js("return Array.from(document.querySelectorAll('#layout option')).map(o => o.value)")
    assert "geo" in options
    Select(browser.driver.find_element("id", "layout")).select_by_value("geo")
    assert browser.js(shown) != "none"
    areas = {s.code: s for s in small_area_shapes(BRISTOL)}
    _assert_each_body_in_its_area_on_screen(browser, at, areas)
    # and back: the outlines hide and the nodes return where the ties put them
    Select(browser.driver.find_element("id", "layout")).select_by_value("ties")
    assert browser.js(shown) == "none"
    assert browser.console_errors() == []


def test_a_map_with_no_grid_reference_offers_no_geographic_layout(browser, tmp_path):
    graph, _ = _bristol(0, unplaced=5)
    path = tmp_path / "nowhere.html"
    write_map(graph, path)
    browser.open(path)
    assert browser.js("return Array.from(document.querySelectorAll('#layout option')).map(o => o.value)") == [
        "ties",
        "group",
    ]
    assert browser.js("return document.getElementById('underlay')") is None


def test_with_people_withheld_a_person_is_not_placed_at_their_postcode():
    graph, at = _bristol(3)
    body = next(iter(at))
    person = graph.add_node(Person(name="Ann Example", attributes=graph.node(body).attributes, provenance=SRC)).id
    graph.add_edge(edge(person, "ROLE_IN", body))
    for options in (MapOptions(layout="geo", place="Bristol"), MapOptions(place="Bristol")):
        shown, withheld = build_payload(graph, options), build_payload(graph, replace(options, redact_people=True))
        assert len(shown["nodes"]) == len(withheld["nodes"]) == 2 * len(at) + 2  # bodies, services, council, person
        assert withheld["geo"]["placed"] == shown["geo"]["placed"] - 1


def test_the_route_is_drawn_above_the_outlines(browser, tmp_path):
    graph, at = _bristol(8)
    first, last = sorted(at)[0], sorted(at)[-1]
    graph.add_edge(edge(first, "SIGNPOSTS_TO", last))
    path = tmp_path / "route.html"
    write_map(graph, path, MapOptions(layout="geo", place="Bristol", route={"start": first, "to": last}))
    browser.open(path)
    (ax, ay), (bx, by) = browser.js(_ON_SCREEN, first), browser.js(_ON_SCREEN, last)
    assert math.hypot(bx - ax, by - ay) > 60  # a stretch of the route clear of both ends
    x, y = (ax + bx) / 2, (ay + by) / 2
    stack = browser.js(
        "return document.elementsFromPoint(arguments[0], arguments[1]).map(e => e.tagName.toLowerCase())", x, y
    )
    assert "canvas" in stack and "path" in stack and stack.index("canvas") < stack.index("path")
    # a strip of the canvas across the route's middle (the tie may curve a little): the route is
    # drawn there in its colour, opaque and at least 5 px wide
    strip = browser.js(
        "const c = window.assetgraphMap.network.canvas.frame.canvas, box = c.getBoundingClientRect(),"
        " r = c.width / box.width;"
        "return Array.from(c.getContext('2d').getImageData(Math.round((arguments[0] - box.left) * r) - 20,"
        " Math.round((arguments[1] - box.top) * r), 41, 1).data)",
        x,
        y,
    )
    route = [int(ROUTE_COLOUR[i : i + 2], 16) for i in (1, 3, 5)] + [255]
    assert sum(strip[i : i + 4] == route for i in range(0, len(strip), 4)) >= 5


def test_a_large_geographic_map_draws_the_overview_and_sets_apart_what_has_no_postcode():
    graph, at = _bristol(60, unplaced=7)
    payload = build_payload(graph, MapOptions(layout="geo", place="Bristol", overview_above=100))
    assert len(graph) > 100
    kinds = {n["kind"] for n in payload["nodes"]}
    assert kinds == {"organisation"}  # services folded into their bodies, the place drawn as its outline
    assert sum(n.get("folded", 0) for n in payload["nodes"]) == len(at)
    side = payload["geo"]["side"]
    assert (side["count"], side["no_reference"], side["outside"]) == (7, 7, 0)
    assert any(line.startswith("7 have no postcode the package can place") for line in payload["legend"]["explained"])
    apart = [n for n in payload["nodes"] if n["name"].startswith("Nowhere")]
    assert len(apart) == 7 and all(n["x"] >= side["x"] > payload["geo"]["extent"][0] for n in apart)
    placed = [n for n in payload["nodes"] if n["id"] in at]
    assert len(placed) == len(at) == payload["geo"]["placed"]
    width, height = payload["geo"]["extent"]
    assert all(0 <= n["x"] <= width and 0 <= n["y"] <= height for n in placed)


def test_spread_puts_tied_nodes_nearer_each_other_than_untied_ones():
    nodes = [f"{group}{i}" for group in "ab" for i in range(6)]
    ties = [(f"{g}{i}", f"{g}{j}") for g in "ab" for i in range(6) for j in range(i + 1, 6)] + [("a0", "b0")]
    at = spread(nodes, ties)
    assert at == spread(nodes, ties)  # the same graph, the same drawing

    def mean(pairs):
        return sum(math.dist(at[a], at[b]) for a, b in pairs) / len(pairs)

    within = [(a, b) for a, b in ties if a[0] == b[0]]
    across = [(a, b) for a in nodes if a[0] == "a" for b in nodes if b[0] == "b"]
    assert mean(within) < 0.5 * mean(across)
    assert min(math.dist(at[a], at[b]) for a in nodes for b in nodes if a < b) > 20  # none on top of another


def test_a_large_map_comes_laid_out_and_opens_without_physics(browser, tmp_path):
    from assetgraph.viz.payload import LAID_OUT_ABOVE

    graph, _ = _bristol(60, unplaced=LAID_OUT_ABOVE)
    payload = build_payload(graph, MapOptions(overview_above=None))
    assert len(payload["nodes"]) > LAID_OUT_ABOVE and all("x" in n for n in payload["nodes"])
    path = tmp_path / "large.html"
    write_map(graph, path, MapOptions(overview_above=None))
    browser.open(path)
    assert browser.js("return window.assetgraphMap.network.physics.options.enabled") is False
    drawn = browser.js("return window.assetgraphMap.network.getPositions()")
    given = {n["id"]: (n["x"], n["y"]) for n in payload["nodes"]}
    assert all(abs(drawn[i]["x"] - x) < 1 and abs(drawn[i]["y"] - y) < 1 for i, (x, y) in given.items())
    assert browser.js("return document.getElementById('layout').disabled") is False


@pytest.mark.parametrize("place", [None, "Bristol"])
def test_the_geographic_note_counts_what_is_placed(place):
    graph, at = _bristol(5, unplaced=2)
    payload = build_payload(graph, MapOptions(layout="geo", place=place))
    placed = sum(1 for n in payload["nodes"] if n["id"] in at) + 1  # and the council place, at its centroid
    assert payload["geo"]["placed"] == placed
    assert any(note.startswith(f"Laid out by geography: {placed:,} of ") for note in payload["notes"])


def test_a_place_that_is_not_a_council_is_drawn_in_the_council_it_lies_in():
    """The seed's Pentwyn is a neighbourhood of Cardiff with no outline or code of its own: its
    map shows Cardiff's outline with its small areas and wards, not an empty page."""
    seed = load(SEED)
    cardiff = seed.find("Cardiff")
    assert cardiff.id in enclosing(seed, seed.find("Pentwyn").id)
    geo = build_payload(seed, MapOptions(layout="geo", place="Pentwyn"))["geo"]
    assert [a["code"] for a in geo["areas"]] == [cardiff.code] + [s.code for s in small_area_shapes(cardiff.code)]
    assert [w["code"] for w in geo["wards"]] == [s.code for s in ward_shapes(cardiff.code)]


def test_a_northern_irish_council_is_drawn_by_its_outline_and_its_unplaced_postcodes_said_so(run, tmp_path):
    """The package ships Northern Ireland's council outlines but no postcodes there: a body with
    a Belfast postcode is set apart, and the legend does not say it has none."""
    graph = AssetGraph("Belfast test")
    belfast = graph.add_node(Place(name="Belfast", code="N09000003", level="local_authority", provenance=SRC)).id
    body = graph.add_node(Organisation(name="Shankill Centre", attributes={"postcode": "BT13 1FD"}, provenance=SRC))
    graph.add_edge(edge(body.id, "LOCATED_IN", belfast))
    assert grid_reference(body) is None
    payload = build_payload(graph, MapOptions(layout="geo", place="Belfast"))
    geo = payload["geo"]
    assert [a["code"] for a in geo["areas"]] == ["N09000003"] and geo["wards"] == []
    assert geo["side"]["no_reference"] == len(payload["nodes"]) == 2
    said = [line for line in payload["legend"]["explained"] if "shown at the side" in line]
    assert len(said) == 1 and "Northern Ireland" in said[0] and "have no postcode:" not in said[0]
    # its small areas are not shipped: the areas page says so, exit 1
    path = tmp_path / "belfast.json"
    from assetgraph.graphmodel.storage import save_graph

    save_graph(graph, path)
    result = run("map", path, "--areas", "--place", "Belfast", "-o", tmp_path / "a.html")
    assert result.exit_code == 1 and "no small-area outlines are shipped for 'Belfast'" in result.output

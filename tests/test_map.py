"""Maps: the page in a real headless Chromium with the network off, and its data on its own."""

from __future__ import annotations

import json
import re

import pytest

from assetgraph.graphmodel import AssetGraph, Organisation, Person, Provenance
from assetgraph.graphmodel.vocabulary import NodeKind, Relation
from assetgraph.loaders import SEED, load
from assetgraph.queries.pathways import pathways
from assetgraph.viz import MapOptions, map_html, write_map
from assetgraph.viz.page import embed_json
from assetgraph.viz.payload import KIND_STYLE, RELATION_STYLE, ROUTE_COLOUR, build_payload

from .browser import LOCAL_SCHEMES
from .helpers import edge


@pytest.fixture(scope="module")
def seed():
    return load(SEED)


def test_seed_map_loads_offline_with_every_node_and_edge_and_no_errors(browser, seed, tmp_path):
    path = tmp_path / "seed.html"
    write_map(seed, path)
    browser.open(path)
    drawn_nodes, drawn_edges = browser.js(
        "const m = window.assetgraphMap; return [Object.keys(m.network.getPositions()).length, m.edges.length]"
    )
    assert drawn_nodes == len(seed)
    assert drawn_edges == len({(e.source, e.target, e.relation) for e in seed.edges()})
    assert browser.console_errors() == []
    urls = browser.requested_urls()
    assert urls and all(u.startswith(LOCAL_SCHEMES) for u in urls), [u for u in urls if not u.startswith(LOCAL_SCHEMES)]
    assert browser.js("return document.getElementById('summary').textContent").startswith(f"{len(seed)} nodes")


def test_search_focuses_the_node_and_shows_its_evidence(browser, seed, tmp_path):
    path = tmp_path / "seed.html"
    write_map(seed, path)
    browser.open(path)
    box = browser.driver.find_element("id", "search")
    box.send_keys("phs\n")
    phs = seed.find("PHS")
    assert browser.js("return window.assetgraphMap.focused") == phs.id
    assert browser.js("return window.assetgraphMap.network.getSelectedNodes()") == [phs.id]
    panel = browser.driver.find_element("id", "panel").text
    assert phs.name in panel and phs.provenance[0].snippet in panel


def test_filters_hide_what_they_should(browser, seed, tmp_path):
    path = tmp_path / "seed.html"
    write_map(seed, path)
    browser.open(path)
    hidden = "return window.assetgraphMap.nodes.get({filter: n => n.hidden}).map(n => n.id).sort()"
    browser.driver.find_element("css selector", "#kinds input[value=place]").click()
    assert browser.js(hidden) == sorted(p.id for p in seed.nodes("place"))
    browser.driver.find_element("css selector", "#kinds input[value=place]").click()
    from selenium.webdriver.support.ui import Select

    Select(browser.driver.find_element("id", "sector")).select_by_value("community_led")
    expected = sorted(o.id for o in seed.nodes("organisation") if o.sector != "community_led")
    assert browser.js(hidden) == expected


def test_route_overlay_marks_the_route(browser, seed, tmp_path):
    path = tmp_path / "route.html"
    ask = {"resident_of": "Pentwyn", "need": "smoking"}
    write_map(seed, path, MapOptions(route=ask))
    browser.open(path)
    route = pathways(seed, k=1, **ask).routes[0]
    marked = browser.js(
        "return window.assetgraphMap.nodes.get({filter: n => n.color.border === arguments[0]}).map(n => n.id)",
        ROUTE_COLOUR,
    )
    assert {s.to_id for s in route.steps} <= set(marked)
    drawn = browser.js(
        "const m = window.assetgraphMap, scale = m.network.getScale();"
        " return m.data.route.edges.map(id => [m.edges.get(id).width * scale, m.edges.get(id).color.color])"
    )
    # at least 6 px wide on screen, at any zoom
    assert drawn and all(width >= 5.99 and colour == ROUTE_COLOUR for width, colour in drawn)
    start = browser.js(
        "const n = window.assetgraphMap.nodes.get('route:start'); return [n.font.color, n.color.background]"
    )
    assert start == ["#1a202c", "#ffffff"]  # dark text on white: the one label drawn inside its shape
    assert "Stop Smoking Wales" in browser.driver.find_element("id", "overlay").text


PAYLOADS = [
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    "<script>window.__pwned=1</script>",
    "javascript:window.__pwned=1",
    '" onmouseover="window.__pwned=1',
    "' onfocus='window.__pwned=1' autofocus='",
    "<svg onload=window.__pwned=1>",
    '<iframe src="javascript:window.__pwned=1"></iframe>',
    '<a href="javascript:window.__pwned=1">click</a>',
    "<!-- comment",
    "]]> <![CDATA[",
    "</style><script>window.__pwned=1</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    '{{constructor.constructor("window.__pwned=1")()}}',
    "${window.__pwned=1}",
    "line\u2028separator\u2029paragraph",
    "\u202eright-to-left override",
    "zero\u200bwidth\ufeffmark",
    "<body onload=window.__pwned=1>",
    "<details open ontoggle=window.__pwned=1>",
    '<object data="javascript:window.__pwned=1">',
    "&lt;img src=x onerror=window.__pwned=1&gt;",
    "%3Cscript%3Ewindow.__pwned=1%3C/script%3E",
    "<input autofocus onfocus=window.__pwned=1>",
    "<marquee onstart=window.__pwned=1>x</marquee>",
    "<video><source onerror=window.__pwned=1></video>",
    "<audio src=x onerror=window.__pwned=1>",
    "<form action=javascript:window.__pwned=1><button>go</button></form>",
    '<base href="javascript:window.__pwned=1//">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
    "<style>@import 'javascript:window.__pwned=1';</style>",
    '<div style="background:url(javascript:window.__pwned=1)">x</div>',
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+",
    "vbscript:msgbox(1)",
    "<scr<script>ipt>window.__pwned=1</scr</script>ipt>",
    '"><script>window.__pwned=1</script>',
    "'><script>window.__pwned=1</script>",
    "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e",
    "<<SCRIPT>window.__pwned=1//<</SCRIPT>",
    "<IMG SRC=JaVaScRiPt:window.__pwned=1>",
    '<img src="x` `onerror=window.__pwned=1">',
    "<svg><script>window.__pwned=1</script></svg>",
    "<template><img src=x onerror=window.__pwned=1></template>",
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
    "<textarea></textarea><img src=x onerror=window.__pwned=1>",
    "<select><option><img src=x onerror=window.__pwned=1></option></select>",
    '{"__proto__": {"polluted": 1}}',
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "toString",
    "null",
    "undefined",
    "-->",
    "<![CDATA[<script>window.__pwned=1</script>]]>",
    '\\"; window.__pwned=1; //',
    "'; window.__pwned=1; //",
    "`${window.__pwned=1}`",
    '<a href="&#106;avascript:window.__pwned=1">x</a>',
    "\uff1cscript\uff1ewindow.__pwned=1\uff1c/script\uff1e",
    "Z\u0337\u0353a\u0336l\u0338g\u0335o\u0337 text",
    "A" * 400,
]


def _hostile_graph() -> AssetGraph:
    g = AssetGraph("<img src=x onerror=window.__pwned=1> map")
    for i, payload in enumerate(PAYLOADS):
        evidence = [Provenance(source=payload, locator=payload, snippet=payload)]
        g.add_node(
            Organisation(
                name=f"N{i} {payload}",
                aliases=[payload],
                description=payload,
                url="javascript:window.__pwned=1",
                attributes={"note": payload, payload[:40]: payload},
                identifiers={"x": payload},
                email=payload,
                provenance=evidence,
            )
        )
    g.add_node(Person(name="Jo <b>Bloggs</b>", email="jo@example.org", provenance=[Provenance(source="x")]))
    for i in range(1, len(PAYLOADS)):
        g.add_edge(
            edge(
                g.find(f"N{i - 1} {PAYLOADS[i - 1]}").id,
                "PARTNERS_WITH",
                g.find(f"N{i} {PAYLOADS[i]}").id,
                description=PAYLOADS[i],
                provenance=[Provenance(source=PAYLOADS[i], snippet=PAYLOADS[i - 1])],
            )
        )
    return g


def test_hostile_strings_render_as_text_and_run_nothing(browser, tmp_path):
    assert len(PAYLOADS) >= 50
    g = _hostile_graph()
    path = tmp_path / "hostile.html"
    write_map(g, path, MapOptions(title=PAYLOADS[1]))
    browser.open(path)
    for node in g.nodes("organisation"):
        box = browser.driver.find_element("id", "search")
        box.clear()
        box.send_keys(node.name + "\n")
        assert browser.js("return window.assetgraphMap.focused") == node.id
        panel = browser.js("return document.getElementById('panel').textContent")
        assert node.description in panel and node.provenance[0].snippet in panel, node.name
        browser.js("document.querySelectorAll('#panel button').forEach(b => b.click())")
        assert browser.js("return typeof window.__pwned") == "undefined", node.name
    assert browser.js("return typeof window.__pwned") == "undefined"
    # the page's own collapsible legend is the one details element; none comes from the data
    hostile = "img, iframe, svg, object, details:not(#legend-box), math"
    assert browser.js(f"return document.querySelectorAll('{hostile}').length") == 0
    assert browser.js("return document.querySelectorAll('script').length") == 3
    assert (
        browser.js("return Array.from(document.querySelectorAll('a')).filter(a => !a.href.startsWith('http')).length")
        == 0
    )
    assert browser.js("return document.getElementById('title').textContent") == PAYLOADS[1]
    box = browser.driver.find_element("id", "search")
    box.clear()
    box.send_keys(f"N12 {PAYLOADS[12]}\n")
    panel = browser.driver.find_element("id", "panel").text
    assert panel.count(PAYLOADS[12]) >= 3  # name, alias, description, evidence: all as text
    assert browser.console_errors() == []


def test_the_page_loads_nothing_from_elsewhere_and_escapes_its_data():
    page = map_html(_hostile_graph())
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert (
        "default-src 'none'" in csp
        and "connect-src 'none'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    data = page.split('id="assetgraph-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and json.loads(data)["title"] == _hostile_graph().name
    assert embed_json("\u2028") == '"\\u2028"'


def test_redaction_removes_names_everywhere_and_contacts():
    g = load(SEED)
    payload = json.dumps(build_payload(g, MapOptions(redact_people=True)))
    for person in g.nodes("person"):
        assert person.name not in payload
    assert "[name withheld]" in payload and "Person 1" in payload
    assert "Paul Johnston" in json.dumps(build_payload(g, MapOptions()))


def test_large_graphs_fold_small_areas_and_say_so():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate import Size, generate

    g = generate(Size(small_areas=600, organisations=150))
    payload = build_payload(g, MapOptions(max_nodes=450, overview_above=None))  # every node, folded to fit
    assert len(payload["nodes"]) <= 450 < len(g)
    assert not [n for n in payload["nodes"] if n["kind"] == "place" and n["name"].startswith("area ")]
    assert any("small areas into their council" in note for note in payload["notes"])
    folded = sum(n.get("folded", 0) for n in payload["nodes"])
    assert folded + len(payload["nodes"]) == len(g)


def test_max_nodes_is_a_cap_folding_further_or_refusing(run, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate import Size, generate

    from assetgraph.graphmodel.storage import save_graph

    g = generate(Size(small_areas=600, organisations=150))
    graph = tmp_path / "g.json"
    save_graph(g, graph)
    gentle = build_payload(g, MapOptions(max_nodes=len(g) - 1, overview_above=None))
    assert len(gentle["nodes"]) < len(g) and not any(
        n["kind"] == "place" and n["name"].startswith("area ") for n in gentle["nodes"]
    )
    deeper = build_payload(g, MapOptions(max_nodes=450, overview_above=None))
    assert len(deeper["nodes"]) <= 450 and any("assets placed in one council" in note for note in deeper["notes"])
    drawn = run("map", graph, "-o", tmp_path / "m.html", "--max-nodes", "450", "--all-nodes")
    assert drawn.exit_code == 0 and f"a map of {len(deeper['nodes']):,} nodes" in drawn.output
    refused = run("map", graph, "-o", tmp_path / "tiny.html", "--max-nodes", "10")
    assert refused.exit_code == 1 and "more than the 10 allowed" in refused.output
    assert not (tmp_path / "tiny.html").exists()


def test_around_and_place_select_parts_of_the_graph(seed):
    chex = build_payload(seed, MapOptions(around="CHEX", depth=1))
    names = {n["name"] for n in chex["nodes"]}
    assert "CHEX" in names and "Scottish Community Development Centre" in names and "Stop Smoking Wales" not in names
    cardiff = build_payload(seed, MapOptions(place="Cardiff"))
    names = {n["name"] for n in cardiff["nodes"]}
    assert {"Cardiff", "Pentwyn", "Health Champions", "Cardiff MIND"} <= names and "Scotland" not in names


def test_every_relation_has_its_own_colour_and_the_route_one_no_relation_uses():
    colours = list(RELATION_STYLE.values())
    assert len(set(colours)) == len(colours) == len(Relation)
    assert ROUTE_COLOUR not in colours
    assert RELATION_STYLE[Relation.LOCATED_IN] != RELATION_STYLE[Relation.SERVES]


def test_the_legend_shows_each_kind_in_the_shape_its_nodes_are_drawn_with(browser, seed, tmp_path):
    path = tmp_path / "seed.html"
    write_map(seed, path)
    browser.open(path)
    legend = browser.js(
        "return Array.from(document.querySelectorAll('#legend li')).map(li => {"
        " const s = li.querySelector('.swatch');"
        " return [li.querySelector('.name').textContent, s.className, getComputedStyle(s).clipPath]; })"
    )
    drawn = browser.js(
        "const m = window.assetgraphMap; const out = {};"
        " for (const n of m.data.nodes) out[n.kind] = m.nodes.get(n.id).shape; return out;"
    )
    assert {kind for kind, _, _ in legend} == {k.value for k in KIND_STYLE}
    for kind, cls, clip in legend:
        assert cls == f"swatch shape-{drawn[kind]}" == f"swatch shape-{KIND_STYLE[NodeKind(kind)][1]}"
        assert (clip == "none") == (drawn[kind] in ("dot", "square")), (kind, clip)


_LABELS = """
const m = window.assetgraphMap, net = m.network, scale = net.getScale(), out = [];
const rect = document.getElementById("network").getBoundingClientRect();
for (const id of m.nodes.getIds()) {
  const n = net.body.nodes[id], item = m.nodes.get(id), at = net.canvasToDOM({x: n.x, y: n.y});
  if (item.hidden || (item.font && item.font.color === "rgba(0,0,0,0)")) continue;
  if (at.x < 0 || at.y < 0 || at.x > rect.width || at.y > rect.height) continue;
  const size = n.labelModule.size, corner = net.canvasToDOM({x: n.x - size.width / 2, y: size.top});
  out.push({px: n.labelModule.fontOptions.size * scale, x: corner.x, y: corner.y,
            w: size.width * scale, h: size.height * scale});
}
const apart = (a, b) => a.x >= b.x + b.w || b.x >= a.x + a.w || a.y >= b.y + b.h || b.y >= a.y + a.h;
const overlapping = out.filter(a => out.some(b => b !== a && !apart(a, b)));
const cut = out.filter(a => a.x < 0 || a.y < 0 || a.x + a.w > rect.width || a.y + a.h > rect.height);
return {shown: out.length, smallest: Math.min(...out.map(a => a.px)), overlapping: overlapping.length, cut: cut.length,
        nodes: m.nodes.length};
"""


def test_labels_at_the_first_view_are_legible_apart_and_inside_the_view(browser, seed, tmp_path):
    path = tmp_path / "seed.html"
    write_map(seed, path, MapOptions(route={"resident_of": "Pentwyn", "need": "smoking"}, connectors=5))
    browser.driver.set_window_size(1400, 900)
    browser.open(path)
    labels = browser.js(_LABELS)
    assert labels["smallest"] >= 10 and labels["overlapping"] == 0 and labels["cut"] == 0
    assert labels["shown"] >= labels["nodes"] // 3  # the hidden ones are the minor labels that would collide
    browser.js("window.assetgraphMap.before = window.assetgraphMap.relabelled")
    browser.js(
        "const net = window.assetgraphMap.network; net.moveTo({scale: net.getScale() * 3}); net.emit('zoom', {})"
    )
    browser.driver.execute_async_script(  # until the labels are laid out again for the new zoom
        "const done = arguments[0], m = window.assetgraphMap, before = m.before, start = Date.now();"
        "(function wait() { if (m.relabelled > before || Date.now() - start > 10000) done();"
        " else setTimeout(wait, 50); })();"
    )
    zoomed = browser.js(_LABELS)
    assert zoomed["overlapping"] == 0 and zoomed["shown"] != labels["shown"]  # zooming gives minor labels room


def test_an_overlay_leaves_every_node_where_the_plain_map_puts_it(browser, seed, tmp_path):
    plain, marked = tmp_path / "plain.html", tmp_path / "marked.html"
    write_map(seed, plain)
    write_map(seed, marked, MapOptions(route={"resident_of": "Pentwyn", "need": "smoking"}, connectors=5, gaps=True))
    positions = "return window.assetgraphMap.network.getPositions()"
    browser.open(plain)
    before = browser.js(positions)
    browser.open(marked)
    after = browser.js(positions)
    assert set(after) == set(before) | {"route:start"}
    assert all(abs(before[n]["x"] - after[n]["x"]) < 0.5 and abs(before[n]["y"] - after[n]["y"]) < 0.5 for n in before)


def test_a_map_says_when_the_route_asked_for_was_not_found(tmp_path):
    graph = AssetGraph()
    for name in ("Alpha Trust", "Beta Trust"):
        graph.add_node(Organisation(name=name, provenance=[Provenance(source="test")]))
    drawn = write_map(graph, tmp_path / "m.html", MapOptions(route={"start": "Alpha Trust", "to": "Beta Trust"}))
    assert drawn.route.startswith("No route found from Alpha Trust to Beta Trust")
    payload = build_payload(graph, MapOptions(route={"start": "Alpha Trust", "to": "Beta Trust"}))
    assert any(note.startswith("No route found") for note in payload["notes"])
    assert (drawn.nodes, drawn.edges) == (2, 0)


def test_a_geographic_layout_puts_places_and_postcodes_at_their_grid_references(browser, seed, tmp_path):
    from assetgraph.geography.postcodes import grid

    graph = load(SEED)
    graph.add_node(
        Organisation(name="Torry Larder", attributes={"postcode": "AB11 9QX"}, provenance=[Provenance(source="t")])
    )
    payload = build_payload(graph, MapOptions(layout="geo"))
    at = {n["id"]: (n["x"], n["y"]) for n in payload["nodes"] if "x" in n}
    assert at["place:aberdeen"][1] < at["place:scotland"][1] < at["place:wales"][1]  # north up
    assert at["place:wales"][0] < at["place:england"][0]
    sector = grid().of_postcode("AB11 9QX")
    council = grid().councils["S12000033"]
    dx, dy = (mine - its for mine, its in zip(at["organisation:torry-larder"], at["place:aberdeen"], strict=True))
    # on the side of its council that its postcode lies (north up: y grows southwards), not on the council itself
    assert dx * (sector[0] - council[0]) > 0 and dy * (council[1] - sector[1]) > 0
    assert any(note.startswith("Laid out by geography") for note in payload["notes"])
    geo = payload["geo"]
    assert at["place:pentwyn"][0] >= geo["side"]["x"] > geo["extent"][0]  # no grid reference: set apart at the side
    path = tmp_path / "geo.html"
    write_map(graph, path, MapOptions(layout="geo"))
    browser.open(path)
    drawn = browser.js("return window.assetgraphMap.network.getPositions()")
    (ax, ay), anchor = at["place:aberdeen"], drawn["place:aberdeen"]  # vis shifts the whole drawing, to whole pixels
    assert all(
        abs(drawn[n]["x"] - anchor["x"] - (x - ax)) < 1.5 and abs(drawn[n]["y"] - anchor["y"] - (y - ay)) < 1.5
        for n, (x, y) in at.items()
    )

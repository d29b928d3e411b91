"""assetgraph profile: one page per place, its numbers the questions' own answers."""

from __future__ import annotations

import csv
import io
import json

from assetgraph.cli import cli
from assetgraph.graphmodel import Organisation, Provenance, Service
from assetgraph.graphmodel.edges import Edge
from assetgraph.loaders import SEED, load
from assetgraph.queries.gaps import gaps
from assetgraph.queries.pathways import pathways
from assetgraph.queries.places import asset_places, enclosed
from assetgraph.queries.profile import place_profile
from assetgraph.viz.profile_page import SHOWN, place_sketch, profile_html

HOSTILE = '<img src=x onerror="window.__pwned=1">'


def _run(args):
    from click.testing import CliRunner

    return CliRunner().invoke(cli, args)


def test_the_profile_gathers_what_the_questions_answer_for_the_place():
    graph = load(SEED)
    found = place_profile(graph, "Cardiff")
    inside = enclosed(graph, "place:cardiff")
    placed = {n.name for n in graph.nodes() if n.kind.value != "place" and asset_places(graph, n.id) & inside}
    placed -= {n.name for n in graph.nodes("person")} | {n.name for n in graph.nodes("theme")}
    assert {a.name for a in found.assets} == placed
    assert sum(found.assets_by_kind.values()) == len(found.assets)
    for row in gaps(graph, kinds=["coverage"], place="Cardiff").rows:
        assert found.status("Cardiff", row.theme) == row.status
    assert set(found.grid_places) == {graph.node(p).name for p in inside}
    for theme in ("Smoking", "Mental health"):
        route = pathways(graph, resident_of="Cardiff", need=theme, k=1).routes[0]
        line = next(r for r in found.routes if r.theme == theme)
        assert (line.reaches, line.cost) == (route.target_name, route.cost) and line.evidence
    from assetgraph.queries.collaboration import bodies_in, collaboration_graph

    ties = collaboration_graph(graph)
    inside_orgs = bodies_in(graph, graph.find("Cardiff", "place").id)
    assert {a.id for a in found.assets if a.kind == "organisation"} <= inside_orgs
    by_name = {graph.node(n).name: n for n in ties}
    for line in found.connectors:
        org = by_name[line.name]
        assert (line.where == "within") == (org in inside_orgs)
        assert line.where == "within" or any(m in inside_orgs for m in ties[org])
    assert "ECLP Communities First" in {c.name for c in found.connectors if c.where == "within"}
    assert {"Public Health Wales", "Welsh Government"} <= {c.name for c in found.connectors if c.where == "across"}


def test_a_cold_approach_is_marked_and_an_unplaced_asset_that_may_serve_it_is_listed():
    graph = load(SEED)
    src = [Provenance(source="test")]
    graph.add_node(Organisation(name="Roath Befrienders", provenance=src))
    graph.add_edge(
        Edge(source="Roath Befrienders", relation="PARTNERS_WITH", target="ECLP Communities First", provenance=src)
    )
    graph.add_node(Service(name="Wales Friendship Line", scale="national", provenance=src))
    graph.add_edge(Edge(source="Wales Friendship Line", relation="SERVES", target="Wales", provenance=src))
    graph.add_edge(Edge(source="Wales Friendship Line", relation="ADDRESSES", target="Loneliness", provenance=src))
    found = place_profile(graph, "Pentwyn")
    assert [u.name for u in found.unplaced] == ["Roath Befrienders"]
    assert found.unplaced[0].tied_to == ["ECLP Communities First"]
    cold = {r.theme for r in found.routes if r.cold_approach}
    expected = {
        graph.node(t).name
        for t in (t.id for t in graph.nodes("theme"))
        if (routes := pathways(graph, resident_of="Pentwyn", need=t, k=1).routes)
        and routes[0].steps[0].relation == "COLD_APPROACH"
    }
    assert cold == expected and "Loneliness" in cold  # the national line, with no local link


def test_markdown_and_json_say_the_same_as_the_profile(tmp_path):
    out = tmp_path / "pentwyn.md"
    result = _run(["profile", SEED, "Pentwyn", "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    found = place_profile(load(SEED), "Pentwyn")
    for heading in (
        "## Assets",
        "## Coverage by theme",
        "## Connectors",
        "## Single points of failure",
        "## Routes from a resident to help",
        "## Assets that name no place",
    ):
        assert heading in text
    assert f"## Assets ({len(found.assets)})" in text
    data = json.loads(_run(["profile", SEED, "Pentwyn", "--format", "json"]).output)
    assert data == json.loads(found.model_dump_json())
    bad = _run(["profile", SEED, "Atlantis"])
    assert bad.exit_code == 1 and "Atlantis" in bad.output


def test_the_page_in_chromium_has_its_sections_the_same_counts_no_requests_and_inert_names(browser, tmp_path):
    graph = load(SEED)
    src = [Provenance(source=HOSTILE, snippet=HOSTILE)]
    graph.add_node(Organisation(name=HOSTILE + " Trust", provenance=src))
    graph.add_edge(Edge(source=HOSTILE + " Trust", relation="LOCATED_IN", target="Pentwyn", provenance=src))
    found = place_profile(graph, "Cardiff")
    page = tmp_path / "cardiff.html"
    page.write_text(profile_html(found, place_sketch(graph, found.place.id)), encoding="utf-8")
    browser.driver.get(page.resolve().as_uri())
    browser.driver.execute_async_script("setTimeout(arguments[0], 300)")
    sections = browser.js("return Array.from(document.querySelectorAll('section')).map(s => s.id)")
    assert sections == ["place", "map", "assets", "coverage", "connectors", "weak-points", "routes", "unplaced"]
    rows = browser.js("return document.querySelectorAll('#assets table:last-of-type tbody tr').length")
    assert rows == min(len(found.assets), SHOWN)
    cells = browser.js("return document.querySelectorAll('#coverage td.status').length")
    assert cells == min(len(found.grid_places), SHOWN) * len(found.themes)
    routes = browser.js("return document.querySelectorAll('#routes tbody tr').length")
    assert routes == min(len(found.routes), SHOWN)
    assert browser.js("return document.querySelectorAll('#map svg circle').length") > 0
    assert browser.js("return window.__pwned === undefined && document.querySelectorAll('img').length === 0")
    assert HOSTILE + " Trust" in browser.driver.find_element("id", "assets").text
    remote = [u for u in browser.requested_urls() if not u.startswith(("file:", "data:", "chrome:", "about:"))]
    assert remote == [] and browser.console_errors() == []


def test_the_page_prints_to_pdf_in_one_column_with_every_section(browser, tmp_path):
    import base64

    graph = load(SEED)
    found = place_profile(graph, "Morecambe Bay")
    page = tmp_path / "bay.html"
    page.write_text(profile_html(found, place_sketch(graph, found.place.id)), encoding="utf-8")
    browser.driver.get(page.resolve().as_uri())
    browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    layout = browser.js(
        "return [getComputedStyle(document.querySelector('.top')).display, getComputedStyle(document.body).maxWidth,"
        " document.querySelectorAll('section').length]"
    )
    assert layout == ["block", "none", 8]  # the two-column top of the screen view is one column on paper
    pdf = base64.b64decode(browser.driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})["data"])
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page") >= 1
    browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


#: what Markdown itself could make live: links and images to scripts, autolinks, reference
#: definitions, raw HTML opening a block, attribute lists, and breaking out of a link's address
MARKDOWN_PAYLOADS = [
    "[click](javascript:window.__pwned=1)",
    "![x](javascript:window.__pwned=1)",
    "<javascript:window.__pwned=1>",
    "[x]: javascript:window.__pwned=1",
    "line\n[x]: javascript:window.__pwned=1\n[y][x]",
    "[a](<javascript:window.__pwned=1>)",
    "[a](javascript&#58;window.__pwned=1)",
    "`<script>`window.__pwned=1",
    "| cell | <script>window.__pwned=1</script>",
    "\n\n<script>window.__pwned=1</script>\n\n",
    "Title {: onclick=window.__pwned=1}",
    '[x](https://example.org "t" onmouseover=window.__pwned=1)',
    '<https://example.org/" onmouseover="window.__pwned=1>',
    'https://example.org/"><script>window.__pwned=1</script>',
    "*<img src=x onerror=window.__pwned=1>*",
    "https://example.org/a_b?c=<svg/onload=window.__pwned=1>",
    "\r<details open ontoggle=window.__pwned=1>\r",
]


def _hostile_place(path):
    """A graph file whose place holds assets, themes and small areas named by every payload,
    with the payload as their evidence and a javascript: address."""
    from assetgraph.graphmodel import AssetGraph, Place, Theme
    from assetgraph.graphmodel.storage import save_graph

    from .test_map import PAYLOADS

    payloads = PAYLOADS + MARKDOWN_PAYLOADS
    graph = AssetGraph(payloads[0])
    graph.add_node(Place(name="Pentwyn", level="neighbourhood", provenance=[Provenance(source="test")]))
    for i, payload in enumerate(payloads):
        src = [Provenance(source=payload, locator=payload, snippet=payload)]
        named = payload.replace("\n", " ").replace("\r", " ")  # a name holds no line break; evidence may
        org = graph.add_node(
            Organisation(name=f"N{i} {named}", description=payload, url="javascript:window.__pwned=1", provenance=src)
        ).id
        theme = graph.add_node(Theme(name=f"T{i} {named}", provenance=src)).id
        graph.add_edge(Edge(source=org, relation="LOCATED_IN", target="place:pentwyn", provenance=src))
        graph.add_edge(Edge(source=org, relation="ADDRESSES", target=theme, provenance=src))
        if i % 8 == 0:
            area = graph.add_node(Place(name=f"P{i} {named}", level="small_area", provenance=src)).id
            graph.add_edge(Edge(source=area, relation="WITHIN", target="place:pentwyn", provenance=src))
    save_graph(graph, path)
    return graph


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_no_payload_runs_in_the_profile_and_each_reads_as_written(tmp_path):
    """The page and the Markdown (rendered by markdown-it with raw HTML allowed, as the most
    trusting renderer would) hold no script, event handler or script address, and every
    asset's name reads as it was written."""
    from markdown_it import MarkdownIt

    from .helpers import live_code, parse_html

    graph = _hostile_place(tmp_path / "hostile.json")
    orgs = list(graph.nodes("organisation"))
    assert len(orgs) >= 74
    names = {_one_line(n.name) for n in orgs}
    pages = {}
    for fmt in ("html", "md", "json", "csv"):
        out = tmp_path / f"pentwyn.{fmt}"
        result = _run(["profile", str(tmp_path / "hostile.json"), "Pentwyn", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        pages[fmt] = out.read_text(encoding="utf-8")
    data = json.loads(pages["json"])
    assert {a["name"] for a in data["assets"]} == {n.name for n in orgs}
    listed = list(csv.DictReader(io.StringIO(pages["csv"])))
    assert {r["name"] for r in listed if r["section"] == "assets"} == {n.name for n in orgs}
    shown = {_one_line(a["name"]) for a in data["assets"][:SHOWN]}
    assert len(shown) == SHOWN < len(names)
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(pages["md"])
    for page in (pages["html"], rendered):
        assert live_code(page) == []
        text = _one_line("".join(parse_html(page).text))
        assert all(name in text for name in shown)
        assert f"And {len(names) - SHOWN} more assets" in text
    markdown = parse_html(rendered)
    assert {tag for tag, _ in markdown.elements} <= {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "a"}
    links = [dict(attrs)["href"] for tag, attrs in markdown.elements if tag == "a"]
    assert links and all(href.startswith(("http://", "https://")) for href in links)


def _busy_place(path, assets: int):
    """A council with ``assets`` services located in it, each addressing one of three needs."""
    from assetgraph.graphmodel import AssetGraph, Place, Theme
    from assetgraph.graphmodel.storage import save_graph

    src = [Provenance(source="directory.json", locator="service 1")]
    graph = AssetGraph("directory")
    graph.add_node(Place(name="Northshire", level="local_authority", provenance=src))
    needs = ["Carers", "Loneliness", "Mental health"]
    for need in needs:
        graph.add_node(Theme(name=need, provenance=src))
    for i in range(assets):
        name = f"Service {i:02d}"
        graph.add_node(Service(name=name, provenance=src))
        graph.add_edge(Edge(source=name, relation="LOCATED_IN", target="Northshire", provenance=src))
        graph.add_edge(Edge(source=name, relation="ADDRESSES", target=needs[i % 3], provenance=src))
    save_graph(graph, path)
    return graph


def test_a_place_with_many_assets_shows_the_first_rows_and_counts_the_rest(tmp_path):
    from .helpers import parse_html

    total = 50
    _busy_place(tmp_path / "g.json", total)
    out = {}
    for fmt in ("html", "md", "json", "csv"):
        result = _run(["profile", str(tmp_path / "g.json"), "Northshire", "--format", fmt, "-o", str(tmp_path / fmt)])
        assert result.exit_code == 0, result.output
        out[fmt] = (tmp_path / fmt).read_text(encoding="utf-8")
    everything = [a["name"] for a in json.loads(out["json"])["assets"]]
    assert sorted(everything) == [f"Service {i:02d}" for i in range(total)]
    listed = [r["name"] for r in csv.DictReader(io.StringIO(out["csv"])) if r["section"] == "assets"]
    assert listed == everything
    more = f"And {total - SHOWN} more assets"
    page = out["html"].split('<section id="assets">', 1)[1].split("</section>", 1)[0]
    rows = page.split("<table", 3)[3]  # after the counts by kind and by theme
    assert rows.count("<tr>") == 1 + SHOWN  # the heading and the first rows
    text = " ".join(parse_html(page).text)
    assert [n for n in everything if n in text] == everything[:SHOWN] and more in text
    md = out["md"].split("## Assets", 1)[1].split("## ", 1)[0]
    assert [n for n in everything if n in md] == everything[:SHOWN] and more in md


def test_evidence_names_each_source_relative_to_the_folder_the_graph_was_built_from(run, tmp_path, write):
    """Sources given as absolute paths in a temporary folder show relative to it, and steps and
    assets are named, never by their ids."""
    places = write("sources/places.yaml", "places:\n  - {name: Northshire, level: local_authority}\n")
    services = write(
        "sources/directory/services.yaml",
        """
        themes:
          - {name: Loneliness}
        organisations:
          - {name: Northshire Friends}
        services:
          - {name: Befriending Line}
        relationships:
          - {from: Northshire Friends, relation: RUNS, to: Befriending Line}
          - {from: Befriending Line, relation: LOCATED_IN, to: Northshire}
          - {from: Northshire Friends, relation: LOCATED_IN, to: Northshire}
          - {from: Befriending Line, relation: ADDRESSES, to: Loneliness}
        """,
    )
    built = tmp_path / "g.json"
    assert run("build", places.resolve(), services.resolve(), "-o", built).exit_code == 0
    from assetgraph.graphmodel.storage import load_graph

    graph = load_graph(built)
    assert any(s.startswith(str(tmp_path)) for s in graph.sources())  # what the build recorded
    data = json.loads(run("profile", built, "Northshire", "--format", "json").output)
    evidence = [e for a in data["assets"] for e in a["evidence"]] + [e for r in data["routes"] for e in r["evidence"]]
    assert evidence and {a["name"] for a in data["assets"]} == {"Northshire Friends", "Befriending Line"}
    assert all(e.startswith(("directory/services.yaml", "places.yaml")) for a in data["assets"] for e in a["evidence"])
    route = next(r for r in data["routes"] if r["theme"] == "Loneliness")
    cited = [e.split(": ", 1)[1] for e in route["evidence"]]
    assert cited and all(e.startswith("directory/services.yaml") for e in cited)
    node_ids = {n.id for n in graph.nodes()}
    for line in evidence:
        assert str(tmp_path) not in line and not line.startswith("/")
        assert not any(i in line for i in node_ids), line
    for fmt in ("html", "md", "csv", "json"):
        assert str(tmp_path) not in run("profile", built, "Northshire", "--format", fmt).output


def _directory_alone(path):
    """An Open Referral directory's shape: bodies each running their own services in one
    council, most services with no theme, no tie between two bodies."""
    from assetgraph.graphmodel import AssetGraph, Place, Theme
    from assetgraph.graphmodel.storage import save_graph

    src = [Provenance(source="directory.json", locator="services")]
    graph = AssetGraph("directory")
    graph.add_node(Place(name="Northshire", level="local_authority", provenance=src))
    graph.add_node(Theme(name="Carers", provenance=src))
    for body, services in {"Carers Trust": ["Carers Line", "Respite"], "Age Well": ["Lunch Club", "Walks"]}.items():
        graph.add_node(Organisation(name=body, sector="third_sector", provenance=src))
        graph.add_edge(Edge(source=body, relation="LOCATED_IN", target="Northshire", provenance=src))
        for service in services:
            graph.add_node(Service(name=service, provenance=src))
            graph.add_edge(Edge(source=body, relation="RUNS", target=service, provenance=src))
            graph.add_edge(Edge(source=service, relation="SERVES", target="Northshire", provenance=src))
    graph.add_edge(Edge(source="Carers Line", relation="ADDRESSES", target="theme:carers", provenance=src))
    save_graph(graph, path)
    return graph


def test_empty_sections_and_missing_themes_are_said_not_left_silent(tmp_path):
    """No two bodies are tied, so there are no connectors and no single points of failure: each
    section says why (in the words the gaps question already uses) instead of an empty table,
    and the summary says how many services have no theme."""
    from .helpers import parse_html

    graph = _directory_alone(tmp_path / "g.json")
    services = [n.id for n in graph.nodes("service")]
    themed = {s for s, _ in graph.ends("ADDRESSES")}
    lacking = sum(s not in themed for s in services)
    assert 0 < lacking < len(services)
    found = place_profile(graph, "Northshire")
    assert found.connectors == [] and found.weak_points == []
    themeless = next(n for n in found.notes if "no theme recorded" in n)
    assert themeless.startswith(f"{lacking} of {len(services)} services and initiatives have no theme")
    assert themeless in gaps(graph, kinds=["coverage"], place="Northshire").notes  # reused, not reworded
    structure = gaps(graph, kinds=["single_point_of_failure"], place="Northshire").notes
    assert structure and "no tie to another organisation" in structure[0]
    for section in ("connectors", "weak_points"):
        assert found.section_notes[section][1:] == structure and found.section_notes[section][0]
    assert set(found.notes) == {n for said in found.section_notes.values() for n in said}
    data = json.loads(_run(["profile", str(tmp_path / "g.json"), "Northshire", "--format", "json"]).output)
    assert data["notes"] == found.notes and data["section_notes"] == found.section_notes
    page = _run(["profile", str(tmp_path / "g.json"), "Northshire"]).output
    summary = page.split('<section id="place">', 1)[1].split("</section>", 1)[0]
    assert themeless in " ".join(parse_html(summary).text)
    md = _run(["profile", str(tmp_path / "g.json"), "Northshire", "--format", "md"]).output
    for anchor, heading, section in (
        ("connectors", "## Connectors (0)", "connectors"),
        ("weak-points", "## Single points of failure (0)", "weak_points"),
    ):
        html_section = page.split(f'<section id="{anchor}">', 1)[1].split("</section>", 1)[0]
        assert "<table" not in html_section
        assert " ".join(parse_html(html_section).text).count(found.section_notes[section][0]) == 1
        md_section = md.split(heading, 1)[1].split("\n## ", 1)[0]
        assert "|" not in md_section and md_section.count("Note: ") == len(found.section_notes[section])


def test_a_council_profile_draws_its_outline_faint_small_areas_and_assets_at_their_postcodes():
    from assetgraph.geography.shapes import contains, council_outline, small_area_shapes
    from assetgraph.graphmodel import AssetGraph
    from assetgraph.loaders.placing import place_by_postcode

    from .helpers import parse_html
    from .publisher_shapes import postcode

    bristol = "E06000023"
    graph = AssetGraph()
    src = [Provenance(source="test")]
    names = [f"{HOSTILE} Larder {i}" for i in range(5)]
    for i, name in enumerate(names):
        graph.add_node(Service(name=name, attributes={"postcode": postcode(bristol, 3 * i)}, provenance=src))
    assert place_by_postcode(graph) == []
    sketch = place_sketch(graph, bristol)
    elements = parse_html(sketch).elements
    paths = [dict(a) for tag, a in elements if tag == "path"]
    outline = council_outline(bristol)
    # the small areas faintly, then the council's outline over them
    assert len(paths) == len(small_area_shapes(bristol)) + 1
    titles = [t for t in parse_html(sketch).text if t.endswith(")")]
    assert f"{outline.name} ({bristol})" in titles
    circles = [dict(a) for tag, a in elements if tag == "circle"]
    assert len(circles) == len(names)
    # each asset inside the outline: its pixel back on the grid, in the sketch's own frame
    from assetgraph.geography.shapes import bounds
    from assetgraph.viz.geography import Frame

    frame = Frame.around(bounds([outline]))
    for circle in circles:
        x, y = float(circle["cx"]), float(circle["cy"])
        assert contains(outline, (frame.west + x / frame.scale, frame.north - y / frame.scale))
    assert "<img" not in sketch and "<line" not in sketch  # no tie drawn: not the layout by ties


def test_the_map_caption_says_what_the_sketch_draws():
    """The seed's Cardiff has no asset at a postcode: its sketch is laid out by ties, and the
    caption must not promise an outline."""
    seed = load(SEED)
    found = place_profile(seed, "Cardiff")
    sketch = place_sketch(seed, found.place.id)
    page = profile_html(found, sketch)
    caption = page[page.index("<figcaption>") : page.index("</figcaption>")]
    assert "<path" not in sketch or "its outline" not in sketch
    assert "outline, north up" not in caption and "laid out by their ties" in caption

"""Accessibility of every page the tool writes: axe-core run in Chromium on the seed map, a large
overview, a diff page, a place profile and the areas page, and the map page used by keyboard
alone (TAB reaches the search, the filters and the list of nodes; Enter on an entry opens its
panel). axe-core is the copy in tests/vendor/axe-core, injected by the driver (the pages' CSP
governs the pages' own scripts, not the driver's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from assetgraph.geography.shapes import small_area_shapes
from assetgraph.graphmodel import Organisation, Provenance
from assetgraph.loaders import SEED, load
from assetgraph.queries.diff import diff
from assetgraph.queries.profile import place_profile
from assetgraph.viz import MapOptions, write_map
from assetgraph.viz.areas import write_areas
from assetgraph.viz.changes import write_changes_map
from assetgraph.viz.profile_page import place_sketch, profile_html

from .test_areas_map import BRISTOL, HOSTILE, provider_graph
from .test_map_readable import _generated

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
#: the impacts a page must not have; what axe rates moderate or minor is listed in the report
BLOCKING = {"serious", "critical"}
_RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document).then(
  (r) => done({
    version: r.testEngine.version,
    passes: r.passes.map((p) => p.id),
    violations: r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")),
    })),
  }),
  (e) => done({ error: String(e) }),
);
"""


def axe(browser) -> dict:
    """axe-core's findings on the page open in ``browser``: the rules passed and the violations."""
    browser.driver.set_script_timeout(60)
    browser.js(AXE.read_text(encoding="utf-8"))
    found = browser.driver.execute_async_script(_RUN_AXE)
    assert "error" not in found, found
    assert found["version"] == "4.14.1"
    return found


def blocking(found: dict) -> list[dict]:
    return [v for v in found["violations"] if v["impact"] in BLOCKING]


@pytest.fixture(scope="module")
def seed():
    return load(SEED)


def _diff_page(path: Path) -> None:
    old, new = load(SEED), load(SEED)
    new.remove_node("organisation:cardiff-mind")
    new.update_node("organisation:chex", description="A changed description")
    new.add_node(Organisation(name="Pentwyn Quit Club", provenance=[Provenance(source="new")]))
    write_changes_map(old, new, diff(old, new), path)


def test_axe_runs_in_the_pages_and_reports_what_it_should(browser, seed, tmp_path):
    """The checker is live under the page's CSP: a text made too pale and an unnamed box are
    reported as serious or critical, so the checks below can fail."""
    path = tmp_path / "seed.html"
    write_map(seed, path)
    browser.open(path)
    browser.js(
        "document.getElementById('summary').style.color = '#cbd5e0';"
        " document.getElementById('controls').appendChild(document.createElement('input'));"
    )
    found = axe(browser)
    assert {"color-contrast", "label"} <= {v["id"] for v in blocking(found)}
    assert "#summary" in next(v for v in found["violations"] if v["id"] == "color-contrast")["targets"]


def test_the_seed_map_has_no_serious_violation_with_or_without_a_node_open(browser, seed, tmp_path):
    path = tmp_path / "seed.html"
    write_map(seed, path, MapOptions(connectors=3, route={"resident_of": "Pentwyn", "need": "smoking"}))
    browser.open(path)
    found = axe(browser)
    assert blocking(found) == [], found["violations"]
    assert {"color-contrast", "label", "button-name", "landmark-one-main"} <= set(found["passes"])
    # the panel of a node: its table, evidence and relation buttons
    browser.js("window.assetgraphMap.network.emit('click', {nodes: [arguments[0]]})", seed.find("PHS").id)
    assert seed.find("PHS").name in browser.driver.find_element("id", "panel").text
    assert blocking(axe(browser)) == []


def test_the_seed_map_laid_out_by_geography_has_no_serious_violation(browser, seed, tmp_path):
    path = tmp_path / "geo.html"
    write_map(seed, path, MapOptions(layout="geo"))
    browser.open(path)
    assert browser.js("return window.assetgraphMap.data.nodes.some(n => n.x !== undefined)")
    found = axe(browser)
    assert blocking(found) == [], found["violations"]


def test_a_large_overview_and_a_diff_page_have_no_serious_violation(browser, tmp_path):
    large = tmp_path / "large.html"
    write_map(_generated(), large)
    browser.open(large)
    assert browser.js("return window.assetgraphMap.data.legend.explained.length") > 0  # the overview
    found = axe(browser)
    assert blocking(found) == [], found["violations"]
    changes = tmp_path / "diff.html"
    _diff_page(changes)
    browser.open(changes)
    assert browser.js("return document.querySelectorAll('#overlay ul.changes li').length") > 3
    found = axe(browser)
    assert blocking(found) == [], found["violations"]


@pytest.mark.parametrize("where", ["Cardiff", BRISTOL])
def test_a_place_profile_has_no_serious_violation(browser, seed, tmp_path, where):
    """The seed's Cardiff (its map laid out by ties) and Bristol (its outline, small areas and
    assets at their postcodes)."""
    graph = seed if where == "Cardiff" else provider_graph(BRISTOL, ["Easton Carers", "Knowle Talking Group"])
    found_profile = place_profile(graph, where)
    page = tmp_path / "profile.html"
    page.write_text(profile_html(found_profile, place_sketch(graph, found_profile.place.id)), encoding="utf-8")
    browser.driver.get(page.resolve().as_uri())
    assert browser.js("return document.querySelectorAll('#map svg path').length") == (
        0 if where == "Cardiff" else 1 + len(small_area_shapes(BRISTOL))
    )
    assert browser.js("return document.querySelectorAll('main section').length") >= 5
    found = axe(browser)
    assert blocking(found) == [], found["violations"]
    assert {"color-contrast", "landmark-one-main", "region"} <= set(found["passes"])


@pytest.mark.parametrize("theme", [None, "mental health"])
def test_the_areas_page_has_no_serious_violation(browser, tmp_path, theme):
    graph = provider_graph(BRISTOL, [HOSTILE, "Easton Carers", "Knowle Talking Group", "Hartcliffe Café"])
    path = tmp_path / "areas.html"
    write_areas(graph, path, BRISTOL, theme)
    browser.open(path)
    found = axe(browser)
    assert blocking(found) == [], found["violations"]
    assert "color-contrast" in found["passes"]


def _ties(graph) -> dict[str, int]:
    """How many ties the map draws at each node: one per source, target and relation."""
    counts: dict[str, int] = {}
    for source, target, _ in {(e.source, e.target, e.relation) for e in graph.edges()}:
        for end in (source, target):
            counts[end] = counts.get(end, 0) + 1
    return counts


def test_the_list_of_nodes_gives_each_drawn_node_its_kind_and_ties_and_follows_the_filters(browser, seed, tmp_path):
    path = tmp_path / "seed.html"
    write_map(seed, path)
    browser.open(path)
    entries = browser.js(
        "return Array.from(document.querySelectorAll('#node-list li:not([hidden]) button'))"
        ".map(b => [b.querySelector('.name').textContent, b.querySelector('.about').textContent])"
    )
    ties = _ties(seed)
    expected = []
    for n in seed.nodes():
        tied = ties.get(n.id, 0)
        sector = getattr(getattr(n, "sector", None), "value", None)
        expected.append(
            [n.name, f"{n.kind.value}{', ' + sector if sector else ''}; {tied} tie{'' if tied == 1 else 's'}"]
        )
    assert sorted(entries) == sorted(expected)
    # the map's own filters and the list's text both narrow it
    browser.driver.find_element("css selector", "#kinds input[value=place]").click()
    places = len(list(seed.nodes("place")))
    listed = "return document.querySelectorAll('#node-list li:not([hidden])').length"
    assert browser.js(listed) == len(seed) - places
    count = browser.driver.find_element("id", "node-count").text
    assert count == f"{len(seed) - places} of {len(seed)} nodes listed"
    browser.driver.find_element("id", "node-filter").send_keys("mind")
    names = browser.js(
        "return Array.from(document.querySelectorAll('#node-list li:not([hidden]) .name')).map(s => s.textContent)"
    )
    assert names and sorted(names) == sorted(
        n.name
        for n in seed.nodes()
        if any("mind" in x.lower() for x in [n.name, *n.aliases]) and n.kind.value != "place"
    )
    # the picture says what it is and where its words are
    frame = browser.js(
        "const f = document.querySelector('#network .vis-network');"
        " return [f.getAttribute('role'), f.getAttribute('aria-label')]"
    )
    assert frame[0] == "img" and "Nodes on the map" in frame[1] and f"{len(seed)} nodes" in frame[1]


def _tab_until(browser, done, limit: int = 400) -> list[str]:
    """Press TAB until ``done`` (a script on the focused element) is true; each stop's id, else
    its tag, type and value or text."""
    stops = []
    describe = (
        "const a = document.activeElement; return a.id || [a.tagName.toLowerCase(), a.type || '',"
        " a.value || a.textContent.slice(0, 40)].join(':')"
    )
    for _ in range(limit):
        ActionChains(browser.driver).send_keys(Keys.TAB).perform()
        stops.append(browser.js(describe))
        if browser.js(f"const a = document.activeElement; return {done}"):
            return stops
    raise AssertionError(f"not reached in {limit} presses of TAB: {stops[-10:]}")


def test_tab_reaches_search_filters_and_the_node_list_and_enter_opens_a_panel(browser, seed, tmp_path):
    path = tmp_path / "seed.html"
    write_map(seed, path)
    browser.open(path)
    stops = _tab_until(browser, "a.closest('#node-list') !== null")
    assert stops[0] == "skip"
    for control in ("search", "sector", "place", "theme", "layout", "node-filter", "fit"):
        assert control in stops, control
    kinds = browser.js("return Array.from(document.querySelectorAll('#kinds input')).map(b => b.value)")
    relations = browser.js("return Array.from(document.querySelectorAll('#legend-edges input')).map(b => b.value)")
    assert kinds and all(f"input:checkbox:{k}" in stops for k in kinds)
    assert relations and all(f"input:checkbox:{r}" in stops for r in relations)
    assert "summary::Legend" in stops
    assert stops.index("search") < stops.index("sector") < stops.index("node-filter")
    # each stop shows where the focus is
    for selector in ("#search", "#sector", "#node-list button"):
        outline = browser.js(
            "const e = document.querySelector(arguments[0]); e.focus(); const s = getComputedStyle(e);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]",
            selector,
        )
        assert outline[0] != "none" and outline[1] >= 2, (selector, outline)
    # Enter on an entry opens its node's panel and takes the focus there
    first = browser.js("return document.querySelector('#node-list li:not([hidden]) button .name').textContent")
    browser.driver.find_element("css selector", "#node-list li:not([hidden]) button").send_keys(Keys.ENTER)
    node = seed.find(first)
    assert browser.js("return window.assetgraphMap.focused") == node.id
    assert (
        browser.js("return document.activeElement.tagName + ':' + document.activeElement.textContent")
        == f"H2:{node.name}"
    )
    # TAB goes on into the panel's relations; Enter on one opens the other end's panel
    stops = _tab_until(browser, "a.closest('#panel ul.relations') !== null", limit=50)
    other = browser.js("return window.assetgraphMap.focused")
    ActionChains(browser.driver).send_keys(Keys.ENTER).perform()
    assert browser.js("return window.assetgraphMap.focused") != other
    assert browser.js("return document.activeElement.closest('#panel') !== null")


def test_the_skip_button_the_whole_map_button_and_the_keys_on_the_drawing(browser, seed, tmp_path):
    path = tmp_path / "seed.html"
    write_map(seed, path)
    browser.open(path)
    ActionChains(browser.driver).send_keys(Keys.TAB).perform()
    skip = browser.js("const b = document.activeElement; return [b.id, b.getBoundingClientRect().top >= 0]")
    assert skip == ["skip", True]  # shown while it has the focus
    ActionChains(browser.driver).send_keys(Keys.ENTER).perform()
    assert browser.js("return document.activeElement.id") == "node-list-box"
    ActionChains(browser.driver).send_keys(Keys.TAB).perform()
    assert browser.js("return document.activeElement.id") == "node-filter"
    whole = browser.js("return window.assetgraphMap.network.getScale()")
    browser.driver.find_element("id", "search").send_keys("phs\n")
    assert browser.js("return window.assetgraphMap.network.getScale()") > whole
    browser.driver.find_element("id", "fit").send_keys(Keys.ENTER)
    state = browser.js(
        "const m = window.assetgraphMap; return [m.network.getScale(), m.focused, m.network.getSelectedNodes()]"
    )
    assert state[0] == pytest.approx(whole, rel=0.01) and state[1] is None and state[2] == []
    # the drawing itself takes the focus: = held zooms it in, an arrow held moves it
    frame = browser.driver.find_element("css selector", "#network .vis-network")
    browser.js("arguments[0].focus()", frame)

    def hold(key: str) -> None:
        ActionChains(browser.driver).key_down(key).pause(0.3).key_up(key).perform()

    hold("=")
    assert browser.js("return window.assetgraphMap.network.getScale()") > whole * 1.05
    at = browser.js("return window.assetgraphMap.network.getViewPosition()")
    hold(Keys.ARROW_LEFT)
    assert browser.js("return window.assetgraphMap.network.getViewPosition()")["x"] != pytest.approx(at["x"])

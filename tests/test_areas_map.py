"""The areas page: a council's small areas shaded by need or by coverage of a theme, checked
against the shipped outlines, the bundled deciles and the graph, and in Chromium with the
network off (keyboard, panel, no requests, no errors)."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner

from assetgraph.cli import cli
from assetgraph.geography.shapes import small_area_shapes
from assetgraph.geography.small_areas import _table, parse_units, postcode_areas, small_area_row
from assetgraph.graphmodel import AssetGraph, Provenance
from assetgraph.graphmodel.nodes import Service, Theme
from assetgraph.graphmodel.storage import save_graph
from assetgraph.graphmodel.vocabulary import Relation
from assetgraph.loaders.placing import place_by_postcode
from assetgraph.viz.areas import areas_html, write_areas

from .browser import LOCAL_SCHEMES
from .helpers import edge, live_code, parse_html
from .publisher_shapes import sectors_by_council

BRISTOL, BIRMINGHAM = "E06000023", "E08000025"
HOSTILE = '<img src=x onerror="window.pwned=1">Larder</script>'


def postcodes_in_areas(council: str, count: int) -> list[str]:
    """Postcodes of ``count`` different small areas of ``council`` (none near an area's edge),
    the first two in one area, from the bundled table."""
    found: dict[int, list[str]] = {}
    for sector in sectors_by_council()[council]:
        for unit, (area, _, near_edge, _) in parse_units(_table().sectors.get(sector, "")).items():
            if area is not None and not near_edge:
                found.setdefault(area, []).append(f"{sector}{unit}")
        if len([a for a in found.values() if len(a) > 1]) >= count:
            break
    twice = [units for units in found.values() if len(units) > 1][:count]
    return [twice[0][0], twice[0][1]] + [units[0] for units in twice[1:]]


def provider_graph(council: str, names: list[str]) -> AssetGraph:
    """Services addressing one theme, each at a postcode of its own small area but the first
    two, which share one, placed by the loaders' postcode placing."""
    g = AssetGraph()
    source = [Provenance(source="test")]
    theme = g.add_node(Theme(name="Mental health", provenance=source))
    for name, code in zip(names, postcodes_in_areas(council, len(names) - 1), strict=True):
        service = g.add_node(Service(name=name, attributes={"postcode": code}, provenance=source))
        g.add_edge(edge(service.id, Relation.ADDRESSES.value, theme.id))
    assert place_by_postcode(g) == []
    return g


@pytest.fixture(scope="module")
def bristol() -> AssetGraph:
    return provider_graph(BRISTOL, [HOSTILE, "Easton Carers", "Knowle Talking Group", "Hartcliffe Café"])


def _paths(page: str) -> list[dict[str, str]]:
    return [
        dict(attrs)
        for tag, attrs in parse_html(page).elements
        if tag == "path" and "area" in (dict(attrs).get("class") or "").split()
    ]


def _titles(page: str) -> list[str]:
    return re.findall(r'<path class="area[^"]*"[^>]*><title>([^<]*)</title>', page)


def _legend(page: str) -> dict[str, int]:
    return {s: int(n) for s, n in re.findall(r'<li data-status="(\w+)" data-count="(\d+)">', page)}


def test_one_path_per_shipped_small_area_titled_and_shaded_by_its_bundled_decile(bristol):
    page = areas_html(bristol, BRISTOL)
    shapes = small_area_shapes(BRISTOL)
    paths, titles = _paths(page), _titles(page)
    assert len(paths) == len(shapes) > 200
    assert {p["data-code"] for p in paths} == {s.code for s in shapes}
    by_code = {s.code: s for s in shapes}
    for path, title in zip(paths, titles, strict=True):
        code = path["data-code"]
        assert title.startswith(f"{by_code[code].label} ({code})")
        decile = small_area_row(code).decile
        assert f"decile-{decile}" in path["class"].split()
        assert f"decile {decile}" in path["aria-label"] and code in path["aria-label"]
        assert path["tabindex"] == "0" and path["role"] == "button"
        assert ("hatched" in path["class"].split()) == (decile in (1, 2))
    counts = Counter(small_area_row(s.code).decile for s in shapes)
    for decile in range(1, 11):
        assert re.search(rf'<li data-count="{counts[decile]}">.*?decile {decile}\b', page)
    # the table is the text alternative: one row per area
    table = page[page.index('<table id="area-table"') :]
    assert table.count("<tr>") == len(shapes) + 1
    assert "Martin Chorley" in page and "English Indices of Deprivation 2019" in page


def test_with_a_theme_areas_holding_a_provider_are_covered_and_the_legend_counts_the_graph(bristol):
    page = areas_html(bristol, BRISTOL, "mental health")
    shapes = small_area_shapes(BRISTOL)
    services = [n for n in bristol.nodes("service")]
    holding = Counter(postcode_areas(s.attributes["postcode"]).small_area for s in services)
    held = {s.code for s in shapes if f"place:{s.code.lower()}" in bristol}
    status = {p["data-code"]: next(c for c in p["class"].split() if c.startswith("status-")) for p in _paths(page)}
    for code, providers in holding.items():
        assert status[code] == ("status-full" if providers > 1 else "status-single")
    expected = Counter("full" if holding[c] > 1 else "single" if holding[c] else "absent" for c in status)
    # the areas held but holding no provider are served from their council: wider
    expected["wider"] = len(held - set(holding))
    assert _legend(page) == {k: v for k, v in expected.items() if v}
    # the gaps query flags each area with a single provider; the full one is no gap
    gapped = re.findall(r'<path class="gap" d="', page)
    assert len(gapped) == sum(1 for n in holding.values() if n == 1) == len(services) - 2
    assert f'data-count="{len(services)}">' in page  # every provider drawn as a point


def test_not_a_council_or_no_shapes_is_an_error_and_exit_1(bristol, tmp_path):
    graph = tmp_path / "g.json"
    save_graph(bristol, graph)
    runner = CliRunner()
    ward = next(n.name for n in bristol.nodes("place") if n.level == "neighbourhood")
    result = runner.invoke(cli, ["map", str(graph), "--areas", "--place", ward, "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 1 and "not a council" in result.output and "Traceback" not in result.output
    result = runner.invoke(cli, ["map", str(graph), "--areas", "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 2 and "--place COUNCIL" in result.output
    result = runner.invoke(cli, ["map", str(graph), "--theme", "mental health", "-o", str(tmp_path / "a.html")])
    assert result.exit_code == 2
    # what only the network map draws is not silently dropped from an areas page
    for extra in (["--layout", "geo"], ["--connectors", "3"], ["--gaps"], ["--resident-of", BRISTOL]):
        args = ["map", str(graph), "--areas", "--place", BRISTOL, *extra, "-o", str(tmp_path / "a.html")]
        result = runner.invoke(cli, args)
        assert result.exit_code == 2 and extra[0] in result.output, (extra, result.output)
    assert not (tmp_path / "a.html").exists()
    result = runner.invoke(
        cli,
        [
            "map",
            str(graph),
            "--areas",
            "--place",
            BRISTOL,
            "--theme",
            "mental health",
            "-o",
            str(tmp_path / "a.html"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["areas"] == len(small_area_shapes(BRISTOL))


def test_hostile_names_are_text_and_the_only_code_is_the_page_own(bristol):
    page = areas_html(bristol, BRISTOL, "mental health")
    assert "<img" not in page
    assert live_code(page) == ["<script type='application/json' src=None>", "<script type=None src=None>"]
    assert HOSTILE not in page


def test_in_chromium_offline_keyboard_reaches_an_area_and_enter_opens_its_panel(browser, bristol, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    path = tmp_path / "areas.html"
    write_areas(bristol, path, BRISTOL, "mental health")
    browser.open(path)
    ActionChains(browser.driver).send_keys(Keys.TAB).perform()
    assert browser.js("return document.activeElement.className") == "skip"
    ActionChains(browser.driver).send_keys(Keys.TAB).perform()
    code = browser.js("var a = document.activeElement; return a.classList.contains('area') ? a.dataset.code : null")
    assert code in {s.code for s in small_area_shapes(BRISTOL)}
    ActionChains(browser.driver).send_keys(Keys.ENTER).perform()
    assert browser.js("return document.getElementById('panel-body').dataset.code") == code
    assert code in browser.js("return document.getElementById('panel-body').textContent")
    # the skip link passes every area: Enter on it puts the focus on the table of areas
    browser.js("document.querySelector('a.skip').focus()")
    ActionChains(browser.driver).send_keys(Keys.ENTER).perform()
    assert browser.js("return document.activeElement.id") == "table-box"
    # the hostile provider's area: its name shown as text, nothing run, no element made of it
    hostile = next(n for n in bristol.nodes("service") if n.name == HOSTILE)
    area = postcode_areas(hostile.attributes["postcode"]).small_area
    browser.js(f"window.assetgraphMap.show(document.querySelector('path.area[data-code=\"{area}\"]'))")
    assert HOSTILE in browser.js("return document.getElementById('panel').textContent")
    assert browser.js("return document.querySelectorAll('#panel img').length") == 0
    assert browser.js("return window.pwned === undefined")
    assert browser.console_errors() == []
    urls = browser.requested_urls()
    assert all(u.startswith(LOCAL_SCHEMES) for u in urls), urls


def test_a_council_of_600_small_areas_draws_every_area_without_errors(browser, tmp_path):
    """The time it takes is measured in benchmarks/map_open.py, not asserted here."""
    graph = provider_graph(BIRMINGHAM, ["Aston Larder", "Sparkbrook Carers"])
    path = tmp_path / "birmingham.html"
    write_areas(graph, path, BIRMINGHAM)
    browser.open(path)
    drawn = browser.js("return document.querySelectorAll('path.area').length")
    assert drawn == len(small_area_shapes(BIRMINGHAM)) >= 300
    assert browser.console_errors() == []


def test_withholding_people_leaves_their_names_out_of_every_part_of_the_page():
    """A provider named after a person is named withheld in the points, the table, the panel
    and the reasons the gaps query gives, which name the providers."""
    from assetgraph.graphmodel.nodes import Person

    graph = provider_graph(BRISTOL, ["Easton Carers", "Knowle Talking Group", "Ann Smith Walking Group"])
    graph.add_node(Person(name="Ann Smith", provenance=[Provenance(source="test")]))
    shown = areas_html(graph, BRISTOL, "mental health")
    assert "only Ann Smith Walking Group addresses" in shown  # the gaps query names it, unless withheld
    page = areas_html(graph, BRISTOL, "mental health", redact_people=True)
    assert "Ann Smith" not in page
    assert page.count("[name withheld] Walking Group") >= shown.count("Ann Smith Walking Group") > 2

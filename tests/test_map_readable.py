"""Maps a coordinator can read at real size (issue 27): labels that keep their size, a large
graph drawn as its bodies with what was folded into them, filters, and diff pages that list
what changed."""

from __future__ import annotations

import pytest

from assetgraph.loaders import SEED, load
from assetgraph.viz import write_map

from .browser import LOCAL_SCHEMES

_WAIT_RELABEL = (
    "const done = arguments[0], m = window.assetgraphMap, before = m.before, start = Date.now();"
    "(function wait() { if ((m.relabelled > before && !m.labelling) || Date.now() - start > 10000) done();"
    " else setTimeout(wait, 50); })();"
)
#: the on-screen label size (px) and whether it is drawn, of the node given
_LABEL_OF = (
    "const m = window.assetgraphMap, n = m.network.body.nodes[arguments[0]], item = m.nodes.get(arguments[0]);"
    " return [item.font.size * m.network.getScale(), item.font.color !== 'rgba(0,0,0,0)'];"
)


@pytest.fixture(scope="module")
def seed():
    return load(SEED)


def _search(browser, text: str) -> None:
    browser.js("window.assetgraphMap.before = window.assetgraphMap.relabelled")
    box = browser.driver.find_element("id", "search")
    box.clear()
    box.send_keys(text + "\n")
    browser.driver.execute_async_script(_WAIT_RELABEL)


@pytest.mark.parametrize("name", ["CHEX", "Public Health Scotland", "Pentwyn"])
def test_labels_keep_their_size_on_screen_after_a_search_and_the_found_node_is_labelled(browser, seed, tmp_path, name):
    path = tmp_path / "seed.html"
    write_map(seed, path)
    browser.open(path)
    node = seed.find(name).id
    before, _ = browser.js(_LABEL_OF, node)
    scale = browser.js("return window.assetgraphMap.network.getScale()")
    _search(browser, name)
    assert browser.js("return window.assetgraphMap.focused") == node
    assert browser.js("return window.assetgraphMap.network.getScale()") > scale * 1.5  # the search zoomed in
    after, labelled = browser.js(_LABEL_OF, node)
    assert labelled
    assert after == pytest.approx(before, rel=0.05) and 10 <= after <= 18
    # and a relation link in the panel focuses the other end the same way
    browser.js("window.assetgraphMap.before = window.assetgraphMap.relabelled")
    other = browser.js(
        "const b = document.querySelector('#panel button.link'); b.click(); return window.assetgraphMap.focused"
    )
    browser.driver.execute_async_script(_WAIT_RELABEL)
    size, labelled = browser.js(_LABEL_OF, other)
    assert other != node and labelled and 10 <= size <= 18


def _generated():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate import Size, generate

    return generate(Size(small_areas=100, organisations=120))


@pytest.fixture(scope="module")
def large():
    return _generated()


def _runners(graph) -> dict[str, str]:
    """Each service that something runs -> the runner it folds into (the first by id)."""
    runs: dict[str, list[str]] = {}
    for e in graph.edges("RUNS"):
        runs.setdefault(e.target, []).append(e.source)
    return {s.id: sorted(runs[s.id])[0] for s in graph.nodes("service") if s.id in runs}


def test_a_large_map_draws_its_bodies_and_the_legend_counts_what_the_graph_holds(browser, large, tmp_path):
    from collections import Counter

    path = tmp_path / "large.html"
    write_map(large, path)
    browser.driver.set_window_size(1400, 900)
    browser.open(path)
    runners = _runners(large)
    bodies = [n for n in large.nodes() if n.kind.value not in ("place", "theme") and n.id not in runners]
    kinds = Counter(n.kind.value for n in bodies)
    legend = browser.js(
        "return Array.from(document.querySelectorAll('#legend li'))"
        ".map(li => [li.querySelector('.name').textContent, li.querySelector('.count').textContent])"
    )
    assert dict(legend) == {kind: f"{n:,} drawn" for kind, n in kinds.items()}
    drawn = browser.js("return window.assetgraphMap.nodes.getIds()")
    assert len(drawn) == sum(kinds.values()) and not any(d.startswith(("place:", "theme:")) for d in drawn)
    notes = browser.js("return document.getElementById('legend-notes').textContent")
    services, hosts = len(runners), len(set(runners.values()))
    assert f"{services:,} services folded into {hosts:,} organisations." in notes
    places, themes = len(list(large.nodes("place"))), len(list(large.nodes("theme")))
    assert f"{places:,} places and {themes:,} themes are not drawn as nodes" in notes
    # every relation between the bodies is drawn once, and counted in the legend
    drawn_ids = {n.id for n in bodies}
    pairs = {
        (runners.get(e.source, e.source), runners.get(e.target, e.target), e.relation.value) for e in large.edges()
    }
    ties = Counter(rel for a, b, rel in pairs if a != b and a in drawn_ids and b in drawn_ids)
    counted = browser.js(
        "return Array.from(document.querySelectorAll('#legend-edges li label'))"
        ".map(l => [l.querySelector('input').value, l.querySelector('.count').textContent])"
    )
    assert dict(counted) == {rel: f"{n:,} tie{'s' if n != 1 else ''}" for rel, n in ties.items()}
    # the legend fits: the controls scroll within the window, nothing is cut off below it
    box = browser.js(
        "const c = document.getElementById('controls'), s = getComputedStyle(c);"
        " return [c.getBoundingClientRect().bottom, window.innerHeight, s.overflowY, c.scrollHeight, c.clientHeight]"
    )
    assert box[0] <= box[1] + 1 and (box[3] <= box[4] or box[2] == "auto")
    urls = browser.requested_urls()
    assert urls and all(u.startswith(LOCAL_SCHEMES) for u in urls)
    assert browser.console_errors() == []


def test_a_folded_body_lists_its_services_on_click(browser, large, tmp_path):
    path = tmp_path / "large.html"
    write_map(large, path)
    browser.open(path)
    runners = _runners(large)
    host = max(set(runners.values()), key=lambda h: (sum(1 for r in runners.values() if r == h), h))
    services = sorted(large.node(s).name for s, r in runners.items() if r == host)
    assert len(services) >= 2
    browser.js("window.assetgraphMap.network.emit('click', {nodes: [arguments[0]], edges: []})", host)
    listed = browser.js(
        "return Array.from(document.querySelectorAll('#panel ul.members li')).map(li => li.textContent)"
    )
    assert sorted(listed) == sorted(f"{s} (service)" for s in services)
    label = browser.js("return window.assetgraphMap.data.nodes.find(n => n.id === arguments[0]).label", host)
    assert label.endswith(f"(+{len(services)})")


def test_filters_by_relation_and_theme_hide_what_they_should(browser, large, tmp_path):
    from selenium.webdriver.support.ui import Select

    path = tmp_path / "large.html"
    write_map(large, path)
    browser.open(path)
    hidden_edges = "return window.assetgraphMap.edges.get({filter: e => e.hidden}).map(e => e.relation)"
    assert browser.js(hidden_edges) == []
    browser.driver.find_element("css selector", "#legend-edges input[value=PARTNERS_WITH]").click()
    hidden = browser.js(hidden_edges)
    assert hidden and set(hidden) == {"PARTNERS_WITH"}
    assert len(hidden) == browser.js(
        "return window.assetgraphMap.data.edges.filter(e => e.relation === 'PARTNERS_WITH').length"
    )
    # a theme keeps the bodies that address it, themselves or through a service folded into them
    runners = _runners(large)
    theme = large.find("Mental health")
    addressing = {runners.get(e.source, e.source) for e in large.edges("ADDRESSES") if e.target == theme.id}
    Select(browser.driver.find_element("id", "theme")).select_by_value(theme.id)
    shown = browser.js("return window.assetgraphMap.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    assert set(shown) == addressing


def test_a_diff_page_lists_every_change_beside_the_map_and_its_legend_names_every_mark(browser, tmp_path):
    from collections import Counter

    from assetgraph.graphmodel import Organisation, Provenance
    from assetgraph.queries.diff import diff
    from assetgraph.viz.changes import write_changes_map

    old, new = load(SEED), load(SEED)
    new.remove_node("organisation:cardiff-mind")
    new.update_node("organisation:chex", description="A changed description")
    new.add_node(Organisation(name="Pentwyn Quit Club", provenance=[Provenance(source="new")]))
    hostile = '<img src=x onerror="window.__pwned=1">Quit & Co</li>'
    new.add_node(Organisation(name=hostile, provenance=[Provenance(source="new")]))
    found = diff(old, new)
    path = tmp_path / "diff.html"
    write_changes_map(old, new, found, path)
    browser.open(path)
    listed = browser.js(
        "return Array.from(document.querySelectorAll('#overlay ul.changes li')).map(li => li.textContent)"
    )
    assert len(listed) == len(found.nodes) + len(found.ties) + len(found.questions) > 3
    for n in found.nodes:
        assert any(item.startswith(f"{n.name} ({n.kind}") for item in listed), n.name
    counts = browser.js(
        "return Array.from(document.querySelectorAll('#overlay table.change-counts tr')).slice(1)"
        ".map(tr => Array.from(tr.children).map(td => td.textContent))"
    )
    expected = Counter()
    for what, items in (("nodes", found.nodes), ("ties", found.ties), ("answers", found.questions)):
        for item in items:
            expected[(item.change, what)] += 1
    assert {
        (change, what): int(n)
        for change, *row in counts
        for what, n in zip(("nodes", "ties", "answers"), row, strict=True)
        if int(n)
    } == dict(expected)
    # a hostile name is listed as text: no element made of it, nothing run
    assert any(item.startswith(f"{hostile} (organisation") for item in listed)
    assert browser.js("return document.querySelectorAll('#overlay img').length") == 0
    assert browser.js("return typeof window.__pwned") == "undefined"
    marks = browser.js("return Array.from(document.querySelectorAll('#legend-marks li')).map(li => li.textContent)")
    assert [m.split(" ")[0] for m in marks] == ["added", "changed", "removed:"]
    # a listed change drawn on the map focuses its node
    browser.js(
        "Array.from(document.querySelectorAll('#overlay ul.changes button'))"
        ".find(b => b.textContent.startsWith('Pentwyn Quit Club')).click()"
    )
    assert browser.js("return window.assetgraphMap.focused") == "organisation:pentwyn-quit-club"


def test_the_layout_by_group_puts_each_group_in_its_own_cluster(browser, large, tmp_path):
    from selenium.webdriver.support.ui import Select

    path = tmp_path / "large.html"
    write_map(large, path)
    browser.open(path)
    browser.js("window.assetgraphMap.before = window.assetgraphMap.relabelled")
    Select(browser.driver.find_element("id", "layout")).select_by_value("group")
    browser.driver.execute_async_script(_WAIT_RELABEL)
    at = browser.js("return window.assetgraphMap.network.getPositions()")
    group = {
        n.id: getattr(getattr(n, "sector", None), "value", None) or n.kind.value for n in large.nodes() if n.id in at
    }
    assert len(group) == len(at) and len(set(group.values())) >= 3
    centre = {}
    for g in set(group.values()):
        xs = [(at[n]["x"], at[n]["y"]) for n in group if group[n] == g]
        centre[g] = (sum(x for x, _ in xs) / len(xs), sum(y for _, y in xs) / len(xs))

    def nearest(node: str) -> str:
        x, y = at[node]["x"], at[node]["y"]
        return min(centre, key=lambda g: (centre[g][0] - x) ** 2 + (centre[g][1] - y) ** 2)

    assert all(nearest(n) == g for n, g in group.items())
    # each cluster is named, with its size, above its members
    titles = browser.js("return window.assetgraphMap.groupTitles")
    sizes = {g: list(group.values()).count(g) for g in set(group.values())}
    assert {t["group"]: t["title"] for t in titles} == {g: f"{g} ({n:,})" for g, n in sizes.items()}
    for t in titles:
        assert t["y"] < min(at[n]["y"] for n in group if group[n] == t["group"])
    labels = browser.js("return window.assetgraphMap.labels")
    assert labels > 0

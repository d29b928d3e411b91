"""Maps a coordinator can read at real size (issue 27): labels that keep their size, a large
graph drawn as its bodies with what was folded into them, filters, and diff pages that list
what changed."""

from __future__ import annotations

import pytest

from assetgraph.loaders import SEED, load
from assetgraph.viz import write_map

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

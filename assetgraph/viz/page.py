"""One self-contained HTML page: vis-network, our script and style, and the data, all inline.

The page asks for nothing from any host: a Content-Security-Policy allows only its own two
scripts (by hash), inline styles and data: images, and no connections. The data sits in a
``<script type="application/json">`` block, escaped so that no string can close the block.
vis-network itself comes from the pyvis package, which bundles it.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from string import Template
from typing import Any

from .. import __version__
from .offline import content_policy

__all__ = ["render_page", "embed_json"]

_VIS = ("lib", "vis-9.1.2")


@cache
def _asset(package: str, *parts: str) -> str:
    return resources.files(package).joinpath(*parts).read_text(encoding="utf-8")


def embed_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` block: no ``<``, ``>``, ``&`` or line separators
    appear literally, so ``</script>`` or ``<!--`` in a string cannot end or bend the block.

    >>> embed_json({"name": "</script><script>alert(1)</script>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def render_page(payload: dict[str, Any]) -> str:
    """The HTML page for a map payload (see :mod:`.payload`)."""
    vis_js = _asset("pyvis", *_VIS, "vis-network.min.js")
    map_js = _asset("assetgraph", "viz", "static", "map.js")
    csp = content_policy([vis_js, map_js])
    template = Template(_asset("assetgraph", "viz", "static", "template.html"))
    return template.substitute(
        csp=csp,
        version=__version__,
        title=html.escape(str(payload["title"])),
        vis_css=_asset("pyvis", *_VIS, "vis-network.css"),
        map_css=_asset("assetgraph", "viz", "static", "map.css"),
        data=embed_json(payload),
        vis_js=vis_js,
        map_js=map_js,
    )

"""Small builders shared by the tests."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import openpyxl
import pytest

from assetgraph.graphmodel import Edge, Organisation, Provenance

SRC = [Provenance(source="test")]


def org(name: str, **kw) -> Organisation:
    return Organisation(name=name, provenance=kw.pop("provenance", SRC), **kw)


def edge(source: str, relation: str, target: str, **kw) -> Edge:
    return Edge(source=source, relation=relation, target=target, provenance=kw.pop("provenance", SRC), **kw)


def write_workbook(path, sheets: dict[str, list[list]]):
    """Save an XLSX workbook with one sheet per entry of ``sheets`` (lists of rows)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def unavailable(reason: str) -> None:
    """Skip a test whose tool is missing on this machine, with the reason; under CI=true,
    where ./scripts/test installs every tool, fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required under CI=true: {reason}")
    pytest.skip(reason)


class _Elements(HTMLParser):
    """Every element of a page, with its attributes (values unescaped, as a browser reads
    them), and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


#: attributes whose value a browser may load or run as an address
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcdoc", "content", "style"}
)
_CODE_URL = re.compile(r"(javascript|vbscript):|data:text/html", re.IGNORECASE)


def parse_html(page: str) -> _Elements:
    """The elements and text of ``page``, read by the standard library's HTML parser."""
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser


def live_code(page: str) -> list[str]:
    """What in ``page`` would run code: each script element (by its type and source), each
    event-handler attribute, and each javascript:, vbscript: or data:text/html address."""
    found = []
    for tag, attrs in parse_html(page).elements:
        if tag == "script":
            found.append(f"<script type={dict(attrs).get('type')!r} src={dict(attrs).get('src')!r}>")
        for name, value in attrs:
            plain = re.sub(r"[\x00-\x20]", "", value or "")
            if name.startswith("on") or (name in _URL_ATTRIBUTES and _CODE_URL.search(plain)):
                found.append(f"<{tag} {name}={value!r}>")
    return found

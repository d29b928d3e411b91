"""Our own document format: one YAML (or JSON) file with a section per kind.

.. code-block:: yaml

    name: My network
    documents:                       # optional: what evidence cites by id
      report: {title: "Annual report 2024", url: "https://example.org/report"}
    organisations:
      - name: Public Health Scotland
        aliases: [PHS]
        sector: public
        scale: national
        source: report
        quote: "Public Health Scotland, the national agency"
    places:
      - {name: Fife, level: local_authority, code: S12000047}
    relationships:
      - {from: PHS, relation: SERVES, to: Fife, inferred: yes}

Errors name the file and the line of the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Location
from .fields import Document, edge_record, node_record
from .records import RELATIONSHIPS, SourceRecords, section_of
from .text import read_text

__all__ = ["read_document"]

_META = ("name", "documents", "assetgraph")


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping it builds."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, int] = {}

    def construct_yaml_map(self, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
        data: dict[Any, Any] = {}
        self.lines[id(data)] = node.start_mark.line + 1
        yield data
        data.update(self.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_yaml_map)


def _parse(text: str, origin: str) -> tuple[Any, dict[int, int]]:
    loader = _LineLoader(text)
    try:
        return loader.get_single_data(), loader.lines
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(Location(origin, where), f"malformed YAML: {problem}") from None
    finally:
        loader.dispose()


def _documents(raw: Any, origin: str, lines: dict[int, int]) -> dict[str, Document]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError(Location(origin, None, "documents"), "should map document ids to titles")
    docs = {}
    for key, value in raw.items():
        where = Location(origin, f"line {lines.get(id(raw), '?')}", f"documents.{key}")
        if isinstance(value, str):
            value = {"title": value}
        if not isinstance(value, dict) or not value.get("title"):
            raise InputError(where, "needs a title")
        try:
            docs[str(key)] = Document(**{str(k): str(v) for k, v in value.items()})
        except TypeError:
            raise InputError(where, "takes only title, file and url") from None
    return docs


def read_document(path: str | Path, origin: str | None = None) -> SourceRecords:
    """Read a YAML or JSON file of our format into records."""
    origin = origin or str(path)
    text = read_text(path, origin)
    data, lines = _parse(text.replace("\t", "  ") if str(path).endswith(".json") else text, origin)
    if not isinstance(data, dict):
        raise InputError(Location(origin, "line 1"), "expected a mapping of sections (organisations, places, relationships, ...)")
    documents = _documents(data.get("documents"), origin, lines)
    result = SourceRecords(origin, name=data.get("name"))
    for key, items in data.items():
        if key in _META:
            continue
        section = section_of(str(key), Location(origin, None, str(key)))
        if items is None:
            continue
        if not isinstance(items, list):
            raise InputError(Location(origin, None, str(key)), "should be a list of records")
        for item in items:
            here = Location(origin, f"line {lines.get(id(item), '?')}")
            if not isinstance(item, dict):
                raise InputError(here.with_field(str(key)), f"expected a record (a mapping), found {item!r}")
            if section == RELATIONSHIPS:
                result.edges.append(edge_record(item, here, documents))
            else:
                result.nodes.append(node_record(section, item, here, documents))  # type: ignore[arg-type]
    if not result.nodes and not result.edges:
        raise InputError(Location(origin), "holds no records")
    return result

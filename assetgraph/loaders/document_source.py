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

from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from ..errors import InputError, Location, shown
from ..reading import beyond_json, parse_json, read_text
from .cleaning import clean
from .fields import Document, edge_record, node_record
from .records import RELATIONSHIPS, SourceRecords, section_of

__all__ = ["parse_yaml", "read_document"]

_META = ("name", "documents", "assetgraph")


#: values a file may hold once its aliases (*name) are expanded: far above any real map, far
#: below what an "alias bomb" of a few hundred bytes expands to
MAX_EXPANDED = 1_000_000


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values ``node`` stands for with every alias expanded (each shared node
    counted once per use, computed once)."""
    if id(node) not in sizes:
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        sizes[id(node)] = 1 + sum(_expanded_size(child, sizes) for child in children)
    return sizes[id(node)]


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping it builds, and refuses
    duplicate keys, impossible values (``2020-02-31``, numbers too long to read) and aliases
    that expand beyond :data:`MAX_EXPANDED` values, each with the line."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, int] = {}

    def compose_document(self) -> Any:
        root = super().compose_document()
        if root is not None and _expanded_size(root, {}) > MAX_EXPANDED:
            raise ComposerError(
                None, None, f"its aliases (*name) expand to more than {MAX_EXPANDED:,} values", root.start_mark
            )
        return root

    def construct_yaml_map(self, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
        data: dict[Any, Any] = {}
        self.lines[id(data)] = node.start_mark.line + 1
        yield data
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=False)
            if isinstance(key, Hashable) and key in seen:
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"the key {shown(key)} is given twice",
                    key_node.start_mark,
                )
            if isinstance(key, Hashable):
                seen[key] = True
        data.update(self.construct_mapping(node))

    def _checked(self, construct: Any, node: yaml.Node) -> Any:
        try:
            return construct(self, node)
        except (ValueError, OverflowError) as exc:
            digits = sum(c.isdigit() for c in node.value)
            problem = (
                f"a number of {digits:,} digits is longer than can be read"
                if "digits" in str(exc)
                else f"{shown(node.value)} cannot be read ({exc})"
            )
            raise ConstructorError(None, None, problem, node.start_mark) from None


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_yaml_map)
for _tag, _construct in (
    ("timestamp", yaml.SafeLoader.construct_yaml_timestamp),
    ("int", yaml.SafeLoader.construct_yaml_int),
    ("float", yaml.SafeLoader.construct_yaml_float),
):
    _LineLoader.add_constructor(
        f"tag:yaml.org,2002:{_tag}", lambda loader, node, c=_construct: loader._checked(c, node)
    )


def _code_point(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character)


def parse_yaml(text: str, origin: str) -> tuple[Any, dict[int, int]]:
    """YAML ``text`` read safely as data, with the line of every mapping it holds (by the
    mapping's ``id``, for errors that name the line); malformed YAML is an InputError naming
    ``origin`` and the line (see :class:`_LineLoader` for what else is refused)."""
    loader = None
    try:
        loader = _LineLoader(text)
        return loader.get_single_data(), loader.lines
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise InputError(
            Location(origin, f"line {line}"),
            f"malformed YAML: the character U+{_code_point(exc.character):04X} is not allowed",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(Location(origin, where), f"malformed YAML: {' '.join(problem.split())}") from None
    except RecursionError:
        found = beyond_json(text)
        where, problem = found if found else (None, "nested too deeply to read")
        raise InputError(Location(origin, where), f"malformed YAML: {problem}") from None
    finally:
        if loader is not None:
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
        for part, text in value.items():
            if isinstance(text, (list, dict, bool)):
                raise InputError(where, f"{part} should be one text, not {shown(text)}")
        try:
            docs[str(key)] = Document(**{str(k): str(v) for k, v in value.items()})
        except TypeError:
            raise InputError(where, "takes only title, file and url") from None
    return docs


def read_document(path: str | Path, origin: str | None = None) -> SourceRecords:
    """Read a YAML or JSON file of our format into records."""
    origin = origin or str(path)
    text = read_text(path, origin)
    if str(path).lower().endswith(".json"):
        parse_json(text, origin)
        text = text.replace("\t", "  ")
    data, lines = parse_yaml(text, origin)
    if not isinstance(data, dict):
        raise InputError(
            Location(origin, "line 1"), "expected a mapping of sections (organisations, places, relationships, ...)"
        )
    documents = _documents(data.get("documents"), origin, lines)
    name = data.get("name")
    if name is not None and (not isinstance(name, (str, int, float)) or isinstance(name, bool)):
        raise InputError(
            Location(origin, None, "name"),
            f"the map's name should be one text, not {type(name).__name__} {shown(name)}",
        )
    result = SourceRecords(origin, name=clean(name))
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
                raise InputError(here.with_field(str(key)), f"expected a record (a mapping), found {shown(item)}")
            if section == RELATIONSHIPS:
                result.edges.append(edge_record(item, here, documents))
            else:
                result.nodes.append(node_record(section, item, here, documents))  # type: ignore[arg-type]
    if not result.nodes and not result.edges:
        raise InputError(Location(origin), "holds no records")
    return result

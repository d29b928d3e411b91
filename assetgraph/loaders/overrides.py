"""Overrides a coordinator keeps: what they know that the publishers' files do not say, in one
YAML file applied at every build, so that no one edits a publisher's file.

.. code-block:: yaml

    same:                      # two nodes that are one body: the second is merged into the first
      - [organisation:age-uk-leeds, Leeds Age UK Ltd]
      - near_miss,grants.json grants[3],Age UK Leeds,organisation:leeds-age-uk,Leeds Age UK Ltd,fuzzy,88.0,,,,
    not_same:                  # two bodies the build must not merge
      - [Hub, organisation:hub-2]
    serves:                    # a node serves a place (a name, code or postcode)
      - {node: Victor House, place: North Lincolnshire}
    sector:                    # a node's sector (public, third_sector, community_led, ...)
      - {node: Victor House, sector: third_sector}
    theme:                     # a node addresses a theme (made where the graph has none)
      - {node: Victor House, theme: housing and homelessness}

Nodes are named by id or name. An entry of ``same`` or ``not_same`` may also be a row of the
build's review CSV as it is (near-miss and merge rows): a line of it, a mapping of its columns,
or the whole block of rows (``same: |`` then the lines, the header row or not). Such a row
names the record (``name``) and the node it was measured against (``matched_id``).

``not_same`` is applied while the sources are resolved: a record that would merge into a node
it names is kept as a node of its own (listed with the near-misses). The rest is applied after
entity resolution and before inference, so a stated override wins over an inferred value.
Everything an override adds carries provenance ``source: override``, with the file and the
entry (``same[2]``) as its locator.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AmbiguousName, AssetGraphError, InputError, Location, NodeNotFound, shown
from ..geography.lookup import find_place
from ..graphmodel.edges import Edge
from ..graphmodel.graph import AssetGraph
from ..graphmodel.merge import Conflict
from ..graphmodel.names import normalise
from ..graphmodel.nodes import Node, Theme
from ..graphmodel.provenance import Provenance
from ..graphmodel.vocabulary import NodeKind, Relation, Sector
from ..reading import read_text
from .document_source import parse_yaml

__all__ = ["OVERRIDE_SOURCE", "Override", "Overrides", "read_overrides", "apply_overrides"]

#: the provenance source of everything an override adds
OVERRIDE_SOURCE = "override"
#: section -> the fields of its entries, in the order a two-item list gives them
_FIELDS = {
    "same": ("a", "b"),
    "not_same": ("a", "b"),
    "serves": ("node", "place"),
    "sector": ("node", "sector"),
    "theme": ("node", "theme"),
}
#: a disagreement an override met: the node (or tie) id, its description, and the conflict
Disagreement = tuple[str, str, Conflict]
#: review CSV rows an entry of ``same`` or ``not_same`` may be
_REVIEW_ROWS = frozenset({"near_miss", "merge"})


@dataclass(frozen=True)
class Override:
    """One entry: its section, place in the file and fields (``a``/``b`` for ``same`` and
    ``not_same``, where ``a`` is kept; ``node`` and a value for the others)."""

    section: str
    index: int
    fields: dict[str, str]
    origin: str

    @property
    def label(self) -> str:
        return f"{self.section}[{self.index}]"

    def location(self, field: str | None = None) -> Location:
        return Location(self.origin, self.label, field)

    def provenance(self, snippet: str) -> dict[str, Any]:
        return {"source": OVERRIDE_SOURCE, "locator": f"{self.origin} {self.label}", "snippet": snippet}


@dataclass
class Overrides:
    """The entries of one overrides file, by section."""

    origin: str
    entries: list[Override] = field(default_factory=list)

    def section(self, name: str) -> list[Override]:
        return [e for e in self.entries if e.section == name]

    def keeps_apart(self, node: Node, stored: Node) -> Override | None:
        """The ``not_same`` entry that names ``node`` (a record as given) and ``stored``, if any."""
        for entry in self.section("not_same"):
            a, b = entry.fields["a"], entry.fields["b"]
            if (_names(a, stored) and _names(b, node)) or (_names(a, node) and _names(b, stored)):
                return entry
        return None


def _names(ref: str, node: Node) -> bool:
    return ref == node.id or normalise(ref) in {normalise(n) for n in (node.name, *node.aliases)}


def _review_rows(text: str) -> list[dict[str, str]]:
    """Rows of the build's review CSV (header row or not) as mappings of its columns."""
    from .report import REPORT_COLUMNS

    rows = [r for r in csv.reader(io.StringIO(text.strip())) if any(c.strip() for c in r)]
    if rows and rows[0][:1] == ["what"]:
        rows = rows[1:]
    return [dict(zip(REPORT_COLUMNS, row, strict=False)) for row in rows]


def _entry(section: str, index: int, raw: Any, origin: str) -> Override:
    """One entry as its fields, from a two-item list, a mapping or (``same``, ``not_same``) a
    review CSV row. Raises InputError naming the file, the entry and the field."""
    names = _FIELDS[section]
    where = Location(origin, f"{section}[{index}]")
    pair = section in ("same", "not_same")
    if pair and isinstance(raw, str):
        rows = _review_rows(raw)
        if len(rows) != 1:
            raise InputError(where, "a text entry should be one row of the review CSV")
        raw = rows[0]
    if isinstance(raw, list):
        if len(raw) != 2:
            raise InputError(where, f"a list entry should hold two items ({', '.join(names)}), not {len(raw)}")
        raw = dict(zip(names, raw, strict=True))
    if not isinstance(raw, dict):
        raise InputError(where, f"expected a mapping of {', '.join(names)}, or a list of the two, not {shown(raw)}")
    if pair and "matched_id" in raw:
        what = str(raw.get("what") or "near_miss").strip()
        if what not in _REVIEW_ROWS:
            raise InputError(where.with_field("what"), f"a review row of {shown(what)} names no two nodes to join")
        raw = {"a": raw.get("matched_id"), "b": raw.get("name")}
    unknown = sorted(set(map(str, raw)) - set(names))
    if unknown:
        raise InputError(where.with_field(unknown[0]), f"unknown field; expected {', '.join(names)}")
    fields: dict[str, str] = {}
    for name in names:
        value = raw.get(name)
        if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
            raise InputError(where.with_field(name), f"should be text, not {shown(value)}")
        fields[name] = str(value).strip()
    if section == "sector":
        fields["sector"] = _sector(fields["sector"], where.with_field("sector"))
    return Override(section, index, fields, origin)


def _sector(value: str, where: Location) -> str:
    key = normalise(value).replace(" ", "_").replace("-", "_")
    if key not in {s.value for s in Sector}:
        raise InputError(where, f"unknown sector {shown(value)}; expected one of: {', '.join(s.value for s in Sector)}")
    return key


def read_overrides(path: str | Path) -> Overrides:
    """The overrides in a YAML file (see the module's notes for the format).

    Raises InputError naming the file, the entry (``same[2]``) and the field of a bad entry.
    """
    origin = str(path)
    data, _ = parse_yaml(read_text(path, origin), origin)
    if data is None:
        return Overrides(origin)
    if not isinstance(data, dict):
        raise InputError(Location(origin), f"expected a mapping of sections: {', '.join(_FIELDS)}")
    overrides = Overrides(origin)
    for section, items in data.items():
        if section not in _FIELDS:
            raise InputError(Location(origin, str(section)), f"unknown section; expected one of: {', '.join(_FIELDS)}")
        if isinstance(items, str) and section in ("same", "not_same"):
            items = _review_rows(items)
        if items is None:
            continue
        if not isinstance(items, list):
            raise InputError(Location(origin, str(section)), "expected a list of entries")
        overrides.entries += [_entry(section, i, item, origin) for i, item in enumerate(items)]
    return overrides


def _node(graph: AssetGraph, entry: Override, field: str, besides: str | None = None) -> str:
    """The id of the node an entry's ``field`` names by id or name. ``besides`` is chosen only
    where nothing else fits: a review row's record may share its name with the node it was
    measured against."""
    ref = entry.fields[field]
    found = graph.lookup(ref)
    others = found - {besides}
    if len(others) > 1:
        raise InputError(entry.location(field), str(AmbiguousName(ref, sorted(others))))
    if others or found:
        return (others or found).pop()
    try:
        graph.find(ref)
    except NodeNotFound as exc:
        raise InputError(entry.location(field), str(exc)) from None
    raise AssertionError("lookup and find disagree")


def _add_edge(
    graph: AssetGraph, entry: Override, edge: dict[str, Any], field: str, conflicts: list[Disagreement]
) -> None:
    found: list[Conflict] = []
    try:
        kept = graph.add_edge(Edge.model_validate(edge), found)
    except (AssetGraphError, ValueError) as exc:
        raise InputError(entry.location(field), str(exc)) from None
    tie = f"{kept.source} {kept.relation.value} {kept.target}"
    conflicts += [(tie, f"{tie} ({entry.label})", c) for c in found]


def _tie(graph: AssetGraph, entry: Override, relation: Relation, target: str, conflicts: list[Disagreement]) -> None:
    """The entry's node ``relation`` ``target``, said by the entry."""
    node = _node(graph, entry, "node")
    said = entry.provenance(f"{graph.node(node).name} {relation.value} {graph.node(target).name}")
    edge = {"source": node, "relation": relation, "target": target, "provenance": [said]}
    _add_edge(graph, entry, edge, "node", conflicts)


def _same(graph: AssetGraph, entry: Override, conflicts: list[Disagreement]) -> None:
    """Merge node ``b`` into node ``a``: ``b``'s names, attributes and provenance join ``a``'s
    (a value both give stays ``a``'s, the disagreement listed), and its ties move to ``a``."""
    keep = _node(graph, entry, "a")
    drop = _node(graph, entry, "b", besides=keep)
    if keep == drop:
        return
    if graph.kind_of(keep) != graph.kind_of(drop):
        raise InputError(
            entry.location("b"), f"is a {graph.kind_of(drop).value}, {keep} a {graph.kind_of(keep).value}: not one body"
        )
    dropped = graph.node(drop)
    ties = list(graph.edges(node=drop))
    said = Provenance.model_validate(entry.provenance(f"{dropped.name} is {graph.node(keep).name}"))
    found: list[Conflict] = []
    kept = graph.add_node(
        dropped.model_copy(update={"provenance": [*dropped.provenance, said]}), found, into=keep, resolve=False
    )
    conflicts += [(keep, f"{kept.name} ({entry.label})", c) for c in found]
    graph.remove_node(drop)
    for tie in ties:
        ends = [keep if end == drop else end for end in (tie.source, tie.target)]
        if ends[0] != ends[1]:
            _add_edge(graph, entry, tie.model_dump() | {"source": ends[0], "target": ends[1]}, "b", conflicts)


def _theme(graph: AssetGraph, entry: Override) -> str:
    """The graph's theme the entry names, made (with the entry as its provenance) where none is."""
    name = entry.fields["theme"]
    found = graph.lookup(name, NodeKind.THEME)
    if len(found) > 1:
        raise InputError(entry.location("theme"), str(AmbiguousName(name, sorted(found))))
    if found:
        return found.pop()
    return graph.add_node(Theme(name=name, provenance=[entry.provenance(name)]), resolve=False).id


def apply_overrides(graph: AssetGraph, overrides: Overrides) -> list[Disagreement]:
    """Apply ``same``, ``serves``, ``sector`` and ``theme`` entries to ``graph``, in that order
    (``not_same`` acts while sources are resolved; here each of its names is checked to name
    a node, or two once kept apart). A sector given here replaces the sources'. Returns the
    disagreements met where ``same`` joined two nodes (the first node's value is kept) or a tie
    was given again.

    Raises InputError naming the file, the entry and the field where an entry names no node,
    several, or a change the model refuses.
    """
    conflicts: list[Disagreement] = []
    for entry in overrides.section("not_same"):
        for name in ("a", "b"):
            if not graph.lookup(entry.fields[name]):
                _node(graph, entry, name)
    for entry in overrides.section("same"):
        _same(graph, entry, conflicts)
    for entry in overrides.section("serves"):
        try:
            place = find_place(graph, entry.fields["place"])
        except AssetGraphError as exc:
            raise InputError(entry.location("place"), str(exc)) from None
        _tie(graph, entry, Relation.SERVES, place, conflicts)
    for entry in overrides.section("sector"):
        node = graph.node(_node(graph, entry, "node"))
        said = entry.provenance(f"sector: {entry.fields['sector']}")
        try:
            graph.update_node(node.id, sector=entry.fields["sector"], provenance=[*node.provenance, said])
        except AssetGraphError as exc:
            raise InputError(entry.location("node"), str(exc)) from None
    for entry in overrides.section("theme"):
        _tie(graph, entry, Relation.ADDRESSES, _theme(graph, entry), conflicts)
    return conflicts

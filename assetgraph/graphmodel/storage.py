"""The embedded store: one graph, one versioned JSON file.

The file is ``{"format": "assetgraph-graph", "version": 1, "name": ..., "nodes": [...],
"edges": [...]}``, nodes and edges as their models dump them (fields left unset are left out).
A file of another format, or of a newer version, is refused with a clear error.

>>> import tempfile, pathlib
>>> from assetgraph.graphmodel import AssetGraph, Theme, Provenance
>>> g = AssetGraph("demo")
>>> _ = g.add_node(Theme(name="Smoking", provenance=[Provenance(source="example")]))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "g.json"
>>> save_graph(g, path)
>>> [n.name for n in load_graph(path).nodes()]
['Smoking']
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import AssetGraphError, GraphFormatError, InputError, Location, ModelError
from ..fileio import atomic_write_text
from ..reading import read_json
from .checks import model_error
from .edges import Edge
from .graph import AssetGraph
from .nodes import Node, parse_node, personal_fields
from .redaction import Redactor

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "item_dict",
    "graph_to_dict",
    "graph_from_dict",
    "redacted",
    "graph_json",
    "save_graph",
    "load_graph",
    "is_graph_file",
]

FORMAT = "assetgraph-graph"
FORMAT_VERSION = 1


def item_dict(item: Node | Edge, redact_personal: bool = False) -> dict[str, Any]:
    """A node or edge as plain JSON-ready data, with its ``kind`` or ``relation``; fields left
    unset are left out, and personal fields too with ``redact_personal``."""
    exclude = personal_fields(type(item)) if redact_personal else None
    return item.model_dump(mode="json", exclude_none=True, exclude_defaults=True, exclude=exclude) | (
        {"kind": item.kind.value} if isinstance(item, Node) else {"relation": item.relation.value}
    )


def graph_to_dict(graph: AssetGraph, redact_personal: bool = False, redact_people: bool = False) -> dict[str, Any]:
    """The graph as plain JSON-ready data; ``redact_personal`` leaves out personal fields,
    ``redact_people`` withholds people altogether (see :class:`~.redaction.Redactor`)."""
    nodes = [item_dict(n, redact_personal or redact_people) for n in graph.nodes()]
    edges = [item_dict(e, redact_personal or redact_people) for e in graph.edges()]
    if redact_people and (redactor := Redactor(graph)):
        nodes = [redactor.node(n) for n in nodes]
        edges = redactor(edges)
    return {"format": FORMAT, "version": FORMAT_VERSION, "name": graph.name, "nodes": nodes, "edges": edges}


def graph_from_dict(data: Any, origin: str = "<data>") -> AssetGraph:
    """Rebuild a graph from :func:`graph_to_dict` output; errors name ``origin`` and the item."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GraphFormatError(f'{origin}: not an assetgraph graph file (no "format": "{FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise GraphFormatError(f"{origin}: the graph file has no valid version number")
    if version > FORMAT_VERSION:
        raise GraphFormatError(
            f"{origin}: graph file version {version} was written by a newer assetgraph; "
            f"this one reads version {FORMAT_VERSION} (upgrade assetgraph)"
        )
    if data.get("name") is not None and not isinstance(data["name"], str):
        raise GraphFormatError(f"{origin}: the graph's name should be text")
    graph = AssetGraph(data.get("name"))
    for section in ("nodes", "edges"):
        if not isinstance(data.get(section, []), list):
            raise GraphFormatError(f'{origin}: "{section}" should be a list')
    for section, add, parse in (
        (
            "nodes",
            lambda node: graph.add_node(node, into=node.id if node.id in graph else None, resolve=False),
            parse_node,
        ),
        ("edges", graph.add_edge, Edge.model_validate),
    ):
        for i, item in enumerate(data.get(section) or []):
            where = Location(origin, f"{section}[{i}]{_naming(item)}")
            try:
                add(parse(item))
            except ValidationError as exc:
                err = model_error(exc)
                raise InputError(where.with_field(err.field), err.message) from None
            except ModelError as exc:
                raise InputError(where.with_field(exc.field), exc.message) from None
            except AssetGraphError as exc:
                raise InputError(where, str(exc)) from None
    return graph


def redacted(graph: AssetGraph) -> AssetGraph:
    """A copy of ``graph`` with its people withheld, as a redacted graph file would hold it."""
    return graph_from_dict(graph_to_dict(graph, redact_people=True), graph.name or "<graph>")


def _naming(item: Any) -> str:
    """ " (id)" or " (source RELATION target)" where the item says, for error messages."""
    if not isinstance(item, dict):
        return ""
    if item.get("id"):
        return f" ({item['id']})"
    ends = [item.get(k) for k in ("source", "relation", "target")]
    return f" ({' '.join(map(str, ends))})" if all(ends) else ""


def graph_json(graph: AssetGraph, *, redact_personal: bool = False, redact_people: bool = False) -> str:
    """The text of the graph's file (see :func:`graph_to_dict`)."""
    return json.dumps(graph_to_dict(graph, redact_personal, redact_people), ensure_ascii=False, indent=1) + "\n"


def save_graph(
    graph: AssetGraph, path: str | Path, *, redact_personal: bool = False, redact_people: bool = False
) -> None:
    """Write the graph to ``path`` atomically (a temporary file, then a rename); the
    ``redact_*`` options as :func:`graph_to_dict` has them.

    >>> import tempfile, pathlib
    >>> from assetgraph.loaders import load, SEED
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "seed.json"
    >>> save_graph(load(SEED), path, redact_people=True)
    >>> len(load_graph(path)) == len(load(SEED))
    True
    """
    atomic_write_text(path, graph_json(graph, redact_personal=redact_personal, redact_people=redact_people))


def is_graph_file(path: str | Path) -> bool:
    """Whether ``path`` looks like a saved graph (a JSON object naming our format early on)."""
    path = Path(path)
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(4096)
    return f'"format": "{FORMAT}"'.encode() in head or f'"format":"{FORMAT}"'.encode() in head


def load_graph(path: str | Path) -> AssetGraph:
    """Read a graph saved by :func:`save_graph`."""
    return graph_from_dict(read_json(path), str(path))

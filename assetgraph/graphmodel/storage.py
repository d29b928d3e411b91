"""The embedded store: one graph, one versioned JSON file.

The file is ``{"format": "assetgraph-graph", "version": 1, "checksum": "sha256:...", "name": ...,
"summary": {...}, "nodes": [...], "edges": [...]}``, nodes and edges as their models dump them
(fields left unset are left out); the summary counts them (see :func:`saved_summary`), so that
what a graph holds is told without reading it. A file of another format, or of a newer version,
is refused with a clear error.

The checksum is the SHA-256 of the file's bytes with the digest itself written as zeros. Where
it holds, the file is as this tool wrote it, so it opens without matching names or resolving
edge ends again (see :meth:`AssetGraph.add_trusted`); a file edited by hand, or without a
checksum, is checked item by item as any input is, and its errors name the item.

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

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..collector import collector_paused
from ..errors import AssetGraphError, GraphFormatError, InputError, Location, ModelError
from ..fileio import atomic_write_text
from ..kept import attach, save_kept
from ..reading import decode_text, parse_json, read_bytes
from .checks import model_error
from .edges import Edge
from .graph import AssetGraph, item_sources
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
    "saved_summary",
]

FORMAT = "assetgraph-graph"
FORMAT_VERSION = 1
_UNSIGNED = "sha256:" + "0" * 64
_CHECKSUM = re.compile(rb'"checksum": "(sha256:[0-9a-f]{64})"')


def item_dict(item: Node | Edge, redact_personal: bool = False) -> dict[str, Any]:
    """A node or edge as plain JSON-ready data, with its ``kind`` or ``relation``; fields left
    unset are left out, and personal fields too with ``redact_personal``."""
    exclude = personal_fields(type(item)) if redact_personal else None
    return item.model_dump(mode="json", exclude_none=True, exclude_defaults=True, exclude=exclude) | (
        {"kind": item.kind.value} if isinstance(item, Node) else {"relation": item.relation.value}
    )


def graph_to_dict(
    graph: AssetGraph, redact_personal: bool = False, redact_people: bool = False, redactor: Redactor | None = None
) -> dict[str, Any]:
    """The graph as plain JSON-ready data; ``redact_personal`` leaves out personal fields,
    ``redact_people`` withholds people altogether, from the nodes, the edges and the graph's
    name (see :class:`~.redaction.Redactor`): the people of ``graph``, or those ``redactor``
    knows (the whole graph's, where ``graph`` is a part of it)."""
    name = graph.name
    if redact_personal or redact_people:
        nodes = [item_dict(n, True) for n in graph.nodes()]
        edges = [item_dict(e, True) for e in graph.edges()]
        if redact_people and (redactor := redactor or Redactor(graph)):
            nodes = [redactor.node(n) for n in nodes]
            edges = redactor(edges)
            name = redactor.text(name) if name else name
    else:
        nodes, edges = graph.dumped(item_dict)
    return {"format": FORMAT, "version": FORMAT_VERSION, "name": name, "nodes": nodes, "edges": edges}


def graph_from_dict(data: Any, origin: str = "<data>", trusted: bool = False, consume: bool = False) -> AssetGraph:
    """Rebuild a graph from :func:`graph_to_dict` output; errors name ``origin`` and the item.

    ``trusted``: the data is as this tool wrote it (its checksum holds), so it is stored
    without matching or resolving again, each item read into its model when first asked for;
    the graph keeps the items, so the caller must not change them after. ``consume``: the data
    is no one else's (a file just parsed), so a checked read lets go of each item once read,
    and the parsed file and the graph are never both in memory whole."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GraphFormatError(f'{origin}: not an assetgraph graph file (no "format": "{FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise GraphFormatError(f"{origin}: the graph file has no valid version number (a whole number from 1)")
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
    if trusted:
        graph.add_trusted(data.get("nodes") or [], data.get("edges") or [])
        return graph
    for section, add, parse in (
        (
            "nodes",
            lambda node: graph.add_node(node, into=node.id if node.id in graph else None, resolve=False),
            parse_node,
        ),
        ("edges", graph.add_edge, Edge.model_validate),
    ):
        for i, item in _released(data.get(section) or [], consume):
            try:
                add(parse(item))
            except ValidationError as exc:
                err = model_error(exc)
                raise InputError(_where(origin, section, i, item).with_field(err.field), err.message) from None
            except ModelError as exc:
                raise InputError(_where(origin, section, i, item).with_field(exc.field), exc.message) from None
            except AssetGraphError as exc:
                raise InputError(_where(origin, section, i, item), str(exc)) from None
    return graph


def _released(items: list[Any], consume: bool) -> Iterator[tuple[int, Any]]:
    """Each item with its index; with ``consume``, the list lets go of it as it is handed out."""
    for i, item in enumerate(items):
        if consume:
            items[i] = None
        yield i, item


def redacted(graph: AssetGraph, redactor: Redactor | None = None) -> AssetGraph:
    """A copy of ``graph`` with its people withheld, as a redacted graph file would hold it:
    those of ``graph``, or those ``redactor`` knows (see :func:`graph_to_dict`)."""
    return graph_from_dict(graph_to_dict(graph, redact_people=True, redactor=redactor), "<redacted graph>")


def _where(origin: str, section: str, i: int, item: Any) -> Location:
    """Where an item is: its section and index, and its id or " (source RELATION target)"."""
    naming = ""
    if isinstance(item, dict) and item.get("id"):
        naming = f" ({item['id']})"
    elif isinstance(item, dict) and all(ends := [item.get(k) for k in ("source", "relation", "target")]):
        naming = f" ({' '.join(map(str, ends))})"
    return Location(origin, f"{section}[{i}]{naming}")


def _signed(chunks: Iterable[bytes]) -> bool:
    """Whether the bytes of a file, given in ``chunks`` (the first holding its header), carry a
    checksum in the header that holds. Hashed as they come: nothing is copied."""
    chunks = iter(chunks)
    first = next(chunks, b"")
    found = _CHECKSUM.search(first, 0, 512)
    if found is None:
        return False
    start, end = found.span(1)
    head = memoryview(first)
    digest = hashlib.sha256(head[:start])
    digest.update(_UNSIGNED.encode())
    digest.update(head[end:])
    for chunk in chunks:
        digest.update(chunk)
    return "sha256:" + digest.hexdigest() == found.group(1).decode()


def graph_json(graph: AssetGraph, *, redact_personal: bool = False, redact_people: bool = False) -> str:
    """The text of the graph's file (see :func:`graph_to_dict`), with its checksum: a header,
    then one node or edge per line, so that a change to one is a change to one line (and the
    text is written by the json module's compiled encoder, which indenting would forgo)."""
    data = graph_to_dict(graph, redact_personal, redact_people)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    header = {
        "format": data["format"],
        "version": data["version"],
        "checksum": _UNSIGNED,
        "name": data["name"],
        "summary": _summary(data["nodes"], data["edges"]),
    }
    fields = [f" {encode(key)}: {encode(value)}" for key, value in header.items()]
    for section in ("nodes", "edges"):
        items = ",\n  ".join(map(encode, data[section]))
        fields.append(f' "{section}": ' + ("[\n  " + items + "\n ]" if items else "[]"))
    text = "{\n" + ",\n".join(fields) + "\n}\n"
    digest = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    return text.replace(_UNSIGNED, digest, 1)


def _summary(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """What the header tells of the items below it: nodes by kind, edges by relation, and how
    many items each source vouches for, each in the order the items first name it (so that
    ties rank as they do in a graph opened from the file)."""
    return {
        "nodes": Counter(n["kind"] for n in nodes),
        "edges": Counter(e["relation"] for e in edges),
        "sources": Counter(source for item in chain(nodes, edges) for source in item_sources(item)),
    }


def saved_summary(path: str | Path) -> dict[str, Any] | None:
    """The name and the counts (see :func:`_summary`) a graph file's header holds, where its
    checksum holds: a question about them reads the header and no item. None for a file
    edited since it was written, one written before headers held counts, or one that is no
    graph file."""
    if not is_graph_file(path):
        return None
    with Path(path).open("rb") as handle:
        chunks, head = iter(partial(handle.read, 1 << 20), b""), b""
        for chunk in chunks:  # the header, read and hashed with the rest a megabyte at a time
            head += chunk
            if (cut := head.find(b',\n "nodes": ')) >= 0:
                break
        else:
            return None
        header = head[:cut] + b"\n}"
        if b'\n "summary": ' not in header or not _signed(chain([head], chunks)):
            return None
    found = json.loads(header)
    return {"name": found.get("name"), **found["summary"]}


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
    text = graph_json(graph, redact_personal=redact_personal, redact_people=redact_people)
    atomic_write_text(path, text)
    if not (redact_personal or redact_people):  # a redacted file derives its own on first open
        save_kept(graph, path, _CHECKSUM.search(text[:512].encode()).group(1).decode())  # type: ignore[union-attr]


def is_graph_file(path: str | Path) -> bool:
    """Whether ``path`` looks like a saved graph (a JSON object naming our format early on)."""
    path = Path(path)
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(4096)
    return f'"format": "{FORMAT}"'.encode() in head or f'"format":"{FORMAT}"'.encode() in head


def load_graph(path: str | Path) -> AssetGraph:
    """Read a graph saved by :func:`save_graph`: as written where its checksum holds, else
    checked item by item."""
    origin = str(path)
    data = read_bytes(path, origin)
    signed = _CHECKSUM.search(data, 0, 512) if _signed([data]) else None
    with collector_paused():
        parsed = parse_json(decode_text(data, origin), origin)
        del data
        graph = graph_from_dict(parsed, origin, trusted=signed is not None, consume=True)
    if signed is not None:  # the file holds the graph as it is: its kept indexes may serve it
        attach(graph, path, signed.group(1).decode())
    return graph

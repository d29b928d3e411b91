"""Where each edge's record lies in a graph file, and reading one record from there.

A saved graph holds one edge per line (:func:`assetgraph.graphmodel.storage.graph_json`), most
beginning ``{"source": ..., "relation": ..., "target": ...`` and its ``key`` where it has one
(as a model dumps an edge; a line in another order, an edge kept as it was read, is parsed
whole). One scan of the file maps every edge, by (source, target, key), to the byte offset of
its line, so that an answer citing a few edges (a route's steps, the link placing an asset in a
place) reads those lines only, without an index of every edge in memory.
"""

from __future__ import annotations

import json
import mmap
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..graphmodel.edges import Edge

__all__ = ["Record", "edge_records", "read_edge"]

#: (source, relation, target, key, offset): an edge as :meth:`AssetGraph.edge` names it, with
#: its relation and the offset of its line
Record = tuple[str, str, str, str, int]
_TEXT = rb'"[^"\\]*(?:\\.[^"\\]*)*"'  # a JSON string, its runs of plain characters taken whole
_LINE = re.compile(
    rb'^  \{"source": (' + _TEXT + rb'), "relation": "([A-Z_]+)", "target": (' + _TEXT + rb")"
    rb'(?:, "key": (' + _TEXT + rb"))?",
    re.MULTILINE,
)


def _text(raw: bytes) -> str:
    """A JSON string's value (most hold no escape, and are read without the json module)."""
    return json.loads(raw) if b"\\" in raw else raw[1:-1].decode("utf-8")


def edge_records(data: bytes | mmap.mmap) -> list[Record]:
    """Every edge of a graph file's ``data``, in the file's order, with the offset of its line."""
    start = data.find(b'\n "edges": [')
    found: list[Record] = []
    if start < 0:
        return found
    offset = data.find(b"\n", start + 1) + 1
    for line in data[offset:].split(b"\n"):  # a slice of a mapped file is bytes
        matched = _LINE.match(line)
        if matched:
            source, relation, target, key = matched.groups()
            name = relation.decode()
            found.append((_text(source), name, _text(target), _text(key) if key else name, offset))
        elif line.lstrip().startswith(b"{"):
            item = json.loads(line.strip().rstrip(b","))
            found.append(
                (item["source"], item["relation"], item["target"], item.get("key") or item["relation"], offset)
            )
        offset += len(line) + 1
    return found


def read_edge(mapped: mmap.mmap, offset: int) -> Edge:
    """The edge whose line starts at ``offset`` of a mapped graph file."""
    from ..graphmodel.edges import Edge

    end = mapped.find(b"\n", offset)
    line = mapped[offset : end if end >= 0 else len(mapped)].strip().rstrip(b",")
    return Edge.model_validate(json.loads(line))

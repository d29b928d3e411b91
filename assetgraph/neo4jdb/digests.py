"""Digests of what a push wrote, so that a pull can tell the data is unchanged since.

A push records, on the graph's ``:AssetgraphGraph`` node, one SHA-256 digest per node label and
per relationship type over the properties it wrote, in the graph's order. A pull computes the
same digests over what it reads: where they all match, the data is exactly as this tool wrote
it and is stored without being checked field by field again (like a graph file whose checksum
holds), which is most of a large pull's time. Anything edited on the server since, or left
there by an earlier push, changes a digest, and that part is checked as usual.

Rows are compared in the form Neo4j stores them: a node's properties (a null is no property),
a relationship's two ends and properties.

>>> digest([stored({"id": "a", "seq": 0, "url": None})]) == digest([{"seq": 0, "id": "a"}])
True
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

__all__ = ["digest", "stored", "node_key", "edge_key", "DIGESTS_PROPERTY"]

#: the property of the graph's node holding the digests, as JSON text
DIGESTS_PROPERTY = "digests"


def node_key(label: str) -> str:
    """The digest's name for the nodes of ``label``."""
    return f"node:{label}"


def edge_key(rel_type: str) -> str:
    """The digest's name for the relationships of ``rel_type``."""
    return f"edge:{rel_type}"


def stored(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` as Neo4j keeps them: a null value is no property."""
    return {k: v for k, v in props.items() if v is not None}


def digest(rows: list[Any]) -> str:
    """The SHA-256 of ``rows`` (lists, maps with keys in any order, scalars), in order."""
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

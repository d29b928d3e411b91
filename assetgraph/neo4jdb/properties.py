"""How the graph model is stored in Neo4j: labels, relationship types and properties.

- A node's kind is its label (``organisation`` -> ``:Organisation``); a relation is the
  relationship type of the same name (``SERVES``). Both come from the closed vocabulary only,
  so they can be written into Cypher text; every value travels as a parameter.
- Scalar fields and lists of strings are properties as they are (dates as ISO text). Nested
  values (provenance, attributes, identifiers) are JSON text, so they come back exactly.
- Every node and relationship has ``graph`` (the graph's name) and ``seq`` (its position in
  the graph, so a pull returns the graph in its order); relationships have ``key``, which
  tells parallel relationships of one type apart. ``push_id`` marks the push that last wrote it.

>>> from assetgraph.graphmodel import Theme, Provenance
>>> props = node_properties(Theme(name="Smoking", provenance=[Provenance(source="doc")]))
>>> props["id"], props["provenance"]
('theme:smoking', '[{"source": "doc"}]')
>>> node_data("Theme", props)["name"]
'Smoking'
"""

from __future__ import annotations

import json
from typing import Any

from ..graphmodel.edges import Edge
from ..graphmodel.nodes import Node
from ..graphmodel.storage import item_dict
from ..graphmodel.vocabulary import NodeKind, Relation

__all__ = [
    "LABELS",
    "KIND_OF_LABEL",
    "JSON_FIELDS",
    "BOOKKEEPING",
    "node_properties",
    "edge_properties",
    "node_data",
    "edge_data",
    "relationship_type",
    "model_fields",
    "replacing",
]

#: node kind -> label
LABELS: dict[NodeKind, str] = {kind: kind.value.capitalize() for kind in NodeKind}
KIND_OF_LABEL: dict[str, NodeKind] = {label: kind for kind, label in LABELS.items()}
#: fields stored as JSON text
JSON_FIELDS = frozenset({"provenance", "attributes", "identifiers"})
#: properties of ours, not of the model
BOOKKEEPING = frozenset({"graph", "seq", "push_id"})


def relationship_type(relation: Relation | str) -> str:
    """The relationship type of a relation, checked against the vocabulary."""
    return Relation(relation).value


def _dump(item: Node | Edge, redact_personal: bool) -> dict[str, Any]:
    data = item_dict(item, redact_personal)
    return {k: json.dumps(v, ensure_ascii=False, sort_keys=True) if k in JSON_FIELDS else v for k, v in data.items()}


def _parsed(value: Any) -> Any:
    """JSON text back as data; text that is not JSON (edited on the server) is left for the
    model's validation to report."""
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return value


def _load(props: dict[str, Any]) -> dict[str, Any]:
    return {k: _parsed(v) if k in JSON_FIELDS else v for k, v in props.items() if k not in BOOKKEEPING}


def node_properties(node: Node, redact_personal: bool = False) -> dict[str, Any]:
    """The node's properties, without ``kind`` (the label says it)."""
    props = _dump(node, redact_personal)
    props.pop("kind", None)
    props["id"] = node.id
    return props


def edge_properties(edge: Edge) -> dict[str, Any]:
    """The relationship's properties: the edge's attributes, and ``key`` always set."""
    props = _dump(edge, False)
    for end in ("source", "target", "relation"):
        props.pop(end)
    props["key"] = edge.identity[3]
    return props


def model_fields(model: type[Node] | type[Edge]) -> frozenset[str]:
    """The fields of a node class or of Edge stored as ordinary properties (not the id, the
    ends, the kind or the relation, which identity and structure carry)."""
    return frozenset(model.model_fields) - {"id", "kind", "source", "target", "relation"}


def replacing(props: dict[str, Any], fields: frozenset[str]) -> dict[str, Any]:
    """``props`` with every other field set to null, so that ``SET x += map`` replaces the
    stored fields (a null removes a property) without writing the keys a MERGE matched on.

    >>> replacing({"name": "A"}, frozenset({"name", "url"}))
    {'url': None, 'name': 'A'}
    """
    return dict.fromkeys(fields - props.keys()) | props


def node_data(label: str, props: dict[str, Any]) -> dict[str, Any]:
    """The node a labelled Neo4j node stores, as the graph file holds it."""
    return _load(props) | {"kind": KIND_OF_LABEL[label].value}


def edge_data(source: str, rel_type: str, target: str, props: dict[str, Any]) -> dict[str, Any]:
    """The edge a relationship stores, as the graph file holds it; ``key`` is dropped where it
    is just the type's name."""
    data = _load(props)
    if data.get("key") == rel_type:
        data.pop("key")
    return data | {"source": source, "relation": rel_type, "target": target}

"""The graph model: node and edge models, the closed vocabulary, and the AssetGraph class.

Names are imported when first used: the vocabulary alone is cheap, the graph needs networkx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_namespace

if TYPE_CHECKING:
    from .edges import Edge
    from .graph import AssetGraph
    from .nodes import (
        Initiative,
        Node,
        Organisation,
        Partnership,
        Person,
        Place,
        Service,
        Theme,
        parse_node,
        personal_fields,
    )
    from .provenance import Provenance
    from .storage import FORMAT_VERSION, graph_from_dict, graph_to_dict, load_graph, save_graph
    from .vocabulary import (
        InitiativeType,
        NodeKind,
        PlaceLevel,
        Relation,
        Scale,
        Sector,
        Status,
    )

#: public name -> the module that defines it
_EXPORTS = {
    "Edge": "edges",
    "AssetGraph": "graph",
    "Initiative": "nodes",
    "Node": "nodes",
    "Organisation": "nodes",
    "Partnership": "nodes",
    "Person": "nodes",
    "Place": "nodes",
    "Service": "nodes",
    "Theme": "nodes",
    "parse_node": "nodes",
    "personal_fields": "nodes",
    "Provenance": "provenance",
    "FORMAT_VERSION": "storage",
    "graph_from_dict": "storage",
    "graph_to_dict": "storage",
    "load_graph": "storage",
    "save_graph": "storage",
    "InitiativeType": "vocabulary",
    "NodeKind": "vocabulary",
    "PlaceLevel": "vocabulary",
    "Relation": "vocabulary",
    "Scale": "vocabulary",
    "Sector": "vocabulary",
    "Status": "vocabulary",
}
__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)

__all__ = [
    "AssetGraph",
    "Edge",
    "FORMAT_VERSION",
    "Initiative",
    "InitiativeType",
    "Node",
    "NodeKind",
    "Organisation",
    "Partnership",
    "Person",
    "Place",
    "PlaceLevel",
    "Provenance",
    "Relation",
    "Scale",
    "Sector",
    "Service",
    "Status",
    "Theme",
    "graph_from_dict",
    "graph_to_dict",
    "load_graph",
    "parse_node",
    "personal_fields",
    "save_graph",
]

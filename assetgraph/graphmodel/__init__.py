"""The graph model: node and edge models, the closed vocabulary, and the AssetGraph class."""

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

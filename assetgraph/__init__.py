"""assetgraph: map the assets of community-led health as a knowledge graph, and ask it who
connects, what is missing where, and how a person gets from a need to help.

The whole public surface is here, one flat namespace like ``networkx``'s:

>>> import assetgraph as ag
>>> graph = ag.load(ag.SEED)
>>> route = ag.pathways(graph, resident_of="Pentwyn", need="smoking").routes[0]
>>> route.steps[-1].to_name
'Stop Smoking Wales'
>>> ag.connectors(graph, focus=("community_led", "public"), top=1).rows[0].name
'CHEX'

Names are imported when first used, so ``import assetgraph`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_namespace

__version__ = "0.1.0"

#: public name -> the module that defines it
_EXPORTS = {
    "AssetGraph": "graphmodel.graph",
    "SEED": "loaders",
    "load": "loaders",
    "open_graph": "sources",
    "save": "graphmodel.storage",
    "summarise": "queries.inspect",
    "describe": "queries.inspect",
    "connectors": "queries.connectors",
    "gaps": "queries.gaps",
    "pathways": "queries.pathways",
    "diff": "queries.diff",
    "place_profile": "queries.profile",
    "render_map": "viz",
    "write_map": "viz",
    "MapOptions": "viz",
    "Redactor": "graphmodel.redaction",
    "AssetGraphError": "errors",
    "InputError": "errors",
    "NodeNotFound": "errors",
    "AmbiguousName": "errors",
    "QueryError": "errors",
    "GraphFormatError": "errors",
    "DatabaseError": "errors",
}
#: public names that are another name's
_ALIASES = {"save": "save_graph", "describe": "describe_node", "render_map": "map_html"}

__all__ = [*_EXPORTS, "__version__"]

if TYPE_CHECKING:
    from .errors import (
        AmbiguousName,
        AssetGraphError,
        DatabaseError,
        GraphFormatError,
        InputError,
        NodeNotFound,
        QueryError,
    )
    from .graphmodel.graph import AssetGraph
    from .graphmodel.redaction import Redactor
    from .graphmodel.storage import save_graph as save
    from .loaders import SEED, load
    from .queries.connectors import connectors
    from .queries.diff import diff
    from .queries.gaps import gaps
    from .queries.inspect import describe_node as describe
    from .queries.inspect import summarise
    from .queries.pathways import pathways
    from .queries.profile import place_profile
    from .sources import open_graph
    from .viz import MapOptions, write_map
    from .viz import map_html as render_map


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS, _ALIASES)

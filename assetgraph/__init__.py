"""assetgraph: map the assets of community-led health as a knowledge graph.

The graph model lives in :mod:`assetgraph.graphmodel`, the readers of source files in
:mod:`assetgraph.loaders`; :func:`load` turns any supported path into an :class:`AssetGraph`.
"""

from .errors import AssetGraphError
from .graphmodel import AssetGraph

__version__ = "0.1.0"
__all__ = ["AssetGraph", "AssetGraphError", "__version__"]

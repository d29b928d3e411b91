"""One way to open a GRAPH, for the command line and for scripts alike.

A GRAPH is a saved graph file, any source assetgraph reads (our YAML/JSON, CSV and XLSX formats,
Open Referral, 360Giving), ``@seed`` for the bundled seed map, or the name of a graph pushed to
Neo4j. :func:`open_graph` returns the :class:`~assetgraph.graphmodel.AssetGraph` for any of them.

>>> open_graph("@seed").find("CHEX").name
'CHEX'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .errors import InputError, Location

if TYPE_CHECKING:
    from .graphmodel.graph import AssetGraph
    from .neo4jdb import Neo4jSettings
    from .neo4jdb.engine import Question

__all__ = ["open_graph", "Engine"]

Engine = Literal["embedded", "neo4j"]


def open_graph(
    graph: str | Path,
    *,
    engine: Engine = "embedded",
    neo4j: Neo4jSettings | None = None,
    question: Question | None = None,
) -> AssetGraph:
    """The graph ``graph`` names.

    Parameters
    ----------
    graph : a graph file, a source, ``@seed``; or, with ``engine="neo4j"``, the name of a graph
        on the server
    engine : ``embedded`` (a file) or ``neo4j``
    neo4j : where the server is (default: the NEO4J_* environment variables)
    question : with Neo4j, read only the part this question needs (``connectors``, ``gaps``,
        ``pathways``); None reads the whole graph

    Raises
    ------
    InputError : a path that does not exist or cannot be read
    DatabaseError : the server cannot be reached, or holds no complete graph of that name

    Examples
    --------
    >>> len(open_graph("@seed")) > 0
    True
    """
    if engine == "neo4j":
        from .neo4jdb import Neo4jSettings, connect
        from .neo4jdb.engine import question_graph

        with connect(neo4j or Neo4jSettings.from_env()) as db:
            return question_graph(db, str(graph), question)
    if engine != "embedded":
        raise InputError(Location(str(graph)), f"unknown engine {engine!r}; expected embedded or neo4j")
    from .loaders import load

    return load(graph)

"""Neo4j as the engine for shared and large graphs: connect, push, pull, ask the three
questions on the server, and run Cypher.

A database holds several graphs side by side; every node and relationship carries the
``graph`` property naming the graph it belongs to (see :mod:`.properties`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_namespace

if TYPE_CHECKING:
    from .connection import Database, Neo4jSettings, connect
    from .pull import list_graphs, pull_graph
    from .push import PushReport, push_graph

#: nodes or relationships written per transaction by a push
DEFAULT_BATCH = 10_000
#: batches a push writes at once
DEFAULT_WRITERS = 2
#: how long a Cypher query may run, in seconds, unless told
QUERY_SECONDS = 30.0
#: how much more memory an embedded Cypher query may take, in MB, unless told
QUERY_MEGABYTES = 2048
#: the most a query may be given: a day, and a terabyte (beyond them the clocks and the memory cap
#: of the system overflow)
QUERY_SECONDS_MAX = 86_400.0
QUERY_MEGABYTES_MAX = 1_048_576

#: public name -> the module that defines it (the driver is imported with the first of them)
_EXPORTS = {
    "Neo4jSettings": "connection",
    "Database": "connection",
    "connect": "connection",
    "push_graph": "push",
    "PushReport": "push",
    "pull_graph": "pull",
    "list_graphs": "pull",
}
__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)

__all__ = [
    "DEFAULT_BATCH",
    "DEFAULT_WRITERS",
    "Database",
    "Neo4jSettings",
    "PushReport",
    "connect",
    "list_graphs",
    "pull_graph",
    "push_graph",
]

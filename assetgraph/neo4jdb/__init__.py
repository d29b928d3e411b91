"""Neo4j as the engine for shared and large graphs: connect, push, pull, ask the three
questions on the server, and run Cypher.

A database holds several graphs side by side; every node and relationship carries the
``graph`` property naming the graph it belongs to (see :mod:`.properties`).
"""

from .connection import Database, Neo4jSettings, connect
from .pull import list_graphs, pull_graph
from .push import PushReport, push_graph

__all__ = ["Neo4jSettings", "Database", "connect", "push_graph", "PushReport", "pull_graph", "list_graphs"]

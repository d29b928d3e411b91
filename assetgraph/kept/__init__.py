"""Derived indexes kept beside a saved graph, so that the first question does not rebuild them.

A graph file's questions read projections of it: the routing graph, the place hierarchy and
placements, the providers of each theme in each place, the collaboration graph. Building them
from a national graph's nodes and edges takes longer than the question itself, so they are
written, as arrays, into one binary companion beside the file (:mod:`.store`: ``graph.json`` ->
``graph.json.kept``), keyed by the file's checksum, when the graph is saved; a graph opened
from a file whose companion is missing or stale derives them on its first question and writes
the companion then (:mod:`.indexes`). The JSON file stays the interchange format: deleting the
companion loses nothing but time.
"""

from .indexes import KeptIndexes, attach, kept, kept_or, save_kept
from .store import companion

__all__ = ["KeptIndexes", "attach", "kept", "kept_or", "save_kept", "companion"]

"""Evidence as a reader meets it: the source's name and record, relative to the folder the
graph was built from, never the absolute (often temporary) path a build was given.

A build records a file source as the path it was given (``/tmp/tmpab12/grants.json``). The
folder the graph was built from is the deepest folder holding every file source given as an
absolute path, and a source is shown relative to it. It is worked out from the graph's own
sources rather than stored, so graph files written before read the same way, and what other
commands print is unchanged. Sources that are not absolute paths (a URL, a named dataset, a
path given relative) are shown as given.

>>> folder = build_folder(["/tmp/x1/dir/services.json", "/tmp/x1/grants.csv", "UK geography"])
>>> str(folder)
'/tmp/x1'
>>> shown_source("/tmp/x1/dir/services.json", folder), shown_source("UK geography", folder)
('dir/services.json', 'UK geography')
>>> described(Provenance(source="/tmp/x1/grants.csv", locator="360G-1"), folder)
'grants.csv, 360G-1'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from ..graphmodel.graph import AssetGraph
from ..graphmodel.provenance import Provenance
from ..kept import kept_or

__all__ = ["build_folder", "graph_folder", "shown_source", "described"]

_WINDOWS = re.compile(r"^[A-Za-z]:[\\/]|^\\\\")


def _absolute(source: str) -> PurePath | None:
    """``source`` as an absolute path (POSIX or Windows), or None where it is none."""
    if source.startswith("/"):
        return PurePosixPath(source)
    if _WINDOWS.match(source):
        return PureWindowsPath(source)
    return None


def build_folder(sources: Iterable[str]) -> PurePath | None:
    """The deepest folder holding every source given as an absolute path (of the first such
    source's kind of path), or None where no source is one."""
    folder: PurePath | None = None
    for path in filter(None, map(_absolute, sources)):
        if folder is None:
            folder = path.parent
        elif type(path) is type(folder):
            while folder != folder.parent and not path.is_relative_to(folder):
                folder = folder.parent
    return folder


def graph_folder(graph: AssetGraph) -> PurePath | None:
    """The folder ``graph`` was built from (:func:`build_folder` of its sources), worked out
    once per state of the graph: reading every record's provenance is the slow part, and a
    profile or diff asks once per route."""
    return graph.cached(
        ("build folder",), lambda: kept_or(graph, lambda found: found.folder(), lambda: build_folder(graph.sources()))
    )


def shown_source(source: str, folder: PurePath | None) -> str:
    """``source`` relative to ``folder`` where it is an absolute path inside it; its file name
    where it is an absolute path elsewhere; else as given."""
    path = _absolute(source)
    if path is None:
        return source
    if folder is not None and type(path) is type(folder) and path.is_relative_to(folder):
        return path.relative_to(folder).as_posix()
    return path.name


def described(provenance: Provenance, folder: PurePath | None) -> str:
    """``provenance`` as one line (:meth:`Provenance.describe`), its source shown relative to
    ``folder``."""
    return provenance.model_copy(update={"source": shown_source(provenance.source, folder)}).describe()

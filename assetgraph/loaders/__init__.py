"""Loaders: read source files into records and build one graph from them.

:func:`load` is the one call most callers need: it takes saved graphs and sources of any
supported format, picks the reader from each path, and returns one merged graph. Names are
imported when first used, so that :data:`SEED` and :data:`FORMATS` cost nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_namespace

if TYPE_CHECKING:
    from .build import BuildReport, build_graph
    from .formats import FORMATS, SEED
    from .loading import detect_format, load, read_source, seed_path

#: public name -> the module that defines it
_EXPORTS = {
    "SEED": "formats",
    "FORMATS": "formats",
    "detect_format": "loading",
    "read_source": "loading",
    "load": "loading",
    "seed_path": "loading",
    "build_graph": "build",
    "BuildReport": "build",
}
__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)

__all__ = ["SEED", "FORMATS", "detect_format", "read_source", "load", "build_graph", "seed_path", "BuildReport"]

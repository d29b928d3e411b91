"""The source formats by name, each with the function that reads it (imported when first
used), and the name that stands for the bundled seed map.

>>> FORMATS
('document', 'csv', 'xlsx', 'openreferral', '360giving')
>>> reader("csv").__name__
'read_csv'
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records import SourceRecords

__all__ = ["SEED", "FORMATS", "Reader", "reader"]

#: the name that stands for the bundled seed map wherever a path is expected
SEED = "@seed"

Reader = Callable[[Path, str], "SourceRecords"]
#: source format -> (module, function) that reads it; ``graph`` (a saved graph) is handled apart
_READERS = {
    "document": ("document_source", "read_document"),
    "csv": ("tabular", "read_csv"),
    "xlsx": ("tabular", "read_workbook"),
    "openreferral": ("openreferral", "read_openreferral"),
    "360giving": ("threesixtygiving", "read_360giving"),
}
FORMATS = tuple(_READERS)


def reader(fmt: str) -> Reader:
    """The function that reads a source of format ``fmt`` (one of :data:`FORMATS`)."""
    module, name = _READERS[fmt]
    return getattr(import_module(f"{__package__}.{module}"), name)

"""The assetgraph error hierarchy.

The library raises these and never prints; ``cli.py`` turns them into one-line messages and exit
code 1. Every message names where the problem is: the file, the row or line, and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "shown",
    "AssetGraphError",
    "Location",
    "InputError",
    "SkippedRecord",
    "ModelError",
    "ConflictError",
    "NodeNotFound",
    "AmbiguousName",
    "GraphFormatError",
    "ExportError",
    "QueryError",
    "NoPlaces",
    "DatabaseError",
]


#: the most characters of a value an error message echoes
SHOWN = 80


def shown(value: object, limit: int = SHOWN) -> str:
    """``value`` as an error message echoes it: its repr, cut to ``limit`` characters with an
    ellipsis, so that a megabyte of bad data makes a one-line message, not a megabyte.

    >>> print(shown("x" * 200, limit=12))
    'xxxxxxxxxx…' (200 characters)
    >>> shown("Hub")
    "'Hub'"
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f" ({len(value):,} characters)" if isinstance(value, str) else ""
    return text[: limit - 1] + "…" + text[0] * isinstance(value, str) + size


class AssetGraphError(Exception):
    """Base class of every error assetgraph raises on purpose."""


@dataclass(frozen=True)
class Location:
    """Where a record came from: a file and, inside it, a line, a row or a record id.

    >>> str(Location("orgs.csv", "row 4", "sector"))
    'orgs.csv, row 4, field sector'
    """

    file: str
    where: str | None = None
    field: str | None = None

    def with_field(self, field: str | None) -> Location:
        return Location(self.file, self.where, field)

    def __str__(self) -> str:
        parts = [self.file]
        if self.where:
            parts.append(self.where)
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts)


class InputError(AssetGraphError):
    """A source file that cannot be read as it stands.

    >>> str(InputError(Location("orgs.csv", "row 4", "sector"), "unknown value 'charity'"))
    "orgs.csv, row 4, field sector: unknown value 'charity'"
    """

    def __init__(self, location: Location, message: str):
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")


class SkippedRecord(InputError):
    """A record a loader would skip, in a build that treats skipped records as errors."""


class ModelError(AssetGraphError):
    """A node or edge that breaks the graph model (bad value, relation not allowed, ...).

    ``field`` names the offending attribute where there is one, so that a loader can add the
    file and row and re-raise it as an :class:`InputError`.
    """

    def __init__(self, message: str, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


class ConflictError(ModelError):
    """The same node or edge given twice with different values for one attribute."""


class NodeNotFound(AssetGraphError):
    """No node matches a name, alias or id; ``suggestions`` holds the closest names."""

    def __init__(self, name: str, suggestions: list[str] | None = None, kind: str | None = None):
        self.name = name
        self.suggestions = suggestions or []
        what = f"no {kind} named {name!r}" if kind else f"no node named {name!r}"
        hint = f" (did you mean: {', '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(what + hint)


class AmbiguousName(AssetGraphError):
    """A name or alias that fits several nodes; ``candidates`` holds their ids. For places,
    ``where`` says where each candidate lies (two councils' wards called Easton), and the
    message lists it, so a reader can name the one meant with its council ("Easton, Bristol")."""

    def __init__(self, name: str, candidates: list[str], where: Mapping[str, str] | None = None):
        self.name = name
        self.candidates = candidates
        if where is None:
            super().__init__(f"{name!r} fits several nodes: {', '.join(candidates)}; give the id instead")
        else:
            listed = "; ".join(f"{where[i]} ({i})" for i in candidates)
            super().__init__(
                f"{name!r} fits several places: {listed}; give the id, or the name with the place it lies in"
            )


class GraphFormatError(AssetGraphError):
    """A saved graph file that is not an assetgraph graph, or of a version this one can't read."""


class ExportError(AssetGraphError):
    """A graph that the format asked for cannot hold, as a workbook past Excel's size."""


class QueryError(AssetGraphError):
    """A question that cannot be asked as put: an unknown grouping, theme or option value."""


class TimeLimit(QueryError):
    """A query stopped at the time limit it was given."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the query ran past its time limit of {seconds:g} s and was stopped")


class MemoryLimit(QueryError):
    """A query stopped at the memory limit it was given (``lead`` says how it was seen)."""

    def __init__(self, megabytes: int, lead: str = "the query reached") -> None:
        super().__init__(f"{lead} its memory limit of {megabytes:,} MB")


class NoPlaces(QueryError):
    """A question about places asked of a graph that has none."""


class DatabaseError(AssetGraphError):
    """Neo4j could not be reached, refused the credentials, or failed a statement."""

"""What every loader produces: records ready for the model, each with the place it came from.

A loader reads one file format and returns a :class:`SourceRecords`; :mod:`.build` turns the
records of one or more sources into one graph, so that validation, name resolution and error
messages are the same whatever the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, Location, shown
from ..graphmodel.names import normalise
from ..graphmodel.vocabulary import NodeKind

__all__ = ["NodeRecord", "EdgeRecord", "Skipped", "SourceRecords", "SECTIONS", "RELATIONSHIPS", "section_of"]

RELATIONSHIPS = "relationships"

#: section (sheet, file or YAML key) names, normalised, and what they hold
SECTIONS: dict[str, NodeKind | str] = {
    "organisations": NodeKind.ORGANISATION,
    "organizations": NodeKind.ORGANISATION,
    "people": NodeKind.PERSON,
    "persons": NodeKind.PERSON,
    "initiatives": NodeKind.INITIATIVE,
    "services": NodeKind.SERVICE,
    "partnerships": NodeKind.PARTNERSHIP,
    "places": NodeKind.PLACE,
    "themes": NodeKind.THEME,
    "relationships": RELATIONSHIPS,
    "relations": RELATIONSHIPS,
    "edges": RELATIONSHIPS,
}


def section_of(name: str, location: Location) -> NodeKind | str:
    """The kind (or ``"relationships"``) a section, sheet or file name stands for.

    >>> section_of("Organisations", Location("map.xlsx"))
    <NodeKind.ORGANISATION: 'organisation'>
    """
    key = normalise(name).replace(" ", "_")
    if key in SECTIONS:
        return SECTIONS[key]
    known = ", ".join(k for k in SECTIONS if k not in ("organizations", "persons", "relations", "edges"))
    raise InputError(location, f"unknown kind {shown(name)}; expected one of: {known}")


@dataclass
class NodeRecord:
    """A node as its source gives it: ``data`` is ready for :func:`parse_node`. ``ref`` is a
    handle the source's own relationships may name it by, where neither its id nor its name
    tells it from another record of the source (two same-named bodies in different places)."""

    kind: NodeKind
    data: dict[str, Any]
    location: Location
    ref: str | None = None


@dataclass
class EdgeRecord:
    """A relationship whose ends are still names: ``data`` holds the Edge fields but for the
    ends, which :mod:`.build` resolves (``source_kind``/``target_kind`` narrow the search)."""

    source: str
    target: str
    data: dict[str, Any]
    location: Location
    source_kind: NodeKind | None = None
    target_kind: NodeKind | None = None
    #: where an end may name nothing the graph holds: why the relationship is then left out
    #: (reported, not an error)
    if_unknown: str | None = None


@dataclass
class Skipped:
    """A record a loader could not use, and why; ``--strict`` makes it an error."""

    location: Location
    reason: str


@dataclass
class SourceRecords:
    """Everything one source file (or folder) holds, and what of it was skipped.

    ``curated`` sources are kept by the map's own editors (our YAML, CSV and XLSX formats): one
    that contradicts itself is an error to fix. A published file (a directory, a grant file) is
    not ours to fix, so its disagreements with itself are reported like those between sources.
    """

    origin: str
    name: str | None = None
    format: str | None = None
    curated: bool = True
    #: the area the source's services serve where they name none (a directory's own council)
    serves: str | None = None
    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def skip(self, location: Location, reason: str) -> None:
        self.skipped.append(Skipped(location, reason))

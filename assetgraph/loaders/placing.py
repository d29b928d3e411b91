"""Placing assets by their postcodes: each node whose record gives a postcode lies in that
postcode's council (an asset LOCATED_IN it, a venue WITHIN it), the council added where the
graph does not hold it yet. The provenance names the postcode and the directory.

>>> from assetgraph.graphmodel import AssetGraph, Organisation, Provenance
>>> g = AssetGraph()
>>> _ = g.add_node(Organisation(name="Hub", attributes={"postcode": "CF23 9AB"}, provenance=[Provenance(source="x")]))
>>> place_by_postcode(g)
[]
>>> [(e.relation.value, g.node(e.target).name) for e in g.edges()]
[('LOCATED_IN', 'Cardiff')]
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Location, NodeNotFound, NoPlaces, shown
from ..graphmodel.edges import Edge
from ..graphmodel.graph import AssetGraph
from ..graphmodel.identifiers import gss_place_id
from ..graphmodel.nodes import Place
from ..graphmodel.vocabulary import NodeKind, PlaceLevel, Relation
from .postcodes import SOURCE, postcode_place
from .records import Skipped

__all__ = ["place_by_postcode", "find_place", "serve_area"]

#: places that lie within a council: a directory's venues (no level), neighbourhoods, small areas
_VENUES = {None, PlaceLevel.NEIGHBOURHOOD, PlaceLevel.SMALL_AREA}


def place_by_postcode(graph: AssetGraph) -> list[Skipped]:
    """Relate every node with a ``postcode`` attribute to its council; the postcodes that could
    not be placed (not a postcode, or not in the directory), each with the reason."""
    unplaced: list[Skipped] = []
    for node in list(graph.nodes()):
        raw = node.attributes.get("postcode")
        if raw is None or node.kind == NodeKind.THEME or node.kind == NodeKind.PERSON:
            continue
        if node.kind == NodeKind.PLACE and node.level not in _VENUES:  # type: ignore[attr-defined]
            continue
        where = Location(node.provenance[0].source, node.id, "postcode")
        found = postcode_place(str(raw))
        if found is None:
            unplaced.append(
                Skipped(where, f"{shown(raw)} is not a GB postcode in the directory; {node.name} is not placed")
            )
            continue
        council = gss_place_id(found.code)
        evidence = [{"source": SOURCE, "locator": found.postcode}]
        if council not in graph:
            graph.add_node(
                Place(
                    id=council, name=found.name, level=PlaceLevel.LOCAL_AUTHORITY, code=found.code, provenance=evidence
                ),
                resolve=False,
            )
        relation = Relation.WITHIN if node.kind == NodeKind.PLACE else Relation.LOCATED_IN
        if node.id != council:
            graph.add_edge(Edge(source=node.id, relation=relation, target=council, provenance=evidence))
    return unplaced


def find_place(graph: AssetGraph, place: str) -> str:
    """The place a person names: a place of the graph by id, name or code, or a postcode or
    postcode sector ("CF23 9AB", "CF23 9"), which is in its council.

    Raises NodeNotFound where neither fits; NoPlaces, saying which council, for a postcode
    whose council the graph does not hold.
    """
    try:
        return graph.find(place, NodeKind.PLACE).id
    except NodeNotFound:
        found = postcode_place(place)
        if found is None:
            raise
        council = gss_place_id(found.code)
        if council not in graph:
            council = next(iter(graph.lookup(found.code, NodeKind.PLACE)), council)
        if council not in graph:
            raise NoPlaces(
                f"{found.postcode} is in {found.name} ({found.code}), a place this graph does not hold"
            ) from None
        return council


def serve_area(graph: AssetGraph, services: Iterable[str], place: str, origin: str) -> int:
    """Each of ``services`` that serves no place serves ``place`` (as :func:`find_place` reads
    it): the area a directory covers, given when the graph is built, marked inferred with that
    reason. How many it gave an area."""
    area = find_place(graph, place)
    reason = f"the directory's own area, given when the graph was built ({place})"
    given = 0
    for service in services:
        if graph.kind_of(service) == NodeKind.SERVICE and not any(
            e.relation == Relation.SERVES and e.source == service for e in graph.edges(node=service)
        ):
            graph.add_edge(
                Edge(
                    source=service,
                    relation=Relation.SERVES,
                    target=area,
                    description=reason,
                    provenance=[{"source": origin, "locator": "given at build", "inferred": True}],
                )
            )
            given += 1
    return given

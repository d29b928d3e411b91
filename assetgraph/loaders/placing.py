"""Placing assets by their postcodes: each node whose record gives a postcode lies in that
postcode's council (an asset LOCATED_IN it, a venue WITHIN it), the council added where the
graph does not hold it yet. The provenance names the postcode and the directory.

A full postcode also places the node in its small area (LSOA 2011, England and Wales) and its
2013 ward, from the bundled table (:mod:`assetgraph.geography.small_areas`): the ward a neighbourhood WITHIN the
council, named "<ward> (2013 boundaries)"; the small area the bundled places' node (with its
deprivation decile), WITHIN the council and WITHIN the ward where all its postcodes lie in it.
These placements are inferred; an edge whose postcode lies near an edge of the area is marked
``approximate`` in its attributes.

>>> from assetgraph.graphmodel import AssetGraph, Organisation, Provenance
>>> g = AssetGraph()
>>> _ = g.add_node(Organisation(name="Hub", attributes={"postcode": "CF23 9AB"}, provenance=[Provenance(source="x")]))
>>> place_by_postcode(g)
[]
>>> sorted((e.relation.value, g.node(e.target).level.value) for e in g.edges(node="organisation:hub"))
[('LOCATED_IN', 'local_authority'), ('LOCATED_IN', 'neighbourhood'), ('LOCATED_IN', 'small_area')]
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Location, shown
from ..geography.everyday_names import everyday_names
from ..geography.lookup import find_place
from ..geography.places import PlaceRow, bundled_summaries
from ..geography.postcodes import SOURCE, PostcodePlace, postcode_place
from ..geography.small_areas import SOURCE as AREAS_SOURCE
from ..geography.small_areas import postcode_areas, small_area_row, ward_label, ward_names
from ..graphmodel.edges import Edge
from ..graphmodel.graph import AssetGraph
from ..graphmodel.identifiers import gss_place_id
from ..graphmodel.nodes import Place
from ..graphmodel.vocabulary import NodeKind, PlaceLevel, Relation
from .records import Skipped

__all__ = ["place_by_postcode", "serve_area"]

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
            summary = bundled_summaries().get(found.code)
            graph.add_node(
                Place(
                    id=council,
                    name=found.name,
                    level=PlaceLevel.LOCAL_AUTHORITY,
                    code=found.code,
                    aliases=everyday_names(found.name),
                    attributes=summary.attributes() if summary else {},
                    provenance=evidence,
                ),
                resolve=False,
            )
        relation = Relation.WITHIN if node.kind == NodeKind.PLACE else Relation.LOCATED_IN
        if node.id != council:
            graph.add_edge(Edge(source=node.id, relation=relation, target=council, provenance=evidence))
            if found.exact:
                _place_in_small_areas(graph, node.id, relation, found)
    return unplaced


def _add_place(graph: AssetGraph, place: Place, within: list[str]) -> None:
    """Add ``place`` where the graph lacks it, WITHIN each of ``within`` (the graph's places)
    it does not lie within yet."""
    if place.id not in graph:
        graph.add_node(place, resolve=False)
    _within(graph, place.id, within, place.provenance)


def _within(graph: AssetGraph, place: str, within: list[str], provenance: list) -> None:
    """Tie the graph's ``place`` WITHIN each of ``within`` it does not lie within yet."""
    held = {e.target for e in graph.edges(Relation.WITHIN, node=place) if e.source == place}
    for parent in within:
        if parent not in held and parent in graph and parent != place:
            graph.add_edge(Edge(source=place, relation=Relation.WITHIN, target=parent, provenance=provenance))


def _small_area(row: PlaceRow) -> Place:
    """The place of a bundled small area, with its deprivation, as the bundled places give it."""
    return Place(
        id=gss_place_id(row.code),
        name=row.name,
        level=PlaceLevel.SMALL_AREA,
        code=row.code,
        population=row.population,
        deprivation_index=row.index,
        deprivation_rank=row.rank,
        deprivation_decile=row.decile,
        provenance=[{"source": AREAS_SOURCE, "locator": row.code}],
    )


def _place_in_small_areas(graph: AssetGraph, node: str, relation: Relation, found: PostcodePlace) -> None:
    """Place ``node`` in its postcode's ward and small area (adding them, within its council,
    where the graph lacks them), each edge inferred and marked approximate where it is."""
    areas = postcode_areas(found.postcode)
    if areas is None:
        return
    council = gss_place_id(found.code)
    wards = {}
    for ward in (areas.ward, areas.area_ward):
        if ward is not None and ward.council == found.code:
            wards[ward.code] = gss_place_id(ward.code)
            evidence = [{"source": AREAS_SOURCE, "locator": ward.code}]
            if wards[ward.code] in graph:
                _within(graph, wards[ward.code], [council], evidence)
                continue
            _add_place(
                graph,
                Place(
                    id=wards[ward.code],
                    name=ward_label(ward.name),
                    level=PlaceLevel.NEIGHBOURHOOD,
                    code=ward.code,
                    aliases=ward_names(ward.name, graph.node(council).name),
                    provenance=evidence,
                ),
                [council],
            )
    placed = []
    if areas.ward is not None and areas.ward.code in wards:
        placed.append((wards[areas.ward.code], areas.ward_approximate))
    area = gss_place_id(areas.small_area) if areas.small_area else ""
    if areas.small_area and area not in graph and (row := small_area_row(areas.small_area)) is not None:
        _add_place(graph, _small_area(row), [council])
    if area in graph:
        whole_ward = wards.get(areas.area_ward.code) if areas.area_ward else None
        _add_place(graph, graph.node(area), [whole_ward] if whole_ward else [])  # type: ignore[arg-type]
        placed.append((area, areas.small_area_approximate))
    for target, approximate in placed:
        graph.add_edge(
            Edge(
                source=node,
                relation=relation,
                target=target,
                attributes={"approximate": True} if approximate else {},
                provenance=[{"source": AREAS_SOURCE, "locator": found.postcode, "inferred": True}],
            )
        )


def serve_area(graph: AssetGraph, services: Iterable[str], place: str, origin: str) -> int:
    """Each of ``services`` that serves no place serves ``place`` (as
    :func:`~assetgraph.geography.lookup.find_place` reads it): the area a directory covers,
    given when the graph is built, marked inferred with that reason. How many it gave an area."""
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

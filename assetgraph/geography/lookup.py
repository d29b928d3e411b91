"""Finding the place a person names in a graph: by the graph's own ids, names, codes and
aliases, or by a postcode or postcode sector, read through the bundled postcode tables.

>>> from assetgraph.graphmodel import AssetGraph, Place, Provenance
>>> g = AssetGraph()
>>> cardiff = Place(name="Cardiff", level="local_authority", code="W06000015", provenance=[Provenance(source="x")])
>>> _ = g.add_node(cardiff)
>>> find_place(g, "Cardiff"), find_place(g, "CF23 9AB")
('place:cardiff', 'place:cardiff')
"""

from __future__ import annotations

from ..errors import NodeNotFound, NoPlaces
from ..graphmodel.graph import AssetGraph
from ..graphmodel.identifiers import gss_place_id
from ..graphmodel.vocabulary import NodeKind
from .postcodes import postcode_place
from .small_areas import postcode_areas

__all__ = ["find_place"]


def find_place(graph: AssetGraph, place: str) -> str:
    """The place a person names: a place of the graph by id, name or code, or a postcode or
    postcode sector ("CF23 9AB", "CF23 9"), which is in its council. A full postcode is its
    small area, or else its ward, where the graph holds them.

    Raises NodeNotFound where neither fits; NoPlaces, saying which council, for a postcode
    whose council the graph does not hold.
    """
    try:
        return graph.find(place, NodeKind.PLACE).id
    except NodeNotFound:
        found = postcode_place(place)
        if found is None:
            raise
        areas = postcode_areas(found.postcode) if found.exact else None
        for code in (areas.small_area, areas.ward and areas.ward.code) if areas else ():
            if code and gss_place_id(code) in graph:
                return gss_place_id(code)
        council = gss_place_id(found.code)
        if council not in graph:
            council = next(iter(graph.lookup(found.code, NodeKind.PLACE)), council)
        if council not in graph:
            raise NoPlaces(
                f"{found.postcode} is in {found.name} ({found.code}), a place this graph does not hold"
            ) from None
        return council

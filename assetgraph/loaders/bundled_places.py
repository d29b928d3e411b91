"""The bundled UK places as a source: the reference geography's rows of the chosen nations
turned into records of places, each WITHIN the places it lies in, with deprivation and (for a
council) the summary of its small areas and the names people use for it.

>>> records = read_bundled_places(["wales"])
>>> records.origin, len(records.nodes) > 1900
('bundled UK places (wales)', True)
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Location
from ..geography.everyday_names import everyday_names
from ..geography.places import bundled_rows, bundled_summaries, known_nations
from ..graphmodel.identifiers import gss_place_id
from ..graphmodel.vocabulary import NodeKind, PlaceLevel
from .records import EdgeRecord, NodeRecord, SourceRecords

__all__ = ["read_bundled_places"]


def read_bundled_places(nations: Iterable[str]) -> SourceRecords:
    """Records of the bundled places of ``nations`` (with the United Kingdom above them).

    Raises QueryError for a nation that is not ``scotland``, ``wales`` or ``england``.
    """
    wanted = known_nations(nations)
    origin = f"bundled UK places ({', '.join(wanted)})"
    records = SourceRecords(origin=origin, format="places", curated=False)
    source = {"source": "UK geography and deprivation (ONS, NRS, Scottish and Welsh Government, MHCLG; OGL v3.0)"}
    kept = [r for r in bundled_rows() if r.nation in wanted or r.level == PlaceLevel.COUNTRY]
    codes = {r.code for r in kept}
    summaries = bundled_summaries()
    for r in kept:
        where = Location(origin, r.code)
        summary = summaries.get(r.code)
        data = {
            "id": gss_place_id(r.code),
            "name": r.name,
            "level": r.level.value,
            "code": r.code,
            "aliases": everyday_names(r.name) if r.level == PlaceLevel.LOCAL_AUTHORITY else [],
            "attributes": r.rates | (summary.attributes() if summary else {}),
            "provenance": [source | {"locator": r.code}],
        }
        data |= {
            k: v
            for k, v in (
                ("deprivation_index", r.index),
                ("deprivation_rank", r.rank),
                ("deprivation_decile", r.decile),
                ("population", r.population),
            )
            if v is not None
        }
        records.nodes.append(NodeRecord(NodeKind.PLACE, data, where))
        for parent in r.within:
            if parent in codes:
                records.edges.append(
                    EdgeRecord(
                        gss_place_id(r.code),
                        gss_place_id(parent),
                        {"relation": "WITHIN", "provenance": [source | {"locator": r.code}]},
                        where,
                    )
                )
    return records

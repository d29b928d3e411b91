"""The directory part of a graph as an Open Referral HSDS 3 tabular data package, so what the
tool learned can go back to a directory: organisations, the services they run (a service no
organisation runs cannot be listed: HSDS needs its organisation), the places services are
located in (locations and service-at-location), the areas they serve, and the themes they
address as a taxonomy with its terms and attributes.
"""

from __future__ import annotations

import json
from typing import Any

from ..graphmodel.graph import AssetGraph
from ..graphmodel.nodes import Organisation, Place, Service, Theme
from ..graphmodel.vocabulary import NodeKind, Relation
from .rows import csv_bytes

__all__ = ["hsds_package", "TABLES"]

TAXONOMY = "assetgraph-themes"
#: resource -> (file, [(field, type)], foreign keys {field: resource}); required fields first
TABLES: dict[str, tuple[str, list[tuple[str, str]], dict[str, str]]] = {
    "organization": (
        "organizations.csv",
        [
            ("id", "string"),
            ("name", "string"),
            ("description", "string"),
            ("alternate_name", "string"),
            ("email", "string"),
            ("website", "string"),
        ],
        {},
    ),
    "service": (
        "services.csv",
        [
            ("id", "string"),
            ("organization_id", "string"),
            ("name", "string"),
            ("status", "string"),
            ("description", "string"),
            ("url", "string"),
            ("email", "string"),
            ("eligibility_description", "string"),
            ("application_process", "string"),
            ("fees_description", "string"),
        ],
        {"organization_id": "organization"},
    ),
    "location": (
        "locations.csv",
        [
            ("id", "string"),
            ("location_type", "string"),
            ("name", "string"),
            ("latitude", "number"),
            ("longitude", "number"),
            ("external_identifier", "string"),
            ("external_identifier_type", "string"),
        ],
        {},
    ),
    "service_at_location": (
        "service_at_location.csv",
        [("id", "string"), ("service_id", "string"), ("location_id", "string")],
        {"service_id": "service", "location_id": "location"},
    ),
    "service_area": (
        "service_areas.csv",
        [
            ("id", "string"),
            ("service_id", "string"),
            ("name", "string"),
            ("description", "string"),
            ("extent_type", "string"),
        ],
        {"service_id": "service"},
    ),
    "taxonomy": ("taxonomies.csv", [("id", "string"), ("name", "string"), ("description", "string")], {}),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        [
            ("id", "string"),
            ("name", "string"),
            ("description", "string"),
            ("taxonomy", "string"),
            ("taxonomy_id", "string"),
        ],
        {"taxonomy_id": "taxonomy"},
    ),
    "attribute": (
        "attributes.csv",
        [
            ("id", "string"),
            ("link_id", "string"),
            ("taxonomy_term_id", "string"),
            ("link_type", "string"),
            ("link_entity", "string"),
        ],
        {"taxonomy_term_id": "taxonomy_term"},
    ),
}


def _rows(graph: AssetGraph) -> dict[str, list[dict[str, Any]]]:
    runner = {t: s for s, t in graph.ends(Relation.RUNS) if graph.kind_of(s) is NodeKind.ORGANISATION}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for org in graph.nodes(NodeKind.ORGANISATION):
        assert isinstance(org, Organisation)
        rows["organization"].append(
            {
                "id": org.id,
                "name": org.name,
                "description": org.description or org.name,
                "alternate_name": org.aliases[0] if org.aliases else None,
                "email": org.email,
                "website": org.url,
            }
        )
    services = set()
    for service in graph.nodes(NodeKind.SERVICE):
        assert isinstance(service, Service)
        if service.id not in runner:
            continue
        services.add(service.id)
        rows["service"].append(
            {
                "id": service.id,
                "organization_id": runner[service.id],
                "name": service.name,
                "status": "active",
                "description": service.description,
                "url": service.url,
                "email": service.email,
                "eligibility_description": service.eligibility,
                "application_process": service.access,
                "fees_description": service.cost,
            }
        )
    located = [(s, p) for s, p in graph.ends(Relation.LOCATED_IN) if s in services]
    for place_id in dict.fromkeys(p for _, p in located):
        place = graph.node(place_id)
        assert isinstance(place, Place)
        rows["location"].append(
            {
                "id": place.id,
                "location_type": "physical",
                "name": place.name,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "external_identifier": place.code,
                "external_identifier_type": "GSS" if place.code else None,
            }
        )
    for i, (service_id, place_id) in enumerate(located, start=1):
        rows["service_at_location"].append({"id": f"sal-{i}", "service_id": service_id, "location_id": place_id})
    for i, (service_id, place_id) in enumerate(((s, p) for s, p in graph.ends(Relation.SERVES) if s in services), 1):
        place = graph.node(place_id)
        assert isinstance(place, Place)
        rows["service_area"].append(
            {
                "id": f"area-{i}",
                "service_id": service_id,
                "name": place.name,
                "description": f"{place.name} ({place.code})" if place.code else place.name,
                "extent_type": "gss_code" if place.code else None,
            }
        )
    themes = list(graph.nodes(NodeKind.THEME))
    if themes:
        rows["taxonomy"].append(
            {"id": TAXONOMY, "name": "assetgraph themes", "description": "The needs and topics assets address."}
        )
    for theme in themes:
        assert isinstance(theme, Theme)
        rows["taxonomy_term"].append(
            {
                "id": theme.id,
                "name": theme.name,
                "description": theme.description or theme.name,
                "taxonomy": "assetgraph themes",
                "taxonomy_id": TAXONOMY,
            }
        )
    for i, (source, theme_id) in enumerate(graph.ends(Relation.ADDRESSES), start=1):
        entity = {NodeKind.SERVICE: "service", NodeKind.ORGANISATION: "organization"}.get(graph.kind_of(source))
        if entity and (entity == "organization" or source in services):
            rows["attribute"].append(
                {
                    "id": f"attr-{i}",
                    "link_id": source,
                    "taxonomy_term_id": theme_id,
                    "link_type": "theme",
                    "link_entity": entity,
                }
            )
    return rows


def hsds_package(graph: AssetGraph) -> dict[str, bytes]:
    """The package's CSV tables and its ``datapackage.json`` (each table's fields, types,
    primary key and foreign keys)."""
    rows = _rows(graph)
    files: dict[str, bytes] = {}
    resources = []
    for name, (path, fields, foreign) in TABLES.items():
        files[path] = csv_bytes([f for f, _ in fields], rows[name])
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "schema": {
                    "fields": [{"name": f, "type": t} for f, t in fields],
                    "primaryKey": "id",
                    "foreignKeys": [
                        {"fields": f, "reference": {"resource": r, "fields": "id"}} for f, r in foreign.items()
                    ],
                },
            }
        )
    package = {
        "name": "assetgraph-directory",
        "title": f"{graph.name or 'assetgraph'}: the directory part, as Open Referral HSDS 3",
        "profile": "tabular-data-package",
        "resources": resources,
    }
    files["datapackage.json"] = (json.dumps(package, indent=2) + "\n").encode("utf-8")
    return files

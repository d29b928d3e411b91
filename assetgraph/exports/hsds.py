"""The directory part of a graph as an Open Referral HSDS 3 tabular data package, so what the
tool learned can go back to a directory: organisations, the services they run (a service no
organisation runs cannot be listed: HSDS needs its organisation), the places services are
located in (locations and service-at-location), the areas they serve (a GSS area by its ONS
URI), and the themes organisations and services address as a taxonomy with its terms and
attributes. Every id is a UUID derived from ours (see :func:`hsds_id`); an organisation's
identifiers, ours among them, are its organization_identifier rows.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from typing import Any
from urllib.parse import quote, urlsplit

from ..graphmodel.graph import AssetGraph
from ..graphmodel.identifiers import org_id_scheme, organisation_keys
from ..graphmodel.nodes import Organisation, Place, Service, Theme
from ..graphmodel.vocabulary import NodeKind, Relation
from .rows import csv_bytes

__all__ = ["Package", "hsds_package", "hsds_id", "TABLES", "OUR_ID"]

#: the namespace of the package's UUIDs (uuid5 of our ids), so a re-export gives the same ids
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/assetgraph/assetgraph/hsds")
#: the identifier_type of the organization_identifier row that keeps an organisation's id here
OUR_ID = "assetgraph id"
TAXONOMY = "assetgraph themes"
#: register numbers kept without their register's prefix, written as org-ids
_REGISTERS = frozenset({"charity_number", "company_number"})
#: ONS's persistent URI of a GSS area, the service area's ``uri``
GSS_URI = "http://statistics.data.gov.uk/id/statistical-geography/"
_S, _N = "string", "number"
#: resource -> (file, [(field, type)] as HSDS 3.0 lists them, in its order, foreign keys)
TABLES: dict[str, tuple[str, list[tuple[str, str]], dict[str, str]]] = {
    "organization": (
        "organizations.csv",
        [
            ("id", _S),
            ("name", _S),
            ("alternate_name", _S),
            ("description", _S),
            ("email", _S),
            ("website", _S),
            ("tax_status", _S),
            ("tax_id", _S),
            ("year_incorporated", _N),
            ("legal_status", _S),
            ("logo", _S),
            ("uri", _S),
            ("parent_organization_id", _S),
        ],
        {},
    ),
    "organization_identifier": (
        "organization_identifiers.csv",
        [("id", _S), ("organization_id", _S), ("identifier_scheme", _S), ("identifier_type", _S), ("identifier", _S)],
        {"organization_id": "organization"},
    ),
    "service": (
        "services.csv",
        [
            ("id", _S),
            ("organization_id", _S),
            ("program_id", _S),
            ("name", _S),
            ("alternate_name", _S),
            ("description", _S),
            ("url", _S),
            ("email", _S),
            ("status", _S),
            ("interpretation_services", _S),
            ("application_process", _S),
            ("fees_description", _S),
            ("wait_time", _S),
            ("fees", _S),
            ("accreditations", _S),
            ("eligibility_description", _S),
            ("minimum_age", _N),
            ("maximum_age", _N),
            ("assured_date", "date"),
            ("assurer_email", _S),
            ("licenses", _S),
            ("alert", _S),
            ("last_modified", "datetime"),
        ],
        {"organization_id": "organization"},
    ),
    "location": (
        "locations.csv",
        [
            ("id", _S),
            ("location_type", _S),
            ("url", _S),
            ("organization_id", _S),
            ("name", _S),
            ("alternate_name", _S),
            ("description", _S),
            ("transportation", _S),
            ("latitude", _N),
            ("longitude", _N),
            ("external_identifier", _S),
            ("external_identifier_type", _S),
        ],
        {"organization_id": "organization"},
    ),
    "service_at_location": (
        "service_at_location.csv",
        [("id", _S), ("service_id", _S), ("location_id", _S), ("description", _S)],
        {"service_id": "service", "location_id": "location"},
    ),
    "service_area": (
        "service_areas.csv",
        [
            ("id", _S),
            ("service_id", _S),
            ("name", _S),
            ("description", _S),
            ("extent", _S),
            ("extent_type", _S),
            ("uri", _S),
        ],
        {"service_id": "service"},
    ),
    "taxonomy": (
        "taxonomies.csv",
        [("id", _S), ("name", _S), ("description", _S), ("uri", _S), ("version", _S)],
        {},
    ),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        [
            ("id", _S),
            ("code", _S),
            ("name", _S),
            ("description", _S),
            ("parent_id", _S),
            ("taxonomy", _S),
            ("language", _S),
            ("taxonomy_id", _S),
            ("term_uri", _S),
        ],
        {"taxonomy_id": "taxonomy"},
    ),
    "attribute": (
        "attributes.csv",
        [
            ("id", _S),
            ("link_id", _S),
            ("taxonomy_term_id", _S),
            ("link_type", _S),
            ("link_entity", _S),
            ("value", _S),
        ],
        {"taxonomy_term_id": "taxonomy_term"},
    ),
}


def hsds_id(*parts: str) -> str:
    """The package's UUID for one of our nodes (its id) or links (the ids it joins): the
    same on every export.

    >>> hsds_id("organisation:chex") == hsds_id("organisation:chex") != hsds_id("organisation:phs")
    True
    """
    return str(uuid.uuid5(NAMESPACE, " ".join(parts)))


_HOST = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
#: what RFC 3986 allows in a URI, ``%`` included for what is already escaped
_URI_SAFE = "-._~:/?#[]@!$&'()*+,;=%"
_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


class _Fitted:
    """URLs and e-mail addresses as HSDS's ``format: uri`` and ``format: email`` take them,
    with a count of the values left out, by field, because they are neither."""

    def __init__(self) -> None:
        self.left_out: Counter[str] = Counter()

    def uri(self, value: str | None, field: str) -> str | None:
        """``value`` as an http(s) URI: a web address given without its scheme
        (``www.example.org``) as ``https://``, other characters percent-escaped; None, counted,
        where it names no host."""
        if not value or not value.strip():
            return None
        text = value.strip()
        if not _SCHEME.match(text):
            text = "https://" + text
        try:
            parts = urlsplit(text)
        except ValueError:  # brackets that name no IPv6 host, as "[link withheld]" does
            parts = None
        if parts and parts.scheme.lower() in ("http", "https") and _HOST.fullmatch(parts.netloc):
            return quote(text, safe=_URI_SAFE)
        self.left_out[field] += 1
        return None

    def email(self, value: str | None, field: str) -> str | None:
        """``value`` as an e-mail address (a ``mailto:`` taken off); None, counted, where it is none."""
        if not value or not value.strip():
            return None
        text = value.strip().removeprefix("mailto:")
        if _EMAIL.fullmatch(text):
            return text
        self.left_out[field] += 1
        return None


def _identifiers(org: Organisation) -> list[dict[str, Any]]:
    """An organisation's identifier rows: a register number as its org-id (``GB-CHC-...``, the
    scheme as org-id.guide names it, which our loader reads back), a directory's own record id
    under its directory's name, and our id."""
    rows = []
    for name, value in sorted(org.identifiers.items()):
        given = name == "org_id" or value.upper().startswith(name.upper())
        if given or name in _REGISTERS:
            key = value if given else next(iter(organisation_keys({name: value})))
            rows.append({"identifier_scheme": org_id_scheme(key), "identifier_type": "org-id", "identifier": key})
        else:
            rows.append({"identifier_type": name, "identifier": value})
    rows.append({"identifier_type": OUR_ID, "identifier": org.id})
    return [
        row | {"id": hsds_id(org.id, row["identifier_type"], row["identifier"]), "organization_id": hsds_id(org.id)}
        for row in rows
    ]


def _rows(graph: AssetGraph, fit: _Fitted) -> dict[str, list[dict[str, Any]]]:
    runner = {t: s for s, t in graph.ends(Relation.RUNS) if graph.kind_of(s) is NodeKind.ORGANISATION}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for org in graph.nodes(NodeKind.ORGANISATION):
        assert isinstance(org, Organisation)
        rows["organization"].append(
            {
                "id": hsds_id(org.id),
                "name": org.name,
                "description": org.description or org.name,
                "alternate_name": org.aliases[0] if org.aliases else None,
                "email": fit.email(org.email, "organization.email"),
                "website": fit.uri(org.url, "organization.website"),
            }
        )
        rows["organization_identifier"] += _identifiers(org)
    services = set()
    for service in graph.nodes(NodeKind.SERVICE):
        assert isinstance(service, Service)
        if service.id not in runner:
            continue
        services.add(service.id)
        rows["service"].append(
            {
                "id": hsds_id(service.id),
                "organization_id": hsds_id(runner[service.id]),
                "name": service.name,
                "status": "active",
                "description": service.description,
                "url": fit.uri(service.url, "service.url"),
                "email": fit.email(service.email, "service.email"),
                "eligibility_description": service.eligibility,
                "application_process": service.access,
                "fees_description": service.cost,
            }
        )
    located = list(dict.fromkeys((s, p) for s, p in graph.ends(Relation.LOCATED_IN) if s in services))
    for place_id in dict.fromkeys(p for _, p in located):
        place = graph.node(place_id)
        assert isinstance(place, Place)
        rows["location"].append(
            {
                "id": hsds_id(place.id),
                "location_type": "physical",
                "name": place.name,
                "description": place.description,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "external_identifier": place.code,
                "external_identifier_type": "GSS" if place.code else None,
            }
        )
    for service_id, place_id in located:
        rows["service_at_location"].append(
            {
                "id": hsds_id(service_id, "LOCATED_IN", place_id),
                "service_id": hsds_id(service_id),
                "location_id": hsds_id(place_id),
            }
        )
    for service_id, place_id in dict.fromkeys((s, p) for s, p in graph.ends(Relation.SERVES) if s in services):
        place = graph.node(place_id)
        assert isinstance(place, Place)
        rows["service_area"].append(
            {
                "id": hsds_id(service_id, "SERVES", place_id),
                "service_id": hsds_id(service_id),
                "name": place.name,
                "description": place.description,
                "uri": GSS_URI + place.code if place.code else None,
            }
        )
    themes = list(graph.nodes(NodeKind.THEME))
    if themes:
        rows["taxonomy"].append(
            {"id": hsds_id(TAXONOMY), "name": TAXONOMY, "description": "The needs and topics assets address."}
        )
    for theme in themes:
        assert isinstance(theme, Theme)
        rows["taxonomy_term"].append(
            {
                "id": hsds_id(theme.id),
                "code": theme.taxonomy_code,
                "name": theme.name,
                "description": theme.description or theme.name,
                "taxonomy": theme.taxonomy,
                "taxonomy_id": hsds_id(TAXONOMY),
            }
        )
    listed = {NodeKind.ORGANISATION: "organization", NodeKind.SERVICE: "service"}
    for source, theme_id in dict.fromkeys(graph.ends(Relation.ADDRESSES)):
        entity = listed.get(graph.kind_of(source))
        if entity and (entity == "organization" or source in services):
            rows["attribute"].append(
                {
                    "id": hsds_id(source, "ADDRESSES", theme_id),
                    "link_id": hsds_id(source),
                    "taxonomy_term_id": hsds_id(theme_id),
                    "link_type": "theme",
                    "link_entity": entity,
                }
            )
    return rows


class Package(dict[str, bytes]):
    """The package's files (name -> bytes), and ``left_out``: how many values of each field
    (``service.url``) were left out because the field's format cannot take them."""

    def __init__(self, left_out: dict[str, int]) -> None:
        super().__init__()
        self.left_out = left_out


def hsds_package(graph: AssetGraph) -> Package:
    """The package's CSV tables, each with every field HSDS 3.0 gives it in the specification's
    order, and its ``datapackage.json`` (each table's fields, types, primary key and foreign
    keys). Cells are written as they are (no spreadsheet quoting): the package is read by
    directory software, and a quote would change names and ids; a web address or e-mail that
    the field's format cannot take is left out and counted (see :class:`_Fitted`)."""
    fit = _Fitted()
    rows = _rows(graph, fit)
    files = Package(dict(sorted(fit.left_out.items())))
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

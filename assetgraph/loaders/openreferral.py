"""Open Referral service directories: HSDS 3.0 and 1.1 tabular data packages and JSON payloads,
and the Open Referral UK shapes.

Accepted: a folder with ``datapackage.json`` and its CSV tables; a JSON file holding one full
object (service, organization, location or service-at-location, nested objects and all), a list
of them, or a paginated list payload (``{"contents": [...]}``, HSDS's ``/services``). Every shape
is first flattened into HSDS 3's tables, so one mapping serves all; the names HSDS 1.1 and Open
Referral UK use (``organizations``, ``physical_addresses``, ``service_taxonomys``, ``eligibilitys``,
a taxonomy table of terms) are read as the HSDS 3 tables they hold:

- organization -> organisation (``parent_organization_id`` -> PART_OF; organization
  identifiers such as ``GB-COH`` -> identifiers, so a body resolves across files);
- program -> initiative (the organisation RUNS it; its services are PART_OF it);
- service -> service (the organisation RUNS it); a service with no name is skipped; its
  eligibility rows and ages -> eligibility, its phone, and ORUK's ``attending_access``
  (drop-in, self referral, appointment, referral) -> how a person gets in, which routes weigh;
- location -> place (coordinates, kept as a pair or not at all; the physical address, else the
  postal one); service_at_location -> LOCATED_IN;
- service_area -> place the service SERVES (by GSS code where the area gives one, else its name);
- contact -> person with a ROLE_IN the organisation or service; e-mail and phone are
  personal data; a contact with no name is a channel, not a person: its phone becomes the
  service's or organisation's;
- taxonomy terms, through attributes, -> themes that what the attribute links to (a service,
  organisation, program or service-at-location) ADDRESSES; an attribute of anything else is
  skipped with the reason; a list of taxonomy terms alone (``/taxonomy_terms``) -> themes, and
  a list of taxonomies alone (vocabularies) holds nothing;
- ORUK target audiences -> themes the service ADDRESSES; audience labels are trimmed and
  ``Parent>Child`` becomes the theme Child with its path as an alias;
- funding -> FUNDS from a funder named by ``source`` (a sentence describing the funding is
  skipped, with the reason).

HTML in descriptions becomes plain text. A record that references an id the data does not hold
is skipped, with the reason.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, shown
from ..graphmodel.identifiers import gss_code, gss_place_id, org_id_scheme
from ..graphmodel.names import slug
from ..graphmodel.vocabulary import AttendingAccess, NodeKind
from ..reading import read_json
from ..tables import dict_rows
from .cleaning import clean, clean_name, label, plain_text
from .records import EdgeRecord, NodeRecord, SourceRecords

__all__ = ["read_openreferral", "is_openreferral", "HSDS_TABLES"]

Row = tuple[Location, dict[str, Any]]
#: the tables of an HSDS 3 data package
HSDS_TABLES = frozenset(
    {
        "organization",
        "organization_identifier",
        "program",
        "service",
        "service_at_location",
        "location",
        "address",
        "phone",
        "contact",
        "schedule",
        "service_area",
        "language",
        "funding",
        "cost_option",
        "accessibility",
        "attribute",
        "taxonomy",
        "taxonomy_term",
        "url",
        "metadata",
        "meta_table_description",
        "required_document",
        "service_capacity",
        "unit",
    }
)
_AUDIENCES = "Open Referral UK target audience"
#: HSDS 1.1 and Open Referral UK names of tables (and of the keys objects are nested under) ->
#: the HSDS 3 table that holds them
_OLDER_NAMES = {
    "organizations": "organization",
    "programs": "program",
    "services": "service",
    "locations": "location",
    "services_at_location": "service_at_location",
    "service_at_locations": "service_at_location",
    "physical_address": "address",
    "physical_addresses": "address",
    "postal_address": "address",
    "postal_addresses": "address",
    "addresses": "address",
    "phones": "phone",
    "contacts": "contact",
    "service_areas": "service_area",
    "eligibilitys": "eligibility",
    "fundings": "funding",
    "attributes": "attribute",
    "service_attribute": "attribute",
    "service_attributes": "attribute",
    "service_taxonomy": "attribute",
    "service_taxonomys": "attribute",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "organization_identifiers": "organization_identifier",
}
#: nested key in a parent object -> (table, foreign key the child gets)
_NESTED: dict[str, tuple[str, str | None]] = {
    "services": ("service", "organization_id"),
    "programs": ("program", "organization_id"),
    "locations": ("location", "organization_id"),
    "organization_identifiers": ("organization_identifier", "organization_id"),
    "service_areas": ("service_area", "service_id"),
    "service_at_locations": ("service_at_location", "service_id"),
    "contacts": ("contact", None),
    "phones": ("phone", None),
    "funding": ("funding", None),
    "fundings": ("funding", None),
    "attributes": ("attribute", "link_id"),
    "service_taxonomys": ("service_taxonomy", "service_id"),
    "addresses": ("address", "location_id"),
    "physical_addresses": ("physical_address", "location_id"),
    "postal_addresses": ("postal_address", "location_id"),
    "eligibilitys": ("eligibility", "service_id"),
    "pc_targetAudience": ("audience", "service_id"),
}
#: nested single object -> (table, key the parent gets)
_SINGLE: dict[str, tuple[str, str]] = {
    "organization": ("organization", "organization_id"),
    "program": ("program", "program_id"),
    "location": ("location", "location_id"),
    "service": ("service", "service_id"),
    "taxonomy_term": ("taxonomy_term", "taxonomy_term_id"),
    "taxonomy": ("taxonomy", "taxonomy_id"),
    "taxonomy_detail": ("taxonomy", "taxonomy_id"),
}
#: tables whose ``id`` names one thing wherever it is nested (an audience's ``id`` is a code)
_ENTITIES = frozenset(
    {"organization", "program", "service", "location", "service_at_location", "contact", "taxonomy_term"}
)
#: the fields read as text (or a number): a list or an object there is left out with a notice
_TEXT_FIELDS = frozenset(
    {
        "id", "name", "alternate_name", "description", "url", "website", "email", "status",
        "eligibility_description", "eligibility", "fees_description", "fees", "application_process",
        "minimum_age", "maximum_age", "latitude", "longitude", "number", "title", "department",
        "source", "audienceType", "attending_access", "attending_type", "deliverable_type", "code",
        "address_1", "address_2", "city", "postal_code", "link_entity", "link_id", "taxonomy_term_id",
        "extent", "uri", "identifier", "identifier_scheme", "parent_organization_id",
    }
)  # fmt: skip
#: the dates a record says it was made, checked or changed: HSDS 3's ``assured_date`` and
#: ``last_modified``, and Open Referral UK's ``pc_metadata`` (kept as a service's attributes, so
#: a route can prefer the newer of two records)
_RECORD_DATES = ("assured_date", "last_modified", "date_assured", "date_modified")
#: the tables whose records may address a theme (an attribute's ``link_entity``)
_ADDRESSING = ("service", "organization", "program", "service_at_location")
_OWNER_KEY = {
    "organization": "organization_id",
    "service": "service_id",
    "location": "location_id",
    "service_at_location": "service_at_location_id",
    "contact": "contact_id",
}


def is_openreferral(path: Path) -> bool:
    """Whether ``path`` is an HSDS data package folder or JSON with Open Referral's fields."""
    if path.is_dir():
        return (path / "datapackage.json").is_file()
    with path.open("rb") as handle:
        head = handle.read(8192)
    return any(
        k in head
        for k in (
            b'"organization"',
            b'"service_at_locations"',
            b'"pc_targetAudience"',
            b'"total_items"',
            b'"organization_identifiers"',
            b'"location_type"',
        )
    )


def _canonical(name: str, row: dict[str, Any]) -> str:
    """The HSDS 3 table a row of table ``name`` belongs in, completing the row with the fields
    that table has (an address's type, an attribute's link, a term's name)."""
    table = _OLDER_NAMES.get(name, name)
    if table == "taxonomy" and ("vocabulary" in row or "parent_id" in row or "parent" in row):
        table = "taxonomy_term"
    if table == "address" and name not in ("address", "addresses"):
        row.setdefault("address_type", "postal" if name.startswith("postal") else "physical")
    elif table == "attribute" and "service_id" in row:
        row.setdefault("link_entity", "service")
        row.setdefault("link_id", row["service_id"])
        row.setdefault("taxonomy_term_id", row.get("taxonomy_id"))
    elif table == "taxonomy_term":
        row.setdefault("name", row.get("term"))
        row.setdefault("taxonomy", row.get("vocabulary"))
    return table


class _Tables:
    """HSDS tables: table name -> rows, each with where it came from."""

    def __init__(self) -> None:
        self.rows: defaultdict[str, list[Row]] = defaultdict(list)
        self._seen: dict[tuple[str, str], dict[str, Any]] = {}
        #: what was left out as it was read (an object given again under one id with another
        #: name, a nested value of the wrong shape): where, and why
        self.dropped: list[tuple[Location, str]] = []
        #: the name the feed gives itself (a data package's name, or the organisation a JSON
        #: file of one organisation is): what its record ids are scoped by
        self.name: str | None = None

    def add_object(
        self, table: str, obj: dict[str, Any], where: Location, parent: tuple[str, str] | None = None
    ) -> None:
        """Add ``obj`` and, recursively, the objects nested in it, each knowing its parent. An
        object nested again elsewhere (the same id) is one row, completed by the repeat."""
        flat = {k: v for k, v in obj.items() if not isinstance(v, (dict, list))}
        metadata = obj.get("pc_metadata")
        if isinstance(metadata, dict):
            flat |= {k: v for k, v in metadata.items() if k in _RECORD_DATES and k not in flat}
        if parent and parent[0] not in flat:
            flat[parent[0]] = parent[1]
        for key, value in obj.items():
            if key in _SINGLE and isinstance(value, dict):
                flat.setdefault(_SINGLE[key][1], clean(value.get("id")))
        table = _canonical(table, flat)
        own_id = clean(obj.get("id"))
        keyed = own_id if table in _ENTITIES else None
        first = self._seen.get((table, keyed)) if keyed else None
        if first is None and keyed:
            self._seen[(table, keyed)] = flat
            self.rows[table].append((where, flat))
        elif first is not None:
            name, first_name = clean(flat.get("name")), clean(first.get("name"))
            if name and first_name and name != first_name:
                self.dropped.append(
                    (
                        where.with_field("name"),
                        f"{table} {shown(keyed)} is given again with another name "
                        f"({shown(name)}, first {shown(first_name)}); the first is kept",
                    )
                )
            for key, value in flat.items():
                if clean(first.get(key)) is None:
                    first[key] = value
        else:
            self.rows[table].append((where, flat))
        for key, value in obj.items():
            if key in _SINGLE and isinstance(value, dict):
                child_table, link = _SINGLE[key]
                self.add_object(child_table, value, Location(where.file, f"{where.where}.{key}"))
                if child_table == "service" and table == "service_at_location":
                    flat["service_id"] = clean(value.get("id"))
            elif key in _NESTED and isinstance(value, list):
                child_table, link = _NESTED[key]
                link = link or _OWNER_KEY.get(table)
                for i, child in enumerate(value):
                    child_where = Location(where.file, f"{where.where}.{key}[{i}]")
                    if not isinstance(child, dict):
                        self.dropped.append((child_where, f"should be an object, not {shown(child)}; left out"))
                        continue
                    if key == "attributes":
                        child = {**child, "link_entity": table}
                    self.add_object(child_table, child, child_where, (link, own_id) if link and own_id else None)
            elif (key in _SINGLE and key != "taxonomy" or key in _NESTED) and value not in (None, "", [], {}):
                shape = "an object" if key in _SINGLE else "a list of objects"
                self.dropped.append((where.with_field(key), f"should be {shape}, not {shown(value)}; left out"))
            elif key in _TEXT_FIELDS and isinstance(value, (dict, list)):
                self.dropped.append((where.with_field(key), f"should be text, not {shown(value)}; left out"))

    def add_rows(self, name: str, rows: Iterable[Row]) -> None:
        """Add a table's rows, each to the HSDS 3 table it belongs in."""
        for where, row in rows:
            self.rows[_canonical(name, row)].append((where, row))


#: the fields of a taxonomy (a vocabulary of terms) in HSDS 3's ``/taxonomies`` examples
_TAXONOMY_FIELDS = frozenset({"id", "name", "description", "uri", "version", "metadata"})


def _table_of(obj: dict[str, Any]) -> str:
    """The HSDS table a JSON object of a list or payload belongs in, told by its fields."""
    if "service" in obj and "location" in obj:
        return "service_at_location"
    if "taxonomy_detail" in obj or "term_uri" in obj or ("code" in obj and ("parent_id" in obj or "taxonomy" in obj)):
        return "taxonomy_term"
    if obj.keys() <= _TAXONOMY_FIELDS and ("uri" in obj or "version" in obj):
        return "taxonomy"
    if "services" in obj or "organization_identifiers" in obj or "legal_status" in obj:
        return "organization"
    if "location_type" in obj or "latitude" in obj:
        return "location"
    return "service"


def _from_json(path: Path, origin: str) -> _Tables:
    data = read_json(path, origin)
    items: Any = data
    prefix = ""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        items, prefix = data["contents"], "contents"
    elif isinstance(data, dict):
        items, prefix = [data], None
    if not isinstance(items, list):
        raise InputError(Location(origin), 'not Open Referral JSON: expected an object, a list or {"contents": [...]}')
    tables = _Tables()
    for i, obj in enumerate(items):
        if not isinstance(obj, dict):
            raise InputError(Location(origin, f"{prefix}[{i}]" if prefix is not None else None), "expected an object")
        where = Location(origin, f"{prefix}[{i}]" if prefix is not None else "$")
        tables.add_object(_table_of(obj), obj, where)
    if prefix is None and _table_of(data) == "organization":
        tables.name = clean_name(data.get("name"))
    return tables


def _from_package(folder: Path, origin: str) -> _Tables:
    """The tables a data package's descriptor lists; each resource must name a table file
    inside the package's folder."""
    descriptor = str(folder / "datapackage.json")
    package = read_json(folder / "datapackage.json", descriptor)
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        raise InputError(
            Location(descriptor, None, "resources"), 'a data package lists its tables under "resources": [...]'
        )
    tables = _Tables()
    tables.name = clean_name(package.get("name")) or clean_name(package.get("title"))
    inside = folder.resolve()
    for i, resource in enumerate(resources):
        where = Location(descriptor, f"resources[{i}]")
        if not isinstance(resource, dict):
            raise InputError(where, "a resource should be an object with a name and a path")
        name, rel = resource.get("name"), resource.get("path")
        if not isinstance(name, str) or not isinstance(rel, str) or not name or not rel:
            raise InputError(where, "a resource needs a name and a path (text)")
        table = (folder / rel).resolve()
        if Path(rel).is_absolute() or not table.is_relative_to(inside):
            raise InputError(
                where.with_field("path"),
                f"{shown(rel)} lies outside the package's folder; a package reads only its own files",
            )
        if not table.is_file():
            raise InputError(where.with_field("path"), f"{shown(rel)} is not in the package")
        tables.add_rows(name, dict_rows(table, str(folder / rel)))
    return tables


class _Mapper:
    """Turns HSDS tables into records, checking every reference."""

    def __init__(self, tables: _Tables, origin: str, records: SourceRecords) -> None:
        self.t = tables
        self.origin = origin
        self.records = records
        self.refs: dict[tuple[str, str], str] = {}
        #: ids of the shared nodes (themes, service-area places) already made
        self.made: set[str] = set()
        #: the scheme of this directory's own record ids: two records of one directory with
        #: different ids are two things, whatever their names. It is scoped by the feed's name,
        #: never by its file's, so that a download saved under another name keeps its identities
        self.scheme = f"openreferral {records.name}" if records.name else "openreferral"

    @cached_property
    def addresses(self) -> dict[str, dict[str, Any]]:
        """Each location's address: its physical one where it has one, else its postal one."""
        order = {"physical": 0, "postal": 1}
        found: dict[str, dict[str, Any]] = {}
        for _, row in self.t.rows["address"]:
            location = clean(row.get("location_id"))
            rank = order.get(clean(row.get("address_type")) or "physical", 2)
            if location and (location not in found or rank < order.get(found[location].get("address_type"), 2)):
                found[location] = row | {"address_type": clean(row.get("address_type")) or "physical"}
        return found

    @cached_property
    def phones(self) -> dict[tuple[str, str], list[str]]:
        """Phone numbers by owner (``("service_id", id)``, organisation, contact). A nameless
        contact is a channel, not a person: its numbers are its service's or organisation's."""
        nameless = {
            clean(r.get("id")): r for _, r in self.t.rows["contact"] if clean(r.get("id")) and not clean(r.get("name"))
        }
        found: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
        for _, row in self.t.rows["phone"]:
            number = (clean(row.get("number")) or "").strip('"')
            if not number:
                continue
            owners = [(f, clean(row.get(f))) for f in ("contact_id", "service_id", "organization_id")]
            channel = nameless.get(clean(row.get("contact_id")))
            if channel:
                owners += [(f, clean(channel.get(f))) for f in ("service_id", "organization_id")]
            for field, owner in owners:
                if owner and number not in found[(field, owner)]:
                    found[(field, owner)].append(number)
        return found

    def _phone(self, field: str, row: dict[str, Any]) -> str | None:
        return next(iter(self.phones.get((field, clean(row.get("id")) or ""), [])), None)

    @cached_property
    def eligibility(self) -> dict[str, list[str]]:
        """Each service's eligibility rows as text: the criterion, and the ages it gives."""
        found: defaultdict[str, list[str]] = defaultdict(list)
        for _, row in self.t.rows["eligibility"]:
            service = clean(row.get("service_id"))
            text = plain_text(clean(row.get("eligibility") or row.get("description")))
            if service and (said := ", ".join(v for v in (text, _ages(row)) if v)):
                found[service].append(said)
        return found

    @staticmethod
    def _key(where: Location, row: dict[str, Any]) -> str:
        """The row's id, or for a row with none its place in the source, so that two rows
        without ids stay two."""
        return clean(row.get("id")) or f"@{where.where}"

    def _prov(self, table: str, row_id: str | None) -> list[dict[str, Any]]:
        return [{"source": self.origin, "locator": f"{table} {row_id}" if row_id else table}]

    def _id(self, kind: NodeKind, name: str, taken: set[str], row_key: str) -> str:
        """The id of a row's node: from its name, told apart from a same-named row of this
        source by (the start of) its key."""
        base = f"{kind.value}:{slug(name)}"
        node, n = base, 1
        for suffix in (slug(row_key)[:8], slug(row_key)):
            if node not in taken:
                break
            node = f"{base}-{suffix}"
        while node in taken:
            n += 1
            node = f"{base}-{n}"
        taken.add(node)
        return node

    def _node(
        self, table: str, kind: NodeKind, where: Location, row: dict[str, Any], data: dict[str, Any], taken: set[str]
    ) -> None:
        row_id = clean(row.get("id")) or ""
        key = self._key(where, row)
        node_id = self._id(kind, data["name"], taken, key)
        if row_id:
            data.setdefault("identifiers", {})[self.scheme] = row_id
        if (table, key) in self.refs:
            return
        self.refs[(table, key)] = node_id
        self.records.nodes.append(
            NodeRecord(kind, data | {"id": node_id, "provenance": self._prov(table, row_id)}, where)
        )

    def _edge(
        self, source: str, relation: str, target: str, where: Location, table: str, row_id: str | None, **extra: Any
    ) -> None:
        self.records.edges.append(
            EdgeRecord(source, target, {"relation": relation, "provenance": self._prov(table, row_id), **extra}, where)
        )

    def _ref(self, table: str, ref: Any, where: Location, field: str) -> str | None:
        """The node id of a referenced row; a dangling reference is skipped with the reason."""
        key = clean(ref)
        if key is None:
            return None
        found = self.refs.get((table, key))
        if found is None:
            self.records.skip(where.with_field(field), f"refers to {table} {shown(key)}, which is not in the data")
        return found

    def organisations(self) -> None:
        taken: set[str] = set()
        ids: defaultdict[str, dict[str, str]] = defaultdict(dict)
        for _, row in self.t.rows["organization_identifier"]:
            scheme, value = clean(row.get("identifier_scheme")), clean(row.get("identifier"))
            org = clean(row.get("organization_id"))
            if scheme and value and org:
                full = value if value.upper().startswith(scheme.upper()) else f"{scheme}-{value}"
                ids[org][org_id_scheme(full)] = full
        postcodes = self._organisation_postcodes()
        for where, row in self.t.rows["organization"]:
            name = clean_name(row.get("name"))
            if not name:
                self.records.skip(where.with_field("name"), "the organisation has no name")
                continue
            here = postcodes.get(clean(row.get("id")) or "", set())
            data = {
                "name": name,
                "aliases": [a for a in [clean(row.get("alternate_name"))] if a],
                "description": plain_text(clean(row.get("description"))),
                "url": clean(row.get("website") or row.get("url")),
                "email": clean(row.get("email")),
                "phone": self._phone("organization_id", row),
                "identifiers": ids.get(clean(row.get("id")) or "", {}),
                "attributes": {"postcode": next(iter(here))} if len(here) == 1 else {},
            }
            self._node("organization", NodeKind.ORGANISATION, where, row, _present(data), taken)
        for where, row in self.t.rows["organization"]:
            me = self.refs.get(("organization", self._key(where, row)))
            parent = (
                self._ref("organization", row.get("parent_organization_id"), where, "parent_organization_id")
                if me
                else None
            )
            if me and parent and parent != me:
                self._edge(me, "PART_OF", parent, where, "organization", clean(row.get("id")))

    def _organisation_postcodes(self) -> dict[str, set[str]]:
        """The postcodes of each organisation's own locations: one tells where it is, which
        keeps it apart from a same-named body elsewhere."""
        found: defaultdict[str, set[str]] = defaultdict(set)
        for _, row in self.t.rows["location"]:
            org = clean(row.get("organization_id"))
            postcode = clean(self.addresses.get(clean(row.get("id")) or "", {}).get("postal_code"))
            if org and postcode:
                found[org].add(postcode)
        return found

    def programs(self) -> None:
        taken: set[str] = set()
        for where, row in self.t.rows["program"]:
            name = clean_name(row.get("name"))
            if not name:
                self.records.skip(where.with_field("name"), "the program has no name")
                continue
            data = {
                "name": name,
                "type": "programme",
                "aliases": [a for a in [clean(row.get("alternate_name"))] if a],
                "description": plain_text(clean(row.get("description"))),
            }
            self._node("program", NodeKind.INITIATIVE, where, row, _present(data), taken)
            org = self._ref("organization", row.get("organization_id"), where, "organization_id")
            if org:
                self._edge(
                    org, "RUNS", self.refs[("program", self._key(where, row))], where, "program", clean(row.get("id"))
                )

    def services(self) -> None:
        taken: set[str] = set()
        for where, row in self.t.rows["service"]:
            row_id = clean(row.get("id"))
            name = clean_name(row.get("name"))
            if not name:
                self.records.skip(where.with_field("name"), f"service {row_id or '(no id)'} has no name")
                continue
            data = _service_data(name, row) | self._service_extras(where, row)
            self._node("service", NodeKind.SERVICE, where, row, _present(data), taken)
            self._service_links(where, row)

    def _service_extras(self, where: Location, row: dict[str, Any]) -> dict[str, Any]:
        """What other tables and ORUK's fields add to a service: its eligibility rows, its
        phone, how a person attends (an unknown way is skipped with the reason, its label kept)."""
        extras: dict[str, Any] = {"phone": self._phone("service_id", row)}
        rows = self.eligibility.get(clean(row.get("id")) or "")
        if rows and not clean(row.get("eligibility_description")):
            extras["eligibility"] = "; ".join(rows)
        attributes = {f: clean(row.get(f)) for f in ("attending_type", "deliverable_type") if clean(row.get(f))}
        attributes |= self._record_dates(where, row)
        label = clean(row.get("attending_access"))
        if label:
            try:
                extras["attending_access"] = AttendingAccess.parse(label)
            except ValueError:
                attributes["attending_access"] = label
                choices = ", ".join(a.value for a in AttendingAccess)
                self.records.skip(
                    where.with_field("attending_access"),
                    f"{shown(label)} is not a way of attending ({choices}); kept as text, the service kept",
                )
        extras["access"] = plain_text(
            clean(row.get("application_process") or row.get("pc_attendingAccess_additionalInfo"))
        )
        return extras | {"attributes": attributes}

    def _record_dates(self, where: Location, row: dict[str, Any]) -> dict[str, str]:
        """The record's dates (:data:`_RECORD_DATES`) as ISO dates; one that is not a date is
        left out with a notice."""
        dates = {}
        for field in _RECORD_DATES:
            text = clean(row.get(field))
            if not text:
                continue
            try:
                dates[field] = dt.date.fromisoformat(text[:10]).isoformat()
            except ValueError:
                self.records.skip(where.with_field(field), f"{shown(text)} is not a date (YYYY-MM-DD); left out")
        return dates

    def _service_links(self, where: Location, row: dict[str, Any]) -> None:
        """RUNS from the service's organisation, PART_OF its program."""
        me, row_id = self.refs[("service", self._key(where, row))], clean(row.get("id"))
        org = self._ref("organization", row.get("organization_id"), where, "organization_id")
        if org:
            self._edge(org, "RUNS", me, where, "service", row_id)
        program = self._ref("program", row.get("program_id"), where, "program_id")
        if program:
            self._edge(me, "PART_OF", program, where, "service", row_id)

    def locations(self) -> None:
        taken: set[str] = set()
        for where, row in self.t.rows["location"]:
            row_id = clean(row.get("id")) or ""
            address = self.addresses.get(row_id, {})
            parts = ("address_1", "address_2", "address_3", "address_4", "city", "postal_code")
            street = ", ".join(v for v in (clean(address.get(k)) for k in parts) if v)
            name = clean_name(row.get("name")) or street
            if not name:
                self.records.skip(where.with_field("name"), "the location has neither a name nor an address")
                continue
            data: dict[str, Any] = {"name": name, "description": plain_text(clean(row.get("description")))}
            attributes = {k: v for k, v in (("address", street), ("postcode", clean(address.get("postal_code")))) if v}
            data |= self._coordinates(where, row)
            self._node("location", NodeKind.PLACE, where, row, _present(data | {"attributes": attributes}), taken)
        self._services_at_locations()

    def _coordinates(self, where: Location, row: dict[str, Any]) -> dict[str, float]:
        """A location's latitude and longitude, kept as a pair or not at all: where either is
        not a coordinate, or one is given without the other, both are left out with the
        reason, the location kept."""
        found = {axis: _number(row.get(axis)) for axis in ("latitude", "longitude")}
        given = {axis: value for axis, value in found.items() if value is not None}
        if not given:
            return {}
        for axis, limit in (("latitude", 90), ("longitude", 180)):
            value = found[axis]
            if value is None or not abs(value) <= limit:
                what = f"{shown(row.get(axis))} is not a {axis}" if value is not None else f"the {axis} is missing"
                self.records.skip(
                    where.with_field(axis), f"{what}; the location is kept without coordinates (neither is kept)"
                )
                return {}
        return given

    def _services_at_locations(self) -> None:
        for where, row in self.t.rows["service_at_location"]:
            service = self._ref("service", row.get("service_id"), where, "service_id")
            place = self._ref("location", row.get("location_id"), where, "location_id")
            if service and place:
                self._edge(service, "LOCATED_IN", place, where, "service_at_location", clean(row.get("id")))

    def service_areas(self) -> None:
        for where, row in self.t.rows["service_area"]:
            service = self._ref("service", row.get("service_id"), where, "service_id")
            name = clean(row.get("name") or row.get("service_area"))
            if not service:
                continue
            code = next(filter(None, (gss_code(row.get(field)) for field in ("uri", "extent", "name"))), None)
            if not name or len(name) > 80:
                if not code:
                    self.records.skip(
                        where.with_field("name"), "the service area is described, not named, and gives no GSS code"
                    )
                    continue
                name = code
            target = gss_place_id(code) if code else name
            if target not in self.made:
                self.made.add(target)
                data = {"name": name, "provenance": self._prov("service_area", clean(row.get("id")))}
                data |= {"id": target, "code": code} if code else {}
                self.records.nodes.append(NodeRecord(NodeKind.PLACE, data, where))
            self.records.edges.append(
                EdgeRecord(
                    service,
                    target,
                    {"relation": "SERVES", "provenance": self._prov("service_area", clean(row.get("id")))},
                    where,
                    None,
                    NodeKind.PLACE,
                )
            )

    def contacts(self) -> None:
        taken: set[str] = set()
        for where, row in self.t.rows["contact"]:
            row_id = clean(row.get("id")) or ""
            name = clean_name(row.get("name"))
            if not name:
                self.records.skip(
                    where.with_field("name"),
                    "the contact has no name: no person is recorded, its phone is the service's or organisation's",
                )
                continue
            data = _present({"name": name, "email": clean(row.get("email")), "phone": self._phone("contact_id", row)})
            self._node("contact", NodeKind.PERSON, where, row, data, taken)
            role = ", ".join(v for v in (clean(row.get("title")), clean(row.get("department"))) if v) or None
            for table, field in (("organization", "organization_id"), ("service", "service_id")):
                target = self._ref(table, row.get(field), where, field)
                if target:
                    self._edge(
                        self.refs[("contact", self._key(where, row))],
                        "ROLE_IN",
                        target,
                        where,
                        "contact",
                        row_id,
                        **({"role": role} if role else {}),
                    )

    def _theme(
        self,
        name: str,
        where: Location,
        taxonomy: str | None,
        code: str | None,
        aliases: list[str],
        table: str,
        row_id: str | None,
    ) -> str:
        node = f"theme:{slug(name)}"
        if node not in self.made:
            self.made.add(node)
            data = _present({"id": node, "name": name, "taxonomy": taxonomy, "taxonomy_code": code, "aliases": aliases})
            self.records.nodes.append(
                NodeRecord(NodeKind.THEME, data | {"provenance": self._prov(table, row_id)}, where)
            )
        return node

    def themes_addressed(self) -> None:
        """Themes from taxonomy terms linked through attributes, and from ORUK audiences; a
        list of taxonomy terms alone (HSDS's ``/taxonomy_terms``) gives every term as a theme."""
        self._taxonomy_themes()
        self._audience_themes()
        self._listed_terms()

    @cached_property
    def _terms(self) -> dict[str | None, dict[str, Any]]:
        return {clean(r.get("id")): r for _, r in self.t.rows["taxonomy_term"]}

    def _term_theme(self, term: dict[str, Any], where: Location) -> str | None:
        """The theme a taxonomy term stands for (None, skipped with the reason, if it has no name)."""
        name = clean_name(term.get("name"))
        if not name:
            self.records.skip(where.with_field("taxonomy_term_id"), "the taxonomy term has no name")
            return None
        vocabulary = clean(term.get("taxonomy")) or clean(
            self._taxonomies.get(clean(term.get("taxonomy_id")) or "", {}).get("name")
        )
        return self._theme(name, where, vocabulary, clean(term.get("code")), [], "taxonomy_term", clean(term.get("id")))

    @cached_property
    def _taxonomies(self) -> dict[str, dict[str, Any]]:
        return {clean(r.get("id")) or "": r for _, r in self.t.rows["taxonomy"]}

    @cached_property
    def _located_services(self) -> dict[str, str]:
        """The service of each service-at-location, by its id."""
        return {
            clean(r.get("id")) or "": clean(r.get("service_id")) or "" for _, r in self.t.rows["service_at_location"]
        }

    def _attribute_owner(self, where: Location, row: dict[str, Any]) -> str | None:
        """The node an attribute's term is about: the service, organisation, program or
        service-at-location (its service) its ``link_entity`` names by ``link_id``, or, where
        the entity is not one of HSDS's tables, the record of that id. An attribute of anything
        else (a location is a place, which addresses no theme; a phone, a schedule) or of an id
        the data does not hold is skipped with the reason."""
        entity = (clean(row.get("link_entity")) or "").lower()
        link = clean(row.get("link_id"))
        if link is None:
            self.records.skip(where.with_field("link_id"), "the attribute links to nothing (no link_id)")
            return None
        kind: str | None = entity
        if entity not in HSDS_TABLES or entity in _ADDRESSING:
            for table in [entity] if entity in _ADDRESSING else _ADDRESSING:
                service = self._located_services.get(link, "") if table == "service_at_location" else link
                owner = self.refs.get(("service" if table == "service_at_location" else table, service))
                if owner:
                    return owner
            guessed = entity not in _ADDRESSING
            kind = next((t for t in _ENTITIES if guessed and (t, link) in self.refs), None)
        if kind is None:
            said = f"{entity} " if entity in _ADDRESSING else ""
            self.records.skip(
                where.with_field("link_id"), f"the attribute links to {said}{shown(link)}, which is not in the data"
            )
            return None
        self.records.skip(
            where.with_field("link_entity"),
            f"the attribute is of a {kind}, which addresses no theme in the graph; left out",
        )
        return None

    def _taxonomy_themes(self) -> None:
        for where, row in self.t.rows["attribute"]:
            owner = self._attribute_owner(where, row)
            if owner is None:
                continue
            term = self._terms.get(clean(row.get("taxonomy_term_id")))
            if term is None:
                self.records.skip(
                    where.with_field("taxonomy_term_id"),
                    f"refers to taxonomy term {shown(clean(row.get('taxonomy_term_id')))}, which is not in the data",
                )
                continue
            theme = self._term_theme(term, where)
            if theme:
                self._edge(owner, "ADDRESSES", theme, where, "attribute", clean(row.get("id")))

    def _listed_terms(self) -> None:
        """A source of taxonomy terms and nothing they describe gives each term as a theme;
        a source of taxonomies alone (vocabularies, not terms) gives nothing, each skipped with
        the reason."""
        if self.records.nodes or self.t.rows["attribute"]:
            return
        for where, term in self.t.rows["taxonomy_term"]:
            self._term_theme(term, where)
        if not self.t.rows["taxonomy_term"]:
            for where, _ in self.t.rows["taxonomy"]:
                self.records.skip(
                    where,
                    "a taxonomy is a vocabulary of terms, not a theme or a service; load its terms "
                    "(HSDS's /taxonomy_terms) to have them as themes",
                )

    def _audience_themes(self) -> None:
        for where, row in self.t.rows["audience"]:
            service = self._ref("service", row.get("service_id"), where, "service_id")
            path = label(clean(row.get("audienceType")))
            if service is None:
                continue
            if not path:
                self.records.skip(where.with_field("audienceType"), "the target audience has no label")
                continue
            aliases = [">".join(path)] if len(path) > 1 else []
            theme = self._theme(
                path[-1], where, _AUDIENCES, clean(row.get("id")), aliases, "pc_targetAudience", clean(row.get("id"))
            )
            self._edge(service, "ADDRESSES", theme, where, "pc_targetAudience", clean(row.get("id")))

    def funding(self) -> None:
        for where, row in self.t.rows["funding"]:
            source = clean(row.get("source"))
            funded = [
                t
                for t in (
                    self._ref(table, row.get(field), where, field)
                    for table, field in (("service", "service_id"), ("organization", "organization_id"))
                )
                if t
            ]
            if not source or not funded:
                if not source:
                    self.records.skip(where.with_field("source"), "the funding names no source")
                continue
            if len(source) > 80 or ". " in source:
                self.records.skip(
                    where.with_field("source"), "the funding source is a description, not a funder's name"
                )
                continue
            self.records.nodes.append(
                NodeRecord(
                    NodeKind.ORGANISATION,
                    {"name": source, "sector": "funder", "provenance": self._prov("funding", clean(row.get("id")))},
                    where,
                )
            )
            self._edge(
                source,
                "FUNDS",
                funded[0],
                where,
                "funding",
                clean(row.get("id")),
                key=f"funding {clean(row.get('id'))}",
            )


def _service_data(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A service row's fields as the Service model has them (HTML as text, ages as eligibility
    where no description of it is given)."""
    return {
        "name": name,
        "aliases": [a for a in [clean(row.get("alternate_name"))] if a],
        "description": plain_text(clean(row.get("description"))),
        "url": clean(row.get("url")),
        "email": clean(row.get("email")),
        "eligibility": plain_text(clean(row.get("eligibility_description"))) or _ages(row),
        "cost": plain_text(clean(row.get("fees_description") or row.get("fees"))),
    }


def _ages(row: dict[str, Any]) -> str | None:
    """A row's age limits as words: "from age 16, up to age 25"."""
    ages = [
        f"{word} {clean(row.get(f))}"
        for word, f in (("from age", "minimum_age"), ("up to age", "maximum_age"))
        if clean(row.get(f))
    ]
    return ", ".join(ages) or None


def _present(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], {})}


def _number(value: Any) -> float | None:
    """A number from a cell or JSON value; NaN for what is given but is not one, None for blank."""
    if value is None or clean(value) is None:
        return None
    if isinstance(value, bool):
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return math.nan


def read_openreferral(path: str | Path, origin: str | None = None, name: str | None = None) -> SourceRecords:
    """The records of an HSDS data package folder or an Open Referral JSON file.

    The records' own ids are kept as identifiers under the scheme ``openreferral NAME``: NAME
    is ``name`` where given, else the feed's own (its data package's name, or the
    organisation a JSON file of one organisation describes), else none (``openreferral``).
    The file's name never enters it, so one feed saved under two names gives the same nodes.
    """
    path = Path(path)
    origin = origin or str(path)
    tables = _from_package(path, origin) if path.is_dir() else _from_json(path, origin)
    records = SourceRecords(origin, name=name or tables.name, format="openreferral", curated=False)
    for where, reason in tables.dropped:
        records.skip(where, reason)
    mapper = _Mapper(tables, origin, records)
    for step in (
        mapper.organisations,
        mapper.programs,
        mapper.services,
        mapper.locations,
        mapper.service_areas,
        mapper.contacts,
        mapper.themes_addressed,
        mapper.funding,
    ):
        step()
    return records

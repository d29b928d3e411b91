"""360Giving grant files: funders and recipients as organisations, one FUNDS relation per grant.

Reads the standard's JSON (``{"grants": [...]}``) and its flattened CSV or XLSX form: the
standard's titles (``Recipient Org:Identifier``, ``Amount Awarded``, ``Recipient Ind:Name``) or
GrantNav's download columns, which number repeated objects (``Beneficiary Location:1:Name``), and
in a workbook the template's grants sheet with the sheets of its other tables (see
:func:`_workbook_grants`). Grants to individuals make no person (see :class:`_Reach`).
Organisations are keyed by their org-id (``GB-CHC-…``, ``GB-SC-…``, ``GB-COH-…``), with charity
and company numbers beside it, so the same body in several files, or in an Open Referral
directory that gives the same numbers, becomes one node. Each grant is a FUNDS relation keyed by the grant's identifier,
with its amount, currency, award date and programme. Beneficiary locations become places, by
GSS code where given (else by name), served by the recipient (marked inferred: the grant says
where the money is for, not where the body works). A grant's classifications (the funder's
words for what the money is for and whom it helps, such as the Charity Commission's "what" and
"who" names) become themes the recipient ADDRESSES, which the needs crosswalk then reads.

>>> import json, pathlib, tempfile
>>> grant = {"id": "360G-x-1", "title": "Cafe", "currency": "GBP", "amountAwarded": 500,
...          "awardDate": "27/09/2013",
...          "fundingOrganization": [{"id": "GB-CHC-1", "name": "A Trust"}],
...          "recipientOrganization": [{"id": "GB-COH-123", "name": "Cafe CIC"}]}
>>> path = pathlib.Path(tempfile.mkdtemp()) / "grants.json"
>>> _ = path.write_text(json.dumps({"grants": [grant]}))
>>> records = read_360giving(path)
>>> [(e.source, e.data["relation"], e.target, e.data["amount"]) for e in records.edges]
[('organisation:gb-chc-1', 'FUNDS', 'organisation:gb-coh-00000123', 500.0)]
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, shown
from ..graphmodel.identifiers import (
    gss_code,
    gss_place_id,
    is_org_id,
    org_id_scheme,
    organisation_keys,
    postcode_district,
    url_key,
)
from ..graphmodel.names import normalise, slug
from ..graphmodel.vocabulary import NodeKind, PlaceLevel
from ..reading import read_json
from ..tables import dict_rows, sheet_headers
from .cleaning import clean, clean_name, parse_amount, parse_date, plain_text
from .records import EdgeRecord, NodeRecord, SourceRecords

__all__ = ["read_360giving", "is_360giving", "is_grant_header"]

#: geoCodeType (and common spellings) -> place level
_LEVELS = {
    "LSOA": PlaceLevel.SMALL_AREA,
    "DZ": PlaceLevel.SMALL_AREA,
    "OA": PlaceLevel.SMALL_AREA,
    "MSOA": PlaceLevel.NEIGHBOURHOOD,
    "IZ": PlaceLevel.NEIGHBOURHOOD,
    "WD": PlaceLevel.NEIGHBOURHOOD,
    "WARD": PlaceLevel.NEIGHBOURHOOD,
    "LAD": PlaceLevel.LOCAL_AUTHORITY,
    "UA": PlaceLevel.LOCAL_AUTHORITY,
    "MD": PlaceLevel.LOCAL_AUTHORITY,
    "NMD": PlaceLevel.LOCAL_AUTHORITY,
    "CTY": PlaceLevel.LOCAL_AUTHORITY,
    "LONB": PlaceLevel.LOCAL_AUTHORITY,
    "RGN": PlaceLevel.REGION,
    "CTRY": PlaceLevel.NATION,
}
#: a spreadsheet title's first part -> the grant's object it fills (a list in the JSON form)
_OBJECTS = {
    "Funding Org": "fundingOrganization",
    "Recipient Org": "recipientOrganization",
    "Recipient Ind": "recipientIndividual",
    "Beneficiary Location": "beneficiaryLocation",
    "Grant Programme": "grantProgramme",
    "Planned Dates": "plannedDates",
    "Classifications": "classifications",
}
#: objects nested in those objects (``Recipient Org:Location:0:Name``)
_NESTED_OBJECTS = {"Location": "location"}
#: the title of a field -> its JSON name, for the grant itself and for its objects
_FIELDS = {
    "Identifier": "id",
    "Title": "title",
    "Name": "name",
    "Description": "description",
    "Currency": "currency",
    "Amount Awarded": "amountAwarded",
    "Award Date": "awardDate",
    "Charity Number": "charityNumber",
    "Company Number": "companyNumber",
    "Web Address": "url",
    "Postal Code": "postalCode",
    "Address Locality": "addressLocality",
    "City": "addressLocality",
    "Street Address": "streetAddress",
    "Start Date": "startDate",
    "End Date": "endDate",
    "Geographic Code": "geoCode",
    "Geographic Code Type": "geoCodeType",
    "Country Code": "countryCode",
    "Code": "code",
    "Vocabulary": "vocabulary",
}
#: the titles of the grant's own fields
_GRANT_FIELDS = frozenset({"Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date"})
#: GrantNav's download titles that are not the standard's: title -> (object, field)
_GRANTNAV = {
    "Recipient Individual Id": ("recipientIndividual", "id"),
    "Recipient Individual Name": ("recipientIndividual", "name"),
}


def is_360giving(path: Path) -> bool:
    """Whether a file looks like 360Giving data (a ``grants`` list, or its flattened columns)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    titles = next(csv.reader([head.split(b"\n", 1)[0].decode("utf-8-sig", "replace")]), [])
    return b'"grants"' in head or is_grant_header(titles)


def is_grant_header(titles: Iterable[Any]) -> bool:
    """Whether a header row holds the titles of 360Giving's spreadsheet form (a funder, and a
    recipient organisation or individual)."""
    text = [str(t).strip() for t in titles if t is not None]
    return any(t.startswith("Funding Org:") for t in text) and any(
        t.startswith(("Recipient Org:", "Recipient Ind:", "Recipient Individual")) for t in text
    )


def _path_of(title: str) -> tuple[str | None, list[tuple[str, int]], str] | None:
    """Where a spreadsheet title puts its value: the grant's object (None for the grant
    itself), the nested lists on the way with the index in each, and the field. Titles name
    list items by number (``Beneficiary Location:1:Name``), or not for the first
    (``Beneficiary Location:Name``). None for a title this reader does not use."""
    if title in _GRANTNAV:
        obj, field = _GRANTNAV[title]
        return obj, [(obj, 0)], field
    parts = [part.strip() for part in title.split(":")]
    if len(parts) == 1:
        return (None, [], _FIELDS[title]) if title in _GRANT_FIELDS else None
    obj = _OBJECTS.get(parts[0])
    if obj is None:
        return None
    steps: list[tuple[str, int]] = [(obj, 0)]
    for part in parts[1:-1]:
        if part.isdigit():
            steps[-1] = (steps[-1][0], int(part))
        elif part in _NESTED_OBJECTS:
            steps.append((_NESTED_OBJECTS[part], 0))
        else:
            return None
    field = _FIELDS.get(parts[-1])
    return (obj, steps, field) if field else None


def _unflatten(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the spreadsheet form (the standard's titles or GrantNav's) as a grant of the
    JSON form, each object a list of items as the standard has them."""
    grant: dict[str, Any] = {}
    for column, value in row.items():
        path = _path_of(str(column))
        if path is None or value is None or str(value).strip() == "":
            continue
        obj, steps, field = path
        if obj is None:
            grant[field] = value
            continue
        holder: dict[str, Any] = grant
        for name, index in steps:
            items = holder.setdefault(name, [])
            while len(items) <= index:
                items.append({})
            holder = items[index]
        holder[field] = value
    return grant


def _join(grant: dict[str, Any], part: dict[str, Any]) -> None:
    """Add to ``grant`` the items of ``part`` (one row of a sheet of the template's other
    tables): an item holding only lists of its own (a recipient's locations) completes the
    grant's first item of that list; any other is one more item."""
    for name, items in part.items():
        if not isinstance(items, list):
            continue
        held = grant.setdefault(name, [])
        for item in items:
            if held and item and all(isinstance(v, list) for v in item.values()):
                _join(held[0], item)
            elif item not in held:
                held.append(item)


def _workbook_grants(path: Path, origin: str, records: SourceRecords) -> list[tuple[Location, dict[str, Any]]]:
    """The grants of a workbook: its sheet of grants (found by its titles, beside sheets such
    as the template's ``Meta``), completed by the sheets of the template's other tables
    (``beneficiaryLocation``, ``rec_location``, ``plannedDates``, ...), whose rows name their
    grant by its ``Identifier``. A row naming no grant of the sheet is skipped with the reason."""
    headers = sheet_headers(path, origin)
    main = next((title for title, header in headers.items() if is_grant_header(header)), None)
    if main is None:
        raise InputError(
            Location(origin),
            "no sheet of grants (a header with titles such as Funding Org:Name and Recipient Org:Name)",
        )
    grants = [(where, _unflatten(row)) for where, row in dict_rows(path, origin, main)]
    by_id = {clean(grant.get("id")): grant for _, grant in grants}
    for title, header in headers.items():
        titles = [str(t) for t in header if t is not None]
        if title == main or "Identifier" not in titles or not any(_path_of(t) for t in titles if t != "Identifier"):
            continue
        for where, row in dict_rows(path, origin, title):
            grant = by_id.get(clean(row.get("Identifier")))
            if grant is None:
                records.skip(
                    where.with_field("Identifier"),
                    f"names grant {shown(row.get('Identifier'))}, which the sheet {main!r} does not hold",
                )
                continue
            _join(grant, _unflatten({k: v for k, v in row.items() if k != "Identifier"}))
    return grants


def _grants(path: Path, origin: str, records: SourceRecords) -> list[tuple[Location, dict[str, Any]]]:
    if path.suffix.lower() == ".xlsx":
        return _workbook_grants(path, origin, records)
    if path.suffix.lower() == ".json":
        data = read_json(path, origin)
        grants = data.get("grants") if isinstance(data, dict) else data
        if not isinstance(grants, list):
            raise InputError(Location(origin), 'not 360Giving JSON: expected {"grants": [...]}')
        for i, grant in enumerate(grants):
            if not isinstance(grant, dict):
                raise InputError(
                    Location(origin, f"grants[{i}]"), f"a grant should be an object, not {type(grant).__name__}"
                )
        return [(Location(origin, f"grants[{i}]"), g) for i, g in enumerate(grants)]
    return [(where, _unflatten(row)) for where, row in dict_rows(path, origin)]


class _Themes:
    """The themes a file's grants are classified under, each made once, and the recipients
    that address them (one ADDRESSES per recipient and theme, whatever the number of grants)."""

    def __init__(self) -> None:
        self.made: dict[str, NodeRecord] = {}
        self.addressed: set[tuple[str, str]] = set()

    def add(
        self,
        records: SourceRecords,
        recipient: str,
        classification: dict[str, Any],
        here: Location,
        provenance: dict[str, Any],
    ) -> None:
        title = clean_name(classification.get("title"))
        if not title:
            return
        theme = f"theme:{slug(title)}"
        if theme not in self.made:
            data = {"id": theme, "name": title, "provenance": [provenance]}
            data |= {
                key: value
                for key, value in (
                    ("taxonomy", clean(classification.get("vocabulary"))),
                    ("taxonomy_code", clean(classification.get("code"))),
                )
                if value
            }
            self.made[theme] = NodeRecord(NodeKind.THEME, data, here)
        if (recipient, theme) not in self.addressed:
            self.addressed.add((recipient, theme))
            addresses = {"relation": "ADDRESSES", "provenance": [provenance]}
            records.edges.append(EdgeRecord(recipient, theme, addresses, here, NodeKind.ORGANISATION, NodeKind.THEME))

    def records(self, records: SourceRecords) -> None:
        records.nodes.extend(self.made.values())


def _first(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        return value[0] if value and isinstance(value[0], dict) else {}
    return value if isinstance(value, dict) else {}


#: address fields of an organisation in 360Giving -> the attribute each is kept as
_ADDRESS = {"postalCode": "postcode", "addressLocality": "locality", "streetAddress": "street"}


def _organisation(
    records: SourceRecords,
    seen: dict[str, dict[str, Any]],
    org: dict[str, Any],
    where: Location,
    role: str,
    provenance: dict,
) -> str | None:
    """Add the funder or recipient ``org`` once per identifier (else per name); a later grant
    adds its provenance, and a name that differs becomes an alias. Its node id, or None
    (skipped)."""
    org_id, name = clean(org.get("id")), clean_name(org.get("name"))
    if not name:
        records.skip(where.with_field(f"{role}.name"), f"the {role} has no name")
        return None
    org_id = org_id if org_id and is_org_id(org_id) else None
    identifiers = {
        k: v
        for k, v in (
            (org_id_scheme(org_id) if org_id else "", org_id),
            ("charity_number", clean(org.get("charityNumber"))),
            ("company_number", clean(org.get("companyNumber"))),
        )
        if v
    }
    keys = sorted(organisation_keys(identifiers))
    address = {attr: value for field, attr in _ADDRESS.items() if (value := clean(org.get(field)))}
    located = _first(org.get("location"))
    if "postcode" not in address and (postcode := clean(located.get("postalCode"))):
        address["postcode"] = postcode
    url = clean(org.get("url"))
    # with no identifier, a body is its name in its place: one name in two districts is two
    key = (
        f"organisation:{slug(keys[0])}"
        if keys
        else f"name {normalise(name)} {postcode_district(address.get('postcode'))} {url_key(url)}"
    )
    if key in seen:
        data = seen[key]
        data["provenance"].append(provenance)
        if normalise(name) != normalise(data["name"]) and name not in data.setdefault("aliases", []):
            data["aliases"].append(name)
        return key
    data = {"name": name, "identifiers": identifiers, "provenance": [provenance]} | ({"id": key} if keys else {})
    if role == "funder":
        data["sector"] = "funder"
    if description := plain_text(clean(org.get("description"))):
        data["description"] = description
    if url:
        data["url"] = url
    if address:
        data["attributes"] = address
    records.nodes.append(NodeRecord(NodeKind.ORGANISATION, data, where, ref=key))
    seen[key] = data
    return key


def _place(
    records: SourceRecords, seen: set[str], location: dict[str, Any], where: Location, provenance: dict
) -> tuple[str, bool] | None:
    """A beneficiary location as the reference an edge names it by, and whether it is a GSS
    code (a place made here, at the level its code type says) or only text, which names a place
    only where the graph already holds one of that name."""
    raw, name = clean(location.get("geoCode")), clean_name(location.get("name"))
    code = gss_code(raw)
    if code is None:
        text = raw or name
        return (text, False) if text else None
    ref = gss_place_id(code)
    if ref not in seen:
        seen.add(ref)
        level = _LEVELS.get((clean(location.get("geoCodeType")) or "").upper())
        data = {"id": ref, "name": name or code, "code": code, "provenance": [provenance]}
        records.nodes.append(NodeRecord(NodeKind.PLACE, data | ({"level": level.value} if level else {}), where))
    return ref, True


def _planned(grant: dict[str, Any], records: SourceRecords, here: Location) -> dict[str, Any]:
    """The grant's planned start and end dates, where they can be read (a bad one is noted and
    left out; the grant is kept)."""
    planned = _first(grant.get("plannedDates"))
    try:
        dates = {
            "start_date": parse_date(clean(planned.get("startDate"))),
            "end_date": parse_date(clean(planned.get("endDate"))),
        }
    except ValueError as exc:
        records.skip(here.with_field("plannedDates"), f"{exc}; the grant is kept without its planned dates")
        return {}
    if dates["start_date"] and dates["end_date"] and dates["end_date"] < dates["start_date"]:
        records.skip(
            here.with_field("plannedDates"), "the planned end is before the start; the grant is kept without them"
        )
        return {}
    return {k: v for k, v in dates.items() if v is not None}


class _Reach:
    """Grants to individuals. An individual recipient is personal data: no person is made,
    nothing of the recipient (name, identifier) is kept. What is kept is the funder's reach:
    how many grants to individuals and how much, on the funder (``grants_to_individuals``,
    ``amount_to_individuals``), and into each beneficiary place a grant names (a SERVES
    relation from the funder, with those two numbers)."""

    def __init__(self) -> None:
        self.totals: dict[tuple[str, str, bool], list[Any]] = {}
        self.funders: dict[str, list[float]] = {}

    def add(
        self, funder: str, places: list[tuple[str, bool]], amount: float | None, where: Location, provenance: dict
    ) -> None:
        """Count a grant of ``amount`` from ``funder`` to an individual in ``places`` (each a
        reference and whether it is a GSS code)."""
        total = self.funders.setdefault(funder, [0, 0.0])
        total[0] += 1
        total[1] += amount or 0.0
        for place in places:
            entry = self.totals.setdefault((funder, *place), [0, 0.0, where, provenance])
            entry[0] += 1
            entry[1] += amount or 0.0

    def records(self, records: SourceRecords, orgs: dict[str, dict[str, Any]]) -> None:
        for funder, (count, amount) in self.funders.items():
            orgs[funder].setdefault("attributes", {}).update(
                {"grants_to_individuals": count, "amount_to_individuals": amount}
            )
        for (funder, place, coded), (count, amount, where, provenance) in self.totals.items():
            data = {
                "relation": "SERVES",
                "key": "grants to individuals",
                "attributes": {"grants_to_individuals": count, "amount_to_individuals": amount},
                "provenance": [provenance | {"inferred": True}],
            }
            unknown = None if coded else f"beneficiary location {shown(place)} names no known place"
            records.edges.append(
                EdgeRecord(funder, place, data, where, NodeKind.ORGANISATION, NodeKind.PLACE, if_unknown=unknown)
            )


#: the fields read as text, in the grant and in the objects read from it
_TEXT = frozenset(
    {
        "id", "title", "description", "currency", "awardDate", "name", "charityNumber", "companyNumber",
        "postalCode", "addressLocality", "streetAddress", "url", "geoCode", "geoCodeType", "startDate", "endDate",
    }
)  # fmt: skip
#: the grant's objects this reader reads
_READ_OBJECTS = (
    "fundingOrganization",
    "recipientOrganization",
    "beneficiaryLocation",
    "grantProgramme",
    "plannedDates",
)


def _note_shapes(grant: dict[str, Any], records: SourceRecords, here: Location) -> None:
    """Note each field read as text that holds a list or an object instead: it is left out,
    as its Python form is no text anyone wrote."""
    objects: list[tuple[str, dict[str, Any]]] = [("", grant)]
    for name in _READ_OBJECTS:
        value = grant.get(name)
        items = value if isinstance(value, list) else [value]
        if name != "beneficiaryLocation" and value is not None and not all(isinstance(i, dict) for i in items):
            records.skip(here.with_field(name), f"should be a list of objects, not {shown(value)}; left out")
        for i, item in enumerate(items):
            if isinstance(item, dict):
                objects.append((f"{name}[{i}].", item))
                places = item.get("location")
                objects += [
                    (f"{name}[{i}].location[{j}].", place)
                    for j, place in enumerate(places if isinstance(places, list) else [])
                    if isinstance(place, dict)
                ]
    for prefix, obj in objects:
        for key in sorted(_TEXT & obj.keys()):
            if isinstance(obj[key], (list, dict)):
                records.skip(here.with_field(prefix + key), f"should be text, not {shown(obj[key])}; left out")


def _objects(value: Any, records: SourceRecords, where: Location, field: str) -> list[dict[str, Any]]:
    """The objects of a list field (one object is read as a list of one); anything else is
    noted and left out, the grant kept."""
    if value is None:
        return []
    items = [value] if isinstance(value, dict) else value if isinstance(value, list) else None
    if items is None or not all(isinstance(item, dict) for item in items):
        records.skip(
            where.with_field(field),
            f"should be a list of objects, not {shown(value)}; the grant is kept without its {field}",
        )
        return [item for item in items or [] if isinstance(item, dict)]
    return items


def _amount(grant: dict[str, Any], records: SourceRecords, here: Location) -> float | None:
    """The amount awarded; one that cannot be read, or is negative, is noted and left out,
    the grant kept."""
    value = grant.get("amountAwarded")
    try:
        if isinstance(value, bool):
            raise ValueError(f"{shown(value)} is not an amount")
        amount = parse_amount(value)
        if amount is not None and amount < 0:
            raise ValueError(f"{shown(value)} is negative, which an amount awarded cannot be")
    except ValueError as exc:
        records.skip(here.with_field("amountAwarded"), f"{exc}; the grant is kept without its amount")
        return None
    return amount


def _award_date(grant: dict[str, Any], records: SourceRecords, here: Location) -> dt.date | None:
    """The award date; one that cannot be read is noted and left out, the grant kept."""
    try:
        return parse_date(clean(grant.get("awardDate")))
    except ValueError as exc:
        records.skip(here.with_field("awardDate"), f"{exc}; the grant is kept without its award date")
        return None


def read_360giving(path: str | Path, origin: str | None = None, name: str | None = None) -> SourceRecords:
    """The organisations, places and FUNDS relations of a 360Giving file (JSON, CSV or XLSX).

    The source's name is ``name`` where given, else its publisher's (the 360Giving prefix its
    grant identifiers share, else its one funder's org-id); never the file's name. Node ids
    come from org-ids, charity and company numbers and GSS codes, so they survive a refresh.

    A grant with no identifier, or no funder or recipient name, is skipped, with the reason and
    the grant's place in the file; an amount (unreadable or negative), award date or planned
    dates that cannot be read are noted and left out, the grant kept. A beneficiary location
    with a GSS code is a place; one given only as text is kept on the grant
    (``beneficiary_location``) and names a place only where the graph holds one of that name.
    A grant to an individual makes no person: it adds to the funder's reach (see
    :class:`_Reach`).
    """
    path = Path(path)
    origin = origin or str(path)
    records = SourceRecords(origin, name=name, format="360giving", curated=False)
    orgs: dict[str, dict[str, Any]] = {}
    places: set[str] = set()
    reach = _Reach()
    publishers: set[str] = set()
    themes = _Themes()
    for where, grant in _grants(path, origin, records):
        grant_id = clean(grant.get("id"))
        if not grant_id:
            records.skip(where.with_field("id"), "the grant has no identifier")
            continue
        publishers.add(_publisher(grant, grant_id))
        here = Location(origin, f"{where.where}, grant {grant_id}")
        _note_shapes(grant, records, here)
        amount, awarded = _amount(grant, records, here), _award_date(grant, records, here)
        provenance = {"source": origin, "locator": grant_id}
        funder = _organisation(records, orgs, _first(grant.get("fundingOrganization")), here, "funder", provenance)
        locations = [
            found
            for location in _objects(grant.get("beneficiaryLocation"), records, here, "beneficiaryLocation")
            if (found := _place(records, places, location, here, provenance))
        ]
        if grant.get("recipientIndividual") and not grant.get("recipientOrganization"):
            if funder is not None:
                reach.add(funder, locations, amount, here, provenance)
            continue
        recipient = _organisation(
            records, orgs, _first(grant.get("recipientOrganization")), here, "recipient", provenance
        )
        if funder is None or recipient is None:
            continue
        title = clean(grant.get("title"))
        data: dict[str, Any] = {
            "relation": "FUNDS",
            "key": grant_id,
            "provenance": [provenance | ({"snippet": title} if title else {})],
        }
        texts = [ref for ref, coded in locations if not coded]
        extras = {
            "amount": amount,
            "currency": (clean(grant.get("currency")) or "").upper() or None,
            "award_date": awarded,
            "programme": clean(_first(grant.get("grantProgramme")).get("title")),
            "description": plain_text(clean(grant.get("description"))),
            "attributes": {"beneficiary_location": "; ".join(texts)} if texts else None,
        }
        data |= {k: v for k, v in extras.items() if v is not None} | _planned(grant, records, here)
        records.edges.append(EdgeRecord(funder, recipient, data, here, NodeKind.ORGANISATION, NodeKind.ORGANISATION))
        for classification in _objects(grant.get("classifications"), records, here, "classifications"):
            themes.add(records, recipient, classification, here, provenance)
        for ref, coded in locations:
            served = {"relation": "SERVES", "provenance": [provenance | {"inferred": True}]}
            unknown = (
                None if coded else f"beneficiary location {shown(ref)} names no known place; kept as text on the grant"
            )
            records.edges.append(
                EdgeRecord(recipient, ref, served, here, NodeKind.ORGANISATION, NodeKind.PLACE, if_unknown=unknown)
            )
        for location in _objects(_first(grant.get("recipientOrganization")).get("location"), records, here, "location"):
            found = _place(records, places, location, here, provenance)
            if found:
                unknown = None if found[1] else f"recipient location {shown(found[0])} names no known place"
                based = {"relation": "LOCATED_IN", "provenance": [provenance]}
                records.edges.append(
                    EdgeRecord(
                        recipient, found[0], based, here, NodeKind.ORGANISATION, NodeKind.PLACE, if_unknown=unknown
                    )
                )
    reach.records(records, orgs)
    themes.records(records)
    if records.name is None and len(publishers) == 1:
        records.name = publishers.pop() or None
    return records


_PREFIX = re.compile(r"^360G-[^-]+", re.IGNORECASE)


def _publisher(grant: dict[str, Any], grant_id: str) -> str:
    """Who published the grant: the 360Giving prefix its identifier starts with, else its
    funder's org-id, else an empty string.

    >>> _publisher({}, "360G-ptc-gr56"), _publisher({"fundingOrganization": [{"id": "GB-CHC-1"}]}, "g1")
    ('360G-ptc', 'GB-CHC-1')
    """
    prefix = _PREFIX.match(grant_id)
    if prefix:
        return prefix.group(0)
    return clean(_first(grant.get("fundingOrganization")).get("id")) or ""

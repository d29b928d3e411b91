"""360Giving grant files: funders and recipients as organisations, one FUNDS relation per grant.

Reads the standard's JSON (``{"grants": [...]}``) and its flattened CSV or XLSX form (columns
such as ``Recipient Org:Identifier``, ``Amount Awarded``, ``Award Date``). Organisations are keyed
by their org-id (``GB-CHC-…``, ``GB-SC-…``, ``GB-COH-…``), with charity and company numbers
beside it, so the same body in several files, or in an Open Referral directory that gives the
same numbers, becomes one node. Each grant is a FUNDS relation keyed by the grant's identifier,
with its amount, currency, award date and programme. Beneficiary locations become places, by
GSS code where given (else by name), served by the recipient (marked inferred: the grant says
where the money is for, not where the body works).

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
from .cleaning import clean, parse_amount, parse_date, plain_text
from .records import EdgeRecord, NodeRecord, SourceRecords
from .tabular import dict_rows

__all__ = ["read_360giving", "is_360giving"]

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
#: flattened column -> (object, index, field) in the JSON form
_COLUMNS = {
    "Identifier": (None, "id"),
    "Title": (None, "title"),
    "Description": (None, "description"),
    "Currency": (None, "currency"),
    "Amount Awarded": (None, "amountAwarded"),
    "Award Date": (None, "awardDate"),
    "Funding Org:Identifier": ("fundingOrganization", "id"),
    "Funding Org:Name": ("fundingOrganization", "name"),
    "Recipient Org:Identifier": ("recipientOrganization", "id"),
    "Recipient Org:Name": ("recipientOrganization", "name"),
    "Recipient Org:Charity Number": ("recipientOrganization", "charityNumber"),
    "Recipient Org:Company Number": ("recipientOrganization", "companyNumber"),
    "Recipient Org:Description": ("recipientOrganization", "description"),
    "Recipient Org:Web Address": ("recipientOrganization", "url"),
    "Recipient Org:Postal Code": ("recipientOrganization", "postalCode"),
    "Recipient Org:Address Locality": ("recipientOrganization", "addressLocality"),
    "Recipient Org:Street Address": ("recipientOrganization", "streetAddress"),
    "Grant Programme:Title": ("grantProgramme", "title"),
    "Recipient Org:City": ("recipientOrganization", "addressLocality"),
    "Planned Dates:Start Date": ("plannedDates", "startDate"),
    "Planned Dates:End Date": ("plannedDates", "endDate"),
    "Beneficiary Location:Name": ("beneficiaryLocation", "name"),
    "Beneficiary Location:Geographic Code": ("beneficiaryLocation", "geoCode"),
    "Beneficiary Location:Geographic Code Type": ("beneficiaryLocation", "geoCodeType"),
}


def is_360giving(path: Path) -> bool:
    """Whether a file looks like 360Giving data (a ``grants`` list, or its flattened columns)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    return b'"grants"' in head or (b"Recipient Org:" in head and b"Funding Org:" in head)


def _unflatten(row: dict[str, Any]) -> dict[str, Any]:
    grant: dict[str, Any] = {}
    for column, value in row.items():
        if column not in _COLUMNS or value is None or str(value).strip() == "":
            continue
        obj, field = _COLUMNS[column]
        if obj is None:
            grant[field] = value
        else:
            grant.setdefault(obj, [{}])[0][field] = value
    return grant


def _grants(path: Path, origin: str) -> list[tuple[Location, dict[str, Any]]]:
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
    org_id, name = clean(org.get("id")), clean(org.get("name"))
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
    raw, name = clean(location.get("geoCode")), clean(location.get("name"))
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
    """Grants to individuals, kept only as a funder's reach into each beneficiary place: how
    many grants and how much, never who."""

    def __init__(self) -> None:
        self.totals: dict[tuple[str, str], list[Any]] = {}

    def add(self, funder: str, place: str, amount: float | None, where: Location, provenance: dict) -> None:
        entry = self.totals.setdefault((funder, place), [0, 0.0, where, provenance])
        entry[0] += 1
        entry[1] += amount or 0.0

    def records(self, records: SourceRecords) -> None:
        for (funder, place), (count, amount, where, provenance) in self.totals.items():
            data = {
                "relation": "SERVES",
                "key": "grants to individuals",
                "attributes": {"grants_to_individuals": count, "amount_to_individuals": amount},
                "provenance": [provenance | {"inferred": True}],
            }
            records.edges.append(EdgeRecord(funder, place, data, where, NodeKind.ORGANISATION, NodeKind.PLACE))


def read_360giving(path: str | Path, origin: str | None = None) -> SourceRecords:
    """The organisations, places and FUNDS relations of a 360Giving file (JSON, CSV or XLSX).

    A grant with no identifier, no funder or recipient name, or an amount or date that cannot
    be read is skipped, with the reason and the grant's place in the file. A beneficiary
    location with a GSS code is a place; one given only as text is kept on the grant
    (``beneficiary_location``) and names a place only where the graph holds one of that name.
    A grant to an individual adds to the funder's reach into the beneficiary place.
    """
    path = Path(path)
    origin = origin or str(path)
    records = SourceRecords(origin, name=path.stem, format="360giving", curated=False)
    orgs: dict[str, dict[str, Any]] = {}
    places: set[str] = set()
    reach = _Reach()
    for where, grant in _grants(path, origin):
        grant_id = clean(grant.get("id"))
        if not grant_id:
            records.skip(where.with_field("id"), "the grant has no identifier")
            continue
        here = Location(origin, f"{where.where}, grant {grant_id}")
        try:
            amount = parse_amount(grant.get("amountAwarded"))
            awarded = parse_date(clean(grant.get("awardDate")))
        except ValueError as exc:
            field = "amountAwarded" if "amount" in str(exc) else "awardDate"
            records.skip(here.with_field(field), str(exc))
            continue
        provenance = {"source": origin, "locator": grant_id}
        funder = _organisation(records, orgs, _first(grant.get("fundingOrganization")), here, "funder", provenance)
        locations = [
            found
            for location in grant.get("beneficiaryLocation") or []
            if isinstance(location, dict) and (found := _place(records, places, location, here, provenance))
        ]
        if grant.get("recipientIndividual") and not grant.get("recipientOrganization"):
            if funder is not None:
                for ref, _ in locations:
                    reach.add(funder, ref, amount, here, provenance)
                if not locations:
                    records.skip(
                        here.with_field("beneficiaryLocation"), "a grant to an individual names no beneficiary place"
                    )
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
        for ref, coded in locations:
            served = {"relation": "SERVES", "provenance": [provenance | {"inferred": True}]}
            unknown = (
                None if coded else f"beneficiary location {shown(ref)} names no known place; kept as text on the grant"
            )
            records.edges.append(
                EdgeRecord(recipient, ref, served, here, NodeKind.ORGANISATION, NodeKind.PLACE, if_unknown=unknown)
            )
        for location in _first(grant.get("recipientOrganization")).get("location") or []:
            found = _place(records, places, location, here, provenance) if isinstance(location, dict) else None
            if found:
                unknown = None if found[1] else f"recipient location {shown(found[0])} names no known place"
                based = {"relation": "LOCATED_IN", "provenance": [provenance]}
                records.edges.append(
                    EdgeRecord(
                        recipient, found[0], based, here, NodeKind.ORGANISATION, NodeKind.PLACE, if_unknown=unknown
                    )
                )
    reach.records(records)
    return records

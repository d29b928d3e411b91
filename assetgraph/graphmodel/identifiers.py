"""Identifiers that name one body or place whatever the source: org-ids, charity and company
numbers, GSS codes. Two nodes sharing one are the same; two with different values under one
scheme are not, whatever their names say.

An org-id (org-id.guide) is a scheme prefix and the register's own number: ``GB-CHC-1070468``
is charity 1070468 in England and Wales, ``GB-SC-SC012345`` a Scottish charity,
``GB-COH-04270053`` a company. A bare charity number or company number names the same keys.

An organisation may hold several org-ids, one per scheme (a register's and a funder's own):
:func:`org_id_scheme` gives the key to file each under.

>>> sorted(organisation_keys({"charity_number": "1070468", "company_number": "4270053"}))
['GB-CHC-1070468', 'GB-COH-04270053']
>>> organisation_keys({"GB-SC": "gb-sc-sc012345"}) == organisation_keys({"charity_number": "SC012345"})
True
>>> place_keys("w06000015")
frozenset({'GSS-W06000015'})
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "organisation_keys",
    "org_id_scheme",
    "is_org_id",
    "place_keys",
    "node_keys",
    "scheme",
    "conflicting",
    "gss_code",
    "gss_place_id",
    "url_key",
    "postcode_district",
    "disagreement",
    "elsewhere",
]

_SPACES = re.compile(r"\s+")
_GSS = re.compile(r"\b([EWSNK]\d{8})\b", re.IGNORECASE)


def gss_code(text: object) -> str | None:
    """The first GSS code (a nation letter and eight digits) in ``text``, upper-cased.

    >>> gss_code("https://statistics.data.gov.uk/id/statistical-geography/w06000015")
    'W06000015'
    >>> gss_code("Oxford 008B") is None
    True
    """
    found = _GSS.search(str(text or ""))
    return found.group(1).upper() if found else None


def gss_place_id(code: str) -> str:
    """The id every loader gives the place of a GSS code, so that they meet.

    >>> gss_place_id("W06000015")
    'place:w06000015'
    """
    return f"place:{code.lower()}"


def _company(number: str) -> str:
    number = number.upper()
    return number.zfill(8) if number.isdigit() else number


def _charity(number: str) -> str:
    number = number.upper()
    return (
        f"GB-SC-{number}"
        if number.startswith("SC")
        else f"GB-NIC-{number[3:]}"
        if number.startswith("NIC")
        else f"GB-CHC-{number}"
    )


def _org_id(value: str) -> str:
    value = value.upper()
    if value.startswith("GB-COH-"):
        return "GB-COH-" + _company(value[len("GB-COH-") :])
    return value


_ORG_ID = re.compile(r"^(?:[A-Z]{2}-[A-Z0-9]+-\S+|[^:\s]+:\S+)$", re.IGNORECASE)


def is_org_id(text: str) -> bool:
    """Whether ``text`` has an org-id's shape (a register's prefix and its number, or a
    funder's own ``prefix:value``): placeholders such as ``DUMMY01`` do not.

    >>> is_org_id("GB-CHC-1050596"), is_org_id("360G-indigotrust:org-4588"), is_org_id("DUMMY01")
    (True, True, False)
    """
    return bool(_ORG_ID.match(text.strip()))


def org_id_scheme(org_id: str) -> str:
    """The scheme of an org-id: its register prefix, or what comes before a colon.

    >>> org_id_scheme("GB-COH-IP28755R"), org_id_scheme("360G-indigotrust:org-4588")
    ('GB-COH', '360G-indigotrust')
    """
    if ":" in org_id:
        return org_id.split(":", 1)[0]
    return "-".join(org_id.split("-")[:2])


def organisation_keys(identifiers: dict[str, str]) -> frozenset[str]:
    """The identity keys of identifiers: ``charity_number``, ``company_number``, org-ids
    (under ``org_id`` or their scheme), other schemes (a directory's own record ids) as
    ``SCHEME:value``."""
    keys = set()
    for scheme_name, raw in identifiers.items():
        value = _SPACES.sub("", str(raw))
        if not value:
            continue
        if scheme_name == "org_id" or value.upper().startswith(scheme_name.upper()):
            keys.add(_org_id(value))
        elif scheme_name == "charity_number":
            keys.add(_charity(value))
        elif scheme_name == "company_number":
            keys.add("GB-COH-" + _company(value))
        else:
            keys.add(f"{scheme_name.upper()}:{value.upper()}")
    return frozenset(keys)


def place_keys(code: str | None) -> frozenset[str]:
    """The identity key of a place's GSS code."""
    return frozenset({f"GSS-{code.strip().upper()}"}) if code and code.strip() else frozenset()


def node_keys(node: Any) -> frozenset[str]:
    """The identity keys of any node: its identifiers, and a place's GSS code."""
    return organisation_keys(node.identifiers) | place_keys(getattr(node, "code", None))


def scheme(key: str) -> str:
    """The scheme part of a key: ``GB-CHC``, ``GSS``, ``URN:`` ..."""
    if ":" in key:
        return key.split(":", 1)[0]
    return key.rsplit("-", 1)[0] if key.startswith("GSS-") else "-".join(key.split("-")[:2])


def conflicting(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two key sets name different things: a scheme in both, with no value shared.

    >>> conflicting(place_keys("S01006506"), place_keys("S01006507"))
    True
    >>> conflicting(organisation_keys({"charity_number": "1"}), organisation_keys({"company_number": "2"}))
    False
    """
    if a & b:
        return False
    return bool({scheme(k) for k in a} & {scheme(k) for k in b})


def url_key(url: object) -> str | None:
    """A web address as the site and path it names: scheme, ``www.``, case of the host and a
    trailing slash do not count.

    >>> url_key("https://www.Example.org/") == url_key("http://example.org")
    True
    >>> url_key("example.org/leeds")
    'example.org/leeds'
    """
    text = str(url or "").strip()
    if not text:
        return None
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text, flags=re.IGNORECASE)
    host, _, path = text.partition("/")
    host = host.lower().removeprefix("www.")
    path = path.split("#", 1)[0].rstrip("/")
    return f"{host}/{path}" if path else host


def _domain(url: object) -> str | None:
    key = url_key(url)
    return key.split("/", 1)[0] if key else None


_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")


def postcode_district(postcode: object) -> str | None:
    """The district (outward code) of a UK postcode, or None for text that is not one.

    >>> postcode_district("le11 1aa"), postcode_district("CF239AB"), postcode_district("Bristol")
    ('LE11', 'CF23', None)
    """
    found = _POSTCODE.match(_SPACES.sub(" ", str(postcode or "")).strip().upper())
    return found.group(1) if found else None


def disagreement(a: Any, b: Any) -> str | None:
    """Why two same-named nodes are not one, or None where nothing they hold says so: their
    identifiers name different bodies, or they sit in different postcode districts, or their
    websites are on different domains. A shared identifier outweighs all of it (the caller
    matches by identifier first).

    >>> from assetgraph.graphmodel import Organisation, Provenance
    >>> src = [Provenance(source="x")]
    >>> bristol = Organisation(name="The Bridge", attributes={"postcode": "BS2 0AA"}, provenance=src)
    >>> loughborough = Organisation(name="The Bridge", identifiers={"charity_number": "1050596"},
    ...                             attributes={"postcode": "LE11 1AA"}, provenance=src)
    >>> disagreement(bristol, loughborough)
    'postcodes in different districts: BS2 0AA and LE11 1AA'
    """
    keys_a, keys_b = node_keys(a), node_keys(b)
    if conflicting(keys_a, keys_b):
        schemes = {scheme(k) for k in keys_a} & {scheme(k) for k in keys_b}
        theirs = sorted(k for k in keys_a if scheme(k) in schemes)
        ours = sorted(k for k in keys_b if scheme(k) in schemes)
        return f"identifiers differ: {', '.join(theirs)} and {', '.join(ours)}"
    return elsewhere(a, b)


def elsewhere(a: Any, b: Any) -> str | None:
    """Why two nodes are in different places or on different sites (see :func:`disagreement`,
    which also weighs their identifiers), or None."""
    where_a, where_b = a.attributes.get("postcode"), b.attributes.get("postcode")
    if where_a and where_b:
        district_a, district_b = postcode_district(where_a), postcode_district(where_b)
        if district_a and district_b and district_a != district_b:
            return f"postcodes in different districts: {where_a} and {where_b}"
    url_a, url_b = getattr(a, "url", None), getattr(b, "url", None)
    if url_a and url_b:
        site_a, site_b = _domain(url_a), _domain(url_b)
        if site_a and site_b and site_a != site_b:
            return f"websites on different domains: {site_a} and {site_b}"
    return None

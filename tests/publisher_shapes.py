"""A council's service directory and two funders' grant files, generated in the shapes their
publishers use (Open Referral UK's ``/services`` list; 360Giving JSON), for end-to-end tests of
the three questions on data like the field's own.

The directory is the North Lincolnshire shape: most services name no place (the directory's
council is given when building), a few carry venues with postcodes, and one venue lies in the
neighbouring council. Its records have audiences (themes), access and assurance dates. The grant
files are two funders' stars: many recipients with postcodes in many councils, a handful of them
bodies of the directory (matched by name), and almost no ties among organisations besides money.
Postcodes are postcode sectors of the bundled table plus a unit, so they place without the
network; nothing here is copied from any publisher's file.
"""

from __future__ import annotations

import csv
import gzip
import itertools
import json
from functools import cache
from pathlib import Path

from assetgraph.geography.postcodes import bundled_postcodes_path

#: the directory's council and its neighbour (GSS codes of the bundled places)
HOME = "E06000013"
NEIGHBOUR = "E06000012"
THEMES = ("Mental health", "Carers", "Older people", "Young people", "Debt advice")
ACCESS = ("Drop in", "Self referral", "Referral", "Appointment", "")


@cache
def sectors_by_council() -> dict[str, list[str]]:
    """Postcode sectors of the bundled table, by the council most of their postcodes lie in."""
    out: dict[str, list[str]] = {}
    with gzip.open(bundled_postcodes_path(), "rt", encoding="utf-8") as handle:
        rows = csv.reader(line for line in handle if not line.startswith("#"))
        next(rows)
        for kind, key, code, *_ in rows:
            if kind == "sector":
                out.setdefault(code, []).append(key)
    return {code: sorted(keys) for code, keys in out.items()}


def postcode(council: str, n: int) -> str:
    """A postcode in ``council``: its n-th sector (cycling) with a unit."""
    keys = sectors_by_council()[council]
    return f"{keys[n % len(keys)]}AA"


def _service(n: int, organisation: dict, venue: str | None) -> dict:
    theme = THEMES[n % len(THEMES)]
    service = {
        "id": f"svc-{n}",
        "name": f"{theme} service {n}",
        "description": f"<p>{theme} support&nbsp;for residents</p>",
        "url": "https://example.org/",
        "email": "",
        "status": "active",
        "attending_type": "Venue" if venue else "",
        "attending_access": ACCESS[(n // len(THEMES)) % len(ACCESS)],
        "assured_date": f"2024-{1 + n % 12:02d}-10",
        "organization": organisation,
        "pc_metadata": {"date_created": "2023-01-01", "date_modified": f"2024-{1 + n % 12:02d}-10"},
        "pc_targetAudience": [{"id": theme, "audienceType": theme + " "}],
    }
    if venue:
        service["service_at_locations"] = [
            {
                "id": f"sl-{n}",
                "location": {
                    "id": f"loc-{n}",
                    "name": f"Venue {n}",
                    "physical_addresses": [{"id": f"pa-{n}", "address_1": f"{n} High St", "postal_code": venue}],
                },
            }
        ]
    return service


def directory(services: int = 40, organisations: int = 16) -> list[dict]:
    """An Open Referral UK ``/services`` list: ``services`` services run by ``organisations``
    bodies; every fourth service has a venue in the home council, service 5 one in the neighbour."""
    orgs = [{"id": f"org-{i}", "name": f"Directory Body {i}", "description": ""} for i in range(organisations)]
    out = []
    for n in range(services):
        venue = None
        if n == 5:
            venue = postcode(NEIGHBOUR, n)
        elif n % 4 == 0:
            venue = postcode(HOME, n)
        out.append(_service(n, orgs[n % organisations], venue))
    return out


def grants(funder: dict, recipients: list[dict], prefix: str, start: int = 2021) -> dict:
    """A 360Giving JSON file: one grant from ``funder`` to each recipient, awarded a year apart
    in turn from ``start`` (so some fall outside a three-year window), amounts rising."""
    return {
        "grants": [
            {
                "id": f"360G-{prefix}-{i}",
                "title": f"Grant {i}",
                "currency": "GBP",
                "amountAwarded": 1000 * (i + 1),
                "awardDate": f"{start + i % 4}-04-01",
                "fundingOrganization": [funder],
                "recipientOrganization": [recipient],
            }
            for i, recipient in enumerate(recipients)
        ]
    }


def recipients(count: int, prefix: str, councils: list[str]) -> list[dict]:
    """Grant recipients with charity numbers and postcodes spread over ``councils`` in turn."""
    cycle = itertools.cycle(councils)
    return [
        {"id": f"GB-CHC-{prefix}{i:04d}", "name": f"{prefix} Recipient {i}", "postalCode": postcode(next(cycle), i)}
        for i in range(count)
    ]


def write_all(folder: Path) -> dict[str, Path]:
    """Write the directory and two grant files into ``folder``; return their paths by role.

    The big funder's recipients are spread over eight councils, the home council among them, and
    include three directory bodies (by name, placed at a home postcode); the small funder funds
    two of the big funder's home recipients, so they are not funded by one body only.
    """
    folder.mkdir(parents=True, exist_ok=True)
    councils = sorted(sectors_by_council())[:6] + [HOME, NEIGHBOUR]
    big = recipients(60, "Big", councils)
    for i in range(3):
        big[i * 8] = {"id": f"GB-CHC-D{i:04d}", "name": f"Directory Body {i}", "postalCode": postcode(HOME, i)}
    home = [r for r in big if r["postalCode"].startswith(tuple(sectors_by_council()[HOME]))]
    small = home[:2] + recipients(4, "Small", [HOME, NEIGHBOUR])
    paths = {
        "directory": folder / "directory.json",
        "big": folder / "big-funder-grants.json",
        "small": folder / "small-funder-grants.json",
    }
    paths["directory"].write_text(json.dumps(directory()), encoding="utf-8")
    big_funder = {"id": "GB-CHC-9000001", "name": "Big Lottery Style Fund"}
    small_funder = {"id": "GB-CHC-9000002", "name": "Small Community Trust"}
    paths["big"].write_text(json.dumps(grants(big_funder, big, "big")), encoding="utf-8")
    paths["small"].write_text(json.dumps(grants(small_funder, small, "small", start=2023)), encoding="utf-8")
    return paths

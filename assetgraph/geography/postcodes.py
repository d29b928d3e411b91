"""UK postcodes to the places assetgraph bundles: the local authority of any GB postcode or
postcode sector, from a compact copy of the ONS postcode directory.

The directory (November 2025, every GB postcode with its local authority; Open Government
Licence, attribution below) is 19 MB. The bundled copy keeps, for each postcode sector ("CF23 9"),
the local authority most of its postcodes lie in and its centroid, and each postcode that lies
elsewhere: so every postcode resolves exactly, in 0.5 MB. ``tools/derive_postcodes.py`` writes it.
Councils made or recoded since the bundled places' vintage are mapped onto them (see
:data:`~assetgraph.geography.places.RECODED`; new unitary councils are places of their own).

>>> place = postcode_place("cf23 9ab")
>>> place.postcode, place.code, place.name
('CF23 9AB', 'W06000015', 'Cardiff')
>>> postcode_place("CF23 9").code, postcode_place("Pentwyn") is None
('W06000015', True)
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..graphmodel.nodes import Node, Place
from .places import RECODED, bundled_rows

__all__ = ["ATTRIBUTION", "SECTORS", "PostcodePlace", "postcode_place", "normal_postcode", "write_postcodes"]

SECTORS = "gb-postcodes.csv.gz"
ATTRIBUTION = (
    "Contains OS data (c) Crown copyright and database right 2025; Contains Royal Mail data (c) Royal Mail copyright "
    "and database right 2025; Source: Office for National Statistics licensed under the Open Government Licence v.3.0."
)
#: the directory as a source, for provenance
SOURCE = "ONS postcode directory, November 2025 (OGL v3.0)"
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?|[A-Z]{3}) ?(\d)([A-Z]{1,2})?$")


@dataclass(frozen=True)
class PostcodePlace:
    """Where a postcode (or a sector, ``exact`` False) lies: its local authority's GSS code and
    name as the bundled places have them."""

    postcode: str
    code: str
    name: str
    exact: bool


def normal_postcode(text: str) -> str | None:
    """A postcode or sector in its single-space form, or None for text that is not one. A
    postcode cut short ("NE4 8X") is its sector.

    >>> normal_postcode(" cf239ab "), normal_postcode("CF23 9"), normal_postcode("NE4 8X"), normal_postcode("Cardiff")
    ('CF23 9AB', 'CF23 9', 'NE4 8', None)
    """
    found = _POSTCODE.match(re.sub(r"\s+", " ", text.strip().upper()))
    if not found:
        return None
    outward, digit, unit = found.groups()
    return f"{outward} {digit}{unit if unit and len(unit) == 2 else ''}"


def bundled_postcodes_path() -> Path:
    return Path(str(resources.files("assetgraph") / "data" / "places" / SECTORS))


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """sector -> council code, postcode -> council code (those outside their sector's), and
    council code -> name."""
    sectors: dict[str, str] = {}
    exceptions: dict[str, str] = {}
    with gzip.open(bundled_postcodes_path(), "rt", encoding="utf-8") as handle:
        rows = csv.reader(line for line in handle if not line.startswith("#"))
        next(rows)
        for kind, key, code, *_ in rows:
            (sectors if kind == "sector" else exceptions)[key] = code
    names = {p.code: p.name for p in bundled_rows()}
    return sectors, exceptions, names


def postcode_place(text: str) -> PostcodePlace | None:
    """The local authority a postcode or postcode sector lies in (a full postcode the bundled
    table does not name lies in its sector's council); None for text that is not a postcode,
    or one whose sector the directory does not hold."""
    postcode = normal_postcode(text)
    if postcode is None:
        return None
    sectors, exceptions, names = _tables()
    exact = len(postcode.split(" ")[1]) == 3
    code = exceptions.get(postcode) or sectors.get(postcode[: len(postcode) - 2] if exact else postcode)
    if code is None:
        return None
    code = RECODED.get(code, code)
    return PostcodePlace(postcode, code, names.get(code, code), exact)


@dataclass(frozen=True)
class Grid:
    """OS National Grid references (easting, northing in metres): each postcode sector's
    centroid, and each council's (the mean of its sectors' weighted by their postcodes)."""

    sectors: dict[str, tuple[float, float]]
    councils: dict[str, tuple[float, float]]

    def of_postcode(self, text: str) -> tuple[float, float] | None:
        """The centroid of the sector a postcode or sector lies in, or None."""
        postcode = normal_postcode(text)
        if postcode is None:
            return None
        return self.sectors.get(postcode[:-2] if len(postcode.split(" ")[1]) == 3 else postcode)


@cache
def grid() -> Grid:
    """The grid references of the bundled postcode table (for maps laid out by geography).

    >>> found = grid()
    >>> found.of_postcode("CF23 9AB")[1] < found.councils["S12000033"][1]  # Cardiff lies south of Aberdeen
    True
    """
    sectors: dict[str, tuple[float, float]] = {}
    sums: dict[str, list[float]] = {}
    with gzip.open(bundled_postcodes_path(), "rt", encoding="utf-8") as handle:
        rows = csv.reader(line for line in handle if not line.startswith("#"))
        next(rows)
        for kind, key, code, count, easting, northing in rows:
            if kind != "sector" or not easting:
                continue
            sectors[key] = (float(easting), float(northing))
            total = sums.setdefault(RECODED.get(code, code), [0.0, 0.0, 0.0])
            weight = float(count or 1)
            total[0], total[1], total[2] = (
                total[0] + weight * float(easting),
                total[1] + weight * float(northing),
                total[2] + weight,
            )
    councils = {code: (e / w, n / w) for code, (e, n, w) in sums.items()}
    return Grid(sectors, councils)


#: nations (and the UK) by their code's first letters: the councils whose mean they sit at
_NATION_PREFIX = {"S92": "S", "W92": "W", "E92": "E", "K02": ""}


def grid_reference(node: Node) -> tuple[float, float] | None:
    """Where a node lies on the grid, if the bundled table says: a council at its centroid, a
    nation (or the UK) at the mean of its councils', anything with a postcode at its sector's."""
    found = grid()
    if isinstance(node, Place):
        if node.code in found.councils:
            return found.councils[node.code]
        prefix = _NATION_PREFIX.get((node.code or "")[:3])
        points = [xy for code, xy in found.councils.items() if prefix is not None and code.startswith(prefix)]
        return (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)) if points else None
    postcode = node.attributes.get("postcode")
    return found.of_postcode(str(postcode)) if postcode else None


def write_postcodes(rows: Iterable[tuple[str, str, str, str]], path: str | Path) -> dict[str, int]:
    """Write the compact table from directory rows (postcode, council code, easting, northing):
    a ``sector`` row per sector (its majority council, postcode count, mean easting and
    northing) and a ``postcode`` row per postcode outside its sector's council. Returns counts."""
    councils: dict[str, dict[str, int]] = {}
    where: dict[str, list[float]] = {}
    members: dict[str, list[tuple[str, str]]] = {}
    for postcode, code, easting, northing in rows:
        sector = postcode[:-2]
        councils.setdefault(sector, {}).setdefault(code, 0)
        councils[sector][code] += 1
        members.setdefault(sector, []).append((postcode, code))
        if easting and northing:
            sums = where.setdefault(sector, [0.0, 0.0, 0])
            sums[0], sums[1], sums[2] = sums[0] + float(easting), sums[1] + float(northing), sums[2] + 1
    out = io.StringIO()
    out.write(f"# {ATTRIBUTION}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "key", "lad_code", "postcodes", "easting", "northing"])
    exceptions = 0
    for sector in sorted(councils):
        main = max(councils[sector], key=lambda c: (councils[sector][c], c))
        e, n, k = where.get(sector, [0.0, 0.0, 0])
        centre = [round(e / k), round(n / k)] if k else ["", ""]
        writer.writerow(["sector", sector, main, sum(councils[sector].values()), *centre])
        for postcode, code in members[sector]:
            if code != main:
                writer.writerow(["postcode", postcode, code, "", "", ""])
                exceptions += 1
    Path(path).write_bytes(gzip.compress(out.getvalue().encode("utf-8"), mtime=0))
    return {"sectors": len(councils), "exceptions": exceptions}

"""Each GB postcode's small area and ward, from the compact table bundled with assetgraph.

``tools/derive_small_areas.py`` finds, by point-in-polygon, the 2011 LSOA (England and Wales:
the areas IMD 2019 and WIMD 2019 rank) and the 2013 ward each postcode's grid reference falls
in, and writes them with :func:`write_small_areas`. Scottish postcodes get a ward only: the
data zones whose boundaries were to be had are those of 2001, and SIMD 2020 ranks the zones of
2011. A result is ``approximate`` where the postcode lies near a boundary (it may straddle two
areas) or outside every polygon of its council (the nearest is taken).

The table (``gb-postcode-areas.txt.gz``) is gzipped text: a comment line with the attribution,
then ``A`` lines (a small area's code and, where every postcode of it lies in one ward, that
ward's number), ``W`` lines (a ward's code, name and council), and one ``S`` line per postcode
sector listing its postcodes' units in order. A unit written ``AB=3.1f`` starts a run: small
area 3, ward 51 (numbers in base 36, either may be empty); a bare unit repeats the run
before it; a trailing ``?`` marks the small area approximate and ``!`` the ward.

>>> areas = parse_units("AA=a.b AB? AD=.c!")
>>> areas["AB"], areas["AD"]
((10, 11, True, False), (None, 12, False, True))
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from ..fileio import atomic_write_bytes
from ..graphmodel.names import normalise
from ..graphmodel.vocabulary import PlaceLevel
from .everyday_names import everyday_names
from .places import PlaceRow, bundled_rows

__all__ = [
    "AREAS",
    "ATTRIBUTION",
    "SOURCE",
    "PostcodeAreas",
    "Ward",
    "postcode_areas",
    "parse_units",
    "small_area_row",
    "write_small_areas",
    "ward_label",
    "ward_names",
]

AREAS = "gb-postcode-areas.txt.gz"
ATTRIBUTION = (
    "Contains OS data (c) Crown copyright and database right 2014 and 2025; Contains Royal Mail data (c) Royal Mail "
    "copyright and database right 2025; contains NRS data (c) Crown copyright 2014; Source: Office for National "
    "Statistics licensed under the Open Government Licence v.3.0; boundaries by Martin Chorley (UK-GeoJSON, CC BY 4.0)."
)
#: the table as a source, for provenance
SOURCE = "postcode small areas and wards (ONS postcode directory 2025 within LSOA 2011 and ward 2013 boundaries)"


@dataclass(frozen=True)
class Ward:
    """A 2013 electoral ward: its GSS code, name and the council (bundled places' code) most
    of its postcodes lie in."""

    code: str
    name: str
    council: str


@dataclass(frozen=True)
class PostcodeAreas:
    """The small area (LSOA 2011 code, None in Scotland) and 2013 ward a postcode lies in,
    each marked approximate where the postcode lies near a boundary or outside every polygon;
    ``area_ward`` is the ward the small area lies in as a whole, where the data says it does."""

    postcode: str
    small_area: str | None
    small_area_approximate: bool
    ward: Ward | None
    ward_approximate: bool
    area_ward: Ward | None


def ward_label(name: str) -> str:
    """A ward's name as assetgraph shows it: boundaries are those of 2013, many redrawn since.

    >>> ward_label("Easton")
    'Easton (2013 boundaries)'
    """
    return f"{name} (2013 boundaries)"


@cache
def _council_names() -> frozenset[str]:
    """Every council's official and everyday names, normalised."""
    councils = [r.name for r in bundled_rows() if r.level == PlaceLevel.LOCAL_AUTHORITY]
    return frozenset(normalise(n) for name in councils for n in (name, *everyday_names(name)))


def ward_names(ward: str, council: str) -> list[str]:
    """The names a ward goes by beside its label: its own name, and its name with each name of
    its council (official and everyday), as people write "Easton, Bristol". A ward whose own
    name is a council's ("Bedford" in Wandsworth, "Newport" in North Devon) is left that name
    to the council, and is found with its own council named.

    >>> ward_names("Easton", "Bristol, City of")
    ['Easton', 'Easton, Bristol, City of', 'Easton, Bristol']
    >>> ward_names("Bedford", "Wandsworth")
    ['Bedford, Wandsworth']
    """
    own = [] if normalise(ward) in _council_names() else [ward]
    return own + [f"{ward}, {name}" for name in (council, *everyday_names(council))]


def _number(text: str) -> int | None:
    return int(text, 36) if text else None


def _base36(number: int | None) -> str:
    if number is None:
        return ""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def parse_units(text: str) -> dict[str, tuple[int | None, int | None, bool, bool]]:
    """A sector line's units: unit -> (small area number, ward number, small area
    approximate, ward approximate)."""
    found: dict[str, tuple[int | None, int | None, bool, bool]] = {}
    area = ward = None
    for entry in text.split():
        flags = entry.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ=.0123456789abcdefghijklmnopqrstuvwxyz")
        body = entry[: len(entry) - len(flags)]
        unit, _, run = body.partition("=")
        if run:
            first, _, second = run.partition(".")
            area, ward = _number(first), _number(second)
        found[unit] = (area, ward, "?" in flags, "!" in flags)
    return found


def bundled_areas_path() -> Path:
    return Path(str(resources.files("assetgraph") / "data" / "places" / AREAS))


@dataclass(frozen=True)
class _Table:
    areas: list[tuple[str, int | None]]
    wards: list[Ward]
    sectors: dict[str, str]


@cache
def _table() -> _Table:
    areas: list[tuple[str, int | None]] = []
    wards: list[Ward] = []
    sectors: dict[str, str] = {}
    with gzip.open(bundled_areas_path(), "rt", encoding="utf-8") as handle:
        for line in handle:
            kind, _, rest = line.rstrip("\n").partition("\t")
            if kind == "S":
                sector, _, units = rest.partition("\t")
                sectors[sector] = units
            elif kind == "A":
                code, _, ward = rest.partition("\t")
                areas.append((code, _number(ward)))
            elif kind == "W":
                wards.append(Ward(*rest.split("\t")))
    return _Table(areas, wards, sectors)


@lru_cache(maxsize=4096)
def _sector_units(sector: str) -> dict[str, tuple[int | None, int | None, bool, bool]]:
    units = _table().sectors.get(sector)
    return parse_units(units) if units else {}


def postcode_areas(postcode: str) -> PostcodeAreas | None:
    """The small area and ward of a postcode in single-space form ("BS5 6HX"), or None where
    the bundled table does not hold it (a sector, an unknown postcode, or one with no grid
    reference).

    >>> found = postcode_areas("CF23 9AB")
    >>> found.small_area.startswith("W01"), found.ward.code.startswith("W05")
    (True, True)
    """
    table = _table()
    found = _sector_units(postcode[:-2]).get(postcode[-2:])
    if found is None:
        return None
    area, ward, area_approximate, ward_approximate = found
    code, whole = table.areas[area] if area is not None else (None, None)
    return PostcodeAreas(
        postcode,
        code,
        area_approximate,
        table.wards[ward] if ward is not None else None,
        ward_approximate,
        table.wards[whole] if whole is not None else None,
    )


@cache
def _small_area_rows() -> dict[str, PlaceRow]:
    return {r.code: r for r in bundled_rows() if r.level == PlaceLevel.SMALL_AREA}


def small_area_row(code: str) -> PlaceRow | None:
    """The bundled places' row of a small area (its name and deprivation), or None.

    >>> small_area_row("E01014485").name
    'Bristol 023A'
    """
    return _small_area_rows().get(code)


def write_small_areas(
    postcodes: Iterable[tuple[str, str | None, str | None, bool, bool]],
    area_wards: dict[str, str],
    wards: Iterable[Ward],
    path: str | Path,
) -> dict[str, int]:
    """Write the table from (postcode, small area code, ward code, small area approximate, ward
    approximate) rows sorted by postcode; ``area_wards`` maps a small area to the ward it lies
    in as a whole. Returns counts."""
    ward_list = sorted(wards, key=lambda w: w.code)
    ward_number = {w.code: i for i, w in enumerate(ward_list)}
    area_number: dict[str, int] = {}
    lines: list[str] = []
    sector, units, last = "", [], None
    count = 0
    for postcode, area, ward, area_approximate, ward_approximate in postcodes:
        if postcode[:-2] != sector:
            if units:
                lines.append(f"S\t{sector}\t{' '.join(units)}")
            sector, units, last = postcode[:-2], [], None
        if area is not None and area not in area_number:
            area_number[area] = len(area_number)
        run = (area_number.get(area) if area else None, ward_number.get(ward) if ward else None)
        entry = postcode[-2:] if run == last else f"{postcode[-2:]}={_base36(run[0])}.{_base36(run[1])}"
        units.append(entry + ("?" if area_approximate else "") + ("!" if ward_approximate else ""))
        last = run
        count += 1
    if units:
        lines.append(f"S\t{sector}\t{' '.join(units)}")
    head = [f"# {ATTRIBUTION}"]
    head += [f"A\t{code}\t{_base36(ward_number.get(area_wards.get(code, '')))}" for code in area_number]
    head += [f"W\t{w.code}\t{w.name}\t{w.council}" for w in ward_list]
    atomic_write_bytes(path, gzip.compress("\n".join(head + lines).encode("utf-8") + b"\n", mtime=0))
    return {"postcodes": count, "small_areas": len(area_number), "wards": len(ward_list), "sectors": len(lines)}

"""UK places with deprivation: the published geography tables, and the compact copy bundled
with assetgraph.

The published tables (ONS, NRS, Scottish and Welsh Government, MHCLG; Open Government Licence)
are read by :func:`derive_places`, which tolerates their quirks: ranks written "29,199",
suppressed cells written ``*``, floats where whole numbers are meant ("3936.0"). It gives one
row per place: small areas (data zones, LSOAs), Scottish intermediate zones, councils, English
integrated care boards, the nations and the United Kingdom, each with its GSS code, the codes of
the places it lies within, and its population, deprivation rank and decile, and (Scottish data
zones) the income and employment deprivation rates where published.

``tools/derive_places.py`` writes those rows to ``assetgraph/data/places/uk-places.csv.gz``;
:func:`bundled_rows` reads them back (the loaders turn the rows of chosen nations into records). Deprivation ranks
are only comparable within one index (SIMD 2020, WIMD 2019, IMD 2019): each place names its own.

>>> parse_whole("29,199", Location("imd.csv", "row 2", "rank"))
29199
>>> parse_whole("*", Location("simd.csv", "row 9", "population")) is None
True
>>> parse_rate("8%", Location("simd.csv", "row 2", "Income_rate"))
0.08
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import InputError, Location, QueryError, shown
from ..fileio import atomic_write_bytes
from ..graphmodel.vocabulary import PlaceLevel
from ..tables import dict_rows

__all__ = [
    "NATIONS",
    "PlaceRow",
    "parse_whole",
    "derive_places",
    "write_places",
    "read_places",
    "parse_nations",
    "known_nations",
    "bundled_places_path",
    "BUNDLED",
    "UNITARIES_2023",
    "RECODED",
    "DeprivationSummary",
    "deprivation_summaries",
    "bundled_summaries",
    "bundled_rows",
]

#: nation -> (GSS code, name)
NATIONS: dict[str, tuple[str, str]] = {
    "scotland": ("S92000003", "Scotland"),
    "wales": ("W92000004", "Wales"),
    "england": ("E92000001", "England"),
}
UK = ("K02000001", "United Kingdom")
BUNDLED = "uk-places.csv.gz"
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0: "
    "ONS and NRS geography lookups; SIMD 2020 (Scottish Government); WIMD 2019 (Welsh Government); "
    "English Indices of Deprivation 2019 (MHCLG)."
)
_SUPPRESSED = {"", "*", "-", "..", "n/a", "na", "x"}
_COLUMNS = [
    "nation",
    "code",
    "name",
    "level",
    "within",
    "index",
    "rank",
    "decile",
    "population",
    "income_rate",
    "employment_rate",
]
#: published rate column -> place attribute (a fraction: "8%" is 0.08)
_RATES = {"Income_rate": "income_rate", "Employment_rate": "employment_rate"}


@dataclass
class PlaceRow:
    nation: str
    code: str
    name: str
    level: PlaceLevel
    within: tuple[str, ...] = ()
    index: str | None = None
    rank: int | None = None
    decile: int | None = None
    population: int | None = None
    rates: dict[str, float] = field(default_factory=dict)


def parse_whole(text: str | None, location: Location) -> int | None:
    """A whole number as published: thousands separators and a trailing ".0" allowed,
    suppressed or empty cells (``*``, ``-``, ``..``) None; anything else an InputError."""
    value = (text or "").strip()
    if value.lower() in _SUPPRESSED:
        return None
    cleaned = value.replace(",", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise InputError(location, f"{shown(value)} is not a number") from None
    if number != int(number):
        raise InputError(location, f"{shown(value)} is not a whole number")
    return int(number)


def parse_rate(text: str | None, location: Location) -> float | None:
    """A rate published as a percentage ("8%") as a fraction; suppressed or empty cells None;
    anything else an InputError."""
    value = (text or "").strip()
    if value.lower() in _SUPPRESSED:
        return None
    try:
        if not value.endswith("%"):
            raise ValueError
        return round(float(value[:-1].replace(",", "")) / 100, 6)
    except ValueError:
        raise InputError(location, f"{shown(value)} is not a percentage") from None


def _rows(path: Path) -> Iterator[tuple[Location, dict[str, str]]]:
    for where, row in dict_rows(path):
        yield where, {k: str(v).strip() if v is not None else "" for k, v in row.items()}


def _need(row: dict[str, str], column: str, where: Location) -> str:
    value = row.get(column, "")
    if not value:
        raise InputError(where.with_field(column), "missing value" if column in row else "no such column")
    return value


def _deprivation(path: Path, code_col: str, rank_col: str, decile_col: str) -> dict[str, tuple[int | None, int | None]]:
    found = {}
    for where, row in _rows(path):
        code = _need(row, code_col, where)
        found[code] = (
            parse_whole(row.get(rank_col), where.with_field(rank_col)),
            parse_whole(row.get(decile_col), where.with_field(decile_col)),
        )
    return found


def _small_area(
    nation: str,
    code: str,
    name: str,
    within: tuple[str, ...],
    index: str,
    ranks: dict[str, tuple[int | None, int | None]],
    population: int | None = None,
    rates: dict[str, float] | None = None,
) -> PlaceRow:
    """A small area's row, with its rank and decile in ``index`` from ``ranks`` (as
    :func:`_deprivation` reads them; none where the index does not rank it)."""
    rank, decile = ranks.get(code, (None, None))
    return PlaceRow(nation, code, name, PlaceLevel.SMALL_AREA, within, index, rank, decile, population, rates or {})


def _scotland(folder: Path) -> list[PlaceRow]:
    nation = NATIONS["scotland"][0]
    simd = _deprivation(folder / "scotland_simd2020_dz11_ranks_deciles.csv", "dz11_code", "IMD_rank", "IMD_decile")
    population: dict[str, int | None] = {}
    rates: dict[str, dict[str, float]] = {}
    for where, row in _rows(folder / "scotland_simd2020v2_indicators.csv"):
        zone = _need(row, "Data_Zone", where)
        population[zone] = parse_whole(row.get("Total_population"), where.with_field("Total_population"))
        found = {
            name: parse_rate(row.get(column), where.with_field(column))
            for column, name in _RATES.items()
            if column in row
        }
        rates[zone] = {k: v for k, v in found.items() if v is not None}
    rows: dict[str, PlaceRow] = {}
    for where, row in _rows(folder / "lookup_scotland_dz11_iz11_council20.csv"):
        dz, iz, council = (_need(row, c, where) for c in ("dz11_code", "iz11_code", "ltla20_code"))
        name = _need(row, "dz11_name", where)
        rows[dz] = _small_area("scotland", dz, name, (iz,), "SIMD 2020", simd, population.get(dz), rates.get(dz))
        rows.setdefault(
            iz, PlaceRow("scotland", iz, _need(row, "iz11_name", where), PlaceLevel.NEIGHBOURHOOD, (council,))
        )
        rows.setdefault(
            council,
            PlaceRow("scotland", council, _need(row, "ltla20_name", where), PlaceLevel.LOCAL_AUTHORITY, (nation,)),
        )
    return list(rows.values())


def _wales(folder: Path) -> list[PlaceRow]:
    nation = NATIONS["wales"][0]
    wimd = _deprivation(folder / "wales_wimd2019_lsoa11.csv", "lsoa11_code", "IMD_rank", "IMD_decile")
    rows: dict[str, PlaceRow] = {}
    for where, row in _rows(folder / "lookup_ew_lsoa11_ltla21.csv"):
        lsoa, council = _need(row, "lsoa11_code", where), _need(row, "ltla21_code", where)
        if not lsoa.startswith("W"):
            continue
        rows[lsoa] = _small_area("wales", lsoa, _need(row, "lsoa11_name", where), (council,), "WIMD 2019", wimd)
        rows.setdefault(
            council, PlaceRow("wales", council, _need(row, "ltla21_name", where), PlaceLevel.LOCAL_AUTHORITY, (nation,))
        )
    return list(rows.values())


def _england(folder: Path) -> list[PlaceRow]:
    nation = NATIONS["england"][0]
    imd_path = folder / "england_imd2019_lsoa11_file1.csv"
    imd = _deprivation(
        imd_path,
        "LSOA code (2011)",
        "Index of Multiple Deprivation (IMD) Rank",
        "Index of Multiple Deprivation (IMD) Decile",
    )
    lookup = list(_rows(folder / "lookup_england_lsoa11_subicb22_icb22_ltla22.csv"))
    boards_of: defaultdict[str, set[str]] = defaultdict(set)
    for where, row in lookup:
        boards_of[_need(row, "ltla22_code", where)].add(_need(row, "icb22_code", where))
    rows: dict[str, PlaceRow] = {}
    for where, row in lookup:
        lsoa, council, board = (_need(row, c, where) for c in ("lsoa11_code", "ltla22_code", "icb22_code"))
        split = len(boards_of[council]) > 1
        within = (council, board) if split else (council,)
        rows[lsoa] = _small_area("england", lsoa, _need(row, "lsoa11_name", where), within, "IMD 2019", imd)
        council_within = (nation,) if split else (board, nation)
        rows.setdefault(
            council,
            PlaceRow("england", council, _need(row, "ltla22_name", where), PlaceLevel.LOCAL_AUTHORITY, council_within),
        )
        rows.setdefault(
            board, PlaceRow("england", board, _need(row, "icb22_name", where), PlaceLevel.HEALTH_BOARD, (nation,))
        )
    return list(rows.values())


#: English councils made since the lookups' vintage (2023), with the districts they replaced:
#: the districts lie within them, so a place resolved to either finds the other's assets
UNITARIES_2023: dict[str, tuple[str, tuple[str, ...]]] = {
    "E06000063": ("Cumberland", ("E07000026", "E07000028", "E07000029")),
    "E06000064": ("Westmorland and Furness", ("E07000027", "E07000030", "E07000031")),
    "E06000065": (
        "North Yorkshire",
        ("E07000163", "E07000164", "E07000165", "E07000166", "E07000167", "E07000168", "E07000169"),
    ),
    "E06000066": ("Somerset", ("E07000187", "E07000188", "E07000189", "E07000246")),
}
#: councils given a new code with the same area (2025 code -> the lookups' code)
RECODED: dict[str, str] = {"E08000038": "E08000016", "E08000039": "E08000019"}


def _unitaries(rows: list[PlaceRow]) -> list[PlaceRow]:
    """The new unitary councils whose districts the tables hold, each within the board all its
    districts share (else England), and each district within its unitary."""
    by_code = {r.code: r for r in rows}
    england = NATIONS["england"][0]
    made = []
    for code, (name, named) in UNITARIES_2023.items():
        districts = [d for d in named if d in by_code]
        if not districts:
            continue
        boards = {w for d in districts for w in by_code[d].within if w != england}
        within = (boards.pop(), england) if len(boards) == 1 else (england,)
        made.append(PlaceRow("england", code, name, PlaceLevel.LOCAL_AUTHORITY, within))
        for district in districts:
            by_code[district].within += (code,)
    return made


def derive_places(folder: str | Path) -> list[PlaceRow]:
    """Every place of the three nations from the published tables in ``folder``, with the
    nations and the United Kingdom, and the English unitary councils made since (see
    :data:`UNITARIES_2023`)."""
    folder = Path(folder)
    rows = [PlaceRow("", *UK, PlaceLevel.COUNTRY)]
    for key, (code, name) in NATIONS.items():
        rows.append(PlaceRow(key, code, name, PlaceLevel.NATION, (UK[0],)))
    for derive in (_scotland, _wales, _england):
        rows += derive(folder)
    return rows + _unitaries(rows)


def write_places(rows: Iterable[PlaceRow], path: str | Path) -> None:
    """Write rows as gzipped CSV (atomically), with the licence's attribution in a first
    comment line."""
    text = io.StringIO()
    text.write(f"# {ATTRIBUTION}\n")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.nation,
                r.code,
                r.name,
                r.level.value,
                " ".join(r.within),
                r.index or "",
                r.rank or "",
                r.decile or "",
                r.population or "",
                *(r.rates.get(name, "") for name in _RATES.values()),
            ]
        )
    atomic_write_bytes(path, gzip.compress(text.getvalue().encode("utf-8"), mtime=0))


def read_places(path: str | Path) -> list[PlaceRow]:
    """The rows :func:`write_places` wrote."""
    origin = str(path)
    lines = gzip.decompress(Path(path).read_bytes()).decode("utf-8").splitlines()
    body = [line for line in lines if not line.startswith("#")]
    rows = []
    for number, row in enumerate(csv.DictReader(body), start=2):
        where = Location(origin, f"row {number}")
        rows.append(
            PlaceRow(
                row["nation"],
                row["code"],
                row["name"],
                PlaceLevel(row["level"]),
                tuple(row["within"].split()),
                row["index"] or None,
                parse_whole(row["rank"], where.with_field("rank")),
                parse_whole(row["decile"], where.with_field("decile")),
                parse_whole(row["population"], where.with_field("population")),
                {name: float(row[name]) for name in _RATES.values() if row.get(name)},
            )
        )
    return rows


@dataclass(frozen=True)
class DeprivationSummary:
    """A council's deprivation read from its small areas: how many of them the index ranks,
    and the share of those in its most deprived decile (decile 1 in SIMD, WIMD and IMD alike).
    A council has no rank of its own in these indices; the share of its small areas in the
    most deprived tenth of the nation is the figure planners quote, and ranks councils."""

    index: str
    ranked: int
    most_deprived: int

    @property
    def share(self) -> float:
        """The share of the ranked small areas in decile 1, rounded to four places."""
        return round(self.most_deprived / self.ranked, 4)

    @property
    def text(self) -> str:
        """The summary with its method named.

        >>> DeprivationSummary("IMD 2019", 263, 60).text
        '23% of 263 small areas in IMD 2019 decile 1 (the most deprived tenth)'
        """
        return f"{self.share:.0%} of {self.ranked} small areas in {self.index} decile 1 (the most deprived tenth)"

    def attributes(self) -> dict[str, str | float | int]:
        """The place attributes that carry it: ``deprivation_summary`` (the text),
        ``most_deprived_share`` (0 to 1) and ``small_areas_ranked``."""
        return {"deprivation_summary": self.text, "most_deprived_share": self.share, "small_areas_ranked": self.ranked}


def deprivation_summaries(rows: Iterable[PlaceRow]) -> dict[str, DeprivationSummary]:
    """Council code -> the deprivation of the small areas within it (directly, within one of
    its intermediate zones, or within a district it encloses: the unitary councils of
    :data:`UNITARIES_2023`), counting the small areas with a decile. Councils with no ranked
    small area are left out."""
    by_code = {r.code: r for r in rows}

    @cache
    def councils_over(code: str) -> frozenset[str]:
        row = by_code.get(code)
        if row is None:
            return frozenset()
        own = {code} if row.level == PlaceLevel.LOCAL_AUTHORITY else set()
        return frozenset(own.union(*(councils_over(parent) for parent in row.within)))

    counts: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    index: dict[str, str] = {}
    for r in by_code.values():
        if r.level != PlaceLevel.SMALL_AREA or r.decile is None or not r.index:
            continue
        for council in councils_over(r.code):
            counts[council][0] += 1
            counts[council][1] += r.decile == 1
            index.setdefault(council, r.index)
    return {code: DeprivationSummary(index[code], ranked, worst) for code, (ranked, worst) in counts.items()}


@cache
def bundled_rows() -> tuple[PlaceRow, ...]:
    """The bundled places' rows, read once (callers must not change them)."""
    return tuple(read_places(bundled_places_path()))


@cache
def bundled_summaries() -> dict[str, DeprivationSummary]:
    """:func:`deprivation_summaries` of the bundled places, computed once."""
    return deprivation_summaries(bundled_rows())


def bundled_places_path() -> Path:
    """Where the bundled UK places file lives inside the installed package."""
    return Path(str(resources.files("assetgraph") / "data" / "places" / BUNDLED))


def parse_nations(text: str) -> list[str]:
    """Nations written ``scotland,wales``; QueryError for one that is not bundled.

    >>> parse_nations("Wales, england")
    ['wales', 'england']
    """
    wanted = known_nations(text.split(","))
    if not wanted:
        raise QueryError(f"unknown nation {shown(text)}; expected some of: {', '.join(NATIONS)}")
    return wanted


def known_nations(names: Iterable[str]) -> list[str]:
    """The nations named, trimmed and in lower case; QueryError for one that is not bundled."""
    wanted = [n.strip().lower() for n in names if n.strip()]
    for nation in wanted:
        if nation not in NATIONS:
            raise QueryError(f"unknown nation {shown(nation)}; expected some of: {', '.join(NATIONS)}")
    return wanted

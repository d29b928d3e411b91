"""Loading: source files of any format into records, and records into one graph.

:func:`load` is the one call most callers need: it takes saved graphs and sources of any
supported format, picks the reader from each path, and returns one merged :class:`AssetGraph`.

>>> g = load(SEED)
>>> g.find("CHEX").name
'CHEX'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path

from ..collector import collector_paused
from ..errors import InputError, Location
from ..graphmodel.graph import AssetGraph
from ..graphmodel.storage import is_graph_file, load_graph
from ..progress import Progress, silent
from ..reading import check_readable
from ..tables import sheet_headers
from .build import BuildReport, build_graph
from .bundled_places import read_bundled_places
from .formats import FORMATS, SEED, reader
from .openreferral import HSDS_TABLES, is_openreferral
from .overrides import read_overrides
from .records import SourceRecords
from .threesixtygiving import is_360giving, is_grant_header

__all__ = ["detect_format", "read_source", "load", "seed_path"]

_SUFFIXES = {".yaml": "document", ".yml": "document", ".json": "document", ".csv": "csv", ".xlsx": "xlsx"}


def seed_path() -> Path:
    """Where the bundled seed map lives inside the installed package."""
    return Path(str(resources.files("assetgraph") / "data" / "seed_map.yaml"))


def _locate(path: str | Path) -> tuple[Path, str]:
    """The path to read and the name to give it in messages; a data package's descriptor
    stands for its folder."""
    if str(path) == SEED:
        return seed_path(), "assetgraph seed map"
    if not str(path).strip():
        raise InputError(Location(repr(str(path))), "an empty path names no file or folder")
    path = Path(path)
    if not path.exists():
        raise InputError(Location(str(path)), "no such file or folder")
    check_readable(path)
    if path.name == "datapackage.json" and path.is_file():
        return path.parent, str(path.parent)
    return path, str(path)


def _lone_package_table(path: Path, origin: str) -> None:
    """Refuse one CSV table of an Open Referral data package, with a hint to give the folder."""
    if (path.parent / "datapackage.json").is_file():
        raise InputError(
            Location(origin),
            f"this is one table of an Open Referral data package; give the folder {str(path.parent)!r} "
            "(or its datapackage.json) to read the whole package",
        )
    if path.stem.lower() in HSDS_TABLES:
        raise InputError(
            Location(origin),
            f"{path.name} is named like an Open Referral (HSDS) table; give the folder of the whole "
            "data package with its datapackage.json, or name our own tables in the plural (services.csv)",
        )


def _xlsx_is_360giving(path: Path, origin: str) -> bool:
    """Whether a workbook holds a sheet of 360Giving grants (the standard's template puts
    sheets such as ``Meta`` beside it)."""
    return any(is_grant_header(header) for header in sheet_headers(path, origin).values())


def detect_format(path: str | Path) -> str:
    """The format of a path: ``graph``, ``openreferral`` (an HSDS data package folder or
    Open Referral JSON), ``360giving`` (grants JSON, CSV or XLSX), ``document``, ``csv`` or
    ``xlsx`` (our own formats)."""
    path, origin = _locate(path)
    if path.is_dir():
        return "openreferral" if is_openreferral(path) else "csv"
    if is_graph_file(path):
        return "graph"
    suffix = path.suffix.lower()
    if suffix == ".csv":
        _lone_package_table(path, origin)
    if suffix in (".json", ".csv") and is_360giving(path):
        return "360giving"
    if suffix == ".json" and is_openreferral(path):
        return "openreferral"
    if suffix == ".xlsx" and _xlsx_is_360giving(path, origin):
        return "360giving"
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        known = ", ".join(sorted(_SUFFIXES))
        raise InputError(
            Location(origin), f"cannot tell the format from the name; use a folder of CSV files or one of {known}"
        ) from None


#: the formats of published files, whose record ids are scoped by the source's name
_PUBLISHED = frozenset({"openreferral", "360giving"})


@collector_paused()
def read_source(path: str | Path, format: str | None = None, name: str | None = None) -> SourceRecords:
    """The records of one source file or folder (not a saved graph). ``name`` is the name the
    source goes by, in place of the one it gives itself; a published file's record
    identities are scoped by it, never by the file's name."""
    real, origin = _locate(path)
    fmt = format or detect_format(path)
    if fmt not in FORMATS:
        raise InputError(Location(origin), f"unknown source format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    records = reader(fmt)(real, origin, name) if fmt in _PUBLISHED else reader(fmt)(real, origin)
    records.name = name or records.name
    records.format = records.format or fmt
    if not records.nodes and not records.edges:
        first = (
            f"; every record was skipped, the first at {records.skipped[0].location}: {records.skipped[0].reason}"
            if records.skipped
            else ""
        )
        raise InputError(Location(origin), f"holds no records{first}")
    return records


def _refuse_unnamed_directories(sources: list[SourceRecords]) -> None:
    """Two Open Referral sources that go by no name would file their record ids under one
    scheme, and records of two directories that happen to share an id would merge."""
    unnamed = [s.origin for s in sources if s.format == "openreferral" and not s.name]
    if len(unnamed) > 1:
        raise InputError(
            Location(unnamed[1]),
            f"this Open Referral directory and {unnamed[0]} give no name of their own; give each a source name, "
            "so that their record ids are kept apart",
        )


@collector_paused()
def load(
    *paths: str | Path,
    format: str | None = None,
    name: str | None = None,
    places: Iterable[str] = (),
    strict: bool = False,
    report: BuildReport | None = None,
    progress: Progress = silent,
    serves: Mapping[str, str] | None = None,
    source_names: Mapping[str, str] | None = None,
    overrides: str | Path | None = None,
    infer: bool = True,
) -> AssetGraph:
    """One graph from saved graphs and sources, with the bundled UK places of the nations
    in ``places`` first (so that sources resolve to them by code or name); a single saved
    graph comes back as it was.

    ``strict`` turns a skipped record into an error; ``report`` collects merges, near-misses,
    disagreements and skipped records; ``progress`` hears of the records as they go in (see
    :func:`build_graph`); ``serves`` maps a source (as given in ``paths``) to the area its
    services serve where they name none (a place's name or code, or a postcode);
    ``source_names`` maps a source to the name it goes by, which scopes a published file's
    record identities where the file names itself not (see :func:`read_source`); ``overrides``
    is a coordinator's file of what the sources leave out or get wrong (see :mod:`.overrides`);
    ``infer`` false leaves sectors, scales and need themes as the sources state them.

    Raises InputError where two Open Referral sources name themselves not, as their record
    ids could not be told apart.

    >>> graph = load(SEED)
    >>> graph.find("PHS").name, len(graph) == sum(graph.count_nodes().values())
    ('Public Health Scotland', True)
    """
    kept = read_overrides(overrides) if overrides is not None else None
    parts: list[SourceRecords | tuple[str, AssetGraph]] = []
    nations = list(places)
    if nations:
        parts.append(read_bundled_places(nations))
    for path in paths:
        if (format or detect_format(path)) == "graph":
            real, origin = _locate(path)
            parts.append((origin, load_graph(real)))
        else:
            records = read_source(path, format, (source_names or {}).get(str(path)))
            records.serves = (serves or {}).get(str(path))
            parts.append(records)
    _refuse_unnamed_directories([p for p in parts if isinstance(p, SourceRecords)])
    if len(parts) == 1 and isinstance(parts[0], tuple) and kept is None:
        graph = parts[0][1]
        graph.name = name or graph.name
        return graph
    return build_graph(parts, name, strict, report, progress, kept, infer)

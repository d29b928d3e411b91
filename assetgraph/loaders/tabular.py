"""The spreadsheet format a coordinator keeps: a table per kind plus one of relationships.

A folder of CSV files (``organisations.csv``, ``places.csv``, ``relationships.csv``, ...) or one
XLSX workbook with sheets of those names. The first row holds the column names (the fields of
:mod:`.fields`); rows are numbered as a spreadsheet numbers them, the header being row 1. Files
and sheets whose name starts with ``_`` are notes and are passed over.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import InputError, Location
from ..tables import Row, csv_rows, rows_of, workbook
from .fields import edge_record, node_record
from .records import RELATIONSHIPS, SourceRecords, section_of

__all__ = ["read_csv", "read_csv_folder", "read_csv_file", "read_workbook"]


def _header(values: list[Any], location: Location) -> list[str]:
    names = [str(v).strip().lower() if v is not None else "" for v in values]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise InputError(location, "the header row is empty")
    seen: set[str] = set()
    for i, name in enumerate(names, 1):
        if not name:
            raise InputError(location, f"column {i} has no name in the header")
        if name in seen:
            raise InputError(location.with_field(name), "the column appears twice in the header")
        seen.add(name)
    return names


def _add_table(result: SourceRecords, section_name: str, rows: Iterable[Row], origin: str, where: str) -> None:
    """Add the records of one table from the file ``origin``; ``where`` prefixes row numbers
    (a sheet name, or nothing)."""
    section = section_of(section_name, Location(origin, where or None))
    header: list[str] | None = None
    for number, values in rows:
        here = Location(origin, f"{where}row {number}")
        if header is None:
            header = _header(values, here)
            required = ("from", "relation", "to") if section == RELATIONSHIPS else ("name",)
            for column in required:
                if column not in header:
                    raise InputError(here.with_field(column), "the column is missing from the header")
            continue
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        extra = [v for v in values[len(header) :] if v is not None and str(v).strip()]
        if extra:
            raise InputError(here, f"the row has more values than the header's {len(header)} columns")
        raw = dict(zip(header, values, strict=False))
        if section == RELATIONSHIPS:
            result.edges.append(edge_record(raw, here, {}))
        else:
            result.nodes.append(node_record(section, raw, here, {}))  # type: ignore[arg-type]
    if header is None:
        raise InputError(Location(origin, where.rstrip(", ") or None), "the table is empty")


def read_csv_file(path: str | Path, origin: str | None = None, into: SourceRecords | None = None) -> SourceRecords:
    """Read one CSV table named after its kind (``organisations.csv``)."""
    path = Path(path)
    origin = origin or str(path)
    result = into or SourceRecords(origin)
    _add_table(result, path.stem, csv_rows(path, origin), origin, "")
    return result


def read_csv_folder(path: str | Path, origin: str | None = None) -> SourceRecords:
    """Read every ``*.csv`` table of a folder into one source."""
    folder = Path(path)
    result = SourceRecords(origin or str(folder))
    files = sorted(p for p in folder.glob("*.csv") if not p.name.startswith("_"))
    if not files:
        raise InputError(Location(result.origin), "the folder holds no .csv tables")
    for file in files:
        read_csv_file(file, str(file), into=result)
    return result


def read_csv(path: str | Path, origin: str | None = None) -> SourceRecords:
    """Read a folder of CSV tables, or one table."""
    return (read_csv_folder if Path(path).is_dir() else read_csv_file)(path, origin)


def read_workbook(path: str | Path, origin: str | None = None) -> SourceRecords:
    """Read an XLSX workbook with one sheet per kind plus ``relationships``."""
    origin = origin or str(path)
    result = SourceRecords(origin)
    with workbook(Path(path), origin) as book:
        for sheet in book.worksheets:
            if not sheet.title.startswith("_"):
                _add_table(result, sheet.title, rows_of(sheet, origin), origin, f"sheet {sheet.title}, ")
    if not result.nodes and not result.edges:
        raise InputError(Location(origin), "the workbook holds no records")
    return result

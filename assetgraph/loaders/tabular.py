"""The spreadsheet format a coordinator keeps: a table per kind plus one of relationships.

A folder of CSV files (``organisations.csv``, ``places.csv``, ``relationships.csv``, ...) or one
XLSX workbook with sheets of those names. The first row holds the column names (the fields of
:mod:`.fields`); rows are numbered as a spreadsheet numbers them, the header being row 1. Files
and sheets whose name starts with ``_`` are notes and are passed over.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import InputError, Location
from ..reading import read_text
from .fields import edge_record, node_record
from .records import RELATIONSHIPS, SourceRecords, section_of

__all__ = ["read_csv", "read_csv_folder", "read_csv_file", "read_workbook", "dict_rows", "sheet_headers"]

Row = tuple[int, list[Any]]


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


def _csv_rows(path: Path, origin: str) -> Iterable[Row]:
    text = read_text(path, origin)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for values in reader:
            yield start, values
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(Location(origin, f"line {reader.line_num}"), f"malformed CSV: {exc}") from None


#: what a broken workbook raises from openpyxl, at opening or while its rows are read (its XML
#: errors are SyntaxErrors, from ElementTree or, where installed, lxml)
_BROKEN = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, SyntaxError)
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*\bname=\"([^\"]*)\"")


@contextmanager
def _workbook(path: Path, origin: str) -> Iterator[Any]:
    """An XLSX workbook opened read-only; a file that is not one, or that lists a sheet whose
    part is missing, is an InputError."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        with zipfile.ZipFile(path) as archive:
            listed = [
                html.unescape(n.decode("utf-8", "replace")) for n in _SHEET.findall(archive.read("xl/workbook.xml"))
            ]
    except (InvalidFileException, *_BROKEN) as exc:
        raise InputError(
            Location(origin),
            f"not a readable .xlsx workbook ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})",
        ) from None
    try:
        missing = [name for name in listed if name not in book.sheetnames]
        if missing:
            raise InputError(
                Location(origin, f"sheet {missing[0]}"),
                "the workbook lists this sheet but does not hold it (a damaged file?)",
            )
        yield book
    finally:
        book.close()


def _rows_of(sheet: Any, origin: str) -> Iterable[Row]:
    """A sheet's rows, numbered from 1; a damaged sheet is an InputError naming it."""
    number = 0
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, list(values)
    except _BROKEN as exc:
        raise InputError(
            Location(origin, f"sheet {sheet.title}, after row {number}"),
            f"the sheet cannot be read ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})",
        ) from None


def _first_row(sheet: Any, origin: str) -> list[Any]:
    return next(iter(_rows_of(sheet, origin)), (0, []))[1]


def sheet_headers(path: str | Path, origin: str | None = None) -> dict[str, list[Any]]:
    """The header row (the first) of each sheet of an XLSX workbook, notes (``_``) left out."""
    origin = origin or str(path)
    with _workbook(Path(path), origin) as book:
        return {s.title: _first_row(s, origin) for s in book.worksheets if not s.title.startswith("_")}


def _sheet_rows(path: Path, origin: str, title: str | None) -> Iterable[Row]:
    with _workbook(path, origin) as book:
        sheets = [s for s in book.worksheets if not s.title.startswith("_")]
        sheet = next((s for s in sheets if title is None or s.title == title), None)
        if sheet is None:
            raise InputError(Location(origin), f"the workbook has no sheet{f' {title!r}' if title else ''}")
        yield from _rows_of(sheet, origin)


def dict_rows(
    path: str | Path, origin: str | None = None, sheet: str | None = None
) -> Iterable[tuple[Location, dict[str, Any]]]:
    """The rows of a CSV file, or of a sheet of an XLSX workbook (the one called ``sheet``,
    whose rows are then located by it, else the first), as dicts keyed by the header's names
    (trimmed, case kept), each with its location; blank rows are passed over. For tables
    published by others, whose columns are theirs."""
    path = Path(path)
    origin = origin or str(path)
    workbook = path.suffix.lower() == ".xlsx"
    rows = _sheet_rows(path, origin, sheet) if workbook else _csv_rows(path, origin)
    prefix = f"sheet {sheet}, " if workbook and sheet else ""
    header: list[str] | None = None
    for number, values in rows:
        if header is None:
            header = [str(v).strip() if v is not None else "" for v in values]
            continue
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        yield Location(origin, f"{prefix}row {number}"), {h: v for h, v in zip(header, values, strict=False) if h}
    if header is None:
        raise InputError(Location(origin), "the table is empty")


def read_csv_file(path: str | Path, origin: str | None = None, into: SourceRecords | None = None) -> SourceRecords:
    """Read one CSV table named after its kind (``organisations.csv``)."""
    path = Path(path)
    origin = origin or str(path)
    result = into or SourceRecords(origin)
    _add_table(result, path.stem, _csv_rows(path, origin), origin, "")
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
    with _workbook(Path(path), origin) as book:
        for sheet in book.worksheets:
            if not sheet.title.startswith("_"):
                _add_table(result, sheet.title, _rows_of(sheet, origin), origin, f"sheet {sheet.title}, ")
    if not result.nodes and not result.edges:
        raise InputError(Location(origin), "the workbook holds no records")
    return result

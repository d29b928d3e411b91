"""Reading tables: the rows of a CSV file or of an XLSX workbook's sheets, each numbered as a
spreadsheet numbers it, for the readers of every layer (the loaders' formats, and the published
geography tables the reference geography is derived from). What a table means is the caller's.
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

from .errors import InputError, Location
from .reading import read_text

__all__ = ["Row", "csv_rows", "workbook", "rows_of", "sheet_headers", "dict_rows"]

#: a row's number (the header is row 1) and its values
Row = tuple[int, list[Any]]


def csv_rows(path: Path, origin: str) -> Iterable[Row]:
    """The rows of a CSV file as lists of text, each with the line it starts on; malformed CSV
    is an InputError naming the line."""
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
def workbook(path: Path, origin: str) -> Iterator[Any]:
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


def rows_of(sheet: Any, origin: str) -> Iterable[Row]:
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
    return next(iter(rows_of(sheet, origin)), (0, []))[1]


def sheet_headers(path: str | Path, origin: str | None = None) -> dict[str, list[Any]]:
    """The header row (the first) of each sheet of an XLSX workbook, notes (``_``) left out."""
    origin = origin or str(path)
    with workbook(Path(path), origin) as book:
        return {s.title: _first_row(s, origin) for s in book.worksheets if not s.title.startswith("_")}


def _sheet_rows(path: Path, origin: str, title: str | None) -> Iterable[Row]:
    with workbook(path, origin) as book:
        sheets = [s for s in book.worksheets if not s.title.startswith("_")]
        sheet = next((s for s in sheets if title is None or s.title == title), None)
        if sheet is None:
            raise InputError(Location(origin), f"the workbook has no sheet{f' {title!r}' if title else ''}")
        yield from rows_of(sheet, origin)


def dict_rows(
    path: str | Path, origin: str | None = None, sheet: str | None = None
) -> Iterable[tuple[Location, dict[str, Any]]]:
    """The rows of a CSV file, or of a sheet of an XLSX workbook (the one called ``sheet``,
    whose rows are then located by it, else the first), as dicts keyed by the header's names
    (trimmed, case kept), each with its location; blank rows are passed over. For tables
    published by others, whose columns are theirs."""
    path = Path(path)
    origin = origin or str(path)
    is_workbook = path.suffix.lower() == ".xlsx"
    rows = _sheet_rows(path, origin, sheet) if is_workbook else csv_rows(path, origin)
    prefix = f"sheet {sheet}, " if is_workbook and sheet else ""
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

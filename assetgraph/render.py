"""Rendering results as a table, JSON or CSV: one registry for every command.

A result is a pydantic model with a ``tables()`` method giving :class:`Table` specs (title,
columns, rows of text) for people; JSON is the model itself, stable for scripts; CSV is the
first table, for spreadsheets.

>>> from pydantic import BaseModel
>>> class Counts(BaseModel):
...     kind: str
...     n: int
...     def tables(self):
...         return [Table("Counts", ["kind", "n"], [[self.kind, str(self.n)]])]
>>> print(render(Counts(kind="place", n=3), "csv"), end="")
kind,n
place,3
>>> print(render(Counts(kind="place", n=3), "json"))
{
  "kind": "place",
  "n": 3
}
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

__all__ = ["Table", "Result", "RENDERERS", "render", "cell_text"]


@dataclass
class Table:
    """A titled table of text cells, with an optional heading above it and note under it;
    ``csv_only`` columns are left out of the terminal view (a note usually says them). A table
    with no columns is its heading alone: lines of text, for results that read as sentences; one
    with no rows prints its heading, "<title>: none" and its note, never an empty grid."""

    title: str | None
    columns: list[str]
    rows: list[list[str]]
    note: str | None = None
    widths: dict[str, int] = field(default_factory=dict)
    heading: str | None = None
    csv_only: list[str] = field(default_factory=list)


class Result(Protocol):
    def tables(self) -> list[Table]: ...

    def model_dump_json(self, *, indent: int | None = None) -> str: ...


def cell_text(value: Any) -> str:
    """A value as one line of text: lists joined by "; ", mappings as "key=value" pairs.

    >>> cell_text({"role": "CEO"}), cell_text(["PHS", "Public Health Scotland"])
    ('role=CEO', 'PHS; Public Health Scotland')
    """
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return "" if value is None else str(value)


def _table(result: Result, width: int | None = None) -> str:
    console = Console(file=io.StringIO(), width=width or 120, force_terminal=False, soft_wrap=False)
    for spec in result.tables():
        if not spec.columns:
            console.file.write(f"{spec.heading or ''}\n")
            continue
        if spec.heading:
            console.print(Text(spec.heading))
        if spec.rows:
            table = RichTable(title=spec.title, title_justify="left", show_lines=False)
            shown = [i for i, c in enumerate(spec.columns) if c not in spec.csv_only]
            for i in shown:
                table.add_column(spec.columns[i], overflow="fold", max_width=spec.widths.get(spec.columns[i]))
            for row in spec.rows:
                table.add_row(*(Text(cell_text(row[i])) for i in shown))
            console.print(table)
        else:
            console.print(Text(f"{spec.title}: none" if spec.title else "None."))
        if spec.note:
            console.print(Text(spec.note))
    return console.file.getvalue()  # type: ignore[attr-defined]


def _json(result: Result, width: int | None = None) -> str:
    return result.model_dump_json(indent=2)


def _csv(result: Result, width: int | None = None) -> str:
    """The result's first table, or the one table it gives for CSV (``csv_table``) where its
    tables are several views of one list."""
    spec = result.csv_table() if hasattr(result, "csv_table") else result.tables()[0]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(spec.columns)
    writer.writerows([cell_text(v) for v in row] for row in spec.rows)
    return out.getvalue()


RENDERERS: dict[str, Callable[[Result, int | None], str]] = {
    "table": _table,
    "json": _json,
    "csv": _csv,
}


def render(result: BaseModel | Result, format: str, width: int | None = None) -> str:
    """``result`` as text in ``format`` (one of :data:`RENDERERS`)."""
    return RENDERERS[format](result, width)  # type: ignore[arg-type]

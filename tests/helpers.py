"""Small builders shared by the tests."""

from __future__ import annotations

import os

import openpyxl
import pytest

from assetgraph.graphmodel import Edge, Organisation, Provenance

SRC = [Provenance(source="test")]


def org(name: str, **kw) -> Organisation:
    return Organisation(name=name, provenance=kw.pop("provenance", SRC), **kw)


def edge(source: str, relation: str, target: str, **kw) -> Edge:
    return Edge(source=source, relation=relation, target=target, provenance=kw.pop("provenance", SRC), **kw)


def write_workbook(path, sheets: dict[str, list[list]]):
    """Save an XLSX workbook with one sheet per entry of ``sheets`` (lists of rows)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def unavailable(reason: str) -> None:
    """Skip a test whose tool is missing on this machine, with the reason; under CI=true,
    where ./scripts/test installs every tool, fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required under CI=true: {reason}")
    pytest.skip(reason)

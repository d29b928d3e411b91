"""Nodes and edges as flat rows of typed values, the shape every export starts from: the id,
name, kind (or relation) and each field of the model, lists joined with "; ", attributes as
``attributes.X``, a summary of the provenance, and where a node is placed its grid reference."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..geography.postcodes import grid_reference
from ..graphmodel.edges import Edge
from ..graphmodel.nodes import Node

__all__ = ["node_row", "edge_row", "edge_id", "provenance_summary", "csv_bytes", "xml_text", "spreadsheet_text"]

Scalar = str | int | float | bool
_SKIP = {"provenance", "attributes", "identifiers", "aliases", "id", "name", "kind"}
#: characters XML 1.0 cannot hold at all (not even escaped): C0 controls but tab, line feed and
#: carriage return; lone surrogates; U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: what a spreadsheet reads as the start of a formula (OWASP's CSV injection list)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def xml_text(text: str) -> str:
    r"""``text`` without the characters XML 1.0 cannot hold, which every XML-based format
    (GEXF, GraphML, XLSX) would otherwise refuse or write as a broken file.

    >>> xml_text("Food\x03bank\tcafe")
    'Foodbank\tcafe'
    """
    return _NOT_XML.sub("", text)


def spreadsheet_text(value: Any) -> Any:
    r"""A cell a spreadsheet opens as text, never as a formula: text starting with ``= + - @``,
    a tab or a carriage return gets a leading apostrophe (OWASP's advice on CSV injection).
    Numbers, and text that is only a number such as ``-5``, are left as they are.

    >>> spreadsheet_text('=HYPERLINK("http://x")'), spreadsheet_text("-5"), spreadsheet_text(-5)
    ('\'=HYPERLINK("http://x")', '-5', -5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], spreadsheet: bool = False) -> bytes:
    """UTF-8 CSV of ``rows`` under ``columns`` (the header as given, cells by the same names):
    what a row lacks or holds as None is empty, booleans are ``true`` and ``false``. With
    ``spreadsheet``, for files people open in a spreadsheet, no cell can start a formula
    (see :func:`spreadsheet_text`); without, every cell is written as it is, for the tools that
    read the data back (a quote added there would change it)."""

    def cell(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return spreadsheet_text(value) if spreadsheet else value

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([cell(c) for c in columns])
    writer.writerows([cell(row.get(c)) for c in columns] for row in rows)
    return out.getvalue().encode("utf-8")


def edge_id(edge: Edge) -> str:
    """A stable id for an edge, the same in every export and every run: a digest of its
    identity (source, target, relation, key), so two grants between one pair stay two.

    >>> from assetgraph.graphmodel.provenance import Provenance
    >>> e = Edge(source="organisation:a", relation="FUNDS", target="organisation:b", key="grant 1",
    ...          provenance=[Provenance(source="example")])
    >>> edge_id(e) == edge_id(e.model_copy(update={"amount": 5.0})), edge_id(e).startswith("e")
    (True, True)
    """
    return "e" + hashlib.sha1("\x1f".join(edge.identity).encode("utf-8")).hexdigest()[:16]


def provenance_summary(items: list[Any]) -> dict[str, Scalar]:
    """The sources that vouch for an item (in order, once each), how many claims, and whether
    every one is only inferred."""
    sources = list(dict.fromkeys(p.source for p in items))
    return {"sources": "; ".join(sources), "claims": len(items), "inferred": all(p.inferred for p in items)}


def _flat(value: Any) -> Scalar | None:
    if value is None or value == [] or value == {}:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return "; ".join(str(_flat(v)) for v in value)
    return str(getattr(value, "value", value))


def node_row(node: Node) -> dict[str, Scalar]:
    """A node as a flat row (see the module's docstring); ``easting`` and ``northing`` where the
    bundled postcode table places it (see :func:`~assetgraph.geography.postcodes.grid_reference`)."""
    row: dict[str, Scalar] = {"id": node.id, "name": node.name, "kind": node.kind.value}
    if node.aliases:
        row["aliases"] = "; ".join(node.aliases)
    for field, value in node.model_dump(mode="json", exclude=_SKIP).items():
        if (flat := _flat(value)) is not None:
            row[field] = flat
    for key, value in {**node.attributes, **{f"id.{k}": v for k, v in node.identifiers.items()}}.items():
        if (flat := _flat(value)) is not None:
            row[f"attributes.{key}" if not key.startswith("id.") else f"identifiers.{key[3:]}"] = flat
    if (at := grid_reference(node)) is not None:
        row["easting"], row["northing"] = round(at[0]), round(at[1])
    return row | provenance_summary(node.provenance)


def edge_row(edge: Edge) -> dict[str, Scalar]:
    """An edge as a flat row: source, target, relation, key where set, its fields and provenance."""
    row: dict[str, Scalar] = {"source": edge.source, "target": edge.target, "relation": edge.relation.value}
    excluded = {"source", "target", "relation", "provenance", "attributes"}
    for field, value in edge.model_dump(mode="json", exclude=excluded).items():
        if (flat := _flat(value)) is not None:
            row[field] = flat
    for key, value in edge.attributes.items():
        row[f"attributes.{key}"] = value
    return row | provenance_summary(edge.provenance)

"""Nodes and edges as flat rows of typed values, the shape every export starts from: the id,
name, kind (or relation) and each field of the model, lists joined with "; ", attributes as
``attributes.X``, a summary of the provenance, and where a node is placed its grid reference."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..graphmodel.edges import Edge
from ..graphmodel.nodes import Node
from ..loaders.postcodes import grid_reference

__all__ = ["node_row", "edge_row", "provenance_summary", "csv_bytes"]

Scalar = str | int | float | bool
_SKIP = {"provenance", "attributes", "identifiers", "aliases", "id", "name", "kind"}


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """UTF-8 CSV of ``rows`` under ``columns`` (the header as given, cells by the same names):
    what a row lacks or holds as None is empty, booleans are ``true`` and ``false``."""

    def cell(value: Any) -> Any:
        return "" if value is None else ("true" if value else "false") if isinstance(value, bool) else value

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell(row.get(c)) for c in columns] for row in rows)
    return out.getvalue().encode("utf-8")


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
    bundled postcode table places it (see :func:`~assetgraph.loaders.postcodes.grid_reference`)."""
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

"""The formats a graph goes out in, each a function from a graph to the files it writes
(name -> bytes): one file for Gephi (GEXF 1.3, GraphML) and Kumu (JSON blueprint, XLSX), a
folder of files for plain CSV, Neo4j's bulk import and an Open Referral (HSDS 3) data package.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import networkx as nx

from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import SYMMETRIC, NodeKind, Relation
from .hsds import hsds_package
from .rows import Scalar, csv_bytes, edge_row, node_row

__all__ = ["EXPORTS", "FOLDERS", "export_files"]


def _columns(rows: list[dict[str, Scalar]], first: list[str]) -> list[str]:
    return first + sorted({k for row in rows for k in row} - set(first))


def _networkx(graph: AssetGraph, typed: bool) -> nx.MultiDiGraph:
    """The graph with flat, typed attributes, as Gephi's readers type their columns: one type
    per column (attributes of mixed types become text); a node placed on the grid at its
    position (GEXF ``viz``)."""
    g = nx.MultiDiGraph(name=graph.name or "assetgraph")
    rows = [node_row(n) for n in graph.nodes()]
    mixed = {k for k in {k for r in rows for k in r} if len({type(r[k]) for r in rows if k in r}) > 1}
    for row in rows:
        attrs: dict[str, Any] = {k: (str(v) if k in mixed else v) for k, v in row.items() if k != "id"}
        attrs["label"] = attrs.pop("name")
        if typed and "easting" in row:
            attrs["viz"] = {"position": {"x": float(row["easting"]), "y": float(row["northing"]), "z": 0.0}}
        g.add_node(row["id"], **attrs)
    for i, edge in enumerate(graph.edges()):
        row = edge_row(edge)
        source, target = row.pop("source"), row.pop("target")
        g.add_edge(
            source, target, key=f"e{i}", **{k: str(v) if k.startswith("attributes.") else v for k, v in row.items()}
        )
    return g


def gexf(graph: AssetGraph) -> bytes:
    out = io.BytesIO()
    nx.write_gexf(_networkx(graph, typed=True), out, version="1.3")
    return out.getvalue()


def graphml(graph: AssetGraph) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(_networkx(graph, typed=False), out, named_key_ids=True)
    return out.getvalue()


def _kumu(graph: AssetGraph) -> tuple[list[dict[str, Scalar]], list[dict[str, Scalar]]]:
    """Kumu's elements (Label, Type, Description, Tags and the other fields) and connections
    (From, To, Type, Direction), elements keyed by ID so that two bodies of one name stay two."""
    elements = []
    for node in graph.nodes():
        row = node_row(node)
        tags = [row.get("sector"), row.get("scale"), row.get("level")]
        element: dict[str, Scalar] = {
            "ID": row.pop("id"),
            "Label": row.pop("name"),
            "Type": row.pop("kind"),
            "Description": row.pop("description", ""),
            "Tags": "|".join(str(t) for t in tags if t),
        }
        elements.append(element | {k: v for k, v in row.items()})
    connections = []
    for edge in graph.edges():
        row = edge_row(edge)
        connections.append(
            {
                "From": row.pop("source"),
                "To": row.pop("target"),
                "Type": row.pop("relation"),
                "Direction": "mutual" if edge.relation in SYMMETRIC else "directed",
                "Description": row.pop("description", ""),
            }
            | row
        )
    return elements, connections


def kumu_json(graph: AssetGraph) -> bytes:
    elements, connections = _kumu(graph)
    lower = [{k.lower(): v for k, v in e.items()} for e in elements]
    links = [{k.lower(): v for k, v in c.items()} for c in connections]
    return json.dumps({"elements": lower, "connections": links}, ensure_ascii=False, indent=1).encode("utf-8")


def kumu_xlsx(graph: AssetGraph) -> bytes:
    from openpyxl import Workbook

    elements, connections = _kumu(graph)
    book = Workbook()
    for sheet, rows, first in (
        (book.active, elements, ["ID", "Label", "Type", "Description", "Tags"]),
        (book.create_sheet(), connections, ["From", "To", "Type", "Direction", "Description"]),
    ):
        sheet.title = "Elements" if rows is elements else "Connections"
        columns = _columns(rows, first)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plain_csv(graph: AssetGraph) -> dict[str, bytes]:
    nodes = [node_row(n) for n in graph.nodes()]
    edges = [edge_row(e) for e in graph.edges()]
    return {
        "nodes.csv": csv_bytes(_columns(nodes, ["id", "name", "kind"]), nodes),
        "edges.csv": csv_bytes(_columns(edges, ["source", "target", "relation"]), edges),
    }


_NEO4J_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _neo4j_csv(rows: list[dict[str, Scalar]], fixed: dict[str, str]) -> bytes:
    """The rows under a header of ``name:type`` columns, the fixed ones first and named as
    ``fixed`` says (``id:ID``, ``:LABEL``)."""
    header = {}
    for key in _columns(rows, list(fixed)):
        kinds = {type(r[key]) for r in rows if key in r}
        header[key] = fixed.get(key) or f"{key}:{_NEO4J_TYPES[kinds.pop()] if len(kinds) == 1 else 'string'}"
    return csv_bytes(list(header.values()), ({header[k]: v for k, v in row.items()} for row in rows))


def neo4j_bulk(graph: AssetGraph) -> dict[str, bytes]:
    """CSVs ``neo4j-admin database import full`` reads: nodes by kind (``id:ID``, ``:LABEL``
    the kind and ``Asset``), relationships by relation (``:START_ID``, ``:END_ID``, ``:TYPE``),
    each column typed in its header; and the command that imports them."""
    files: dict[str, bytes] = {}
    command = ["neo4j-admin database import full neo4j --overwrite-destination"]
    for kind in NodeKind:
        rows = [node_row(n) for n in graph.nodes(kind)]
        if not rows:
            continue
        label = kind.value.capitalize()
        for row in rows:
            row[":LABEL"] = f"{label};Asset" if kind is not NodeKind.PLACE else label
        files[f"nodes_{kind.value}.csv"] = _neo4j_csv(rows, {"id": "id:ID", ":LABEL": ":LABEL"})
        command.append(f"--nodes={label}=nodes_{kind.value}.csv")
    for relation in Relation:
        rows = [edge_row(e) for e in graph.edges(relation)]
        if not rows:
            continue
        for row in rows:
            row[":TYPE"] = relation.value
        files[f"edges_{relation.value}.csv"] = _neo4j_csv(
            rows, {"source": ":START_ID", "target": ":END_ID", ":TYPE": ":TYPE"}
        )
        command.append(f"--relationships=edges_{relation.value}.csv")
    files["import.sh"] = (" \\\n  ".join(command) + "\n").encode("utf-8")
    return files


#: format -> (writer, suffix of the single file it writes, or None for a folder of files)
EXPORTS: dict[str, tuple[Callable[[AssetGraph], Any], str | None]] = {
    "gexf": (gexf, ".gexf"),
    "graphml": (graphml, ".graphml"),
    "kumu-json": (kumu_json, ".json"),
    "kumu-xlsx": (kumu_xlsx, ".xlsx"),
    "csv": (plain_csv, None),
    "neo4j": (neo4j_bulk, None),
    "hsds": (hsds_package, None),
}
FOLDERS = tuple(name for name, (_, suffix) in EXPORTS.items() if suffix is None)


def export_files(graph: AssetGraph, fmt: str) -> bytes | dict[str, bytes]:
    """The file (bytes) or files (name -> bytes) of ``graph`` in ``fmt`` (see :data:`EXPORTS`)."""
    return EXPORTS[fmt][0](graph)

"""The formats a graph goes out in, each a function from a graph to the files it writes
(name -> bytes): one file for Gephi (GEXF 1.3, GraphML) and Kumu (JSON blueprint, XLSX), a
folder of files for plain CSV, Neo4j's bulk import and an Open Referral (HSDS 3) data package.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable
from typing import Any
from xml.etree import ElementTree

import networkx as nx

from ..errors import ExportError
from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import SYMMETRIC, NodeKind, Relation
from .hsds import hsds_package
from .rows import Scalar, csv_bytes, edge_id, edge_row, node_row, xml_text

__all__ = ["EXPORTS", "FOLDERS", "export_files"]

_GEXF = "http://gexf.net/1.3"
_VIZ = "http://gexf.net/1.3/viz"
_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
#: the most rows and columns a worksheet holds (Excel's limits, which openpyxl enforces)
_XLSX_ROWS = 1_048_576
_XLSX_COLUMNS = 16_384


def _columns(rows: list[dict[str, Scalar]], first: list[str]) -> list[str]:
    return first + sorted({k for row in rows for k in row} - set(first))


def _column_types(rows: Iterable[dict[str, Scalar]]) -> dict[str, type]:
    """Each column's one type, as Gephi and GraphML readers type a column: whole numbers
    mixed with fractions are fractions; any other mix is text."""
    seen: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            seen.setdefault(key, set()).add(type(value))
    return {k: t.pop() if len(t) == 1 else float if t == {int, float} else str for k, t in seen.items()}


def _typed(value: Scalar, kind: type) -> Scalar:
    """``value`` as its column's type, text made fit for XML."""
    if kind is str:
        return xml_text(value if isinstance(value, str) else _text(value))
    return kind(value)


def _text(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_text(str(value))


def _graph_edges(graph: AssetGraph) -> list[tuple[str, dict[str, Scalar]]]:
    """Each edge's stable id and row, its key as ``edge_key``: Gephi's and networkx's readers
    take an edge attribute called ``key`` for the edge's own key and refuse both."""
    return [(edge_id(e), {("edge_key" if k == "key" else k): v for k, v in edge_row(e).items()}) for e in graph.edges()]


def _gexf_attributes(graph: ElementTree.Element, cls: str, types: dict[str, type]) -> dict[str, str]:
    """Declare one class's columns; returns column -> attribute id."""
    declared = ElementTree.SubElement(graph, "attributes", {"class": cls})
    ids = {}
    for i, (name, kind) in enumerate(types.items()):
        ids[name] = f"{cls[0]}{i}"
        ElementTree.SubElement(
            declared, "attribute", {"id": ids[name], "title": xml_text(name), "type": _GEXF_TYPES[kind]}
        )
    return ids


def _attvalues(parent: ElementTree.Element, row: dict[str, Scalar], ids: dict[str, str]) -> None:
    values = ElementTree.SubElement(parent, "attvalues")
    for key, value in row.items():
        ElementTree.SubElement(values, "attvalue", {"for": ids[key], "value": _text(value)})


def gexf(graph: AssetGraph) -> bytes:
    """GEXF 1.3 as Gephi reads it and its schema (gephi/gexf ``1.3/gexf.rng``) accepts: typed
    node and edge columns, nodes labelled by name and placed on the grid where the postcode
    table places them (``viz:position``), each edge with its stable id, its relation as label
    and its key as ``edge_key``."""
    nodes = [node_row(n) for n in graph.nodes()]
    edges = _graph_edges(graph)
    node_data = [{k: v for k, v in row.items() if k not in ("id", "name")} for row in nodes]
    edge_data = [{k: v for k, v in row.items() if k not in ("source", "target")} for _, row in edges]
    ElementTree.register_namespace("viz", _VIZ)
    root = ElementTree.Element("gexf", {"xmlns": _GEXF, "version": "1.3"})
    meta = ElementTree.SubElement(root, "meta")
    ElementTree.SubElement(meta, "creator").text = "assetgraph"
    ElementTree.SubElement(meta, "description").text = xml_text(graph.name or "assetgraph")
    body = ElementTree.Element("graph", {"defaultedgetype": "directed", "mode": "static"})
    root.append(body)
    node_ids = _gexf_attributes(body, "node", _column_types(node_data))
    edge_ids = _gexf_attributes(body, "edge", _column_types(edge_data))
    listed = ElementTree.SubElement(body, "nodes", {"count": str(len(nodes))})
    for row, data in zip(nodes, node_data, strict=True):
        node = ElementTree.SubElement(listed, "node", {"id": _text(row["id"]), "label": _text(row["name"])})
        _attvalues(node, data, node_ids)
        if "easting" in row:
            position = {"x": _text(float(row["easting"])), "y": _text(float(row["northing"])), "z": "0.0"}
            ElementTree.SubElement(node, f"{{{_VIZ}}}position", position)
    listed = ElementTree.SubElement(body, "edges", {"count": str(len(edges))})
    for (key, row), data in zip(edges, edge_data, strict=True):
        ends = {"id": key, "source": _text(row["source"]), "target": _text(row["target"])}
        edge = ElementTree.SubElement(listed, "edge", ends | {"label": _text(row["relation"])})
        _attvalues(edge, data, edge_ids)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _graphml_names(names: Iterable[str], taken: set[str]) -> dict[str, str]:
    """Column -> the name GraphML declares it by: ``attr.name`` is an XML name token (no spaces
    or punctuation but ``. - _ :``), so other characters become ``_``, kept apart if two
    columns meet."""
    found = {}
    for name in names:
        base = re.sub(r"[^\w.\-:]", "_", xml_text(name)) or "_"
        token, n = base, 1
        while token in taken:
            n += 1
            token = f"{base}_{n}"
        taken.add(token)
        found[name] = token
    return found


def graphml(graph: AssetGraph) -> bytes:
    """GraphML with typed keys (one type per column), the name as ``label`` (as Gephi reads it),
    each edge with its stable id and its key as ``edge_key``."""
    g = nx.MultiDiGraph(name=xml_text(graph.name or "assetgraph"))
    nodes = [{("label" if k == "name" else k): v for k, v in node_row(n).items()} for n in graph.nodes()]
    edges = _graph_edges(graph)
    node_types = _column_types({k: v for k, v in row.items() if k != "id"} for row in nodes)
    edge_types = _column_types({k: v for k, v in row.items() if k not in ("source", "target")} for _, row in edges)
    node_names = _graphml_names(node_types, set())
    edge_names = _graphml_names(edge_types, set())
    for row in nodes:
        g.add_node(_text(row["id"]), **{node_names[k]: _typed(v, node_types[k]) for k, v in row.items() if k != "id"})
    g.add_edges_from(
        (
            _text(row["source"]),
            _text(row["target"]),
            key,
            {edge_names[k]: _typed(v, edge_types[k]) for k, v in row.items() if k not in ("source", "target")},
        )
        for key, row in edges
    )
    out = io.BytesIO()
    nx.write_graphml(g, out)
    return out.getvalue()


def _kumu(graph: AssetGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Kumu's elements (ID, Label, Type, Description, Tags as a list, and the other fields)
    and connections (ID, From, To, Type, Direction), elements keyed by ID so that two bodies
    of one name stay two, connections by their stable id."""
    elements = []
    for node in graph.nodes():
        row = node_row(node)
        tags = [row.get("sector"), row.get("scale"), row.get("level")]
        element: dict[str, Any] = {
            "ID": row.pop("id"),
            "Label": row.pop("name"),
            "Type": row.pop("kind"),
            "Description": row.pop("description", ""),
            "Tags": [str(t) for t in tags if t],
        }
        elements.append(element | row)
    connections = []
    for edge in graph.edges():
        row = edge_row(edge)
        connections.append(
            {
                "ID": edge_id(edge),
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
    """Kumu's JSON blueprint: ``elements`` and ``connections``, fields in lower case."""
    elements, connections = _kumu(graph)
    lower = [{k.lower(): v for k, v in e.items()} for e in elements]
    links = [{k.lower(): v for k, v in c.items()} for c in connections]
    return json.dumps({"elements": lower, "connections": links}, ensure_ascii=False, indent=1).encode("utf-8")


def _fits_a_sheet(title: str, rows: int, columns: int) -> None:
    """ExportError unless a sheet of ``rows`` and ``columns`` fits in Excel's grid."""
    for count, most, what in ((rows, _XLSX_ROWS, "rows"), (columns, _XLSX_COLUMNS, "columns")):
        if count > most:
            raise ExportError(
                f"the {title} sheet would need {count:,} {what}, more than the {most:,} a workbook holds; "
                "export to kumu-json or csv instead"
            )


def kumu_xlsx(graph: AssetGraph) -> bytes:
    """Kumu's spreadsheet import: an Elements and a Connections sheet, tags joined by ``|``.
    Every text is a text cell (never a formula, whatever it starts with) and numbers are
    numbers; characters a workbook cannot hold are left out."""
    from openpyxl import Workbook

    elements, connections = _kumu(graph)
    for element in elements:
        element["Tags"] = "|".join(element["Tags"])
    book = Workbook()
    for sheet, rows, first in (
        (book.active, elements, ["ID", "Label", "Type", "Description", "Tags"]),
        (book.create_sheet(), connections, ["ID", "From", "To", "Type", "Direction", "Description"]),
    ):
        sheet.title = "Elements" if rows is elements else "Connections"
        columns = _columns(rows, first)
        _fits_a_sheet(sheet.title, len(rows) + 1, len(columns))
        for r, row in enumerate([dict(zip(columns, columns, strict=True)), *rows], start=1):
            for c, column in enumerate(columns, start=1):
                value = row.get(column)
                if isinstance(value, str):
                    sheet.cell(row=r, column=c, value=xml_text(value)).data_type = "s"
                elif value is not None:
                    sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plain_csv(graph: AssetGraph) -> dict[str, bytes]:
    """nodes.csv and edges.csv, for spreadsheets: no cell can start a formula."""
    nodes = [node_row(n) for n in graph.nodes()]
    edges = [edge_row(e) for e in graph.edges()]
    return {
        "nodes.csv": csv_bytes(_columns(nodes, ["id", "name", "kind"]), nodes, spreadsheet=True),
        "edges.csv": csv_bytes(_columns(edges, ["source", "target", "relation"]), edges, spreadsheet=True),
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
    each column typed in its header; and the command that imports them, which reads quoted
    fields across line breaks (``--multiline-fields=true``: text may hold them)."""
    files: dict[str, bytes] = {}
    command = ["neo4j-admin database import full neo4j --overwrite-destination --multiline-fields=true"]
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

"""Exports to the tools people already use: Gephi, Kumu, spreadsheets, Neo4j's bulk import and
Open Referral directories (see :mod:`.formats`), of a whole graph or a selection of it."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ..fileio import atomic_write_files, atomic_write_folder
from ..graphmodel.graph import AssetGraph
from ..render import Table
from .formats import EXPORTS, FOLDERS, export_files
from .hsds import Package
from .selection import ExportOptions, select

__all__ = ["EXPORTS", "FOLDERS", "ExportOptions", "Exported", "write_export"]


class Exported(BaseModel):
    """What an export wrote: the file or folder, its format, and the nodes and edges in it."""

    output: str
    format: str
    nodes: int
    edges: int
    files: list[str]
    #: values left out, by field, because the format cannot take them (an HSDS url that is no URI)
    left_out: dict[str, int] = {}

    def tables(self) -> list[Table]:
        listed = f" ({', '.join(self.files)})" if len(self.files) > 1 else ""
        dropped = ", ".join(f"{n:,} {field}" for field, n in self.left_out.items())
        return [
            Table(
                None,
                [],
                [],
                heading=f"Wrote {self.output}{listed}: {self.nodes:,} nodes and {self.edges:,} relations "
                f"as {self.format}." + (f" Left out, as the format cannot take them: {dropped}." if dropped else ""),
            )
        ]


def write_export(graph: AssetGraph, fmt: str, output: str | Path, options: ExportOptions | None = None) -> Exported:
    """Export the selection of ``graph`` in ``fmt`` to ``output``: a file, or for the formats
    of several files (:data:`FOLDERS`) a folder that then holds these files only (see
    :func:`~assetgraph.fileio.atomic_write_folder`); every file written or none."""
    part = select(graph, options or ExportOptions())
    found = export_files(part, fmt)
    if isinstance(found, bytes):
        atomic_write_files({output: found})
        names = [Path(output).name]
    else:
        atomic_write_folder(output, found)
        names = sorted(found)
    left_out = found.left_out if isinstance(found, Package) else {}
    return Exported(
        output=str(output), format=fmt, nodes=len(part), edges=part.number_of_edges(), files=names, left_out=left_out
    )

"""The part of a graph an export holds: all of it, a neighbourhood or a place, some kinds,
with people withheld where asked (the same selection and redaction as the maps): the whole
graph's people, whether or not the part holds them, since their names may stand in the text of
what it does hold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..graphmodel.graph import AssetGraph
from ..graphmodel.redaction import Redactor
from ..graphmodel.storage import graph_from_dict, graph_to_dict, redacted
from ..graphmodel.vocabulary import NodeKind

__all__ = ["ExportOptions", "select"]


@dataclass
class ExportOptions:
    around: str | None = None
    depth: int = 2
    place: str | None = None
    kinds: tuple[NodeKind, ...] = ()
    redact_people: bool = False


def select(graph: AssetGraph, options: ExportOptions) -> AssetGraph:
    """The graph to export: the nodes chosen (by ``around``, ``place`` and ``kinds``) and the
    edges between them, with ``redact_people`` every person of ``graph`` withheld from them."""
    from ..viz.select import around, within_place

    redactor = Redactor(graph) if options.redact_people else None
    with graph.withholding(redactor):
        if options.around:
            chosen: Iterable[str] = around(graph, options.around, options.depth).nodes
        elif options.place:
            chosen = within_place(graph, options.place).nodes
        else:
            chosen = [n.id for n in graph.nodes()]
    keep = set(chosen)
    if options.kinds:
        kinds = {k.value for k in options.kinds}
        keep = {n for n in keep if graph.kind_of(n).value in kinds}
    part = graph
    if len(keep) < len(graph):
        data = graph_to_dict(graph)
        data["nodes"] = [n for n in data["nodes"] if n["id"] in keep]
        data["edges"] = [e for e in data["edges"] if e["source"] in keep and e["target"] in keep]
        part = graph_from_dict(data, graph.name or "<graph>", trusted=True)
    return redacted(part, redactor) if redactor is not None else part

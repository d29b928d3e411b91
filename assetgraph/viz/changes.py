"""A map of NEW with what changed since OLD marked: added outlined green, changed outlined
orange, removed (nodes and ties NEW no longer holds, drawn from OLD) faded; people withheld
where asked, those of both versions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..graphmodel.graph import AssetGraph
from ..graphmodel.redaction import Redactor
from ..graphmodel.storage import graph_from_dict, graph_to_dict, item_dict
from ..queries.diff import DiffResult
from . import Drawn, MapOptions, write_map

__all__ = ["write_changes_map"]


def write_changes_map(
    old: AssetGraph, new: AssetGraph, found: DiffResult, path: str | Path, redactor: Redactor | None = None
) -> Drawn:
    """Draw NEW and what OLD held that NEW does not, with ``found``'s changes marked (``found``
    as :func:`~assetgraph.queries.diff.diff` gave it), and the people ``redactor`` knows withheld."""
    data = graph_to_dict(new)
    removed = {n.id for n in found.nodes if n.change == "removed"}
    to_new = {o: n for n, o in found.matched.items()}
    data["nodes"] += [item_dict(old.node(n)) for n in sorted(removed)]
    ids = {n["id"] for n in data["nodes"]}
    tie_changes = {}
    for tie in found.ties:
        source, target = to_new.get(tie.source, tie.source), to_new.get(tie.target, tie.target)
        if tie.change == "removed":
            edge = next(
                e for e in old.edges(tie.relation, node=tie.source) if e.target == tie.target and e.key == tie.key
            )
            if source in ids and target in ids:
                data["edges"].append(item_dict(edge) | {"source": source, "target": target})
        tie_changes[(source, target, tie.relation)] = tie.change
    union = graph_from_dict(data, new.name or "<new>", trusted=True)
    name = {n["id"]: n["name"] for n in data["nodes"]}
    listed: list[dict[str, Any]] = [
        {
            "of": "nodes",
            "change": n.change,
            "kind": n.kind,
            "name": n.name,
            "id": to_new.get(n.id, n.id),
            "fields": _fields(n.fields),
        }
        for n in found.nodes
    ]
    for tie in found.ties:
        source, target = to_new.get(tie.source, tie.source), to_new.get(tie.target, tie.target)
        listed.append(
            {
                "of": "ties",
                "change": tie.change,
                "kind": "tie",
                "name": f"{name.get(source, source)} {tie.relation} {name.get(target, target)}",
                "id": source,
                "fields": _fields(tie.fields),
            }
        )
    options = MapOptions(
        title=f"What changed: {found.old} to {found.new}",
        changes={n.id: n.change for n in found.nodes},
        changes_listed=listed
        + [
            {
                "of": "answers",
                "change": q.change,
                "kind": q.question,
                "name": q.subject,
                "id": None,
                "fields": " to ".join(str(v) for v in (q.old, q.new) if v is not None),
            }
            for q in found.questions
        ],
        tie_changes=tie_changes,
        redact_people=redactor is not None,
        redactor=redactor,
        notes=[
            f"{found.new} with what changed since {found.old}: added outlined green, changed outlined orange "
            "(dashed), removed drawn faded."
        ],
    )
    return write_map(union, path, options)


def _fields(fields: list[Any]) -> str:
    return ", ".join(f.field for f in fields)

"""What changed between two versions of a map: nodes and ties added, removed and changed
(attribute by attribute, with each side's sources), and what that did to the three questions.

Nodes are matched by id, then by identifier (an org-id, charity number or GSS code), never by
position; ties by their ends (so matched), relation and key.

>>> from assetgraph.loaders import load, SEED
>>> old = load(SEED)
>>> new = load(SEED)
>>> _ = new.update_node("organisation:chex", sector="community_led")
>>> found = diff(old, new)
>>> [(c.name, c.change, [f.field for f in c.fields]) for c in found.nodes]
[('CHEX', 'changed', ['sector'])]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from ..errors import NoPlaces
from ..graphmodel.graph import AssetGraph
from ..graphmodel.identifiers import node_keys
from ..graphmodel.vocabulary import NodeKind
from ..render import Table, cell_text
from .connectors import connectors
from .gaps import gaps
from .pathways import pathways
from .places import placed_at

__all__ = ["diff", "DiffResult", "ROUTE_PAIRS"]

#: at most this many place x theme pairs have their routes compared (the placed places first)
ROUTE_PAIRS = 300


class FieldChange(BaseModel):
    field: str
    old: Any = None
    new: Any = None


class _Change(BaseModel):
    """``added``, ``removed`` or ``changed`` (with the fields that did), and each side's sources."""

    change: str
    fields: list[FieldChange] = []
    old_sources: list[str] = []
    new_sources: list[str] = []


class NodeChange(_Change):
    id: str
    name: str
    kind: str


class TieChange(_Change):
    source: str
    relation: str
    target: str
    key: str | None


class QuestionChange(BaseModel):
    question: str
    subject: str
    change: str
    old: str | None
    new: str | None


class DiffResult(BaseModel):
    """Changes from OLD to NEW; ``matched`` maps a NEW node id to the OLD id it was matched to
    where they differ (by identifier)."""

    old: str
    new: str
    nodes: list[NodeChange]
    ties: list[TieChange]
    questions: list[QuestionChange]
    matched: dict[str, str]

    @property
    def empty(self) -> bool:
        return not (self.nodes or self.ties)

    def csv_table(self) -> Table:
        """Every change in one table: nodes, ties and answers, a row each."""
        rows = [
            ["node", n.change, n.kind, n.id, n.name, _fields_text(n.fields), "; ".join(n.new_sources or n.old_sources)]
            for n in self.nodes
        ]
        rows += [
            [
                "tie",
                t.change,
                t.relation,
                f"{t.source} -> {t.target}",
                t.key or "",
                _fields_text(t.fields),
                "; ".join(t.new_sources or t.old_sources),
            ]
            for t in self.ties
        ]
        rows += [
            ["answer", q.change, q.question, q.subject, "", f"{q.old or ''} -> {q.new or ''}", ""]
            for q in self.questions
        ]
        return Table("Changes", ["item", "change", "kind", "subject", "name", "detail", "sources"], rows)

    def tables(self) -> list[Table]:
        fields = _fields_text

        counts = {c: sum(1 for n in self.nodes if n.change == c) for c in ("added", "removed", "changed")}
        tie_counts = {c: sum(1 for t in self.ties if t.change == c) for c in ("added", "removed", "changed")}
        heading = (
            f"From {self.old} to {self.new}: nodes {counts['added']} added, {counts['removed']} removed, "
            f"{counts['changed']} changed; ties {tie_counts['added']} added, {tie_counts['removed']} removed, "
            f"{tie_counts['changed']} changed"
        )
        return [
            Table(
                "Nodes",
                ["change", "kind", "name", "id", "fields", "sources"],
                [
                    [n.change, n.kind, n.name, n.id, fields(n.fields), "; ".join(n.new_sources or n.old_sources)]
                    for n in self.nodes
                ],
                heading=heading,
                note=None if self.nodes else "No node changed.",
            ),
            Table(
                "Ties",
                ["change", "source", "relation", "target", "fields", "sources"],
                [
                    [
                        t.change,
                        t.source,
                        t.relation,
                        t.target,
                        fields(t.fields),
                        "; ".join(t.new_sources or t.old_sources),
                    ]
                    for t in self.ties
                ],
                note=None if self.ties else "No tie changed.",
            ),
            Table(
                "What it did to the questions",
                ["question", "subject", "change", "old", "new"],
                [[q.question, q.subject, q.change, q.old or "", q.new or ""] for q in self.questions],
                note=None if self.questions else "No answer changed.",
            ),
        ]


def _fields_text(items: list[FieldChange]) -> str:
    return "; ".join(f"{f.field}: {cell_text(f.old)} -> {cell_text(f.new)}" for f in items)


def _sources(items: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(p.source for p in items))


def _fields(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    return [
        FieldChange(field=k, old=old.get(k), new=new.get(k))
        for k in sorted(old.keys() | new.keys())
        if old.get(k) != new.get(k)
    ]


def _dump(model: Any, *exclude: str) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True, exclude={"provenance", *exclude})


def _node_change(node: Any, change: str, before: Any, after: Any, fields: Sequence[FieldChange] = ()) -> NodeChange:
    return NodeChange(
        id=node.id,
        name=node.name,
        kind=node.kind.value,
        change=change,
        fields=list(fields),
        old_sources=_sources(before.provenance) if before is not None else [],
        new_sources=_sources(after.provenance) if after is not None else [],
    )


def _match(old: AssetGraph, new: AssetGraph) -> dict[str, str]:
    """NEW id -> OLD id: the same id, else a shared identifier (of a node of the same kind)."""
    matched = {n.id: n.id for n in new.nodes() if n.id in old}
    by_key = {}
    for node in old.nodes():
        if node.id not in matched.values():
            for key in node_keys(node):
                by_key.setdefault((node.kind, key), node.id)
    for node in new.nodes():
        if node.id in matched:
            continue
        found = {by_key[(node.kind, k)] for k in node_keys(node) if (node.kind, k) in by_key}
        if len(found) == 1:
            matched[node.id] = found.pop()
    return matched


def diff(old: AssetGraph, new: AssetGraph, *, resident_of: str | None = None, top: int = 10) -> DiffResult:
    """The changes from ``old`` to ``new`` and what they did to the questions: the top ``top``
    connectors, the gaps, and the best route to each theme from each placed place (or from
    ``resident_of``)."""
    matched = _match(old, new)
    to_new = {o: n for n, o in matched.items()}
    nodes: list[NodeChange] = []
    for node in new.nodes():
        before = old.node(matched[node.id]) if node.id in matched else None
        changed = _fields(_dump(before, "id"), _dump(node, "id")) if before is not None else []
        if before is None or changed:
            nodes.append(_node_change(node, "changed" if before else "added", before, node, changed))
    nodes += [_node_change(node, "removed", node, None) for node in old.nodes() if node.id not in to_new]
    ties = _ties(old, new, matched)
    questions = _questions(old, new, resident_of, top) if nodes or ties else []
    return DiffResult(
        old=old.name or "old",
        new=new.name or "new",
        nodes=nodes,
        ties=ties,
        questions=questions,
        matched={n: o for n, o in matched.items() if n != o},
    )


def _ties(old: AssetGraph, new: AssetGraph, matched: dict[str, str]) -> list[TieChange]:
    def identity(edge: Any, ids: dict[str, str]) -> tuple[str, str, str, str]:
        s, t, r, k = edge.identity
        return ids.get(s, s), ids.get(t, t), r, k

    before = {e.identity: e for e in old.edges()}
    after = {identity(e, matched): e for e in new.edges()}
    changes = []
    for key, edge in after.items():
        change = dict(source=edge.source, relation=edge.relation.value, target=edge.target, key=edge.key)
        if key not in before:
            changes.append(TieChange(**change, change="added", new_sources=_sources(edge.provenance)))
        elif fields := _fields(_dump(before[key], "source", "target"), _dump(edge, "source", "target")):
            changes.append(
                TieChange(
                    **change,
                    change="changed",
                    fields=fields,
                    old_sources=_sources(before[key].provenance),
                    new_sources=_sources(edge.provenance),
                )
            )
    for key, edge in before.items():
        if key not in after:
            changes.append(
                TieChange(
                    source=edge.source,
                    relation=edge.relation.value,
                    target=edge.target,
                    key=edge.key,
                    change="removed",
                    old_sources=_sources(edge.provenance),
                )
            )
    return changes


def _questions(old: AssetGraph, new: AssetGraph, resident_of: str | None, top: int) -> list[QuestionChange]:
    found: list[QuestionChange] = []
    ranks = [{r.name: r.rank for r in connectors(g, top=top).rows} for g in (old, new)]
    for name in sorted(ranks[0].keys() | ranks[1].keys()):
        a, b = ranks[0].get(name), ranks[1].get(name)
        if a != b:
            change = "entered the top" if a is None else "left the top" if b is None else "rose" if b < a else "fell"
            found.append(
                QuestionChange(
                    question="connectors",
                    subject=name,
                    change=change,
                    old=None if a is None else f"rank {a}",
                    new=None if b is None else f"rank {b}",
                )
            )
    cells = [{(g.subject, g.kind): g.status or g.kind for g in _gaps(graph)} for graph in (old, new)]
    for subject, kind in sorted(cells[0].keys() | cells[1].keys()):
        a, b = cells[0].get((subject, kind)), cells[1].get((subject, kind))
        if a != b:
            change = "opened" if a is None else "closed" if b is None else "changed"
            found.append(QuestionChange(question=f"gaps: {kind}", subject=subject, change=change, old=a, new=b))
    found += _route_changes(old, new, resident_of)
    return found


def _gaps(graph: AssetGraph) -> list[Any]:
    """The graph's gaps: coverage where it has places, and the structural ones."""
    structural = ["unlinked_community", "partnership_without_community", "single_point_of_failure"]
    try:
        return gaps(graph, kinds=["coverage", *structural]).rows
    except NoPlaces:
        return gaps(graph, kinds=structural).rows


def _route_changes(old: AssetGraph, new: AssetGraph, resident_of: str | None) -> list[QuestionChange]:
    if resident_of is not None:
        places = [resident_of]
    else:
        shared = set(placed_at(old)) & set(placed_at(new))
        places = sorted(p for p in shared if p in old and p in new and old.kind_of(p) is NodeKind.PLACE)
    themes = sorted({t.name for t in old.nodes(NodeKind.THEME)} & {t.name for t in new.nodes(NodeKind.THEME)})
    found = []
    for place, theme in [(p, t) for p in places for t in themes][:ROUTE_PAIRS]:
        best = []
        for graph in (old, new):
            routes = pathways(graph, resident_of=place, need=theme, k=1).routes
            best.append(routes[0] if routes else None)
        a, b = best
        costs = (None if a is None else a.cost, None if b is None else b.cost)
        if costs[0] == costs[1] and (a is None or a.target_name == b.target_name):  # type: ignore[union-attr]
            continue
        if a is None:
            change = "appeared"
        elif b is None:
            change = "lost"
        else:
            change = "cheaper" if b.cost < a.cost else "dearer" if b.cost > a.cost else "other help"
        name = new.node(place).name if place in new else place
        found.append(
            QuestionChange(
                question="routes",
                subject=f"{name}: {theme}",
                change=change,
                old=None if a is None else f"{a.target_name} (cost {a.cost:g})",
                new=None if b is None else f"{b.target_name} (cost {b.cost:g})",
            )
        )
    return found

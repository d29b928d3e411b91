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

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from pydantic import BaseModel, Field

from ..errors import NoPlaces
from ..graphmodel.graph import AssetGraph
from ..graphmodel.identifiers import node_keys
from ..graphmodel.vocabulary import NodeKind
from ..progress import Progress, silent
from ..render import Table, cell_text
from .connectors import connectors
from .coverage import judged_places
from .gaps import gaps
from .options import GAP_KINDS
from .pathways import pathways
from .places import placed_at

__all__ = ["diff", "DiffResult", "DiffSummary", "ROUTE_PAIRS", "MOVERS"]

#: at most this many place x theme pairs have their routes compared (the placed places first)
ROUTE_PAIRS = 300
#: the table shows this many of the biggest changes to the answers (the top movers)
MOVERS = 10
#: what a place entering or leaving the coverage question is called, by whether the other
#: version holds the place at all
_ENTERED = {True: "now judged", False: "entered the graph"}
_LEFT = {True: "no longer judged", False: "left the graph"}


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


class DiffSummary(BaseModel):
    """The changes counted: ``nodes`` by change then kind, ``ties`` by change then relation,
    ``questions`` by question then change (each count is of the full lists' rows), and the
    ``movers``: the biggest changes to the answers, biggest first (see :func:`movers`);
    ``aliases_only``: of the nodes changed, those whose only change is in their aliases, by kind
    (a grant file naming a place by its code adds the code as an alias: nothing an answer reads)."""

    nodes: dict[str, dict[str, int]]
    ties: dict[str, dict[str, int]]
    questions: dict[str, dict[str, int]]
    movers: list[QuestionChange]
    aliases_only: dict[str, int] = {}


class DiffResult(BaseModel):
    """Changes from OLD to NEW; ``matched`` maps a NEW node id to the OLD id it was matched to
    where they differ (by identifier). The table gives the ``summary`` and lists every change
    only when ``listed_in_full`` (not part of the JSON, which always holds every change)."""

    old: str
    new: str
    nodes: list[NodeChange]
    ties: list[TieChange]
    questions: list[QuestionChange]
    matched: dict[str, str]
    summary: DiffSummary
    listed_in_full: bool = Field(default=False, exclude=True)

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
        """The summary and the top movers; every change as well when ``listed_in_full``."""
        summary = self.summary
        aliases = sum(summary.aliases_only.values())
        heading = f"From {self.old} to {self.new}: " + "; ".join(
            f"{what} "
            + ", ".join(f"{sum(summary_of.get(c, {}).values())} {c}" for c in ("added", "removed", "changed"))
            + (f" ({aliases} in their aliases only)" if what == "nodes" and aliases else "")
            for what, summary_of in (("nodes", summary.nodes), ("ties", summary.ties))
        )
        counts = [
            [item, change, kind, str(n)]
            for item, by_change in (("node", _apart(summary.nodes, summary.aliases_only)), ("tie", summary.ties))
            for change, by_kind in by_change.items()
            for kind, n in by_kind.items()
            if n
        ]
        counts += [
            ["answer", change, question, str(n)]
            for question, by_change in summary.questions.items()
            for change, n in by_change.items()
        ]
        total = len(self.nodes) + len(self.ties) + len(self.questions)
        every = None if self.listed_in_full else f"{total} changes in all; the JSON and CSV hold every one of them."
        shown = [
            Table(
                "Changes by kind",
                ["item", "change", "kind", "count"],
                counts,
                heading=heading,
                note=None if counts else "Nothing changed.",
            ),
            Table(
                "Biggest changes to the answers",
                ["question", "subject", "change", "old", "new"],
                [[q.question, q.subject, q.change, q.old or "", q.new or ""] for q in summary.movers],
                note=every,
            )
            if summary.movers
            else Table(None, [], [], heading=" ".join(filter(None, ["No answer changed.", every]))),
        ]
        return shown + self._listings() if self.listed_in_full else shown

    def _listings(self) -> list[Table]:
        fields = _fields_text
        return [
            Table(
                "Nodes",
                ["change", "kind", "name", "id", "fields", "sources"],
                [
                    [n.change, n.kind, n.name, n.id, fields(n.fields), "; ".join(n.new_sources or n.old_sources)]
                    for n in self.nodes
                ],
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


def _apart(nodes: dict[str, dict[str, int]], aliases_only: dict[str, int]) -> dict[str, dict[str, int]]:
    """The nodes' counts with those changed in their aliases only counted apart, as
    "changed (aliases only)"."""
    if not aliases_only:
        return nodes
    changed = {kind: n - aliases_only.get(kind, 0) for kind, n in nodes.get("changed", {}).items()}
    return {**nodes, "changed": changed, "changed (aliases only)": aliases_only}


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
    old_ids = old.kinds()
    matched = {n: n for n in new.kinds() if n in old_ids}
    by_key = {}
    for node in map(old.node, [n for n in old_ids if n not in matched]):
        for key in node_keys(node):
            by_key.setdefault((node.kind, key), node.id)
    for node in map(new.node, [n for n in new.kinds() if n not in matched]):
        found = {by_key[(node.kind, k)] for k in node_keys(node) if (node.kind, k) in by_key}
        if len(found) == 1:
            matched[node.id] = found.pop()
    return matched


def diff(
    old: AssetGraph,
    new: AssetGraph,
    *,
    resident_of: str | None = None,
    top: int = 10,
    progress: Progress = silent,
) -> DiffResult:
    """The changes from ``old`` to ``new`` and what they did to the questions: the top ``top``
    connectors, the gaps, and the best route to each theme from each placed place (or from
    ``resident_of``). A place that enters or leaves the coverage question (new to the graph, or
    judged in one version only) is a coverage change, not a gap opened or closed.

    progress : hears of the ``changes`` (nodes, ties) and ``answers`` compared
        (see :mod:`assetgraph.progress`)

    >>> from assetgraph.loaders import load, SEED
    >>> new = load(SEED)
    >>> _ = new.update_node("organisation:chex", sector="community_led")
    >>> diff(load(SEED), new).summary.nodes
    {'changed': {'organisation': 1}}
    """
    progress("changes", 0, 3)
    matched = _match(old, new)
    progress("changes", 1, 3)
    to_new = {o: n for n, o in matched.items()}
    nodes: list[NodeChange] = []
    for node in new.nodes():
        before = old.node(matched[node.id]) if node.id in matched else None
        changed = _fields(_dump(before, "id"), _dump(node, "id")) if before is not None else []
        if before is None or changed:
            nodes.append(_node_change(node, "changed" if before else "added", before, node, changed))
    nodes += [_node_change(node, "removed", node, None) for node in old.nodes() if node.id not in to_new]
    progress("changes", 1, 3)
    ties = _ties(old, new, matched)
    progress("changes", 1, 3)
    questions = _questions(old, new, matched, resident_of, top, progress) if nodes or ties else []
    return DiffResult(
        old=old.name or "old",
        new=new.name or "new",
        nodes=nodes,
        ties=ties,
        questions=questions,
        matched={n: o for n, o in matched.items() if n != o},
        summary=DiffSummary(
            nodes=_counted((n.change, n.kind) for n in nodes),
            ties=_counted((t.change, t.relation) for t in ties),
            questions=_counted((q.question, q.change) for q in questions),
            movers=movers(questions),
            aliases_only=dict(
                sorted(
                    Counter(
                        n.kind for n in nodes if n.change == "changed" and {f.field for f in n.fields} == {"aliases"}
                    ).items()
                )
            ),
        ),
    )


def _counted(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """(outer, inner) pairs counted as {outer: {inner: n}}, the most common first."""
    found: dict[str, Counter[str]] = {}
    for outer, inner in pairs:
        found.setdefault(outer, Counter())[inner] += 1
    return {outer: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for outer, c in sorted(found.items())}


def movers(questions: Sequence[QuestionChange], limit: int = MOVERS) -> list[QuestionChange]:
    """The ``limit`` biggest changes to the answers: connectors entering or leaving the top
    (the higher the rank, the bigger), places entering or leaving the coverage question and the
    places whose gaps changed most (one line each, the most cells first), routes lost or found,
    then connectors rising or falling (by how far) and routes made cheaper or dearer (by how much).

    >>> q = [QuestionChange(question="connectors", subject="A", change="rose", old="rank 9", new="rank 2"),
    ...      QuestionChange(question="connectors", subject="B", change="entered the top", old=None, new="rank 4")]
    >>> [m.subject for m in movers(q)]
    ['B', 'A']
    """
    by_place: dict[str, list[QuestionChange]] = {}
    weighed: list[tuple[int, float, str, QuestionChange]] = []
    for q in questions:
        if q.question == "gaps: coverage" and " x " in q.subject:
            by_place.setdefault(q.subject.rsplit(" x ", 1)[0], []).append(q)
        elif q.question in ("connectors", "funders"):
            a, b = (_number(v) for v in (q.old, q.new))
            if a is None or b is None:
                weighed.append((0, a or b or 0, q.subject, q))
            else:
                weighed.append((3, -abs(a - b), q.subject, q))
        elif q.question == "coverage":
            weighed.append((1, -(_number(f"gaps {q.old or q.new}", "gaps ") or 0), q.subject, q))
        elif q.question == "routes":
            a, b = (_number(v, "cost ") for v in (q.old, q.new))
            weighed.append((2, 0, q.subject, q) if a is None or b is None else (4, -abs(a - b), q.subject, q))
        else:
            weighed.append((5, 0, q.subject, q))
    for place, cells in by_place.items():
        counts = Counter(c.change for c in cells)
        line = ", ".join(f"{n} {change}" for change, n in sorted(counts.items()))
        weighed.append(
            (
                1,
                -len(cells),
                place,
                QuestionChange(
                    question="gaps: coverage",
                    subject=place,
                    change=f"{len(cells)} theme(s) changed",
                    old=None,
                    new=line,
                ),
            )
        )
    return [q for *_, q in sorted(weighed, key=lambda w: w[:3])[:limit]]


def _number(text: str | None, after: str = "rank ") -> float | None:
    """The number written after ``after`` in an answer's old or new text ("rank 3", "X (cost 2)")."""
    if text is None or after not in text:
        return None
    digits = text.rsplit(after, 1)[1].rstrip(")").split()[0]
    try:
        return float(digits)
    except ValueError:
        return None


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


def _questions(
    old: AssetGraph,
    new: AssetGraph,
    matched: dict[str, str],
    resident_of: str | None,
    top: int,
    progress: Progress,
) -> list[QuestionChange]:
    pairs = _route_pairs(old, new, resident_of)
    total = 4 + len(pairs)
    ranked: list[list[dict[str, tuple[str, int]]]] = []  # per version: the connectors, the funders
    for graph, ids in ((old, {}), (new, matched)):
        answer = connectors(graph, top=top)
        ranked.append([{ids.get(r.id, r.id): (r.name, r.rank) for r in rows} for rows in (answer.rows, answer.funders)])
        progress("answers", 1, total)
    found = _rank_changes("connectors", ranked[0][0], ranked[1][0])
    found += _rank_changes("funders", ranked[0][1], ranked[1][1])
    rows = []
    for graph in (old, new):
        rows.append(_gaps(graph))
        progress("answers", 1, total)
    found += _gap_changes(old, new, matched, *rows)
    found += _route_changes(old, new, pairs, progress, total)
    return found


def _rank_changes(
    question: str, before: dict[str, tuple[str, int]], after: dict[str, tuple[str, int]]
) -> list[QuestionChange]:
    """Bodies entering, leaving, rising or falling in a ranked list, by id (NEW ids mapped to
    OLD): ``before`` and ``after`` map an id to its name and rank."""
    found = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: ((after.get(k) or before[k])[0], k)):
        a, b = (ranked[key][1] if key in ranked else None for ranked in (before, after))
        if a != b:
            change = "entered the top" if a is None else "left the top" if b is None else "rose" if b < a else "fell"
            found.append(
                QuestionChange(
                    question=question,
                    subject=(after.get(key) or before[key])[0],
                    change=change,
                    old=None if a is None else f"rank {a}",
                    new=None if b is None else f"rank {b}",
                )
            )
    return found


def _gaps(graph: AssetGraph) -> list[Any]:
    """The graph's gaps of every kind (:data:`~.options.GAP_KINDS`), coverage only where it has
    places."""
    try:
        return gaps(graph).rows
    except NoPlaces:
        return gaps(graph, kinds=[k for k in GAP_KINDS if k != "coverage"]).rows


class _Cell(NamedTuple):
    """A gap as diff compares it: its subject, its state (a coverage cell's status; the counts
    behind any other kind of gap), and for coverage the place (by its OLD id where matched) and
    the place's name."""

    subject: str
    status: str
    place: str | None
    place_name: str | None


def _identity(gap: Any, ids: dict[str, str]) -> str:
    """What makes a gap the same gap in both versions, whatever its counts: a coverage cell's
    place and theme, a funding dependence's funder and place, a group cut off as one (the
    organisations with no tie at all, the row with no evidence) or as its members, any other
    gap's subjects; node ids mapped through ``ids``."""
    mapped = [ids.get(i, i) for i in gap.subject_ids]
    if gap.kind == "coverage":
        return f"{ids.get(gap.place_id, gap.place_id)}\t{gap.theme}"
    if gap.kind == "funding_dependence":
        return f"{ids.get(gap.funder_id, gap.funder_id)}\t{ids.get(gap.place_id, gap.place_id)}"
    if gap.kind == "cut_off" and not gap.evidence:
        return "no tie"
    return "\t".join(sorted(mapped) or [gap.subject])


def _state(gap: Any) -> str:
    """A gap's state: a coverage cell's status, or the sentence giving any other gap's counts
    (a funding dependence's bodies, grants and amounts; who a single point cuts off)."""
    return (gap.status or gap.kind) if gap.kind == "coverage" else gap.why


def _cells(rows: list[Any], ids: dict[str, str]) -> dict[tuple[str, str], _Cell]:
    """Gaps by (kind, :func:`_identity`)."""
    found = {}
    for g in rows:
        place = ids.get(g.place_id, g.place_id) if g.kind == "coverage" else None
        found[(g.kind, _identity(g, ids))] = _Cell(g.subject, _state(g), place, g.place)
    return found


def _gap_changes(
    old: AssetGraph, new: AssetGraph, matched: dict[str, str], before: list[Any], after: list[Any]
) -> list[QuestionChange]:
    """Gaps opened, closed or changed where both versions judge the place (and the structural
    gaps), and each place judged in one version only as one coverage change ("entered the
    graph", "now judged", ...). A version judges the places whose coverage its data claims
    (:func:`~.coverage.judged_places`) and any it reports a coverage gap in."""
    olds, news = _cells(before, {}), _cells(after, matched)
    judged = (
        {c.place for c in olds.values()} | set(judged_places(old, [p for p, _ in old.node_values(NodeKind.PLACE)])),
        {c.place for c in news.values()}
        | {matched.get(p, p) for p in judged_places(new, [p for p, _ in new.node_values(NodeKind.PLACE)])},
    )
    outside = {
        c.place
        for c in (*olds.values(), *news.values())
        if c.place and not (c.place in judged[0] and c.place in judged[1])
    }
    found = []
    for key in sorted(olds.keys() | news.keys()):
        a, b = olds.get(key), news.get(key)
        cell = b or a
        if cell.place in outside or (a and b and a.status == b.status):  # type: ignore[union-attr]
            continue
        found.append(
            QuestionChange(
                question=f"gaps: {key[0]}",
                subject=cell.subject,  # type: ignore[union-attr]
                change="opened" if a is None else "closed" if b is None else "changed",
                old=a and a.status,
                new=b and b.status,
            )
        )
    held = (
        {p for p, _ in old.node_values(NodeKind.PLACE)},
        {matched.get(p, p) for p, _ in new.node_values(NodeKind.PLACE)},
    )
    names = {c.place: c.place_name for c in (*olds.values(), *news.values()) if c.place}
    for place in sorted(outside, key=lambda p: (names[p] or "", p)):
        counts = [sum(1 for c in cells.values() if c.place == place) for cells in (olds, news)]
        entered = place in judged[1]
        found.append(
            QuestionChange(
                question="coverage",
                subject=names[place] or place,
                change=(_ENTERED if entered else _LEFT)[place in held[0 if entered else 1]],
                old=None if entered else f"{counts[0]} coverage gap(s)",
                new=f"{counts[1]} coverage gap(s)" if entered else None,
            )
        )
    return found


def _route_pairs(old: AssetGraph, new: AssetGraph, resident_of: str | None) -> list[tuple[str, str]]:
    """The (place, theme) pairs whose best routes are compared: ``resident_of`` or every place
    both versions place assets in, by each theme both hold, at most :data:`ROUTE_PAIRS`."""
    if resident_of is not None:
        places = [resident_of]
    else:
        shared = set(placed_at(old)) & set(placed_at(new))
        places = sorted(p for p in shared if p in old and p in new and old.kind_of(p) is NodeKind.PLACE)
    themes = sorted({t.name for t in old.nodes(NodeKind.THEME)} & {t.name for t in new.nodes(NodeKind.THEME)})
    return [(p, t) for p in places for t in themes][:ROUTE_PAIRS]


def _route_changes(
    old: AssetGraph, new: AssetGraph, pairs: list[tuple[str, str]], progress: Progress, total: int
) -> list[QuestionChange]:
    found = []
    for place, theme in pairs:
        best = []
        for graph in (old, new):
            routes = pathways(graph, resident_of=place, need=theme, k=1).routes
            best.append(routes[0] if routes else None)
        progress("answers", 1, total)
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

"""Which indexes are kept, how each is written as arrays and read back, and when.

Nodes are numbered in the order of their ids, so that ordering by number is ordering by id (the
tie-break routes rely on). Each index is a few arrays over those numbers (CSR rows: a node's
entries are ``to[ptr[i]:ptr[i + 1]]``):

- ``routing``: the routing graph for the default costs (:mod:`assetgraph.queries.routing_graph`);
- ``enclosing``: each place and every place enclosing it (:func:`.places.enclosing_sets`);
- ``up`` and ``down``: the places each place lies directly within, and directly within it;
- ``placed`` and ``located``: the places each asset is located in or serves, and located in only;
- ``providers``: (theme, place, asset) triples in the order :func:`.places.providers_at` lists them;
- ``claimed``: :func:`.coverage.claimed_places`; ``themeless``: :func:`.coverage.themeless`;
- ``ties``: the collaboration ties the gaps question reads (:func:`.collaboration.collaboration_ties`
  of the working relations with derived ties), in order: their ends, the reasons of a derived one
  (bits in :data:`.collaboration.DERIVED`'s order) and, as CSR rows, the edges each rests on;
- ``routing_record``, ``placing`` and ``runners``: where in the graph file lies the record of
  the edge each arc follows (:mod:`.records`), of each node's LOCATED_IN and SERVES edges, and
  who runs each node: an answer reads the few edges it cites from the file, not every edge;
- texts: the node ids, the edge keys routes follow, the folder the graph was built from.

A graph opened from a file (:func:`attach`) reads them from the file's companion on its first
question (:func:`kept`); where the companion is missing, stale or damaged, that question derives
them from the graph with the questions' own code and writes the companion. Any change to the
graph forgets them (they live in the graph's cache), and the questions then derive what they need
from the graph as for a graph never saved.
"""

from __future__ import annotations

import json
import mmap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from ..errors import AssetGraphError
from .records import edge_records, read_edge
from .store import Kept, companion, read_kept, write_kept

if TYPE_CHECKING:
    from ..graphmodel.edges import Edge
    from ..graphmodel.graph import AssetGraph
    from ..queries.collaboration import Tie
    from ..queries.routing_graph import RoutingGraph

__all__ = ["KeptIndexes", "attach", "kept", "kept_or", "save_kept", "build_indexes"]

#: the layout of the kept indexes: a companion of another layout is stale
LAYOUT = 3
_SOURCE = "kept source"
_INDEXES = "kept indexes"
T = TypeVar("T")


@dataclass(frozen=True)
class _Source:
    """The file a graph was opened from or saved to, its checksum, and the file mapped into
    memory when the graph was tied to it: records are read from what was mapped then, even
    where the path has since been replaced by another graph or removed."""

    path: Path
    checksum: str
    mapped: mmap.mmap


def _rows(rows: Iterable[Iterable[int]], dtype: type = np.int32) -> tuple[np.ndarray, np.ndarray]:
    """CSR ``(ptr, to)`` of ``rows``, one per node."""
    ptr, to = [0], []
    for row in rows:
        to.extend(row)
        ptr.append(len(to))
    return np.asarray(ptr, dtype=np.int64), np.asarray(to, dtype=dtype)


class KeptIndexes:
    """The kept indexes of one graph, read into the forms the questions use when first asked."""

    def __init__(self, found: Kept, mapped: mmap.mmap) -> None:
        self._arrays, self._texts, self._file = found.arrays, found.texts, mapped

    def edge(self, offset: int) -> Edge:
        """The edge whose record starts at ``offset`` of the graph file (:mod:`.records`)."""
        return read_edge(self._file, offset)

    def placing_edges(self, node: str) -> list[Edge]:
        """The LOCATED_IN and SERVES edges out of ``node``, in the order :meth:`AssetGraph.edges`
        gives a node's edges (grouped by target, in the order each was first recorded)."""
        i = self.number[node]
        ptr = self._arrays["placing_ptr"]
        return [self.edge(offset) for offset in self._arrays["placing_record"][ptr[i] : ptr[i + 1]].tolist()]

    def runners(self, node: str) -> list[str]:
        """Who runs ``node`` (the sources of its RUNS edges but itself), in id order."""
        i, ptr = self.number[node], self._arrays["runners_ptr"]
        return [self.ids[j] for j in self._arrays["runners_to"][ptr[i] : ptr[i + 1]].tolist()]

    @cached_property
    def number(self) -> dict[str, int]:
        return {node: i for i, node in enumerate(self.ids)}

    @cached_property
    def ids(self) -> list[str]:
        """Node ids by number (in id order)."""
        return json.loads(self._texts["ids"])

    def _sets(self, name: str) -> dict[str, frozenset[str]]:
        """The rows of CSR ``name`` as node id -> frozenset of ids, for the non-empty rows."""
        ids = self.ids
        return {ids[i]: frozenset(ids[j] for j in row) for i, row in self._lists(name)}

    def enclosing_sets(self) -> dict[str, frozenset[str]]:
        ids, kinds = self.ids, self._arrays["place_rows"].tolist()
        found = self._sets("enclosing")
        return {ids[i]: found.get(ids[i], frozenset({ids[i]})) for i in kinds}

    def hierarchy(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        ids = self.ids
        up, down = ({ids[i]: tuple(ids[j] for j in row) for i, row in self._lists(name)} for name in ("up", "down"))
        return up, down

    def _lists(self, name: str) -> list[tuple[int, list[int]]]:
        """The non-empty rows of CSR ``name``, by node number."""
        ptr, to = self._arrays[f"{name}_ptr"].tolist(), self._arrays[f"{name}_to"].tolist()
        return [(i, to[ptr[i] : ptr[i + 1]]) for i in range(len(ptr) - 1) if ptr[i + 1] > ptr[i]]

    def placements(self) -> dict[str, frozenset[str]]:
        return self._sets("placed")

    def located(self) -> dict[str, frozenset[str]]:
        return self._sets("located")

    def providers_at(self) -> dict[str, dict[str, list[str]]]:
        ids = self.ids
        index: dict[str, dict[str, list[str]]] = {}
        triples = zip(
            *(self._arrays[f"providers_{part}"].tolist() for part in ("theme", "place", "asset")), strict=True
        )
        for theme, place, asset in triples:
            index.setdefault(ids[theme], {}).setdefault(ids[place] if place >= 0 else "", []).append(ids[asset])
        return index

    def claimed_places(self) -> frozenset[str]:
        ids = self.ids
        return frozenset(ids[i] for i in self._arrays["claimed"].tolist())

    def themeless(self) -> tuple[int, int]:
        missing, total = self._arrays["themeless"].tolist()
        return missing, total

    def collaboration_ties(self) -> list[Tie]:
        from ..queries.collaboration import DERIVED

        ids, arrays, relations = self.ids, self._arrays, json.loads(self._texts["tie_relations"])
        ptr = arrays["ties_via_ptr"].tolist()
        via = list(
            zip(
                (ids[i] for i in arrays["ties_via_source"].tolist()),
                (relations[r] for r in arrays["ties_via_relation"].tolist()),
                (ids[i] for i in arrays["ties_via_target"].tolist()),
                strict=True,
            )
        )
        reasons = list(enumerate(DERIVED.items()))
        return [
            (ids[a], ids[b], set(via[ptr[i] : ptr[i + 1]]), {r: s for bit, (r, s) in reasons if why >> bit & 1})
            for i, (a, b, why) in enumerate(
                zip(arrays["ties_a"].tolist(), arrays["ties_b"].tolist(), arrays["ties_derived"].tolist(), strict=True)
            )
        ]

    def folder(self) -> PurePath | None:
        folder = self._texts.get("folder")
        if folder is None:
            return None
        return PureWindowsPath(folder) if self._texts.get("folder_flavour") == "windows" else PurePosixPath(folder)

    def routing(self) -> RoutingGraph:
        from ..queries.routing_graph import RoutingGraph

        arrays = self._arrays
        return RoutingGraph(
            self.ids,
            *(arrays[f"routing_{part}"] for part in ("ptr", "to", "cost", "reverse", "key")),
            json.loads(self._texts["keys"]),
            arrays["routing_record"],
        )


def build_indexes(graph: AssetGraph, file: mmap.mmap) -> Kept:
    """Every kept index of ``graph``, derived with the questions' own code, and where the
    records of the edges routes and placements cite lie in its ``file`` (mapped)."""
    from ..graphmodel.vocabulary import NodeKind
    from ..queries.collaboration import DERIVED, WORKING, collaboration_ties
    from ..queries.coverage import claimed_places, themeless
    from ..queries.evidence import graph_folder
    from ..queries.places import enclosing_sets, hierarchy, placements, providers_at
    from ..queries.route_area import located
    from ..queries.routing_graph import routing_graph

    routes = routing_graph(graph)
    ids = routes.ids
    number = routes.number
    arrays: dict[str, np.ndarray] = {f"routing_{k}": v for k, v in routes.arrays().items()}

    def csr(name: str, rows: Mapping[str, Iterable[str]]) -> None:
        """Rows of sets in id order, rows of tuples in their own."""
        arrays[f"{name}_ptr"], arrays[f"{name}_to"] = _rows(
            (sorted if isinstance(row, frozenset) else list)(number[p] for p in row)
            for row in (rows.get(node, ()) for node in ids)
        )

    kinds = graph.kinds()
    arrays["place_rows"] = np.asarray([i for i, n in enumerate(ids) if kinds[n] is NodeKind.PLACE], dtype=np.int32)
    csr("enclosing", enclosing_sets(graph))
    csr("up", hierarchy(graph)[0])
    csr("down", hierarchy(graph)[1])
    csr("placed", placements(graph))
    csr("located", located(graph))
    triples = [
        (number[theme], number[place] if place else -1, number[asset])
        for theme, at in providers_at(graph).items()
        for place, assets in at.items()
        for asset in assets
    ]
    columns = list(zip(*triples, strict=True)) or [(), (), ()]
    for part, column in zip(("theme", "place", "asset"), columns, strict=True):
        arrays[f"providers_{part}"] = np.asarray(column, dtype=np.int32)
    arrays["claimed"] = np.asarray(sorted(number[p] for p in claimed_places(graph)), dtype=np.int32)
    _records(arrays, routes, file)
    ties = collaboration_ties(graph, WORKING)
    relations = sorted({relation for _, _, refs, _ in ties for _, relation, _ in refs})
    relation_number = {relation: i for i, relation in enumerate(relations)}
    bits = {reason: 1 << bit for bit, reason in enumerate(DERIVED)}
    arrays["ties_a"] = np.asarray([number[a] for a, *_ in ties], dtype=np.int32)
    arrays["ties_b"] = np.asarray([number[b] for _, b, *_ in ties], dtype=np.int32)
    arrays["ties_derived"] = np.asarray([sum(bits[r] for r in why) for *_, why in ties], dtype=np.int8)
    arrays["ties_via_ptr"] = np.cumsum([0, *(len(refs) for _, _, refs, _ in ties)], dtype=np.int64)
    via = [ref for _, _, refs, _ in ties for ref in sorted(refs)]
    arrays["ties_via_source"] = np.asarray([number[s] for s, _, _ in via], dtype=np.int32)
    arrays["ties_via_relation"] = np.asarray([relation_number[r] for _, r, _ in via], dtype=np.int8)
    arrays["ties_via_target"] = np.asarray([number[t] for _, _, t in via], dtype=np.int32)
    arrays["themeless"] = np.asarray(themeless(graph), dtype=np.int64)
    texts = {"ids": json.dumps(ids), "keys": json.dumps(routes.keys), "tie_relations": json.dumps(relations)}
    folder = graph_folder(graph)
    if folder is not None:
        texts["folder"] = str(folder)
        texts["folder_flavour"] = "windows" if isinstance(folder, PureWindowsPath) else "posix"
    return Kept(arrays, texts)


def _records(arrays: dict[str, np.ndarray], routes: RoutingGraph, file: mmap.mmap) -> None:
    """Where the records lie in the graph ``file`` (:mod:`.records`): of the edge each
    arc of ``routes`` follows, of each node's LOCATED_IN and SERVES edges (grouped by target
    in the order each was first recorded, as :meth:`AssetGraph.edges` gives them), and who runs
    each node."""
    records = edge_records(file)
    offsets = {(source, target, key): offset for source, _, target, key, offset in records}
    ids, keys, number = routes.ids, routes.keys, routes.number
    ptr, to, reverse, key = (routes.arrays()[k].tolist() for k in ("ptr", "to", "reverse", "key"))
    arcs = []
    for u in range(len(ids)):
        for at in range(ptr[u], ptr[u + 1]):
            v = ids[to[at]]
            arcs.append(offsets[(v, ids[u], keys[key[at]]) if reverse[at] else (ids[u], v, keys[key[at]])])
    arrays["routing_record"] = np.asarray(arcs, dtype=np.int64)
    placing: dict[str, dict[str, list[int]]] = {}
    runners: dict[str, set[str]] = {}
    for source, relation, target, _, offset in records:
        if relation in ("LOCATED_IN", "SERVES"):
            placing.setdefault(source, {}).setdefault(target, []).append(offset)
        elif relation == "RUNS" and source != target:
            runners.setdefault(target, set()).add(source)
    arrays["placing_ptr"], arrays["placing_record"] = _rows(
        ([o for by_target in placing.get(node, {}).values() for o in by_target] for node in ids), np.int64
    )
    arrays["runners_ptr"], arrays["runners_to"] = _rows(sorted(number[s] for s in runners.get(n, ())) for n in ids)


def _key(checksum: str) -> str:
    """The companion's key: the graph file's checksum and the layout of the indexes."""
    return f"{checksum} layout {LAYOUT}"


def attach(graph: AssetGraph, path: str | Path, checksum: str) -> _Source | None:
    """Tie ``graph`` to the file ``path`` whose checksum is ``checksum`` (just read or
    written): it holds the graph as it is, so the file's companion may serve its indexes (until
    the graph changes). None, and no tie, where the file cannot be mapped."""
    try:
        with open(path, "rb") as handle:
            source = _Source(Path(path), checksum, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):
        return None
    graph.prime(_SOURCE, source)
    return source


def save_kept(graph: AssetGraph, path: str | Path, checksum: str) -> None:
    """Derive ``graph``'s indexes and write them beside ``path``, the file just written with
    ``checksum``, and tie the graph to it (:func:`attach`)."""
    source = attach(graph, path, checksum)
    found = _derived(graph, source) if source is not None else None
    if found is not None:
        write_kept(companion(path), _key(checksum), found.arrays, found.texts)
    graph.prime(_INDEXES, found and KeptIndexes(found, source.mapped))  # type: ignore[union-attr]


def _derived(graph: AssetGraph, source: _Source) -> Kept | None:
    """:func:`build_indexes`, or None where the graph holds what a question would refuse (a
    place hierarchy going round in a circle): the question then says so itself."""
    graph.prime(_INDEXES, None)  # while deriving, the questions read the graph itself
    try:
        return build_indexes(graph, source.mapped)
    except AssetGraphError:
        return None


def kept(graph: AssetGraph) -> KeptIndexes | None:
    """``graph``'s kept indexes, or None where it was not opened from a file or has changed
    since (cached). Where the file's companion is missing, stale or damaged, they are derived
    from the graph and the companion written again (where the folder cannot be written, they
    serve this process only)."""

    def build() -> KeptIndexes | None:
        source: _Source | None = graph.cached(_SOURCE, lambda: None)
        if source is None:
            return None
        found = read_kept(companion(source.path), _key(source.checksum))
        if found is None:
            found = _derived(graph, source)
            if found is None:
                return None
            try:
                write_kept(companion(source.path), _key(source.checksum), found.arrays, found.texts)
            except OSError:
                pass
        return KeptIndexes(found, source.mapped)

    return graph.cached(_INDEXES, build)


def kept_or(graph: AssetGraph, read: Callable[[KeptIndexes], T], derive: Callable[[], T]) -> T:
    """``read`` of ``graph``'s kept indexes where it has them, else ``derive()``."""
    found = kept(graph)
    return derive() if found is None else read(found)

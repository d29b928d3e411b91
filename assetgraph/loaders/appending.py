"""Appending a source's relationships in bulk: no model per edge where none is needed.

Issue 28's columnar loading path, its edge half. A published source gives tens of thousands of
relationships (two per grant), nearly all of them plain: both ends are records of the source
itself, the relation runs between the kinds it allows, the claim is made once, and every field
holds a value of the exact type the :class:`~assetgraph.graphmodel.edges.Edge` model keeps
(text already trimmed, amounts finite and not negative, dates as dates). Such a relationship
is checked by the plain tests below and stored in its dumped form, as a graph file this tool
wrote is (:meth:`AssetGraph.add_trusted`): its model is read when something first asks for it.

Anything else (an end named by a name, not by its record; a claim made twice, whose two
accounts merge; a value the model would change or refuse) goes the per-record way in
:mod:`.build`, which validates it and names a bad value by file, row and field as ever. The
graph is the same either way, in the same order (``tests/test_appending.py`` builds both).

>>> import datetime as dt
>>> plain_edge({"relation": "FUNDS", "key": "g1", "amount": 500, "award_date": dt.date(2013, 9, 27),
...             "provenance": [{"source": "grants.json", "locator": "g1"}]}, "organisation:a", "organisation:b")
{'source': 'organisation:a', 'relation': 'FUNDS', 'target': 'organisation:b', 'key': 'g1', \
'amount': 500.0, 'award_date': '2013-09-27', 'provenance': [{'source': 'grants.json', 'locator': 'g1'}]}
>>> plain_edge({"relation": "FUNDS", "currency": "gbp", "provenance": [{"source": "x"}]}, "a", "b") is None
True
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from ..graphmodel.checks import MAX_TEXT
from ..graphmodel.edges import RELATION_FIELDS
from ..graphmodel.graph import AssetGraph
from ..graphmodel.vocabulary import SYMMETRIC, NodeKind, Relation, allowed
from .records import EdgeRecord

__all__ = ["plain_edge", "EdgeAppender"]

_CURRENCY = re.compile(r"[A-Z]{3}")
#: the Edge model's text fields besides the ends, in its field order
_TEXT_BEFORE_NUMBERS = ("key", "role")
_TEXT_AFTER_AMOUNT = ("currency",)
_PROVENANCE_TEXT = ("source", "locator", "snippet")
_PROVENANCE_FIELDS = frozenset({"source", "locator", "snippet", "inferred", "via", "confidence"})
_EDGE_FIELDS = frozenset(
    {
        "relation", "key", "role", "amount", "currency", "award_date", "programme", "start_date", "end_date",
        "strength", "trust", "description", "attributes", "provenance",
    }
)  # fmt: skip


def _text(value: Any, trimmed: bool = True) -> bool:
    """Text the model keeps as it is: a non-empty str, trimmed where the model trims, not too long."""
    return type(value) is str and 0 < len(value) <= MAX_TEXT and (not trimmed or value == value.strip())


def _number(value: Any, high: float | None = None) -> bool:
    return type(value) in (int, float) and math.isfinite(value) and value >= 0 and (high is None or value <= high)


def _provenance(items: Any) -> list[dict[str, Any]] | None:
    """The dumped form of a plain provenance list (Provenance trims nothing), or None."""
    if type(items) is not list or not items:
        return None
    dumped = []
    for item in items:
        if type(item) is not dict or not item.keys() <= _PROVENANCE_FIELDS or not _text(item.get("source"), False):
            return None
        one: dict[str, Any] = {}
        for name in _PROVENANCE_TEXT:
            value = item.get(name)
            if value is not None:
                if not _text(value, False):
                    return None
                one[name] = value
        inferred = item.get("inferred", False)
        if type(inferred) is not bool:
            return None
        if inferred:
            one["inferred"] = True
        via, confidence = item.get("via"), item.get("confidence")
        if via is not None:
            if not _text(via, False):
                return None
            one["via"] = via
        if confidence is not None:
            if not _number(confidence, 1):
                return None
            one["confidence"] = float(confidence)
        dumped.append(one)
    return dumped


def _attributes(value: Any) -> dict[str, Any] | None:
    """A plain attributes mapping as the model keeps it (text trimmed, numbers finite), or None."""
    if type(value) is not dict:
        return None
    for key, item in value.items():
        if not _text(key):
            return None
        kind = type(item)
        if kind is str:
            if not _text(item):
                return None
        elif kind is float:
            if not math.isfinite(item):
                return None
        elif kind not in (int, bool):
            return None
    return value


def plain_edge(data: dict[str, Any], source: str, target: str) -> dict[str, Any] | None:
    """The dumped form (as :func:`~assetgraph.graphmodel.storage.item_dict` writes it) of the
    relationship ``data`` from ``source`` to ``target`` (stored ids), where every value is one
    the Edge model keeps unchanged; None where the model must read it (it might change a value,
    or refuse it with a message naming the field)."""
    if not data.keys() <= _EDGE_FIELDS:
        return None
    try:
        relation = Relation(data.get("relation"))
    except ValueError:
        return None
    for name, relations in RELATION_FIELDS.items():
        if data.get(name) is not None and relation not in relations:
            return None
    dumped: dict[str, Any] = {"source": source, "relation": relation.value, "target": target}
    for name in _TEXT_BEFORE_NUMBERS:
        value = data.get(name)
        if value is not None:
            if not _text(value):
                return None
            dumped[name] = value
    amount = data.get("amount")
    if amount is not None:
        if not _number(amount):
            return None
        dumped["amount"] = float(amount)
    currency = data.get("currency")
    if currency is not None:
        if type(currency) is not str or not _CURRENCY.fullmatch(currency):
            return None
        dumped["currency"] = currency
    for name in ("award_date", "programme", "start_date", "end_date"):
        value = data.get(name)
        if value is None:
            continue
        if name == "programme":
            if not _text(value):
                return None
            dumped[name] = value
        elif type(value) is dt.date:
            dumped[name] = value.isoformat()
        else:
            return None
    start, end = data.get("start_date"), data.get("end_date")
    if start is not None and end is not None and end < start:
        return None
    for name in ("strength", "trust"):
        value = data.get(name)
        if value is not None:
            if not _number(value, 1):
                return None
            dumped[name] = float(value)
    description = data.get("description")
    if description is not None:
        if not _text(description):
            return None
        dumped["description"] = description
    if "attributes" in data:
        attributes = _attributes(data["attributes"])
        if attributes is None:
            return None
        if attributes:
            dumped["attributes"] = dict(attributes)
    provenance = _provenance(data.get("provenance"))
    if provenance is None:
        return None
    dumped["provenance"] = provenance
    return dumped


class EdgeAppender:
    """The relationships of one source, appended in bulk where plain (see the module), in
    their order: a relationship that is not plain is left to the caller once the plain ones
    before it are stored, so the graph holds them in the order the source gave them.

    ``ids`` maps what the source's relationships name its records by to the stored node ids
    (the build's scope); ``written`` is the set of (source, target, key) the source gave so far,
    which the appender adds to.
    """

    def __init__(self, graph: AssetGraph, ids: dict[str, str], written: set[tuple[str, str, str]]) -> None:
        self.graph = graph
        self.ids = ids
        self.written = written
        self.kinds = graph.kinds()
        #: the graph's edges as it was before this source, and the source's appended ones
        self.held = graph.nx
        self.waiting: list[dict[str, Any]] = []

    def _end(self, name: str, kind: NodeKind | None) -> str | None:
        stored = self.ids.get(name)
        if stored is None or (kind is not None and self.kinds.get(stored) != kind):
            return None
        return stored

    def append(self, record: EdgeRecord) -> bool:
        """Store ``record`` in bulk if it is plain; False if not, once the plain ones before
        it are stored, for the caller to store it the per-record way (adding its identity to
        ``written``)."""
        dumped = self._plain(record)
        if dumped is None:
            self.flush()
            return False
        self.waiting.append(dumped)
        return True

    def _plain(self, record: EdgeRecord) -> dict[str, Any] | None:
        source = self._end(record.source, record.source_kind)
        target = self._end(record.target, record.target_kind)
        if source is None or target is None or source == target:
            return None
        relation = record.data.get("relation")
        try:
            relation = Relation(relation)
        except ValueError:
            return None
        if not allowed(relation, self.kinds[source], self.kinds[target]):
            return None
        if relation in SYMMETRIC and target < source:
            source, target = target, source
        dumped = plain_edge(record.data, source, target)
        if dumped is None:
            return None
        key = dumped.get("key") or relation.value
        identity = (source, target, key)
        if identity in self.written or self.held.has_edge(source, target, key):
            return None
        self.written.add(identity)
        return dumped

    def flush(self) -> None:
        """Store the plain relationships waiting."""
        if self.waiting:
            self.graph.add_trusted((), self.waiting)
            self.waiting = []

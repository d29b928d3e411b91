"""What extraction proposes: entities and ties, each with the quote it rests on, gathered
across reports, and written as the tool's own YAML so that the draft builds as it is.

Entities with the same name (or one's name another's alias) are one entity; a tie is kept once
per (from, relation, to), its strongest evidence first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..graphmodel.names import normalise
from ..graphmodel.vocabulary import NodeKind, Relation

__all__ = ["Evidence", "Entity", "Tie", "Draft"]


@dataclass(frozen=True)
class Evidence:
    """Where a claim comes from: the report (its id in the draft's ``documents``), the place in
    it, the exact words, how sure the extractor is (0-1) and whether the words only imply it."""

    document: str
    locator: str
    quote: str
    confidence: float
    inferred: bool = False

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.document, "locator": self.locator, "quote": self.quote}
        out["confidence"] = round(self.confidence, 2)
        if self.inferred:
            out["inferred"] = True
        return out


@dataclass(eq=False)
class Entity:
    kind: NodeKind
    name: str
    evidence: list[Evidence]
    aliases: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    #: the node of ``--against`` this entity is, where it matched one
    existing: str | None = None

    @property
    def confidence(self) -> float:
        return max(e.confidence for e in self.evidence)

    def labels(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Tie:
    source: Entity
    relation: Relation
    target: Entity
    evidence: list[Evidence]
    role: str | None = None

    @property
    def confidence(self) -> float:
        return max(e.confidence for e in self.evidence)


class Draft:
    """Entities and ties found so far; :meth:`entity` finds or adds one by any of its names."""

    def __init__(self) -> None:
        self.documents: dict[str, dict[str, str]] = {}
        self.entities: list[Entity] = []
        self.ties: dict[tuple[int, Relation, int], Tie] = {}
        self.unresolved: dict[str, Evidence] = {}
        self._by_label: dict[tuple[NodeKind, str], Entity] = {}

    def lookup(self, name: str, kind: NodeKind | None = None) -> Entity | None:
        key = normalise(name)
        kinds = [kind] if kind else list(NodeKind)
        for k in kinds:
            if found := self._by_label.get((k, key)):
                return found
        return None

    def entity(
        self, kind: NodeKind, name: str, evidence: Evidence, aliases: tuple[str, ...] = (), **fields: Any
    ) -> Entity:
        """The entity of ``kind`` that goes by ``name`` or one of ``aliases``, added if new;
        the evidence, aliases and fields given join what it has."""
        found = next((e for label in (name, *aliases) if (e := self.lookup(label, kind))), None)
        if found is None:
            found = Entity(kind, name, [evidence])
            self.entities.append(found)
        elif evidence not in found.evidence:
            found.evidence.append(evidence)
        for label in (name, *aliases):
            self.add_alias(found, label)
        for key, value in fields.items():
            found.fields.setdefault(key, value)
        self.unresolved.pop(normalise(name), None)
        return found

    def add_alias(self, entity: Entity, label: str) -> None:
        key = normalise(label)
        if not key:
            return
        if key != normalise(entity.name) and all(normalise(a) != key for a in entity.aliases):
            entity.aliases.append(label)
        self._by_label.setdefault((entity.kind, key), entity)

    def tie(
        self, source: Entity, relation: Relation, target: Entity, evidence: Evidence, role: str | None = None
    ) -> None:
        if source is target:
            return
        key = (id(source), relation, id(target))
        found = self.ties.get(key)
        if found is None:
            self.ties[key] = Tie(source, relation, target, [evidence], role)
        elif evidence not in found.evidence:
            found.evidence.append(evidence)
            found.evidence.sort(key=lambda e: -e.confidence)

    def note_unresolved(self, name: str, evidence: Evidence) -> None:
        if self.lookup(name) is None:
            self.unresolved.setdefault(normalise(name), evidence)

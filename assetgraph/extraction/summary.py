"""Matching a draft against the user's graph, and what ``assetgraph extract`` reports."""

from __future__ import annotations

from pydantic import BaseModel

from ..graphmodel.graph import AssetGraph
from ..render import Table
from .draft import Draft

__all__ = ["match_against", "ExtractSummary"]


def match_against(draft: Draft, graph: AssetGraph) -> int:
    """Give each entity the name of the node of ``graph`` it is (by id, name, alias, acronym or
    identifier of its kind), its own name kept as an alias, so that building the draft into the
    graph merges instead of duplicating. Returns how many matched; a name several nodes share
    is left for the reviewer."""
    matched = 0
    for entity in draft.entities:
        ids = set()
        for label in entity.labels():
            ids |= graph.lookup(label, entity.kind)
        if len(ids) != 1:
            continue
        node = graph.node(ids.pop())
        entity.existing = node.id
        if node.name != entity.name:
            entity.aliases = [a for a in (entity.name, *entity.aliases) if a != node.name]
            entity.name = node.name
        matched += 1
    return matched


class ExtractSummary(BaseModel):
    """What was proposed, by kind and relation: the JSON of ``--format json``."""

    output: str
    documents: int
    entities: dict[str, int]
    relationships: dict[str, int]
    matched: int
    unresolved: int

    @classmethod
    def of(cls, draft: Draft, output: str, matched: int) -> ExtractSummary:
        entities: dict[str, int] = {}
        for e in draft.entities:
            entities[e.kind.value] = entities.get(e.kind.value, 0) + 1
        ties: dict[str, int] = {}
        for t in draft.ties.values():
            ties[t.relation.value] = ties.get(t.relation.value, 0) + 1
        return cls(
            output=output,
            documents=len(draft.documents),
            entities=dict(sorted(entities.items())),
            relationships=dict(sorted(ties.items())),
            matched=matched,
            unresolved=len(draft.unresolved),
        )

    def tables(self) -> list[Table]:
        rows = [[f"entity: {k}", str(n)] for k, n in self.entities.items()]
        rows += [[f"tie: {k}", str(n)] for k, n in self.relationships.items()]
        note = (
            f"{self.matched} matched a node of the graph given; {self.unresolved} names not resolved "
            f"(listed at the end of {self.output}). Review it, then build it."
        )
        return [
            Table(
                "Proposed",
                ["item", "count"],
                rows,
                heading=f"Wrote {self.output} from {self.documents} report(s)",
                note=note,
            )
        ]

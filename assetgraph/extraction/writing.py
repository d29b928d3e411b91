"""A draft as the tool's own YAML, ordered for a person to review top to bottom: new bodies
and the ties between them first, then what matched a node of the graph the draft is for,
then places and themes; each item with its quote; what could not be resolved listed last,
as comments. The file builds as it is (``assetgraph build draft.yaml``).
"""

from __future__ import annotations

from typing import Any

import yaml

from ..graphmodel.vocabulary import NodeKind
from .draft import Draft, Entity, Tie

__all__ = ["draft_yaml", "SECTIONS"]

#: kind -> section of the YAML format, in the order a reviewer reads them
SECTIONS: dict[NodeKind, str] = {
    NodeKind.ORGANISATION: "organisations",
    NodeKind.PARTNERSHIP: "partnerships",
    NodeKind.INITIATIVE: "initiatives",
    NodeKind.SERVICE: "services",
    NodeKind.PERSON: "people",
    NodeKind.PLACE: "places",
    NodeKind.THEME: "themes",
}
_FIELDS = {NodeKind.PLACE: ("level", "code"), NodeKind.ORGANISATION: ("description",)}


def _order(entity: Entity) -> tuple:
    return (entity.existing is not None, -entity.confidence, entity.name.lower())


def _entity_record(entity: Entity) -> dict[str, Any]:
    record: dict[str, Any] = {"name": entity.name}
    if entity.aliases:
        record["aliases"] = list(entity.aliases)
    for key in _FIELDS.get(entity.kind, ()):
        if entity.fields.get(key) is not None:
            record[key] = entity.fields[key]
    best, *more = sorted(entity.evidence, key=lambda e: -e.confidence)
    record.update(best.record())
    if more:
        record["evidence"] = [e.record() for e in more[:2]]
    return record


def _tie_record(tie: Tie) -> dict[str, Any]:
    record: dict[str, Any] = {
        "from": tie.source.name,
        "from_kind": tie.source.kind.value,
        "relation": tie.relation.value,
        "to": tie.target.name,
        "to_kind": tie.target.kind.value,
    }
    if tie.role:
        record["role"] = tie.role
    record.update(tie.evidence[0].record())
    return record


def _tie_order(tie: Tie) -> tuple:
    known = (tie.source.existing is not None) + (tie.target.existing is not None)
    structural = tie.target.kind in (NodeKind.PLACE, NodeKind.THEME)
    return (structural, known, -tie.confidence, tie.source.name.lower(), tie.relation.value, tie.target.name.lower())


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)


def draft_yaml(draft: Draft, name: str = "Draft from reports") -> str:
    """The draft as YAML text, with a header saying what it holds and how to review it."""
    people = sum(1 for e in draft.entities if e.kind is NodeKind.PERSON)
    header = [
        f"# {name}: proposed by `assetgraph extract` for a person to review.",
        "# Each item quotes the words it rests on (source, locator, quote), with the extractor's confidence",
        "# (0-1); `inferred: true` marks what the text implies but does not state. Accept an item by leaving",
        "# it, correct it in place, or delete it; then `assetgraph build draft.yaml -o network.json`.",
        f"# {len(draft.entities)} entities, {len(draft.ties)} ties, {len(draft.unresolved)} names not resolved.",
    ]
    if people:
        header.append(
            f"# people: {people} named in a role (name and role only). A person's name is personal data: "
            "outputs that withhold people leave them out."
        )
    body: dict[str, Any] = {"name": name, "documents": draft.documents}
    for kind, section in SECTIONS.items():
        entities = sorted((e for e in draft.entities if e.kind is kind), key=_order)
        if entities:
            body[section] = [_entity_record(e) for e in entities]
    if draft.ties:
        body["relationships"] = [_tie_record(t) for t in sorted(draft.ties.values(), key=_tie_order)]
    text = "\n".join(header) + "\n" + _dump(body)
    if draft.unresolved:
        lines = [
            "",
            "# Not resolved: names the reports use that the extractor could not place in a kind.",
            "# Add any that matter above, with their kind.",
        ]
        for label, ev in sorted(draft.unresolved.items()):
            lines.append(f'#   {label!r}: {ev.document}, {ev.locator}: "{ev.quote[:100]}"')
        text += "\n".join(lines) + "\n"
    return text

"""From a raw record (a YAML mapping or a spreadsheet row) to model-ready data.

One set of rules for every tabular and document format:

- blank cells are absent; ``aliases`` may be one cell separated by ``;``;
- ``attributes.X`` and ``identifiers.X`` columns fill those dictionaries;
- ``source``, ``quote``, ``locator``, ``inferred`` and ``confidence`` give the record's evidence (a YAML record
  may instead list several under ``evidence``); with none, the file and row are the provenance;
- relationships name their ends in ``from`` and ``to`` (an id, name or alias), optionally
  narrowed by ``from_kind`` and ``to_kind``.

An unknown field is an error that suggests the closest known one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rapidfuzz import process

from ..errors import InputError, Location, shown
from ..graphmodel.edges import Edge
from ..graphmodel.names import normalise
from ..graphmodel.nodes import NODE_CLASSES
from ..graphmodel.vocabulary import NodeKind, Relation
from .records import EdgeRecord, NodeRecord

__all__ = ["Document", "node_record", "edge_record", "parse_relation", "parse_kind"]

EVIDENCE_FIELDS = ("source", "quote", "locator", "inferred", "confidence")
#: evidence fields that hold one text each
_TEXT_EVIDENCE = ("source", "quote", "locator")
DICT_FIELDS = ("attributes", "identifiers")
_EDGE_ENDS = ("from", "to", "from_kind", "to_kind")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


@dataclass(frozen=True)
class Document:
    """A document that evidence cites by a short id (the ``documents`` section of a YAML file)."""

    title: str
    file: str | None = None
    url: str | None = None


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value


def _suggest(name: str, choices: list[str]) -> str:
    match = process.extractOne(name, choices, score_cutoff=70)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _flag(value: Any, location: Location) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    raise InputError(location, f"{shown(value)} is not yes or no")


def _provenance(raw: dict[str, Any], location: Location, documents: dict[str, Document]) -> list[dict[str, Any]]:
    entries = raw.pop("evidence", None) or []
    if not isinstance(entries, list):
        raise InputError(location.with_field("evidence"), "should be a list of evidence entries")
    own = {k: raw.pop(k) for k in EVIDENCE_FIELDS if raw.get(k) is not None}
    if own:
        entries = [own, *entries]
    if not entries:
        return [{"source": location.file, "locator": location.where}]
    result = []
    for i, entry in enumerate(entries):
        here = location.with_field("evidence" if entry is not own else None)
        if not isinstance(entry, dict):
            raise InputError(here, f"entry {i + 1} should be a mapping of {', '.join(EVIDENCE_FIELDS)}")
        unknown = set(entry) - set(EVIDENCE_FIELDS)
        if unknown:
            raise InputError(here, f"unknown evidence field {shown(sorted(map(str, unknown))[0])}")
        if isinstance(entry.get("confidence"), bool):
            raise InputError(here.with_field("confidence"), "should be a number from 0 to 1, not yes or no")
        for key in _TEXT_EVIDENCE:
            if isinstance(entry.get(key), (list, dict, bool)):
                raise InputError(
                    location.with_field(key if entry is own else "evidence"),
                    f"{key} should be one text, not {type(entry[key]).__name__} {shown(entry[key])}; "
                    "give several sources as a list under evidence",
                )
        cited = _clean(entry.get("source"))
        doc = documents.get(str(cited)) if cited else None
        locator = _clean(entry.get("locator"))
        if doc:
            source, locator = doc.title, locator or doc.file or doc.url
        elif cited:
            source = str(cited)
        else:
            source, locator = location.file, locator or location.where
        result.append(
            {
                "source": source,
                "locator": locator,
                "snippet": _clean(entry.get("quote")),
                "inferred": _flag(entry.get("inferred", False), here.with_field("inferred")),
                "via": str(location) if cited else None,
                "confidence": entry.get("confidence"),
            }
        )
    return result


def _fold_dotted(raw: dict[str, Any], location: Location) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        head, dot, tail = key.partition(".")
        if dot and head in DICT_FIELDS and tail:
            if value is not None:
                out.setdefault(head, {})[tail] = value
        elif dot:
            raise InputError(location.with_field(key), f"only {' and '.join(DICT_FIELDS)} take a dotted name")
        else:
            out[key] = value
    return out


def _prepare(
    raw: dict[str, Any], known: list[str], location: Location, documents: dict[str, Document]
) -> dict[str, Any]:
    data = _fold_dotted({str(k).strip(): _clean(v) for k, v in raw.items()}, location)
    provenance = _provenance(data, location, documents)
    data = {k: v for k, v in data.items() if v is not None}
    for key in data:
        if key not in known:
            raise InputError(location.with_field(key), "unknown field" + _suggest(key, known))
    for key in DICT_FIELDS:
        if key in data and not isinstance(data[key], dict):
            raise InputError(location.with_field(key), "should be a mapping of names to values")
    for key, value in data.items():
        if isinstance(value, bool):
            raise InputError(location.with_field(key), f"{str(value).lower()} is yes or no, not a value for {key}")
    data["provenance"] = provenance
    return data


def node_record(kind: NodeKind, raw: dict[str, Any], location: Location, documents: dict[str, Document]) -> NodeRecord:
    """A node of ``kind`` from one raw record."""
    cls = NODE_CLASSES[kind]
    known = [f for f in cls.model_fields if f not in ("provenance",)] + list(EVIDENCE_FIELDS) + ["evidence", "postcode"]
    data = _prepare(raw, known, location, documents)
    if "postcode" in data:
        if isinstance(data["postcode"], (list, dict)):
            raise InputError(location.with_field("postcode"), f"should be one postcode, not {shown(data['postcode'])}")
        data.setdefault("attributes", {})["postcode"] = str(data.pop("postcode"))
    name = data.get("name")
    if isinstance(name, (str, int, float)) and not isinstance(name, bool) and not normalise(str(name)):
        raise InputError(
            location.with_field("name"), f"{shown(name)} has no letter or digit, so it names nothing; give a name"
        )
    if data.get("kind", kind) != kind:
        raise InputError(location.with_field("kind"), f"is {shown(data['kind'])} in a section of {kind}s")
    data["kind"] = kind
    if isinstance(data.get("aliases"), str):
        data["aliases"] = [a.strip() for a in data["aliases"].split(";")]
    return NodeRecord(kind, data, location)


def parse_relation(value: Any, location: Location) -> Relation:
    """A relation name, forgiving of case and spaces ("part of" is PART_OF)."""
    text = str(value or "").strip().upper().replace(" ", "_").replace("-", "_")
    try:
        return Relation(text)
    except ValueError:
        names = [r.value for r in Relation]
        raise InputError(
            location.with_field("relation"),
            f"unknown relation {shown(value)}{_suggest(text, names)}; expected one of: {', '.join(names)}",
        ) from None


def parse_kind(value: Any, location: Location) -> NodeKind | None:
    """An optional node kind given as text."""
    if value is None:
        return None
    try:
        return NodeKind(str(value).strip().lower())
    except ValueError:
        kinds = ", ".join(k.value for k in NodeKind)
        raise InputError(location, f"unknown kind {shown(value)}; expected one of: {kinds}") from None


def edge_record(raw: dict[str, Any], location: Location, documents: dict[str, Document]) -> EdgeRecord:
    """A relationship from one raw record; its ends stay names until the graph is built."""
    known = [f for f in Edge.model_fields if f not in ("source", "target", "provenance")]
    known += [*_EDGE_ENDS, *EVIDENCE_FIELDS, "evidence"]
    data = _prepare(raw, known, location, documents)
    for end in ("from", "to", "relation"):
        if data.get(end) is None:
            raise InputError(location.with_field(end), "is missing")
        if isinstance(data[end], (list, dict, bool)):
            raise InputError(
                location.with_field(end), f"should be one name or id, not {type(data[end]).__name__} {shown(data[end])}"
            )
    data["relation"] = parse_relation(data["relation"], location)
    return EdgeRecord(
        source=str(data.pop("from")),
        target=str(data.pop("to")),
        source_kind=parse_kind(data.pop("from_kind", None), location.with_field("from_kind")),
        target_kind=parse_kind(data.pop("to_kind", None), location.with_field("to_kind")),
        data=data,
        location=location,
    )

"""Withholding people: one mechanism for every output that shares a graph with others.

A :class:`Redactor` built from a graph knows each person's name, aliases, e-mail and phone. It
rewrites any JSON-ready value (a graph file's data, a map's payload, a query's result):

- a person's id becomes an opaque one (``person:withheld-3``) and their node is reduced to
  a label ("Person 3"), with no aliases, contact details or identifiers;
- the id of any other node that was derived from a person's name ("Ann Smith Fund") becomes
  opaque too, since the id would spell the name;
- a string that is one person's name becomes their label; in every other string, a '
                             'person's name or alias is replaced where it stands as whole words,
  case aside ("[name withheld]"), and their e-mail or phone ("[contact withheld]").

Whole words matter: a person called "Ann" must not turn "Annual Giving Trust" into nonsense,
nor one called "Li" a "Li-Ion" battery (a hyphen joins words here).

>>> from assetgraph.graphmodel import AssetGraph, Person, Organisation, Provenance
>>> g = AssetGraph()
>>> src = [Provenance(source="notes")]
>>> _ = g.add_node(Person(name="Ann", email="ann@example.org", provenance=src))
>>> _ = g.add_node(Organisation(name="Annual Giving Trust", provenance=src))
>>> r = Redactor(g)
>>> r("Ann (ann@example.org) chairs the Annual Giving Trust; ANN's term ends")
"[name withheld] ([contact withheld]) chairs the Annual Giving Trust; [name withheld]'s term ends"
>>> r.node({"id": "person:ann", "kind": "person", "name": "Ann", "email": "ann@example.org"})
{'id': 'person:withheld-1', 'kind': 'person', 'name': 'Person 1'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from .names import node_id, slug
from .vocabulary import NodeKind

__all__ = ["Redactor", "NAME_WITHHELD", "CONTACT_WITHHELD"]

NAME_WITHHELD = "[name withheld]"
CONTACT_WITHHELD = "[contact withheld]"
#: what a person's node keeps: the rest (aliases, contact details, identifiers) is dropped
_PERSON_KEEPS = frozenset({"id", "kind", "name", "description", "attributes", "provenance"})


def _trie_pattern(words: Iterable[str], flexible_space: bool) -> str:
    """One regular expression matching any of ``words``, shaped as a trie so that thousands of
    names cost little more than one (Python's ``re`` tries alternatives one by one)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [
            (r"\s+" if flexible_space and c.isspace() else re.escape(c)) + emit(child)
            for c, child in sorted(node.items())
            if c
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie)


class Redactor:
    """Rewrites values so that no person in ``graph`` can be named from them (see the module)."""

    def __init__(self, graph: Any) -> None:
        people = list(graph.nodes(NodeKind.PERSON))
        self.ids: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        names: set[str] = set()
        contacts: set[str] = set()
        owners: dict[str, set[str]] = {}
        for i, person in enumerate(people, 1):
            self.ids[person.id] = f"person:withheld-{i}"
            self.labels[person.id] = f"Person {i}"
            for name in (person.name, *person.aliases):
                owners.setdefault(" ".join(name.lower().split()), set()).add(self.labels[person.id])
            names.update(n.lower() for n in (person.name, *person.aliases) if n.strip())
            contacts.update(c.lower() for c in (person.email, person.phone) if c and c.strip())
        #: a whole string that is the name of one person only becomes their label
        self._named = {name: labels.pop() for name, labels in owners.items() if len(labels) == 1}
        self._names = self._compile(names, contacts)
        if self._names:
            slugs = re.compile(
                r"(?<![a-z0-9])(?:" + _trie_pattern({s for s in map(slug, names) if s}, False) + r")(?![a-z0-9])"
            )
            derived = [n for n in graph.nodes() if n.kind != NodeKind.PERSON and self._derived(n, slugs)]
            for i, node in enumerate(derived, 1):
                self.ids[node.id] = f"{node.kind.value}:withheld-{i}"
        self._ids = re.compile(r"(?<![\w:-])(?:" + _trie_pattern(self.ids, False) + r")(?![\w-])") if self.ids else None

    def _derived(self, node: Any, slugs: re.Pattern[str]) -> bool:
        """Whether a node's name or alias holds a person's name, or its id (where not derived
        from its name) holds a person's name as a slug."""
        assert self._names is not None
        if any(self._names.search(label) for label in (node.name, *node.aliases)):
            return True
        return node.id != node_id(node.kind.value, node.name) and bool(slugs.search(node.id))

    @staticmethod
    def _compile(names: set[str], contacts: set[str]) -> re.Pattern[str] | None:
        parts = []
        if contacts:
            parts.append(f"(?P<contact>{_trie_pattern(contacts, False)})")
        if names:
            parts.append(f"(?P<name>{_trie_pattern(names, True)})")
        if not parts:
            return None
        return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def text(self, value: str) -> str:
        """``value`` with people's ids made opaque and their names and contacts withheld; a
        value that is one person's name is their label."""
        label = self._named.get(" ".join(value.lower().split()))
        if label:
            return label
        if self._ids:
            value = self._ids.sub(lambda m: self.ids[m.group(0)], value)
        if self._names:
            value = self._names.sub(
                lambda m: CONTACT_WITHHELD if m.groupdict().get("contact") else NAME_WITHHELD, value
            )
        return value

    def __call__(self, value: Any) -> Any:
        """Any JSON-ready value, redacted."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, dict):
            return {self.text(k) if isinstance(k, str) else k: self(v) for k, v in value.items()}
        return value

    def node(self, data: dict[str, Any]) -> dict[str, Any]:
        """A node as its model dumps it, redacted: a person is reduced to their label."""
        label = self.labels.get(data.get("id", ""))
        if label is None:
            return self(data)
        kept = {k: self(v) for k, v in data.items() if k in _PERSON_KEEPS}
        return kept | {"name": label}

    def result(self, model: BaseModel) -> BaseModel:
        """A query result (a pydantic model), redacted into a model of the same type."""
        return type(model).model_validate(self(model.model_dump(mode="json")))

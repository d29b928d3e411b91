"""Withholding people: one mechanism for every output that shares a graph with others.

A :class:`Redactor` built from one graph or more knows each person's name, aliases, e-mail and
phone. It rewrites any JSON-ready value (a graph file's data, a map's payload, a query's result):

- a person's id becomes an opaque one (``person:withheld-3``) and their node is reduced to
  a label ("Person 3"), with no aliases, contact details or identifiers;
- the id of any other node that was derived from a person's name ("Ann Smith Fund") becomes
  opaque too, since the id would spell the name;
- a link that names a person (``https://example.org/ann-smith``: their name, or its slug, as a
  part of the address) is withheld whole ("[link withheld]");
- a string that is one person's name becomes their label; in every other string, a person's
  name or alias is replaced ("[name withheld]"), and their e-mail or phone ("[contact withheld]").

Where a name stands is read by its script. Scripts that put spaces between words need whole
words, case aside: a person called "Ann" must not turn "Annual Giving Trust" into nonsense, nor
one called "Li" a "Li-Ion" battery (a hyphen joins words here). Scripts written without spaces
(Chinese, Japanese, Thai, ...) have no word boundary to find, so there a name is withheld
wherever it stands, 张伟 in 张伟负责社区健康项目 as much as on its own.

A part of a graph is redacted against the whole graph's people (build the redactor from the
whole, then apply it to the part), so that a person left out of a selection is still withheld
from the descriptions of what was selected.

>>> from assetgraph.graphmodel import AssetGraph, Person, Organisation, Provenance
>>> g = AssetGraph()
>>> src = [Provenance(source="notes")]
>>> _ = g.add_node(Person(name="Ann", email="ann@example.org", provenance=src))
>>> _ = g.add_node(Person(name="张伟", provenance=src))
>>> _ = g.add_node(Organisation(name="Annual Giving Trust", provenance=src))
>>> r = Redactor(g)
>>> r("Ann (ann@example.org) chairs the Annual Giving Trust; ANN's term ends")
"[name withheld] ([contact withheld]) chairs the Annual Giving Trust; [name withheld]'s term ends"
>>> r("张伟负责社区健康项目; see https://example.org/team/ann.html")
'[name withheld]负责社区健康项目; see [link withheld]'
>>> r.node({"id": "person:ann", "kind": "person", "name": "Ann", "email": "ann@example.org"})
{'id': 'person:withheld-1', 'kind': 'person', 'name': 'Person 1'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel

from .names import node_id, slug
from .vocabulary import NodeKind

__all__ = ["Redactor", "NAME_WITHHELD", "CONTACT_WITHHELD", "LINK_WITHHELD"]

NAME_WITHHELD = "[name withheld]"
CONTACT_WITHHELD = "[contact withheld]"
LINK_WITHHELD = "[link withheld]"
#: what a person's node keeps: the rest (aliases, contact details, identifiers) is dropped
_PERSON_KEEPS = frozenset({"id", "kind", "name", "description", "attributes", "provenance"})
#: scripts written without spaces between words: Thai, Lao, Tibetan, Myanmar, Khmer, Hangul
#: (whose particles join the name they follow), CJK ideographs, kana, bopomofo and Yi
_UNSPACED = (
    "\u0e00-\u0fff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fdf\u3040-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc\U00020000-\U0003ffff"
)
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
#: a character that continues a word of a spaced script (a hyphen joins words)
_WORD = f"(?:(?![{_UNSPACED}])[\\w-])"
#: a link written out in text: a scheme and its address, or an address starting www.
_LINK = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"]+", re.IGNORECASE)
#: what separates the parts of an address (host, path segments, query names and values)
_LINK_PARTS = re.compile(r"[/?#&=:@;,]+")
#: what may stand between the digits of a phone number written another way
_PHONE_GAP = r"[\s().-]*"
#: what may stand before a phone number's national significant number: a country code (after
#: + or 00) and a trunk prefix 0, written "(0)" after a country code or leading a national form
_PHONE_PREFIX = r"(?:(?:\+|(?<!\d)00)[\s.-]*\d{1,3}[\s().-]*)?(?:\(?0\)?[\s.-]*)?"
#: the two-digit country calling codes; 1 and 7 have one digit, the rest three. The codes are
#: prefix-free (ITU-T E.164), so these tell where a code written without spacing ends.
_TWO_DIGIT_CODES = frozenset(
    "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 "
    "81 82 84 86 90 91 92 93 94 95 98".split()
)
#: the words of a text in ASCII, as a slug splits them
_ASCII_WORDS = re.compile(r"[a-z0-9]+")


def national_number(phone: str) -> str:
    """The digits of ``phone`` that every way of writing it shares (its national significant
    number): without a country code, given after + or 00, nor a trunk prefix 0, so that
    "+44 (0)7700 900123", "0044 7700 900123" and "07700900123" are one number.

    >>> national_number("+44 (0)7700 900-123"), national_number("07700 900123"), national_number("+33612345678")
    ('7700900123', '7700900123', '612345678')
    """
    written = phone.strip().replace("(0)", "")
    digits = re.sub(r"\D", "", written)
    if written.startswith(("+", "00")):
        digits = digits[2:] if written.startswith("00") else digits
        code = 1 if digits[:1] in ("1", "7") else 2 if digits[:2] in _TWO_DIGIT_CODES else 3
        digits = digits[code:]
    return digits.lstrip("0")


def _trie_pattern(words: Iterable[str], flexible_space: bool, gap: str = "") -> str:
    """One regular expression matching any of ``words``, shaped as a trie so that thousands of
    names cost little more than one (Python's ``re`` tries alternatives one by one); ``gap``
    is what may stand between any two characters (a phone number's spaces and dashes)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any], first: bool = True) -> str:
        ends = "" in node
        branches = [
            ("" if first else gap) + (r"\s+" if flexible_space and c.isspace() else re.escape(c)) + emit(child, False)
            for c, child in sorted(node.items())
            if c
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie)


def _bounded(words: Iterable[str], flexible_space: bool) -> str:
    """A pattern for ``words``, each bounded as its script needs: an end in a spaced script
    may not continue a word there; an end in a script without spaces may stand anywhere."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for word in words:
        ends = (not _UNSPACED_CHAR.match(word[0]), not _UNSPACED_CHAR.match(word[-1]))
        groups.setdefault(ends, []).append(word)
    return "|".join(
        ("(?<!" + _WORD + ")" if left else "")
        + "(?:"
        + _trie_pattern(group, flexible_space)
        + ")"
        + ("(?!" + _WORD + ")" if right else "")
        for (left, right), group in sorted(groups.items())
    )


class Redactor:
    """Rewrites values so that no person in ``graphs`` can be named from them (see the module).
    Several graphs (two versions of one map) share one redactor: a person keeps one label."""

    def __init__(self, *graphs: Any) -> None:
        self.ids: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        names: set[str] = set()
        contacts: set[str] = set()
        phones: set[str] = set()
        owners: dict[str, set[str]] = {}
        for person in (p for graph in graphs for p in graph.nodes(NodeKind.PERSON)):
            if person.id not in self.labels:
                self.ids[person.id] = f"person:withheld-{len(self.labels) + 1}"
                self.labels[person.id] = f"Person {len(self.labels) + 1}"
            for name in (person.name, *person.aliases):
                owners.setdefault(" ".join(name.lower().split()), set()).add(self.labels[person.id])
            names.update(n.lower() for n in (person.name, *person.aliases) if n.strip())
            contacts.update(c.lower() for c in (person.email, person.phone) if c and c.strip())
            number = national_number(person.phone or "")
            if len(number) >= 6:
                phones.add(number)
        #: a whole string that is the name of one person only becomes their label
        self._named = {name: labels.pop() for name, labels in owners.items() if len(labels) == 1}
        self._names = self._compile(names, contacts, phones)
        #: people's names as slugs: of one word, and of several (as word lists)
        self._slugs = {s for s in map(slug, names) if s}
        self._slug_words = {tuple(s.split("-")) for s in self._slugs if "-" in s}
        self._slug_heads = {s.split("-")[0] for s in self._slugs}
        if self._names:
            slugs = re.compile(r"(?<![a-z0-9])(?:" + _trie_pattern(self._slugs, False) + r")(?![a-z0-9])")
            derived = {
                n.id: n.kind.value
                for g in graphs
                for n in g.nodes()
                if n.kind != NodeKind.PERSON and self._derived(n, slugs)
            }
            for i, (derived_id, kind) in enumerate(derived.items(), 1):
                self.ids[derived_id] = f"{kind}:withheld-{i}"
        self._ids = re.compile(r"(?<![\w:-])(?:" + _trie_pattern(self.ids, False) + r")(?![\w-])") if self.ids else None

    def _derived(self, node: Any, slugs: re.Pattern[str]) -> bool:
        """Whether a node's name or alias holds a person's name, or its id (where not derived
        from its name) holds a person's name as a slug."""
        assert self._names is not None
        if any(self._names.search(label) for label in (node.name, *node.aliases)):
            return True
        return node.id != node_id(node.kind.value, node.name) and bool(slugs.search(node.id))

    @staticmethod
    def _compile(names: set[str], contacts: set[str], phones: set[str]) -> re.Pattern[str] | None:
        """Names bounded by their script; contacts as given, and phone numbers (``phones``,
        national significant numbers) however they are written: spaced ("07700-900-123",
        "(07700) 900123"), with a country code or without ("+44 (0)7700 900123", "0044 ...")."""
        parts = []
        if contacts:
            written = _trie_pattern(contacts, False)
            if phones:
                written += "|" + _PHONE_PREFIX + _trie_pattern(phones, False, _PHONE_GAP)
            parts.append(f"(?P<contact>(?<!{_WORD})(?:{written})(?!{_WORD}))")
        if names:
            parts.append(f"(?P<name>{_bounded(names, True)})")
        if not parts:
            return None
        return re.compile("|".join(parts), re.IGNORECASE)

    def _names_someone(self, link: str) -> bool:
        """Whether a link names a person: their name as words of it, or a part of the address
        that is their name's slug (``/ann-smith``, ``ann_smith.html``, ``ann-smith.example.org``)."""
        plain = unquote(link)
        assert self._names is not None
        if self._names.search(plain):
            return True
        if plain.isascii() and self._slug_heads.isdisjoint(_ASCII_WORDS.findall(plain.lower())):
            return False  # no slug can start in it: most links, known quickly
        for part in _LINK_PARTS.split(plain):
            if any(slug(piece) in self._slugs for piece in part.split(".")):
                return True
            words = slug(part).split("-")
            spans = (tuple(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1))
            if any(span in self._slug_words for span in spans):
                return True
        return False

    def __bool__(self) -> bool:
        return bool(self.ids)

    def text(self, value: str) -> str:
        """``value`` with people's ids made opaque and their links, names and contacts
        withheld; a value that is one person's name is their label."""
        label = self._named.get(" ".join(value.lower().split()))
        if label:
            return label
        if self._ids:
            value = self._ids.sub(lambda m: self.ids[m.group(0)], value)
        if self._names:
            value = _LINK.sub(lambda m: LINK_WITHHELD if self._names_someone(m.group(0)) else m.group(0), value)
            value = self._names.sub(lambda m: CONTACT_WITHHELD if m.lastgroup == "contact" else NAME_WITHHELD, value)
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

"""Names in a sentence: runs of capitalised words (with the small words a name may hold),
each with where it stands, and what the words around a name say of it.

>>> [m.text for m in find_names("Jo Smith, Director of the Centre for Health in Moray, spoke.")]
['Jo Smith', 'Director of the Centre for Health', 'Moray']
>>> [m.text for m in find_names("Moray Council and KHT have a partnership.")]
['Moray Council', 'KHT']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from ..graphmodel.vocabulary import NodeKind
from .cues import CONNECTORS, HEADS, LEADING, NATIONS

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["Name", "PERSON_TITLES", "find_names", "is_acronym", "model_names", "merge_names"]

_TOKEN = re.compile(r"[^\W_](?:[\w’'\-.]*[^\W_])?|&")
_POSSESSIVE = re.compile(r"[’']s$")
_JOINING = re.compile(r"^[ \t]+$|^-$")


@dataclass(frozen=True)
class Name:
    """A run of capitalised words in a sentence, ``start`` and ``end`` its offsets there."""

    text: str
    start: int
    end: int
    at_start: bool

    @property
    def words(self) -> list[str]:
        return self.text.split()


def is_acronym(word: str) -> bool:
    """Two to eight capitals (and digits), as in "KHT" or "NHS ABC"'s parts."""
    letters = word.replace("&", "")
    return 2 <= len(letters) <= 8 and letters.isupper() and letters.isalnum()


def _capitalised(word: str) -> bool:
    return word[0].isupper() or (word[0].isdigit() and any(c.isupper() for c in word))


def _organisation_head(word: str) -> bool:
    return HEADS.get(word.lower()) is NodeKind.ORGANISATION and word.lower() not in NATIONS


def _split_on_and(words: list[str], is_place: Callable[[str], bool]) -> list[list[str]]:
    """A run joined by "and" or "&" is one name where it ends in a word that makes names (a
    partnership, a network) or names a known place; else the names it lists."""
    joins = [i for i, w in enumerate(words) if w in ("and", "&")]
    if not joins:
        return [words]
    listing = any(
        words[i + 1] == "the"
        or (i == 1 and is_acronym(words[0]))
        or (_organisation_head(words[i - 1]) and _organisation_head(words[-1]))
        for i in joins
    )
    if not listing and (
        words[-1].lower() in HEADS or any(is_place(" ".join(words[i:])) for i in range(len(words) - 2))
    ):
        return [words]
    parts: list[list[str]] = [[]]
    for word in words:
        if word in ("and", "&"):
            parts.append([])
        else:
            parts[-1].append(word)
    return [p for p in parts if p]


def find_names(sentence: str, is_place: Callable[[str], bool] = lambda _: False) -> list[Name]:
    """The names in a sentence, in order. Small words (of, and, for, the) stay inside a name
    when capitalised words follow; the possessive of a body's last word or an acronym ends a
    name ("the Council's Advice Team" names the Council and the Advice Team, "Dundee Men's
    Shed" one body), a possessive 's dropped from a name's last word."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    runs: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    held: list[tuple[str, int, int]] = []
    for word, start, end in tokens:
        previous_end = (held or current)[-1][2] if (held or current) else None
        joined = previous_end is not None and _JOINING.match(sentence[previous_end:start] or " ")
        if current and not joined:
            runs.append(current)
            current, held = [], []
        if _capitalised(word):
            current += held + [(word, start, end)]
            held = []
            owner = _POSSESSIVE.sub("", word)
            if owner != word and (is_acronym(owner) or _organisation_head(owner)):
                runs.append(current)
                current = []
        elif current and word.lower() in CONNECTORS and word == word.lower() or (current and word == "&"):
            held.append((word, start, end))
        else:
            if current:
                runs.append(current)
            current, held = [], []
    if current:
        runs.append(current)
    names = []
    for run in runs:
        words = [w for w, _, _ in run]
        offset = 0
        sentence_start = run[0][1] == tokens[0][1]
        if len(run) > 1 and (words[0] in ("A", "An") or (sentence_start and words[0].lower() in LEADING | {"the"})):
            run, words = run[1:], words[1:]
        for part in _split_on_and(words, is_place):
            if part[0] == "the" and len(part) > 1:
                part = part[1:]
            first = run[words.index(part[0], offset)]
            last_index = words.index(part[-1], offset + len(part) - 1)
            last = run[last_index]
            offset = last_index + 1
            text = sentence[first[1] : last[2]]
            end = last[2]
            if _POSSESSIVE.search(text):
                text, end = text[:-2], end - 2
            lone = len(part) == 1 and part[0].lower() in LEADING | {"the"}
            if text and not (lone and (first[1] == tokens[0][1] or part[0].lower() == "the")):
                names.append(Name(text, first[1], end, first[1] == tokens[0][1]))
    return names


#: the entity labels of the language model that name something extraction keeps
_MODEL_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
#: titles that mark a person: the name after one is a person's, never a place's
PERSON_TITLES = frozenset(
    {"dr", "doctor", "professor", "prof", "cllr", "councillor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame"}
    | {"lord", "lady", "baroness", "rev", "reverend", "canon", "bishop"}
)
_LEADING_DETERMINER = re.compile(r"^(?:the|The|THE)\s+")


def model_names(sent: Span) -> list[tuple[Name, str]]:
    """The names the trained pipeline finds in a parsed sentence, offsets within ``sent.text``,
    each with its label: the model's entity label, or ``TITLE`` for a name after a title that
    marks a person ("Professor Jo Smith" is the person Jo Smith)."""
    base = sent.start_char
    found: list[tuple[Name, str]] = []
    tokens = list(sent)
    for k, token in enumerate(tokens):
        if token.lower_.rstrip(".") not in PERSON_TITLES or not token.text[0].isupper():
            continue
        end = k + 1 + (tokens[k + 1].text == "." if k + 1 < len(tokens) else 0)
        names = []
        while end < len(tokens) and len(names) < 4 and tokens[end].pos_ == "PROPN" and tokens[end].text[0].isupper():
            names.append(tokens[end])
            end += 1
        if names and not (len(names) == 1 and tokens[k].lower_ in ("mr", "mrs", "ms", "miss", "mx")):
            start, stop = names[0].idx - base, names[-1].idx + len(names[-1].text) - base
            found.append((Name(sent.text[start:stop], start, stop, names[0].i == sent.start), "TITLE"))
    for ent in sent.ents:
        if ent.label_ not in _MODEL_LABELS:
            continue
        text = ent.text
        start = ent.start_char - base
        lead = _LEADING_DETERMINER.match(text)
        if lead:
            text, start = text[lead.end() :], start + lead.end()
        if _POSSESSIVE.search(text):
            text = text[:-2]
        text = text.rstrip(" ,.;:")
        if text and text[0].isupper():
            found.append((Name(text, start, start + len(text), start == 0), ent.label_))
    return found


def _split_by_model(rule: Name, model: list[Name], is_place: Callable[[str], bool]) -> list[Name]:
    """A rule name the model reads as two or more names joined by "and" or a comma ("NHS
    Glenmore and Glenmore City Council") is those names, unless a known place's name joins
    them ("Brighton and Hove City Council"); else the rule name as it is."""
    inside = sorted((m for m in model if rule.start <= m.start and m.end <= rule.end), key=lambda m: m.start)
    if len(inside) < 2 or inside[0].start != rule.start or inside[-1].end != rule.end:
        return [rule]
    words = rule.words
    if any(is_place(" ".join(words[:k])) for k in range(3, len(words) + 1) if "and" in words[1 : k - 1]):
        return [rule]
    gaps = [rule.text[a.end - rule.start : b.start - rule.start].strip(" ,") for a, b in pairwise(inside)]
    if all(g in ("and", "") for g in gaps) and any(g == "and" for g in gaps):
        return inside
    return [rule]


def _around(outer: Name, inner: Name) -> list[Name]:
    """The parts of ``outer`` before and after ``inner`` ("Glenmore Council Chief Executive"
    around a person's name), each a name where it holds a word."""
    parts = []
    for start, end in ((outer.start, inner.start), (inner.end, outer.end)):
        text = outer.text[start - outer.start : end - outer.start]
        stripped = text.strip(" ,;:")
        if stripped:
            first = start + text.index(stripped)
            parts.append(Name(stripped, first, first + len(stripped), outer.at_start and first == outer.start))
    return parts


def merge_names(
    rules: list[Name], model: list[tuple[Name, str]], is_place: Callable[[str], bool] = lambda _: False
) -> tuple[list[Name], dict[tuple[int, int], str]]:
    """The names of a sentence from the rules and the model together, and the model's label of
    each it labels. A titled person replaces what the rules made of the title and name; a model
    name that joins several rule names over "&", "of" or "for" ("Heart & Lung Action Glenmore")
    replaces them; a model name the rules missed is added; otherwise the rules' name stands."""
    names = [part for rule in rules for part in _split_by_model(rule, [m for m, _ in model], is_place)]
    labels: dict[tuple[int, int], str] = {}
    for name, label in model:
        touching = [r for r in names if r.start < name.end and name.start < r.end]
        if label == "TITLE" or not touching:
            names = [r for r in names if r not in touching] + [name]
        elif len(touching) > 1 and all(name.start <= r.start and r.end <= name.end for r in touching):
            ordered = sorted(touching, key=lambda r: r.start)
            gaps = [name.text[a.end - name.start : b.start - name.start].strip() for a, b in pairwise(ordered)]
            if all(g in ("&", "of", "for", "of the", "for the", "") for g in gaps):
                names = [r for r in names if r not in touching] + [name]
        elif len(touching) == 1 and label == "PERSON" and touching[0].start < name.start <= name.end <= touching[0].end:
            names = [r for r in names if r is not touching[0]] + [*_around(touching[0], name), name]
        elif len(touching) == 1 and touching[0].end == name.end:
            name = touching[0]
        else:
            continue
        labels.setdefault((name.start, name.end), label)
    return sorted(names, key=lambda n: n.start), labels

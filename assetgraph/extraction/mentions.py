"""Names in a sentence: runs of capitalised words (with the small words a name may hold),
each with where it stands, and what the words around a name say of it.

>>> [m.text for m in find_names("Jo Smith, Director of the Centre for Health in Moray, spoke.")]
['Jo Smith', 'Director of the Centre for Health', 'Moray']
>>> [m.text for m in find_names("Moray Council and KHT have a partnership.")]
['Moray Council', 'KHT']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..graphmodel.vocabulary import NodeKind
from .cues import CONNECTORS, HEADS, LEADING, NATIONS

__all__ = ["Name", "find_names", "sentences", "is_acronym"]

_TOKEN = re.compile(r"[^\W_](?:[\w’'\-.]*[^\W_])?|&")
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|Dr|Mr|Mrs|Ms|St|No|Prof|Cllr|vs)\.$", re.I)
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


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) of each sentence of a paragraph; "e.g." and "Dr." do not end one."""
    start = 0
    for match in _SENTENCE.finditer(text):
        if _ABBREVIATIONS.search(text[start : match.start()]):
            continue
        yield start, text[start : match.start()]
        start = match.end()
    if text[start:].strip():
        yield start, text[start:]


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
    when capitalised words follow; a possessive 's is dropped from a name's last word."""
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
            if text and not (len(part) == 1 and part[0].lower() in LEADING and first[1] == tokens[0][1]):
                names.append(Name(text, first[1], end, first[1] == tokens[0][1]))
    return names

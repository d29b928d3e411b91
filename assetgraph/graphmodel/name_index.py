"""Look-up of nodes by name, alias or acronym, forgiving of case, spacing and punctuation."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process, utils

from .names import initials, normalise

_DIGITS = re.compile(r"\d+")
_LEGAL_FORMS = frozenset({"ltd", "limited", "cic", "cio", "plc", "llp", "inc", "incorporated"})


def _bare(key: str) -> str:
    return " ".join(w for w in key.split() if w not in _LEGAL_FORMS)


__all__ = ["NameIndex", "suggest"]


class NameIndex:
    """Maps normalised names and aliases to node ids, and derived acronyms as a fallback.

    >>> index = NameIndex()
    >>> index.add("organisation:public-health-scotland", "Public Health Scotland", [])
    >>> index.lookup("public health scotland.")
    {'organisation:public-health-scotland'}
    >>> index.lookup("PHS")
    {'organisation:public-health-scotland'}
    """

    #: a word shared by more names than this is too common to find candidates by
    COMMON_WORD = 200

    def __init__(self) -> None:
        self._names: defaultdict[str, set[str]] = defaultdict(set)
        self._acronyms: defaultdict[str, set[str]] = defaultdict(set)
        self._labels: dict[str, str] = {}
        self._words: defaultdict[str, set[str]] = defaultdict(set)

    def add(self, node_id: str, name: str, aliases: Iterable[str]) -> None:
        """Index a node under its name and aliases (adding more later is fine)."""
        for label in (name, *aliases):
            key = normalise(label)
            if not key:
                continue
            self._names[key].add(node_id)
            for word in key.split():
                self._words[word].add(key)
            self._labels.setdefault(label, node_id)
            short = initials(key)
            if short:
                self._acronyms[short].add(node_id)

    def remove(self, node_id: str, name: str, aliases: Iterable[str]) -> None:
        """Forget a node under its name and aliases (as :meth:`add` gave them)."""
        for label in (name, *aliases):
            key = normalise(label)
            self._names.get(key, set()).discard(node_id)
            if key and not self._names.get(key):
                self._names.pop(key, None)
                for word in key.split():
                    self._words.get(word, set()).discard(key)
            if self._labels.get(label) == node_id:
                del self._labels[label]
            short = initials(key)
            if short:
                self._acronyms.get(short, set()).discard(node_id)

    def lookup(self, name: str, acronyms: bool = True) -> set[str]:
        """Ids whose name or alias matches ``name``; failing that (if ``acronyms``), whose
        initials do."""
        key = normalise(name)
        if not key:
            return set()
        found = self._names.get(key)
        if found or not acronyms:
            return set(found or ())
        return self.by_acronym(name)

    def by_acronym(self, name: str) -> set[str]:
        """Ids whose initials are ``name`` ("PHS" for Public Health Scotland)."""
        return set(self._acronyms.get(normalise(name).replace(" ", ""), ()))

    def similar(self, name: str, cutoff: float) -> list[tuple[str, float]]:
        """Ids whose name or alias scores at least ``cutoff`` (0-100) against ``name`` by
        rapidfuzz's token-sort ratio, legal forms (Ltd, CIC, ...) left out, with the score.
        Candidates share a word that is not too common; names whose numbers differ
        ("Group 1", "Group 2") never match.

        >>> index = NameIndex()
        >>> index.add("organisation:a", "Age UK Leeds", [])
        >>> index.add("organisation:b", "Age UK Luton", [])
        >>> [(i, round(s)) for i, s in index.similar("Leeds Age UK Ltd", 90)]
        [('organisation:a', 100)]
        """
        key = normalise(name)
        digits = _DIGITS.findall(key)
        bare = _bare(key)
        candidates: set[str] = set()
        for word in key.split():
            labels = self._words.get(word, set())
            if len(labels) <= self.COMMON_WORD:
                candidates |= labels
        found: dict[str, float] = {}
        for label in candidates:
            if _DIGITS.findall(label) != digits:
                continue
            score = fuzz.token_sort_ratio(bare, _bare(label))
            if score >= cutoff:
                for node_id in self._names[label]:
                    found[node_id] = max(score, found.get(node_id, 0))
        return sorted(found.items(), key=lambda item: (-item[1], item[0]))

    def suggest(self, name: str, limit: int = 3, cutoff: float = 75) -> list[str]:
        """The labels closest to ``name``, best first, for a "did you mean" hint."""
        return suggest(name, [self], limit, cutoff)


def suggest(
    name: str,
    indexes: Iterable[NameIndex],
    limit: int = 3,
    cutoff: float = 75,
    keep: Callable[[str], bool] | None = None,
) -> list[str]:
    """The labels of ``indexes`` closest to ``name``, best first, for a "did you mean" hint;
    only those ``keep`` allows, where given."""
    labels = [label for index in indexes for label in index._labels if keep is None or keep(label)]
    matches = process.extract(
        name, labels, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit, score_cutoff=cutoff
    )
    return [label for label, _score, _ in matches]

"""Look-up of nodes by name, alias or acronym, forgiving of case, spacing and punctuation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

from .names import acronym, normalise

__all__ = ["NameIndex"]


class NameIndex:
    """Maps normalised names and aliases to node ids, and derived acronyms as a fallback.

    >>> index = NameIndex()
    >>> index.add("organisation:public-health-scotland", "Public Health Scotland", [])
    >>> index.lookup("public health scotland.")
    {'organisation:public-health-scotland'}
    >>> index.lookup("PHS")
    {'organisation:public-health-scotland'}
    """

    def __init__(self) -> None:
        self._names: defaultdict[str, set[str]] = defaultdict(set)
        self._acronyms: defaultdict[str, set[str]] = defaultdict(set)
        self._labels: dict[str, str] = {}

    def add(self, node_id: str, name: str, aliases: Iterable[str]) -> None:
        """Index a node under its name and aliases (adding more later is fine)."""
        for label in (name, *aliases):
            self._names[normalise(label)].add(node_id)
            self._labels.setdefault(label, node_id)
            short = acronym(label)
            if short:
                self._acronyms[short].add(node_id)

    def lookup(self, name: str, acronyms: bool = True) -> set[str]:
        """Ids whose name or alias matches ``name``; failing that (if ``acronyms``), whose
        initials do."""
        key = normalise(name)
        found = self._names.get(key)
        if found or not acronyms:
            return set(found or ())
        return set(self._acronyms.get(key.replace(" ", ""), ()))

    def suggest(self, name: str, limit: int = 3, cutoff: float = 75) -> list[str]:
        """The labels closest to ``name``, best first, for a "did you mean" hint."""
        matches = process.extract(
            name,
            list(self._labels),
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit,
            score_cutoff=cutoff,
        )
        return [label for label, _score, _ in matches]

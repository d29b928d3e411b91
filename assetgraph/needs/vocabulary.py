"""The vocabulary of needs, read from ``assetgraph/data/needs.yaml``: each need's name,
definition, synonyms, cue phrases (lemmatised on reading), phrases that cancel a cue, and the
publishers' taxonomy terms that mean it.

>>> needs = load_needs()
>>> needs.get("food").definition.startswith("Getting enough good food")
True
>>> needs.crosswalked("Homeless")
['housing and homelessness']
"""

from __future__ import annotations

from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .lemmas import lemmas

__all__ = ["Need", "NeedVocabulary", "load_needs", "VOCABULARY_SOURCE"]

#: the name provenance gives the vocabulary, as a source
VOCABULARY_SOURCE = "assetgraph needs vocabulary"


class Need(BaseModel):
    """One need: ``cues``, ``sure_cues`` (phrases specific enough that one mention anywhere says
    the record addresses the need), ``weak_cues`` and ``not_cues`` hold the phrases as written;
    the ``*_lemmas`` properties the same phrases as tuples of lemmas, which the classifier
    matches."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    synonyms: list[str] = Field(default_factory=list)
    cues: list[str] = Field(min_length=1)
    sure_cues: list[str] = Field(default_factory=list)
    weak_cues: list[str] = Field(default_factory=list)
    not_cues: list[str] = Field(default_factory=list)
    crosswalk: dict[str, list[str]] = Field(default_factory=dict)

    @cached_property
    def cue_lemmas(self) -> tuple[tuple[str, ...], ...]:
        return _phrases(self.cues)

    @cached_property
    def sure_cue_lemmas(self) -> tuple[tuple[str, ...], ...]:
        return _phrases(self.sure_cues)

    @cached_property
    def weak_cue_lemmas(self) -> tuple[tuple[str, ...], ...]:
        return _phrases(self.weak_cues)

    @cached_property
    def not_cue_lemmas(self) -> tuple[tuple[str, ...], ...]:
        return _phrases(self.not_cues)

    @cached_property
    def first_lemmas(self) -> frozenset[str]:
        """The first lemma of each cue, sure cue and weak cue: a text holding none of them
        cannot address the need, so the classifier tries the need only where one occurs."""
        return frozenset(p[0] for p in (*self.sure_cue_lemmas, *self.cue_lemmas, *self.weak_cue_lemmas))


def _phrases(texts: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(dict.fromkeys(p for p in (tuple(lemmas(t)) for t in texts) if p))


class NeedVocabulary(BaseModel):
    """Every need, in the file's order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    needs: list[Need]

    @property
    def names(self) -> list[str]:
        return [n.name for n in self.needs]

    def get(self, name: str) -> Need:
        """The need called ``name``; KeyError naming the needs there are, if none is."""
        for need in self.needs:
            if need.name == name:
                return need
        raise KeyError(f"no need called {name!r}; the needs are {', '.join(self.names)}")

    def crosswalked(self, term: str) -> list[str]:
        """The needs a publisher's taxonomy term (any taxonomy, matched without case or spaces
        around it) stands for."""
        return list(self._by_term.get(term.strip().casefold(), ()))

    @cached_property
    def _by_term(self) -> dict[str, tuple[str, ...]]:
        """Each crosswalk term, case folded, to the needs it stands for in the file's order:
        read once, as a build looks a term up for every themed body."""
        found: dict[str, dict[str, None]] = {}
        for need in self.needs:
            for term in (t.casefold() for terms in need.crosswalk.values() for t in terms):
                found.setdefault(term, {})[need.name] = None
        return {term: tuple(names) for term, names in found.items()}


def vocabulary_path() -> Path:
    return Path(str(resources.files("assetgraph") / "data" / "needs.yaml"))


@cache
def load_needs(path: Path | None = None) -> NeedVocabulary:
    """The vocabulary in ``path`` (by default the one shipped with the package)."""
    with open(path or vocabulary_path(), encoding="utf-8") as handle:
        return NeedVocabulary.model_validate(yaml.safe_load(handle))

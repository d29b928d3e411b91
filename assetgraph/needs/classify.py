"""Finding the needs a record addresses in its name and description, by lemmatised rules.

A need is found where the record's name holds one of its cue phrases, the text holds one of
its sure cues ("coffee morning", "special educational needs") or a cue twice, or a cue beside
weak cues. A cue inside one of the need's ``not_cues`` ("food hygiene
rating") or right after a negation ("no food", "not a food bank") does not count. Each hit keeps
the words of the text that triggered it and the rule, for the provenance of what it infers.

>>> [(h.need, h.words) for h in classify(["Scunthorpe Food Bank", "Emergency food parcels."])]
[('food', ['Food Bank', 'food parcels'])]
>>> classify(["The Grill", "Food hygiene rating of 5."])
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .lemmas import WORD, lemma_of
from .vocabulary import Need, NeedVocabulary, load_needs

__all__ = ["NeedHit", "classify", "NEGATIONS"]

#: words that, just before a cue (articles between allowed), deny it
NEGATIONS = frozenset({"no", "not", "non", "without", "never", "nor", "isn't", "don't", "doesn't", "cannot"})
_BETWEEN = frozenset({"a", "an", "the", "any"})
#: what each cue found counts, by where it is found and whether it is weak: a cue in the name
#: is enough alone; in a description it needs a second mention or weak cues beside it. A sure cue
#: counts as a cue, and the need it is found for counts at least :data:`ENOUGH`
WEIGHTS = {("name", "cue"): 4, ("name", "weak"): 2, ("description", "cue"): 2, ("description", "weak"): 1}
#: the count at which the record addresses the need
ENOUGH = 4
#: a need found in the descriptions only, not the name, counts only where its count is at least
#: 1/DOMINANCE of the count of the record's most evident need: a service for carers that lists
#: dementia among the reasons people care is not a dementia service
DOMINANCE = 2


@dataclass
class NeedHit:
    """One need found in a record: the need's name, the words that triggered it (as written in
    the text, in order of appearance) and the rule that fired (``cue`` or ``weak cues``)."""

    need: str
    rule: str
    words: list[str] = field(default_factory=list)

    def explained(self) -> str:
        """The rule and its cue, for a provenance locator."""
        return f"need rule '{self.need}': {self.rule}"


@dataclass
class _Text:
    raw: str
    spans: list[tuple[int, int]]
    lemmas: list[str]
    at: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, word in enumerate(self.lemmas):
            self.at.setdefault(word, []).append(i)

    @classmethod
    def of(cls, raw: str) -> _Text:
        found = list(WORD.finditer(raw))
        return cls(raw, [m.span() for m in found], [lemma_of(m.group()) for m in found])

    def words(self, start: int, end: int) -> str:
        return self.raw[self.spans[start][0] : self.spans[end - 1][1]]

    def find(self, phrase: tuple[str, ...]) -> list[int]:
        n = len(phrase)
        return [i for i in self.at.get(phrase[0], ()) if tuple(self.lemmas[i : i + n]) == phrase]

    def negated(self, start: int) -> bool:
        i = start - 1
        while i >= 0 and self.lemmas[i] in _BETWEEN:
            i -= 1
        return i >= 0 and self.lemmas[i] in NEGATIONS


def _matches(text: _Text, phrases: Sequence[tuple[str, ...]], blocked: set[int]) -> list[tuple[int, int]]:
    """Where ``phrases`` occur in ``text`` (longest first, not overlapping one another nor the
    ``blocked`` positions, nor negated), as (start, end) token ranges."""
    taken = set(blocked)
    found: list[tuple[int, int]] = []
    for phrase in sorted((p for p in phrases if p[0] in text.at), key=len, reverse=True):
        for start in text.find(phrase):
            cover = set(range(start, start + len(phrase)))
            if cover & taken or text.negated(start):
                continue
            taken |= cover
            found.append((start, start + len(phrase)))
    return sorted(found)


def _blocked(text: _Text, need: Need) -> set[int]:
    phrases = (p for p in need.not_cue_lemmas if p[0] in text.at)
    return {i for phrase in phrases for s in text.find(phrase) for i in range(s, s + len(phrase))}


def _covered(spans: list[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _hit(need: Need, texts: list[_Text]) -> tuple[int, bool, NeedHit] | None:
    """The need, if what its cues count (see :data:`WEIGHTS`) reaches :data:`ENOUGH`; a weak cue
    counts once however often it appears."""
    words: list[str] = []
    weak: set[tuple[str, ...]] = set()
    score = 0
    named = certain = False
    for index, text in enumerate(texts):
        where = "name" if index == 0 else "description"
        taken = _blocked(text, need)
        sure = _matches(text, need.sure_cue_lemmas, taken)
        taken |= _covered(sure)
        strong = _matches(text, need.cue_lemmas, taken)
        taken |= _covered(strong)
        faint = _matches(text, need.weak_cue_lemmas, taken)
        new = {tuple(text.lemmas[s:e]) for s, e in faint} - weak
        score += WEIGHTS[where, "cue"] * (len(sure) + len(strong)) + WEIGHTS[where, "weak"] * len(new)
        certain = certain or bool(sure)
        weak |= new
        named = named or (index == 0 and bool(sure or strong or faint))
        words += [text.words(s, e) for s, e in sorted(sure + strong + faint)]
    rule = f"cues count {score} of {ENOUGH}" + (", with a sure cue" if certain else "")
    if certain:
        score = max(score, ENOUGH)
    if score >= ENOUGH:
        return score, named, NeedHit(need.name, rule, list(dict.fromkeys(words)))
    return None


def classify(texts: Sequence[str | None], vocabulary: NeedVocabulary | None = None) -> list[NeedHit]:
    """The needs ``texts`` (a record's name first, then its descriptions) speak of, in the
    vocabulary's order. A need none of whose cues begins with a lemma of the texts cannot be
    found, so it is not tried: most texts hold the first lemmas of few needs or none."""
    read = [_Text.of(t) for t in texts if t]
    if not read:
        return []
    present = set().union(*(text.at for text in read))
    tried = (need for need in (vocabulary or load_needs()).needs if not need.first_lemmas.isdisjoint(present))
    hits = [h for h in (_hit(need, read) for need in tried) if h is not None]
    top = max((score for score, _, _ in hits), default=0)
    return [hit for score, named, hit in hits if named or score * DOMINANCE >= top]

"""Words as lemmas, by rule: lower case, plurals to the singular ("families" -> "family",
"carers" -> "carer"), a few irregular plurals; enough for cue phrases to match the forms
descriptions use without a language model.

>>> lemmas("Food Banks and families' lunch clubs")
['food', 'bank', 'and', 'family', 'lunch', 'club']
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["WORD", "lemmas", "lemma", "lemma_of"]

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?", re.IGNORECASE)
_IRREGULAR = {
    "children": "child",
    "women": "woman",
    "men": "man",
    "people": "people",
    "feet": "foot",
    "lives": "life",
    "wives": "wife",
    "widows": "widow",
    "teeth": "tooth",
}
#: words ending in s that are not plurals
_KEEP = frozenset(
    {
        "news",
        "bus",
        "gas",
        "yes",
        "this",
        "his",
        "its",
        "us",
        "was",
        "has",
        "is",
        "as",
        "plus",
        "less",
        "mess",
        "stress",
        "access",
        "fitness",
        "wellness",
        "illness",
        "loneliness",
        "homelessness",
        "business",
        "awareness",
        "sickness",
        "bowls",
        "means",
        "series",
        "diabetes",
        "alzheimers",
        "parkinsons",
        "aids",
        "hiv",
        "ms",
        "copd",
        "adhd",
        "asd",
        "send",
        "ptsd",
        "cvs",
        "gps",
        "sos",
        "always",
        "perhaps",
        "across",
        "towards",
        "whereas",
        "thus",
        "christmas",
        "status",
        "sclerosis",
        "arthritis",
        "dialysis",
        "crisis",
        "analysis",
        "basis",
        "campus",
        "virus",
        "focus",
        "bonus",
        "census",
        "canvas",
        "alias",
        "atlas",
        "chaos",
        "lens",
        "pilates",
        "athletics",
        "gymnastics",
        "aerobics",
        "politics",
        "economics",
        "species",
        "rss",
        "uss",
        "class",
        "glass",
        "grass",
        "pass",
        "boss",
        "loss",
        "cross",
        "press",
        "dress",
        "address",
        "progress",
        "success",
        "process",
        "congress",
        "kindness",
        "happiness",
        "mindfulness",
        "readiness",
        "carelessness",
        "weakness",
        "darkness",
        "ness",
        "various",
        "serious",
        "anxious",
        "previous",
        "nervous",
        "famous",
        "numerous",
        "generous",
        "dangerous",
        "religious",
        "delicious",
        "continuous",
        "obvious",
        "conscious",
        "precious",
        "curious",
        "jealous",
        "tremendous",
        "cs",
    }
)


def lemma(word: str) -> str:
    """One word's lemma by rule (see the module)."""
    word = word.removesuffix("'s")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word in _KEEP or word.endswith(("ss", "us", "is", "ness")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 16)
def lemma_of(word: str) -> str:
    """The lemma of ``word`` as :data:`WORD` finds it (any case, either apostrophe), remembered
    for the most recent 65,536 words: a directory's descriptions use the same words again and
    again, and lemmatising them was most of what classifying a text without a cue cost."""
    return lemma(word.lower().replace("’", "'"))


def lemmas(text: str) -> list[str]:
    """The lemmas of the words of ``text``, in order."""
    return [lemma_of(m.group()) for m in WORD.finditer(text)]

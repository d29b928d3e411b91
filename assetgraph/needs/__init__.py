"""Need themes: the vocabulary of needs community-led health plans for
(:mod:`.vocabulary`, read from ``data/needs.yaml``) and a rule classifier that finds them in a
record's name and description (:mod:`.classify`)."""

from .classify import NeedHit, classify
from .lemmas import lemmas
from .vocabulary import Need, NeedVocabulary, load_needs

__all__ = ["Need", "NeedHit", "NeedVocabulary", "classify", "lemmas", "load_needs"]

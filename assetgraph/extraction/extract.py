"""Read reports and propose the entities and ties they state, each with its quote.

A trained English pipeline (:mod:`.language`) and rules read together. Names are the model's
entities and titled people merged with runs of capitalised words (:mod:`.mentions`); what a
name is comes from a title, the bundled places, its last word (a Council, a Partnership, a
Network), the graph the draft is for, the words around it ("Director of", "in", "including"),
a bracket that defines an acronym, and last the model's label. Ties come from the sentence's
grammar (:mod:`.structure`) and from the phrases that state them (:mod:`.ties`); what a text
implies (a body named after a place serves it) is marked inferred.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "report.txt"
>>> _ = path.write_text("The Moray Youth Network is funded by Moray Council.", encoding="utf-8")
>>> draft = extract([path])
>>> sorted((e.kind.value, e.name) for e in draft.entities)
[('initiative', 'Moray Youth Network'), ('organisation', 'Moray Council'), ('place', 'Moray')]
>>> sorted((t.source.name, t.relation.value, t.target.name) for t in draft.ties.values())[:1]
[('Moray Council', 'FUNDS', 'Moray Youth Network')]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..geography.gazetteer import Gazetteer
from ..graphmodel.graph import AssetGraph
from ..graphmodel.names import initials, normalise, slug
from ..graphmodel.vocabulary import NodeKind, Relation
from ..progress import Progress, silent
from .cues import ACTIVITY_HEADS, HEADS, ROLE_TITLES, THEMES
from .draft import Draft, Entity, Evidence
from .language import pipeline
from .mentions import Name, find_names, is_acronym, merge_names, model_names
from .structure import read_structure
from .text import Report, read_report
from .ties import read_ties, tie_adder

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["extract"]

_QUOTE_LIMIT = 200
_ROLE = "|".join(sorted((re.escape(r) for r in ROLE_TITLES), key=len, reverse=True))
_ROLE_AFTER = re.compile(rf"^,\s*(?:the\s+|our\s+)?(?:[A-Z][\w-]*\s+){{0,2}}({_ROLE})\b", re.I)
_ROLE_BEFORE = re.compile(rf"\b({_ROLE})(?:\s+(?:of|at|for)\s+[^,]+)?,\s*$", re.I)
_ROLE_LEAD = re.compile(rf"^((?:{_ROLE})(?:\s+(?:{_ROLE}))?)\s+(?:of|at|for)\s+(?:the\s+)?", re.I)
_ROLE_TRAIL = re.compile(rf"(?:[’']s)?\s+(?:{_ROLE})(?:\s+(?:{_ROLE}))?$", re.I)
_ROLE_BEFORE_BODY = re.compile(rf"\b(?:{_ROLE})\s+(?:of|at|for)\s+(?:the\s+)?$", re.I)
_CONTACT = re.compile(r"\b(?:contact|speak to|email|call|ask for)\s+$", re.I)
_IN_PLACE = re.compile(r"\b(?:in|across|throughout|around)\s+(?:the\s+)?$")
_OBJECT = re.compile(
    r"\b(?:help|support|backing) of\s+$|\b(?:funded|supported|led|run|delivered|hosted|commissioned) by\s+$|"
    r"\b(?:partnership|working|works|worked) with\s+$|\bfunding from\s+$|\bmember of\s+$",
    re.I,
)
_KIND_WORDS: dict[str, NodeKind] = {
    **dict.fromkeys(
        [
            "programme",
            "program",
            "project",
            "initiative",
            "scheme",
            "strategy",
            "network",
            "campaign",
            "pilot",
            "event",
        ],
        NodeKind.INITIATIVE,
    ),
    **dict.fromkeys(["partnership", "alliance", "collaboration"], NodeKind.PARTNERSHIP),
    **dict.fromkeys(["service", "helpline", "clinic"], NodeKind.SERVICE),
    **dict.fromkeys(
        [
            "charity",
            "organisation",
            "organization",
            "company",
            "trust",
            "agency",
            "body",
            "council",
            "enterprise",
            "group",
        ],
        NodeKind.ORGANISATION,
    ),
}
_WORDS_OF_KIND = "|".join(_KIND_WORDS)
_IS_A = re.compile(rf"^\s+(?:is|was|are|were)\s+(?:an?|the)\s+(?:[\w’'-]+\s+){{0,3}}?({_WORDS_OF_KIND})\b", re.I)
_TRAILING_KIND = re.compile(rf"^\s+({_WORDS_OF_KIND})\b")
_CALLED = re.compile(rf"\b({_WORDS_OF_KIND})\s+(?:called|named|known as)\s+(?:the\s+)?[‘“'\"]?$", re.I)
_LIST_CUE = re.compile(
    r"\b(?:including|such as|includ(?:es|ed)|represented|attended by|with partners|between|brings? together|"
    r"brought together|bringing together|made up of|compris(?:es|ing)|partners (?:are|include))\b",
    re.I,
)
_LIST_HEADING = re.compile(r"\b(?:represented|attendees|attending|attended|participants|delegates|members)\b", re.I)
_ACTIVITY = re.compile(rf"\b([a-z][a-z-]+ing) ({'|'.join(ACTIVITY_HEADS)})\b")
_ACTIVITY_SKIP = frozenset({"these", "those", "the", "our", "their", "its", "some", "many", "other", "new", "more"})
_DEFINED = re.compile(r"\b([A-Z][A-Z0-9&]{1,7})\s*\(([A-Z][^()]{2,118})\)((?:\s+[A-Z][\w’'-]*)*)")
_LISTED = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)")
_PRONOUN = re.compile(r"^(?:It|Its|They|Their|This (?:programme|project|initiative|network|partnership|service))\b")
_ACTOR_KINDS = frozenset({NodeKind.ORGANISATION, NodeKind.PARTNERSHIP, NodeKind.INITIATIVE, NodeKind.SERVICE})
_PERSON_WORD = re.compile(r"^[A-Z][A-Za-z’'\-]*[a-z]$")
_DEFINITE = re.compile(r"\bthe\s+$", re.I)
#: last words that end no name of a body, person or place: months, days, conditions
_NEVER_NAMES = frozenset(
    "january february march april may june july august september october november december monday tuesday"
    " wednesday thursday friday saturday sunday disorder disorders disease diseases syndrome".split()
)
#: acronyms in the plural name people in a role ("GPs", "CLPs", "MLAs"), not a body
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
#: how the names of bodies of several members end, and of services people use
_PARTNERSHIP_NAMES = (
    "primary care network",
    " pcn",
    "health and social care partnership",
    "task group",
    "steering group",
    "working group",
    "task force",
    "taskforce",
)
_SERVICE_NAMES = ("lunch club", "luncheon club", "breakfast club", "helpline", "advice line", "drop-in")


_SITE = re.compile(r"\s+[|–—-]\s+")
_ABOUT = re.compile(r"^About (?!us\b|the\b|this\b)([A-Z][^.!?]{2,80})$")


def _author_name(report: Report) -> str | None:
    """The name of the body that wrote ``report``, where its title or a heading says it."""
    parts = _SITE.split(report.title)
    if len(parts) > 1 and len(parts[-1].split()) <= 6 and parts[-1][:1].isupper():
        return parts[-1].strip()
    for paragraph in report.paragraphs:
        if about := _ABOUT.match(paragraph.text.strip()):
            return about.group(1).strip()
    return None


def _quote(sentence: str, start: int, end: int) -> str:
    """The sentence, or where it is longer than a quote should be, the whole words around
    ``sentence[start:end]``."""
    if len(sentence.strip()) <= _QUOTE_LIMIT:
        return sentence.strip()
    spare = max(0, (_QUOTE_LIMIT - (end - start)) // 2)
    left, right = max(0, start - spare), min(len(sentence), end + spare)
    if left > 0:
        left = sentence.find(" ", left, start) + 1 or start
    if right < len(sentence):
        cut = sentence.rfind(" ", end, right)
        right = cut if cut > 0 else end
    return sentence[left:right].strip()


def _is_list(text: str) -> bool:
    """Whether a paragraph is a list of names: three or more short items between commas."""
    items = [i.strip() for i in re.split(r"[,;·•]", text.rstrip(". ")) if i.strip()]
    return len(items) >= 3 and all(len(i.split()) <= 8 for i in items)


def _without_roles(names: list[Name]) -> list[Name]:
    """Names with a role title taken off their front or end ("Director of KHT" and "KHT's
    Chief Officer" are the name "KHT"; the role is read from the sentence with the tie), a role
    title alone no name at all."""
    out = []
    for name in names:
        lead = _ROLE_LEAD.match(name.text)
        trail = _ROLE_TRAIL.search(name.text)
        if lead and lead.end() < len(name.text):
            out.append(Name(name.text[lead.end() :], name.start + lead.end(), name.end, False))
        elif trail and trail.start() > 0:
            out.append(Name(name.text[: trail.start()], name.start, name.start + trail.start(), name.at_start))
        elif name.text.lower() not in ROLE_TITLES:
            out.append(name)
    return out


@dataclass
class _Found:
    """A name in a sentence, with what it was taken to be."""

    name: Name
    entity: Entity


class _Reader:
    """One report read into the draft, remembering what it has met (for "the Partnership",
    "Paul's", an acronym defined earlier)."""

    def __init__(self, draft: Draft, report: Report, doc_id: str, places: Gazetteer, against: AssetGraph | None):
        self.draft, self.report, self.doc, self.places, self.against = draft, report, doc_id, places, against
        self.lower_words = {w for p in report.paragraphs for w in re.findall(r"\b[a-z][a-z’'\-]+\b", p.text)}
        self.acronyms = Counter(w for p in report.paragraphs for w in re.findall(r"\b[A-Z][A-Z0-9&]{1,7}\b", p.text))
        self.last: dict[str, Entity] = {}
        self.first_names: dict[str, Entity] = {}
        self.subject: Entity | None = None
        self.in_list = False
        self.known_places: dict[str, tuple[Entity, object, Evidence]] = {}
        #: long form -> short form of each acronym the report defines ("KHT (Kelso, Hawick and
        #: Jedburgh) Trust"), and the places such a long form lists
        self.long_forms: dict[str, str] = {}
        self.listed_places: set[str] = set()
        #: the places a body's defined name lists, by the body: it serves them
        self.areas: dict[int, tuple[Entity, list[Entity]]] = {}
        #: how often the report names each place, and each other entity
        self.mentions: Counter[Entity] = Counter()
        self.named: Counter[Entity] = Counter()
        #: the first body the previous sentence named, for a sentence that starts "It" or "Its"
        self.previous: Entity | None = None
        self._author = _author_name(report)
        for paragraph in report.paragraphs:
            for match in _DEFINED.finditer(paragraph.text):
                trailing = match.group(3) or ""
                self.long_forms[match.group(2).strip() + trailing] = match.group(1) + trailing
                if trailing:
                    self.long_forms[match.group(0)] = match.group(1) + trailing
                items = _LISTED.split(match.group(2).strip())
                if len(items) > 1 and any(self.places.within(i) or self.places.find(i) for i in items):
                    self.listed_places.update(items)

    @property
    def author(self) -> Entity | None:
        """The body that wrote the report, which "we" and "our" stand for: the site's name in
        its title ("News | Glenmore Wellbeing") or an "About ..." heading."""
        if self._author is None:
            return None
        found = self.draft.lookup(self._author)
        if found is not None:
            return found
        quote = self.report.title if self._author in self.report.title else f"About {self._author}"
        return self._entity(NodeKind.ORGANISATION, self._author, Evidence(self.doc, "title", quote, 0.6))

    # -- evidence ----------------------------------------------------------------------

    def evidence(
        self, locator: str, sentence: str, confidence: float, inferred: bool = False, span: tuple[int, int] = (0, 0)
    ) -> Evidence:
        """Evidence quoting ``sentence``, or where it is long the words around ``span`` in it."""
        return Evidence(self.doc, locator, _quote(sentence, *span), confidence, inferred)

    # -- what a name is ----------------------------------------------------------------

    def is_place(self, text: str) -> bool:
        return self.places.find(text) is not None

    def _common(self, words: Sequence[str]) -> bool:
        """Whether every word of a name is one the report also writes in lower case (a heading
        in title case, a capital at a sentence's start)."""
        return all(w.lower() in self.lower_words or w.lower() in {"of", "and", "&", "for", "the"} for w in words)

    def kind_of(
        self, name: Name, sentence: str, listed: bool, label: str | None = None
    ) -> tuple[NodeKind, float] | None:
        """The kind of a name and how sure that is, from (most trusted first) a title, the
        bundled places, its head word, the graph it is for, the words around it and the
        language model's label; None where nothing says what it is."""
        words = name.words
        before, after = sentence[: name.start], sentence[name.end :]
        head = words[-1].lower()
        if label == "TITLE":
            return NodeKind.PERSON, 0.85
        if head in ROLE_TITLES and head not in HEADS:
            return None
        if head in _NEVER_NAMES or len(name.text) < 2 or _PLURAL_ACRONYM.match(name.text):
            return None
        if self.places.find(name.text):
            return NodeKind.PLACE, 0.9
        if called := _CALLED.search(before):
            return _KIND_WORDS[called.group(1).lower()], 0.75
        if _ROLE_BEFORE_BODY.search(before) and not (len(words) > 1 and head in HEADS) and not self._common(words):
            return NodeKind.ORGANISATION, 0.6
        if name.text.lower().endswith(_PARTNERSHIP_NAMES):
            return NodeKind.PARTNERSHIP, 0.8
        if name.text.lower().endswith(_SERVICE_NAMES):
            return NodeKind.SERVICE, 0.75
        if all(w.lower() in HEADS or w.lower().removesuffix("s") in HEADS for w in words) and not all(
            is_acronym(w) for w in words
        ):
            return None
        if self.against is not None and len(known := self.against.lookup(name.text)) == 1:
            return self.against.kind_of(known.pop()), 0.85
        if name.text in self.listed_places:
            return NodeKind.PLACE, 0.6
        if name.text in self.long_forms or name.text in self.long_forms.values():
            return (HEADS[head], 0.7) if len(words) > 1 and head in HEADS else (NodeKind.ORGANISATION, 0.7)
        if self._person_like(words) and (
            _ROLE_AFTER.match(after) or _ROLE_BEFORE.search(before) or _CONTACT.search(before)
        ):
            return NodeKind.PERSON, 0.8
        if (
            words[0] == "NHS"
            or "Social Care Partnership" in name.text
            or (len(words) > 1 and head in HEADS and HEADS[head] is NodeKind.ORGANISATION)
        ):
            return NodeKind.ORGANISATION, 0.8
        if len(words) > 1 and head in HEADS:
            return HEADS[head], 0.75
        stated = _IS_A.match(after) or _TRAILING_KIND.match(after)
        if stated and not is_acronym(name.text):
            return _KIND_WORDS[stated.group(1).lower()], 0.7
        if all(is_acronym(w) for w in words):
            if len(words) == 1 and name.text.lower() in self.lower_words:
                return None
            known = self.acronyms[name.text] > 1 or listed or label == "ORG"
            return (NodeKind.ORGANISATION, 0.6) if known else None
        if _OBJECT.search(before) and not self._common(words):
            return NodeKind.ORGANISATION, 0.55
        if re.search(r"[‘“'\"]$", before) and re.match(r"^[’”'\"]", after) and not self._common(words):
            return NodeKind.INITIATIVE, 0.55
        if re.match(r"^\s*\([A-Z][A-Z0-9&]{1,7}\)", after):
            return NodeKind.ORGANISATION, 0.6
        if listed and not self._common(words) and not (name.at_start and len(words) == 1):
            return NodeKind.ORGANISATION, 0.6
        if _IN_PLACE.search(before) and not self._common(words) and len(words) <= 3:
            return NodeKind.PLACE, 0.5
        return self._model_kind(words, label)

    def _model_kind(self, words: Sequence[str], label: str | None) -> tuple[NodeKind, float] | None:
        """The kind the language model's label gives a name nothing else placed: a person
        only where the words are a person's (not words the report writes in lower case, not
        led by a place), an organisation, or a place."""
        if label is None or (self._common(words) and len(words) == 1):
            return None
        if label == "PERSON":
            if self._person_like(words) and not self._common(words) and not self.places.find(words[0]):
                return NodeKind.PERSON, 0.6
            return None
        if label in ("ORG", "FAC"):
            return NodeKind.ORGANISATION, 0.55
        return NodeKind.PLACE, 0.5

    @staticmethod
    def _person_like(words: Sequence[str]) -> bool:
        return 2 <= len(words) <= 3 and all(_PERSON_WORD.match(w) for w in words) and words[-1].lower() not in HEADS

    # -- reading -----------------------------------------------------------------------

    def read(self) -> None:
        announces = False
        parsed = pipeline().pipe(p.text for p in self.report.paragraphs)
        for index, (paragraph, doc) in enumerate(zip(self.report.paragraphs, parsed, strict=True)):
            self.in_list = announces and _is_list(paragraph.text)
            for sent in doc.sents:
                if sent.text.strip():
                    self.sentence(sent, paragraph.locator, index < 3)
            heading = not re.search(r"[.!?]$", paragraph.text) and len(paragraph.text) < 90
            announces = heading and bool(_LIST_HEADING.search(paragraph.text))
        self._place_hierarchy()
        self._served_areas()

    def _served_areas(self) -> None:
        """A body whose name lists places serves them, and so do the initiatives it runs."""
        for body, places in self.areas.values():
            runs = [t.target for t in self.draft.ties.values() if t.source is body and t.relation is Relation.RUNS]
            for served in (body, *runs):
                for place in places:
                    ev = place.evidence[0]
                    confidence = 0.6 if served is body else 0.4
                    self.draft.tie(
                        served, Relation.SERVES, place, Evidence(ev.document, ev.locator, ev.quote, confidence, True)
                    )

    def _entity(
        self, kind: NodeKind, text: str, ev: Evidence, aliases: tuple[str, ...] = (), remember: bool = True
    ) -> Entity:
        if kind is NodeKind.PLACE and (known := self.places.find(text)):
            entity = self.draft.entity(kind, known.name, ev, (text, *aliases), level=known.level.value, code=known.code)
            self.known_places[known.code] = (entity, known, ev)
        else:
            entity = self.draft.entity(kind, text, ev, aliases)
        if remember:
            self.last[kind.value] = entity
        if kind is NodeKind.PERSON:
            self.first_names[text.split()[0]] = entity
        return entity

    def _place_hierarchy(self) -> None:
        """WITHIN between the known places the report names, nearest enclosing one first."""
        for entity, known, ev in self.known_places.values():
            frontier = self.places.enclosing(known)
            while frontier:
                named = [p for p in frontier if p.code in self.known_places]
                for parent in named:
                    above = self.known_places[parent.code][0]
                    self.draft.tie(
                        entity, Relation.WITHIN, above, Evidence(ev.document, ev.locator, ev.quote, 0.9, True)
                    )
                if named:
                    break
                frontier = [q for p in frontier for q in self.places.enclosing(p)]

    def _resolve(self, name: Name, before: str) -> Entity | None:
        """A name that stands for something met already: an acronym of a name in the draft,
        "the Partnership" after its full name, "Paul's" after Paul Smith."""
        words = name.words
        if len(words) == 1 and _DEFINITE.search(before):
            ends = [e for e in self.named | self.mentions if e.name.split()[-1] == words[0] and e.name != words[0]]
            if len(ends) == 1:
                return ends[0]
        if len(words) == 1 and _DEFINITE.search(before) and words[0].lower() in HEADS and not is_acronym(words[0]):
            return self.last.get(HEADS[words[0].lower()].value)
        if len(words) == 1 and words[0] in self.first_names:
            return self.first_names[words[0]]
        if is_acronym(name.text):
            for entity in self.draft.entities:
                if entity.kind is not NodeKind.PLACE and initials(normalise(entity.name)) == name.text.lower():
                    self.draft.add_alias(entity, name.text)
                    return entity
        return self.draft.lookup(name.text)

    def sentence(self, sent: Span, locator: str, opening: bool) -> None:
        sentence = sent.text
        listed = self.in_list or bool(_LIST_CUE.search(sentence))
        found: list[_Found] = []
        names, labels = merge_names(find_names(sentence, self.is_place), model_names(sent), self.is_place)
        names = _without_roles(self._defined_names(names, sentence))
        for name in names:
            before = sentence[: name.start]
            bracket = re.match(r"^\s*\((?:the\s+)?([^()]{2,120})\)", sentence[name.end :])
            resolved = self._resolve(name, before)
            if resolved is not None:
                found.append(_Found(name, resolved))
                self.last[resolved.kind.value] = resolved
                continue
            judged = self.kind_of(name, sentence, listed, labels.get((name.start, name.end)))
            if judged is None:
                if not self._common(name.words) and not name.at_start:
                    self.draft.note_unresolved(name.text, self.evidence(locator, sentence, 0.3))
                continue
            kind, confidence = judged
            ev = self.evidence(locator, sentence, confidence, span=(name.start, name.end))
            aliases: tuple[str, ...] = ()
            if bracket and is_acronym(bracket.group(1).strip()):
                aliases = (bracket.group(1).strip(),)
            short = self.long_forms.get(name.text)
            if short:
                definition = _DEFINED.fullmatch(name.text)
                if definition:
                    aliases = (definition.group(2).strip() + definition.group(3), *aliases)
                entity = self._entity(kind, short, ev, aliases if definition else (name.text, *aliases))
                for item in _LISTED.split(definition.group(2).strip()) if definition else ():
                    if item in self.listed_places:
                        place = self._entity(NodeKind.PLACE, item, self.evidence(locator, sentence, 0.6, True))
                        self.areas.setdefault(id(entity), (entity, []))[1].append(place)
            elif name.text in self.long_forms.values():
                long = next(k for k, v in self.long_forms.items() if v == name.text)
                entity = self._entity(kind, name.text, ev, (long, *aliases))
            else:
                entity = self._entity(kind, name.text, ev, aliases)
            if bracket and is_acronym(name.text) and not is_acronym(bracket.group(1)):
                self.draft.add_alias(entity, bracket.group(1).strip())
            elif bracket and bracket.group(1)[0].islower() and kind is not NodeKind.PLACE:
                entity.fields.setdefault("description", bracket.group(1).strip().capitalize() + ".")
            found.append(_Found(name, entity))
        found = sorted(found + self._activities(sentence, locator, found), key=lambda f: f.name.start)
        themes = self._themes(sentence, locator)
        if opening and self.subject is None:
            self.subject = next((f.entity for f in found if f.entity.kind is NodeKind.INITIATIVE), None)
        for f in found:
            (self.mentions if f.entity.kind is NodeKind.PLACE else self.named)[f.entity] += 1
        pronoun = _PRONOUN.match(sentence)
        if pronoun and self.previous is not None and not any(f.name.start < pronoun.end() for f in found):
            found.insert(0, _Found(Name(pronoun.group(0), 0, pronoun.end(), True), self.previous))
        add = tie_adder(self, sentence, locator, found)
        read_ties(self, sentence, locator, found, themes, add)
        read_structure(self, sent, found, add)
        self.previous = next((f.entity for f in found if f.entity.kind in _ACTOR_KINDS), None)

    def _defined_names(self, names: list[Name], sentence: str) -> list[Name]:
        """The names of a sentence with each defined acronym's long or short form (which may
        hold commas and brackets) as one name."""
        spans = [
            Name(m.group(0), m.start(), m.end(), m.start() == 0) for m in _DEFINED.finditer(sentence) if m.group(3)
        ]
        for long, short in self.long_forms.items():
            for form in (long, short):
                start = sentence.find(form)
                if start >= 0 and " " in form:
                    spans.append(Name(form, start, start + len(form), start == 0))
        kept = [n for n in names if not any(s.start <= n.start and n.end <= s.end for s in spans)]
        return sorted(kept + spans, key=lambda n: n.start)

    def _activities(self, sentence: str, locator: str, found: list[_Found]) -> list[_Found]:
        """Activities a community runs, named in lower case ("knitting groups"), outside the
        names already found."""
        out = []
        for match in _ACTIVITY.finditer(sentence):
            if match.group(1) in _ACTIVITY_SKIP or any(
                f.name.start < match.end() and match.start() < f.name.end for f in found
            ):
                continue
            text = f"{match.group(1)} {match.group(2)}"
            ev = self.evidence(locator, sentence, 0.45, span=match.span())
            entity = self._entity(NodeKind.INITIATIVE, text[0].upper() + text[1:], ev, remember=False)
            out.append(_Found(Name(match.group(0), match.start(), match.end(), match.start() == 0), entity))
        return out

    def _themes(self, sentence: str, locator: str) -> list[Entity]:
        lowered = sentence.lower()
        found = []
        for theme, words in THEMES.items():
            if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words):
                found.append(self._entity(NodeKind.THEME, theme, self.evidence(locator, sentence, 0.6)))
        return found


def extract(
    paths: Iterable[str | Path],
    places: Gazetteer | None = None,
    against: AssetGraph | None = None,
    progress: Progress = silent,
) -> Draft:
    """A draft of the entities and ties the reports at ``paths`` state, each with its quote.
    Names that ``against`` (the graph the draft is for) holds are taken as the kind it has them;
    ``progress`` hears of each report read (task ``reports``). InputError for a report that
    cannot be read."""
    draft = Draft()
    places = places or Gazetteer.bundled()
    paths = list(paths)
    for path in paths:
        progress("reports", 0, len(paths))
        report = read_report(path)
        doc_id = slug(Path(path).stem) or "report"
        n = 2
        while doc_id in draft.documents:
            doc_id, n = f"{slug(Path(path).stem)}-{n}", n + 1
        draft.documents[doc_id] = {"title": report.title, "file": str(path)}
        _Reader(draft, report, doc_id, places, against).read()
        progress("reports", 1, len(paths))
    return draft

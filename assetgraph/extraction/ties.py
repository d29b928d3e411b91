"""Ties a sentence states between the names found in it, read from the phrase between them.

The sentence is rewritten with each name as a numbered slot ("⟦0⟧ and ⟦1⟧ have an established
partnership"), and each phrase pattern below names the relation and which slot is which end.
What a sentence implies rather than states (a body named after a place serves it, a theme in
the same sentence as the body that works on it) is marked inferred, with less confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..graphmodel.vocabulary import NodeKind, Relation, allowed
from .cues import ROLE_TITLES, THEMES
from .draft import Entity
from .mentions import is_acronym

if TYPE_CHECKING:
    from .extract import _Found, _Reader

__all__ = ["read_ties", "tie_adder"]

_E = r"⟦(\d+)⟧"
_THE = r"(?:the |our |their )?"
_ROLE = "|".join(sorted((re.escape(r) for r in ROLE_TITLES), key=len, reverse=True))
_ACTORS = frozenset(
    {NodeKind.ORGANISATION, NodeKind.PARTNERSHIP, NodeKind.INITIATIVE, NodeKind.SERVICE, NodeKind.PERSON}
)


@dataclass(frozen=True)
class _Phrase:
    """A phrase that states a tie: its pattern over the sentence's slots, the relation, which
    group holds the source and which the target (0: "the subject", the actor named before the
    phrase or the report's subject), and how sure a match makes the extractor."""

    pattern: re.Pattern[str]
    relation: Relation
    source: int
    target: int
    confidence: float


def _phrase(relation: Relation, source: int, target: int, confidence: float, *parts: str) -> _Phrase:
    return _Phrase(re.compile("".join(parts), re.I), relation, source, target, confidence)


_RUN_BY = "run|led|delivered|organised|hosted|managed|coordinated|launched|set up|established|founded|started"
_RUNS_VERBS = (
    "runs|run|delivers|deliver|launched|launch|set up|sets up|has set up|have set up|has created|have created|created|"
    "established|organises|organised|hosts|hosted|co-hosts|are co-hosting|is co-hosting|manages|coordinates|began"
)
_KINDS = "programme|project|initiative|scheme|service|network|event|campaign|strategy|pilot"
_ROLE_OF = rf"{_E},? {_THE}(?:[A-Z][\w-]* ){{0,2}}(?:{_ROLE})(?: of| at| for| with)? {_THE}{_E}"
_WORKING_WITH = (
    rf"{_E},? (?:is |are |was )?(?:working|works|worked|work) "
    rf"(?:together )?(?:with|alongside) {_THE}{_E}"
)
_MEMBER = rf"{_E},? (?:is |are |was |were )?(?:a |an )?(?:founding )?members? of {_THE}{_E}"
_KIND_BY = rf"{_E}[^⟦.]{{0,40}}?\b(?:{_KINDS})s? (?:run |led |delivered |organised |hosted )?by {_THE}{_E}"
_DONE_BY = rf"{_E}(?: (?:{_KINDS}))?,? (?:is |are |was |were |has been |have been )?(?:{_RUN_BY}) by {_THE}{_E}"
_FUNDS_TO = rf"{_E} (?:funds|funded|fund|awarded [^⟦]{{0,30}}to|granted [^⟦]{{0,30}}to) {_THE}{_E}"
_SERVES_AREA = (
    rf"{_E}[^⟦.]{{0,60}}\b(?:targeting|serving|serves|across|covering|covers|throughout) "
    rf"{_THE}{_E}"
)
_STATED: list[_Phrase] = [
    _phrase(Relation.ROLE_IN, 1, 2, 0.8, _ROLE_OF),
    _phrase(Relation.ROLE_IN, 2, 1, 0.75, rf"(?:{_ROLE}) (?:of|at|for) {_THE}{_E},? {_E}"),
    _phrase(Relation.PARTNERS_WITH, 1, 2, 0.7, _WORKING_WITH),
    _phrase(Relation.PARTNERS_WITH, 1, 2, 0.8, rf"{_E} (?:in|has formed a|formed a) partnership with {_THE}{_E}"),
    _phrase(Relation.MEMBER_OF, 1, 2, 0.75, _MEMBER),
    _phrase(Relation.MEMBER_OF, 1, 2, 0.65, rf"{_E} (?:is|are|was|were|has been|being) (?:a )?part of {_THE}{_E}"),
    _phrase(Relation.RUNS, 2, 1, 0.8, rf"{_E},? (?:is|was) an? {_E} (?:{_KINDS})"),
    _phrase(Relation.RUNS, 2, 1, 0.7, _KIND_BY),
    _phrase(Relation.RUNS, 2, 1, 0.75, _DONE_BY),
    _phrase(Relation.RUNS, 1, 2, 0.7, rf"{_E} (?:{_RUNS_VERBS}) (?:a |an |the )?(?:team of |range of )?[‘“']?{_E}"),
    _phrase(Relation.FUNDS, 1, 0, 0.75, rf"(?:funded|financed|paid for) by {_THE}{_E}"),
    _phrase(Relation.FUNDS, 1, 0, 0.7, rf"(?:funding|a grant|grants|money) from {_THE}{_E}"),
    _phrase(Relation.FUNDS, 1, 2, 0.75, _FUNDS_TO),
    _phrase(Relation.SIGNPOSTS_TO, 0, 1, 0.7, rf"signpost(?:s|ed|ing)?(?: \w+){{0,3}} (?:to|towards) {_THE}{_E}"),
    _phrase(Relation.REFERS_TO, 0, 1, 0.7, rf"refer(?:s|red|ring|rals?)?(?: \w+){{0,3}} (?:to|into) {_THE}{_E}"),
    _phrase(Relation.SUPPORTS, 1, 0, 0.65, rf"(?:with|through) the (?:help|support|backing) of {_THE}{_E}"),
    _phrase(Relation.SUPPORTS, 1, 0, 0.7, rf"(?:supported|backed|helped) by {_THE}{_E}"),
    _phrase(Relation.SUPPORTS, 1, 2, 0.6, rf"{_E} (?:supports|supported|helps|helped) {_THE}{_E}"),
    _phrase(Relation.LOCATED_IN, 1, 2, 0.6, rf"{_E},? (?:based |located |sited )?in {_THE}{_E}"),
    _phrase(Relation.SERVES, 1, 2, 0.6, _SERVES_AREA),
]
_PAIR_PARTNERSHIP = re.compile(
    rf"{_E},? and {_THE}{_E},? (?:have|has|had|are in|formed|signed|share)(?: an?| the)?(?: [\w-]+){{0,2}} partnership",
    re.I,
)
_BETWEEN = re.compile(
    rf"((?:[a-z][\w-]* ){{0,3}})partnership(?: agreement)? between ((?:{_THE}{_E}(?:,| and|, and) ?)+{_THE}{_E})", re.I
)
_NETWORK_MEMBER = re.compile(rf"{_E} (network|partnership|alliance|forum) member,? {_THE}{_E}", re.I)
_HAS_NETWORK = re.compile(rf"{_E},? (?:with|has|runs|leads) an? (network|alliance|forum) of", re.I)
_SPOKE = re.compile(
    rf"{_E}[^.]{{0,80}}?\b(?:opened|closed|chaired|addressed|spoke at|presented (?:at|to)|welcomed [\w ]{{0,20}}to)"
    r" (?:the |this |our )[\w -]{0,30}?(?:event|conference|session|meeting|workshop|day)\b",
    re.I,
)
_NHS_AREA = re.compile(r"^NHS ([A-Z][\w'’-]*(?: (?:and )?[A-Z][\w'’-]*)*)$")
_PROVIDERS = re.compile(
    r"\b(?:providers|partners|organisations|agencies|services)\b[^.]{0,20}\b(?:including|such as)\b", re.I
)


_ARTICLES = frozenset({"a", "an", "the", "this", "our", "their", "its", "new"})


def _named_by(words: list[str]) -> list[str]:
    """The words that name a partnership before the word: those after its article ("a new
    health partnership" -> health); none where no article opens them ("delivered in
    partnership") or none follow it ("a partnership")."""
    last = max((i for i, w in enumerate(words) if w.lower() in _ARTICLES), default=None)
    return [] if last is None else [w for w in words[last + 1 :] if w.lower() not in _ARTICLES]


def _skeleton(sentence: str, found: Sequence[_Found]) -> str:
    out, at = [], 0
    for i, f in enumerate(found):
        out += [sentence[at : f.name.start], f"⟦{i}⟧"]
        at = f.name.end
    return "".join(out) + sentence[at:]


def _subject(found: Sequence[_Found], before: int, reader: _Reader) -> Entity | None:
    """The actor a phrase is about: the last one named before it, else the report's subject."""
    for f in reversed(found[:before]):
        if f.entity.kind in _ACTORS:
            return f.entity
    return reader.last.get(NodeKind.INITIATIVE.value) or reader.subject


def tie_adder(reader: _Reader, sentence: str, locator: str, found: Sequence[_Found]) -> Callable[..., None]:
    """A function that adds a tie ``sentence`` states to the draft, quoting the words between
    its two ends; it keeps only ties the model allows between their kinds."""
    draft = reader.draft
    spans: dict[int, tuple[int, int]] = {}
    for f in found:
        spans.setdefault(id(f.entity), (f.name.start, f.name.end))

    def add(
        source: Entity | None,
        relation: Relation,
        target: Entity | None,
        confidence: float,
        inferred: bool = False,
        role: str | None = None,
    ) -> None:
        if source is None or target is None or source is target:
            return
        if relation in (Relation.PARTNERS_WITH,) and target.name < source.name:
            source, target = target, source
        if not allowed(relation, source.kind, target.kind):
            return
        ends = [spans[id(e)] for e in (source, target) if id(e) in spans]
        span = (min(a for a, _ in ends), max(b for _, b in ends)) if ends else (0, 0)
        draft.tie(source, relation, target, reader.evidence(locator, sentence, confidence, inferred, span), role)

    return add


def read_ties(
    reader: _Reader,
    sentence: str,
    locator: str,
    found: Sequence[_Found],
    themes: Sequence[Entity],
    add: Callable[..., None],
) -> None:
    """Add to the draft, through ``add`` (from :func:`tie_adder`), the ties ``sentence``'s
    phrases state or imply among ``found`` and ``themes``."""
    text = _skeleton(sentence, found)

    def slot(group: str | None) -> Entity | None:
        return found[int(group)].entity if group is not None else None

    for match in _PAIR_PARTNERSHIP.finditer(text):
        a, b = slot(match.group(1)), slot(match.group(2))
        if a and b:
            add(a, Relation.PARTNERS_WITH, b, 0.8)
            body = reader._entity(
                NodeKind.PARTNERSHIP, f"{a.name} and {b.name} partnership", reader.evidence(locator, sentence, 0.7)
            )
            add(a, Relation.MEMBER_OF, body, 0.8)
            add(b, Relation.MEMBER_OF, body, 0.8)
    for match in _BETWEEN.finditer(text):
        members = [found[int(i)].entity for i in re.findall(r"⟦(\d+)⟧", match.group(2))]
        words = _named_by(match.group(1).split())
        if not words:
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    add(a, Relation.PARTNERS_WITH, b, 0.7)
            continue
        label = " ".join([*words, "partnership", *(["agreement"] if "agreement" in match.group(0).lower() else [])])
        body = reader._entity(
            NodeKind.PARTNERSHIP, label[0].upper() + label[1:], reader.evidence(locator, sentence, 0.6)
        )
        for member in members:
            add(member, Relation.MEMBER_OF, body, 0.75)
    for match in _NETWORK_MEMBER.finditer(text):
        owner, member = slot(match.group(1)), slot(match.group(3))
        if owner and member:
            network = reader._entity(
                NodeKind.INITIATIVE, f"{owner.name} {match.group(2).lower()}", reader.evidence(locator, sentence, 0.65)
            )
            add(owner, Relation.RUNS, network, 0.65)
            add(member, Relation.MEMBER_OF, network, 0.75)
    for match in _HAS_NETWORK.finditer(text):
        owner = slot(match.group(1))
        if owner:
            network = reader._entity(
                NodeKind.INITIATIVE, f"{owner.name} {match.group(2).lower()}", reader.evidence(locator, sentence, 0.6)
            )
            add(owner, Relation.RUNS, network, 0.7)
    for phrase in _STATED:
        relation, source_group, target_group, confidence = (
            phrase.relation,
            phrase.source,
            phrase.target,
            phrase.confidence,
        )
        for match in phrase.pattern.finditer(text):
            if relation is Relation.ROLE_IN:
                words = re.sub(r"⟦\d+⟧", ",", match.group(0))
                role = re.search(rf"(?:[A-Z][\w-]* ){{0,2}}(?i:{_ROLE})\b", words)
                add(
                    slot(match.group(source_group)),
                    relation,
                    slot(match.group(target_group)),
                    confidence,
                    role=role.group(0) if role else None,
                )
                continue
            first = int(match.group(1))
            source = slot(match.group(source_group)) if source_group else _subject(found, first, reader)
            target = slot(match.group(target_group)) if target_group else _subject(found, first, reader)
            add(source, relation, target, confidence)
    _implied(reader, sentence, locator, found, themes, add)


def _implied(reader, sentence, locator, found, themes, add) -> None:
    """Ties the sentence implies: a body named after a known place serves it; a person met by
    "contact" speaks for the report's subject; listed providers support it; a participant
    list joins the report's event; a body works on the themes its sentence names."""
    actors = [f.entity for f in found if f.entity.kind in _ACTORS]
    for entity in actors:
        if entity.kind is NodeKind.PERSON:
            continue
        known = reader.places.within(entity.name)
        board = _NHS_AREA.match(entity.name)
        if known:
            place = reader._entity(NodeKind.PLACE, known.name, reader.evidence(locator, sentence, 0.5, True))
            add(entity, Relation.SERVES, place, 0.5, inferred=True)
        elif board and not is_acronym(board.group(1)):
            place = reader.draft.entity(
                NodeKind.PLACE, board.group(1), reader.evidence(locator, sentence, 0.5, True), level="health_board"
            )
            add(entity, Relation.SERVES, place, 0.5, inferred=True)
        described = " ".join([entity.name, str(entity.fields.get("description", ""))]).lower()
        for theme, words in THEMES.items():
            if any(re.search(rf"\b{re.escape(w)}\b", described) for w in words):
                topic = reader._entity(NodeKind.THEME, theme, reader.evidence(locator, sentence, 0.55, True))
                add(entity, Relation.ADDRESSES, topic, 0.55, inferred=True)
    for match in _SPOKE.finditer(_skeleton(sentence, found)):
        speaker = found[int(match.group(1))].entity
        if speaker.kind is NodeKind.PERSON:
            add(speaker, Relation.ROLE_IN, reader.subject, 0.6, role="speaker")
    for f in found:
        if f.entity.kind is NodeKind.PERSON and re.search(r"contact\s+$", sentence[: f.name.start], re.I):
            add(
                f.entity,
                Relation.ROLE_IN,
                reader.last.get(NodeKind.INITIATIVE.value) or reader.subject,
                0.5,
                inferred=True,
                role="contact",
            )
    subject = reader.last.get(NodeKind.INITIATIVE.value)
    if _PROVIDERS.search(sentence) and subject is not None:
        for entity in actors:
            if entity is not subject:
                add(entity, Relation.SUPPORTS, subject, 0.5, inferred=True)
    if reader.in_list and reader.subject is not None:
        for entity in actors:
            add(entity, Relation.MEMBER_OF, reader.subject, 0.55, inferred=True, role="participant")
    if themes and 0 < len(actors) <= 3:
        for entity in actors:
            if entity.kind is not NodeKind.PERSON:
                for theme in themes:
                    add(entity, Relation.ADDRESSES, theme, 0.45, inferred=True)

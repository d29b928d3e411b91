"""Ties read from a sentence's grammar: who does what to whom, by the dependency parse.

Each name found in the sentence is followed up the parse to the word that governs it, with the
part it plays there (``subj``, ``pass`` for a passive subject, ``obj``, ``agent`` for "by X",
``prep:with`` and the like); members of a list ("A, B and C") and appositions play the part of
the list's head. Two names that meet at a verb of the lexicon below are tied as the verb says,
either voice ("Y funds X", "X is funded by Y", "X, funded by Y,"); a verb joined to another
("funded by Y and run by Z") shares its subject. A person meets a body through a role ("A,
chief executive of B", "Professor A from B", "B's A", "A is head of service at B"). Words that
stand for a name take its place: "which" and "who" for the name they follow, "we" and "our" for
the report's author, "it", "they" and "the project" for the last body of a fitting kind, "he"
and "she" for the last person.

The lexicon is general English and the field's usual verbs; none of it names anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..graphmodel.vocabulary import NodeKind, Relation
from .cues import ROLE_TITLES
from .mentions import PERSON_TITLES

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .draft import Entity
    from .extract import _Found, _Reader

__all__ = ["read_structure"]

#: verb lemma -> the relation from its doer to what it is done to
_VERBS: dict[str, Relation] = {
    **dict.fromkeys(["fund", "finance", "sponsor", "commission", "bankroll", "grant"], Relation.FUNDS),
    **dict.fromkeys(
        [
            "run",
            "chair",
            "head",
            "set",
            "form",
            "lead",
            "deliver",
            "host",
            "manage",
            "coordinate",
            "co-ordinate",
            "organise",
            "organize",
            "operate",
            "launch",
            "found",
            "establish",
            "start",
            "create",
            "provide",
            "offer",
            "co-host",
            "facilitate",
        ],
        Relation.RUNS,
    ),
    **dict.fromkeys(["support", "help", "back", "assist", "train", "advise", "mentor"], Relation.SUPPORTS),
    **dict.fromkeys(["refer"], Relation.REFERS_TO),
    **dict.fromkeys(["signpost", "direct"], Relation.SIGNPOSTS_TO),
    **dict.fromkeys(["join"], Relation.MEMBER_OF),
}
#: verbs whose doer and what follows "with" work together
_TOGETHER = frozenset({"partner", "collaborate", "work", "team", "join", "link", "cooperate", "co-operate", "unite"})
#: verbs by which a partnership names its members ("brings together A, B and C")
_GATHER = frozenset({"bring", "include", "comprise", "involve", "unite", "gather", "convene", "represent", "span"})
#: verbs by which a place or body receives what another gives ("received funding from B")
_RECEIVE = frozenset({"receive", "get", "secure", "win", "gain", "obtain", "attract", "award", "have"})
_FUNDING = frozenset({"funding", "grant", "money", "investment", "donation", "contribution", "award"})
_BACKING = frozenset({"support", "backing"})
_PARTNERING = frozenset({"partnership", "collaboration", "association", "conjunction", "alliance", "cooperation"})
#: "A is a member of B", "A is part of B", "A, C and other members of B", by the noun's lemma
_MEMBERS = frozenset({"member", "part", "partner"})
#: "Y-funded X", "a Y led project": a body before a participle that names what it did
_DONE_BY = frozenset({"fund", "finance", "sponsor", "commission", "back", "support", "run", "lead", "deliver", "host"})
#: prepositions that open a list of examples taking the part of the noun they follow
_EXAMPLES = frozenset({"including", "like", "such"})
#: nouns a place is written inside ("the X and Y areas of Z", "the X council area")
_AREA_NOUNS = frozenset({"area", "region", "district", "borough", "neighbourhood", "neighborhood", "locality", "patch"})
#: verbs whose object is what a body serves ("which covers the X area")
_COVERING = frozenset({"cover", "serve", "include", "span", "reach"})
#: words for the people of a place: "people living in X", "residents of X", "families across X"
_PEOPLE_OF = frozenset({"live", "reside", "resident", "people", "family", "community", "household", "citizen"})
_RELATIVE = frozenset({"which", "who", "that", "whom"})
_AUTHOR = frozenset({"we", "us", "our", "ours"})
_ANAPHOR = frozenset({"it", "its", "they", "their", "them", "this"})
#: pronouns that stand for the last person named
_PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers"})
#: nouns after "the" or "this" that stand for the last named entity of a kind
_STAND_INS: dict[str, NodeKind] = {
    **dict.fromkeys(
        ["project", "programme", "program", "initiative", "scheme", "network", "pilot"], NodeKind.INITIATIVE
    ),
    **dict.fromkeys(["partnership", "alliance", "consortium", "collaboration"], NodeKind.PARTNERSHIP),
    **dict.fromkeys(["charity", "organisation", "organization", "council", "trust", "group"], NodeKind.ORGANISATION),
    **dict.fromkeys(["service", "clinic", "helpline"], NodeKind.SERVICE),
}
#: prepositions that place a body, and those that say what it serves
_IN = frozenset({"in", "at"})
_ACROSS = frozenset({"across", "throughout", "within", "around"})
_BASED = frozenset({"base", "locate", "site", "headquarter"})
_SERVING = frozenset({"serve", "cover", "support", "work"})
_BODIES = frozenset({NodeKind.ORGANISATION, NodeKind.PARTNERSHIP, NodeKind.INITIATIVE, NodeKind.SERVICE})
#: "GPs at X refer ...": the people of a body act for it
_STAFF_OF = frozenset({"prep:at", "prep:from", "prep:of", "prep:in"})
_MEMBER_WORDS = frozenset({"member", "partner", "membership", "these", "they", "representative", "attendee"})
_MEMBER_KINDS = frozenset({NodeKind.ORGANISATION, NodeKind.PERSON, NodeKind.PARTNERSHIP})
_BODY_PARTS = frozenset({"poss", "compound", "appos", "prep:of", "prep:at", "prep:for", "prep:with", "prep:in"})
#: a body written beside a person's name: "Jo Bell, Rowan Trust"
_NAMED_BY = frozenset({"appos"})
_RUNNERS = frozenset({NodeKind.ORGANISATION, NodeKind.PARTNERSHIP})
_RUN = frozenset({NodeKind.INITIATIVE, NodeKind.SERVICE})
_ROLE_PREPOSITIONS = frozenset({"of", "at", "for", "from", "with", "in"})
#: the words of role titles, and nouns for the roles people hold that no title lists
_ROLE_WORDS = frozenset(w for title in ROLE_TITLES for w in title.split()) | {
    "member",
    "lecturer",
    "researcher",
    "fellow",
    "adviser",
    "advisor",
    "champion",
    "practitioner",
    "dean",
    "editor",
    "partner",
    "clinician",
    "therapist",
    "doctor",
}


@dataclass(frozen=True)
class _Step:
    """One step up the parse from a name: the part it plays (``subj``, ``prep:with``...) at
    ``head``, the word that governs it."""

    part: str
    head: Token


def _part(token: Token) -> tuple[str, Token] | None:
    """The part ``token`` plays and the word it plays it at, a preposition's object taking the
    preposition's part; None at the sentence's root."""
    dep = token.dep_
    if token.head.i == token.i:
        return None
    if dep == "pobj":
        prep = token.head
        if prep.head.i == prep.i:
            return None
        if prep.dep_ == "agent":
            return "agent", prep.head
        if prep.lower_ in _EXAMPLES or (prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)):
            return "example", prep.head
        return f"prep:{prep.lower_}", prep.head
    if dep in ("nsubj", "csubj"):
        return "subj", token.head
    if dep == "nsubjpass":
        return "pass", token.head
    if dep in ("dobj", "dative", "oprd"):
        return "obj", token.head
    if dep == "attr":
        return "attr", token.head
    if dep == "poss":
        return "poss", token.head
    return dep, token.head


def _path(root: Token) -> list[_Step]:
    """The steps from a name's root word to the sentence's root, a list's members, an
    apposition and examples ("alliances, including A and B") taking the part of the word they
    join."""
    steps: list[_Step] = []
    token = root
    seen = {token.i}
    while (found := _part(token)) is not None:
        part, head = found
        if part in ("conj", "appos", "example") and head.pos_ in ("PROPN", "NOUN", "PRON"):
            token = head
        else:
            steps.append(_Step(part, head))
            token = head
        if token.i in seen:
            break
        seen.add(token.i)
    return steps


def _together(verb: Token) -> bool:
    """Whether the verb is "brought together" rather than "brought"."""
    return any(c.dep_ in ("prt", "advmod") and c.lower_ == "together" for c in verb.children)


class _Sentence:
    """The names of one parsed sentence, by the tokens they cover, and the words that stand for them."""

    def __init__(self, reader: _Reader, sent: Span, found: Sequence[_Found]):
        self.reader, self.sent = reader, sent
        self.at: dict[int, Entity] = {}
        self.roots: list[tuple[Entity, Token]] = []
        base = sent.start_char
        for f in found:
            tokens = [t for t in sent if f.name.start <= t.idx - base < f.name.end]
            if not tokens:
                continue
            inside = {t.i for t in tokens}
            root = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[-1])
            if root.dep_ in ("compound", "nmod") and root.head.lower_ in _STAND_INS:
                root = root.head
                tokens.append(root)
            for t in tokens:
                self.at.setdefault(t.i, f.entity)
            self.roots.append((f.entity, root))
        for token in sent:
            if token.i not in self.at and (entity := self._stands_for(token)) is not None:
                self.at[token.i] = entity
                self.roots.append((entity, token))

    def _stands_for(self, token: Token) -> Entity | None:
        word = token.lower_
        for clause in token.children:
            if clause.dep_ == "acl" and clause.lemma_ in ("call", "name", "know"):
                named = [self.at[c.i] for c in clause.subtree if c.i in self.at]
                if named:
                    return named[0]
        if word in _RELATIVE and token.head.dep_ in ("relcl", "acl"):
            return self.at.get(token.head.head.i)
        if word in _AUTHOR:
            return self.reader.author
        if word in _ANAPHOR and token.pos_ == "PRON":
            return self.reader.previous
        if word in _PERSONAL and token.pos_ == "PRON":
            return self.reader.last.get(NodeKind.PERSON.value)
        if (
            token.pos_ == "NOUN"
            and word in _STAND_INS
            and any(c.lower_ in ("the", "this", "our") for c in token.children)
        ):
            return self.reader.last.get(_STAND_INS[word].value)
        return None


def _meets(a_path: list[_Step], b_path: list[_Step]) -> tuple[int, int] | None:
    """Where two paths first share a head: the index of that step in each."""
    b_heads: dict[int, int] = {}
    for j, step in enumerate(b_path):
        b_heads.setdefault(step.head.i, j)
    for i, step in enumerate(a_path):
        if step.head.i in b_heads:
            return i, b_heads[step.head.i]
    return None


def _is_person(entity: Entity) -> bool:
    return entity.kind is NodeKind.PERSON


def _pair(
    a: Entity,
    a_root: Token,
    a_path: list[_Step],
    b: Entity,
    b_root: Token,
    b_path: list[_Step],
    add: Callable[..., None],
) -> None:
    """The tie, if any, that the grammar states from ``a`` to ``b`` (each pair is tried both ways)."""
    if b.kind is NodeKind.PLACE:
        if a.kind in _BODIES:
            _placed(a, a_root, a_path, b_path, b, add)
        return
    if _is_person(a) and b.kind in _BODIES and b_path and b_path[0].head.i == a_root.i:
        if b_path[0].part == "poss" or b_path[0].part[5:] in _ROLE_PREPOSITIONS:
            add(a, Relation.ROLE_IN, b, 0.75, role=_title(a_root))
        return
    if a.kind in _RUNNERS and b.kind in _RUN and a_path and a_path[0].part == "poss" and a_path[0].head.i == b_root.i:
        add(a, Relation.RUNS, b, 0.7)
        return
    if len(b_path) >= 2 and b_path[1].part == "acl" and b_path[1].head.i == a_root.i:
        verb = b_path[0].head
        if b_path[0].part == "agent":
            _verb_tie(verb, b, "agent", a, "pass", add)
        else:
            _verb_tie(verb, a, "subj", b, b_path[0].part, add)
        return
    meeting = _meets(a_path, b_path)
    if meeting is None:
        return
    i, j = meeting
    a_part, b_part = a_path[i].part, b_path[j].part
    head = a_path[i].head
    between_a, between_b = a_path[:i], b_path[:j]
    if head.pos_ not in ("VERB", "AUX"):
        return
    if len(between_a) == 1 and between_a[0].part in _STAFF_OF and between_a[0].head.pos_ == "NOUN" and a_part == "subj":
        between_a = []
    if between_a:
        return
    if b_part == "conj" and between_b and between_b[-1].head.pos_ in ("VERB", "AUX"):
        verb, b_part, between_b = between_b[-1].head, between_b[-1].part, between_b[:-1]
        if not between_b and a_part in ("subj", "pass"):
            _verb_tie(verb, a, a_part, b, b_part, add)
            _verb_tie(verb, b, b_part, a, a_part, add)
        return
    if between_b:
        _through_noun(head, a, a_part, b, between_b, b_part, add)
        return
    _verb_tie(head, a, a_part, b, b_part, add)


def _placed(
    body: Entity,
    body_root: Token,
    body_path: list[_Step],
    place_path: list[_Step],
    place: Entity,
    add: Callable[..., None],
) -> None:
    """A body tied to a place: "X in Y", "X, based in Y" (where it is), "X works across Y",
    "X, covering Y", "X, which includes the Y area", "X is used by people living in Y" (what it
    serves). A place written inside an area noun ("the Y council area", "the Y and Z areas of W")
    plays the noun's part."""
    while place_path and place_path[0].head.lemma_.lower() in _AREA_NOUNS and place_path[0].part != "subj":
        place_path = place_path[1:]
    if not place_path:
        return
    part, head = place_path[0].part, place_path[0].head
    if part == "obj" and head.lemma_.lower() in _COVERING:
        if body_path and body_path[0].part == "subj" and body_path[0].head.i == head.i:
            add(body, Relation.SERVES, place, 0.6)
        return
    if not part.startswith("prep:"):
        return
    preposition = part[5:]
    served = preposition in _ACROSS
    if head.i == body_root.i and (preposition in _IN or served):
        add(body, Relation.SERVES if served else Relation.LOCATED_IN, place, 0.6)
    elif len(place_path) > 1 and place_path[1].part == "acl" and place_path[1].head.i == body_root.i:
        if head.lemma_ in _BASED and preposition in _IN:
            add(body, Relation.LOCATED_IN, place, 0.65)
        elif served or head.lemma_ in _SERVING:
            add(body, Relation.SERVES, place, 0.6)
    elif (meeting := _meets(body_path, place_path)) is not None and meeting[0] == 0:
        people = any(step.head.lemma_.lower() in _PEOPLE_OF for step in place_path[: meeting[1]])
        if body_path[0].part in ("subj", "pass") and (served or people):
            add(body, Relation.SERVES, place, 0.6)


def _verb_tie(verb: Token, a: Entity, a_part: str, b: Entity, b_part: str, add: Callable[..., None]) -> None:
    """``a`` and ``b`` meet at ``verb``, playing ``a_part`` and ``b_part`` there."""
    lemma = verb.lemma_.lower()
    if lemma in _TOGETHER and a_part == "subj" and b_part in ("prep:with", "prep:alongside"):
        add(a, Relation.PARTNERS_WITH, b, 0.75)
        return
    if lemma in _GATHER and (lemma != "bring" or _together(verb)) and a.kind is NodeKind.PARTNERSHIP:
        if a_part == "subj" and b_part == "obj":
            add(b, Relation.MEMBER_OF, a, 0.75)
        return
    if lemma == "make" and a_part == "pass" and b_part == "prep:of" and a.kind is NodeKind.PARTNERSHIP:
        add(b, Relation.MEMBER_OF, a, 0.75)
        return
    if lemma in _RECEIVE and a_part in ("subj", "pass") and b_part == "prep:from" and _money(verb):
        add(b, Relation.FUNDS, a, 0.75)
        return
    relation = _VERBS.get(lemma)
    if relation is None:
        return
    if _is_person(a) and relation in (Relation.RUNS, Relation.MEMBER_OF) and b.kind in _BODIES:
        if a_part == "subj" and b_part == "obj":
            add(a, Relation.ROLE_IN, b, 0.7, role=lemma)
        return
    if relation is Relation.RUNS and b.kind is NodeKind.PARTNERSHIP and a_part == "subj" and b_part == "obj":
        add(a, Relation.MEMBER_OF, b, 0.7)
        return
    if relation in (Relation.REFERS_TO, Relation.SIGNPOSTS_TO):
        if a_part == "subj" and b_part in ("prep:to", "prep:into", "prep:towards"):
            add(a, relation, b, 0.7)
        return
    if a_part == "subj" and b_part in ("obj", "attr"):
        add(a, relation, b, 0.75)
    elif a_part == "agent" and b_part == "pass":
        add(a, relation, b, 0.8)


def _through_noun(
    verb: Token, a: Entity, a_part: str, b: Entity, between: list[_Step], b_part: str, add: Callable[..., None]
) -> None:
    """``b`` hangs from a noun the verb governs: "A received funding from B", "A works in
    partnership with B", "A is a member of B", "A is funded by a grant from B"."""
    if len(between) != 1 or a_part not in ("subj", "agent", "pass"):
        return
    inner, noun = between[0].part, between[0].head.lemma_.lower()
    lemma = verb.lemma_.lower()
    if a_part == "pass":
        if b_part == "agent" and inner == "prep:from" and noun in _FUNDING | _BACKING:
            add(b, Relation.FUNDS if _VERBS.get(lemma) is Relation.FUNDS else Relation.SUPPORTS, a, 0.7)
        return
    if noun in _FUNDING and inner == "prep:from" and lemma in _RECEIVE:
        add(b, Relation.FUNDS, a, 0.75)
    elif noun in _BACKING and inner in ("prep:from", "prep:of"):
        add(b, Relation.SUPPORTS, a, 0.65)
    elif noun in _PARTNERING and inner in ("prep:with", "prep:between"):
        add(a, Relation.PARTNERS_WITH, b, 0.75)
    elif noun in _MEMBERS and inner == "prep:of" and lemma == "be" and b_part == "attr":
        add(a, Relation.MEMBER_OF, b, 0.7)


def _money(verb: Token) -> bool:
    """Whether what the verb's object names is money: "£12,000", "a grant", "3.1m"."""
    return any(
        t.like_num or t.text in ("£", "$", "€") or t.ent_type_ == "MONEY" or t.lemma_.lower() in _FUNDING
        for c in verb.children
        if c.dep_ in ("dobj", "attr", "oprd")
        for t in c.subtree
    )


def _attached(noun: Token, at: dict[int, Entity], parts: frozenset[str], depth: int = 2) -> list[Entity]:
    """The names that hang from ``noun`` by one of ``parts`` ("poss", "compound", "prep:of"...),
    a list's members with them, and those that hang so from a preposition's object in turn, to
    ``depth`` ("director for health improvement at B")."""
    out: list[Entity] = []
    for child in noun.children:
        heads = [child]
        if child.dep_ == "prep" and f"prep:{child.lower_}" in parts:
            heads = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
        elif child.dep_ not in parts:
            continue
        for token in heads:
            for member in (token, *token.conjuncts):
                found = [at[member.i]] if member.i in at else []
                if not found and depth > 1 and child.dep_ == "prep":
                    found = _attached(member, at, parts, depth - 1)
                out += [e for e in found if e not in out]
    return out


def _roles(sentence: _Sentence, add: Callable[..., None]) -> None:
    """People tied to bodies through a word for a role: "A, chief executive of B", "B's chief
    officer A", "B chief executive A", "A, B chairperson", "the director of B, A", "B Chair, A
    said", "A, head of service, B"; a role joined by "and" to another ("chair of B and chief executive of C") is
    held by the same person; and a body written beside a person's name ("A, B")."""
    at = sentence.at
    for noun in sentence.sent:
        if noun.lower_ not in _ROLE_WORDS or noun.pos_ not in ("NOUN", "PROPN") or noun.i in at:
            continue
        holder = _first_role(noun)
        near = [holder.head, *(c for c in holder.children if c.dep_ in ("appos", "compound"))]
        if holder.dep_ == "attr":
            near = [c for c in holder.head.children if c.dep_ == "nsubj"]
        elif holder.i + 2 < sentence.sent.end and holder.nbor().text == ",":
            near.append(holder.nbor(2))
        people = [e for e in (at.get(t.i) for t in near) if e is not None and _is_person(e)]
        if holder.dep_ not in ("appos", "compound") and people and at.get(holder.head.i) is people[0]:
            people = people[1:]
        bodies = [e for e in _attached(noun, at, _BODY_PARTS) if e.kind in _BODIES]
        for person in people:
            for body in bodies:
                add(person, Relation.ROLE_IN, body, 0.75, role=_role_words(noun))
    for person, root in sentence.roots:
        if _is_person(person):
            for body in _attached(root, at, _NAMED_BY, depth=1):
                if body.kind in _BODIES:
                    add(person, Relation.ROLE_IN, body, 0.65, role="member")


def _first_role(noun: Token) -> Token:
    """The first of the roles a list names ("chair of A and chief executive of B": the chair),
    the one the holder's name is tied to; a parse may hang the second from the first's body."""
    holder = noun
    while True:
        if holder.dep_ == "conj":
            holder = holder.head
        elif holder.i != noun.i and holder.lower_ in _ROLE_WORDS:
            return holder
        elif holder.dep_ == "pobj" and holder.head.dep_ == "prep":
            holder = holder.head.head
        else:
            return holder if holder.lower_ in _ROLE_WORDS else noun


def _members(sentence: _Sentence, add: Callable[..., None]) -> None:
    """A list of members of the partnership the report is about: "Other members include A, B
    and C", "These include A and B", "Partners are A, B and C", "representatives from: A, B"."""
    partnership = sentence.reader.last.get(NodeKind.PARTNERSHIP.value)
    if partnership is None:
        return
    for verb in sentence.sent:
        if verb.lemma_ not in _GATHER and verb.lemma_ != "be":
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not any(c.lemma_.lower() in _MEMBER_WORDS for c in subjects):
            continue
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        listed = {sentence.at.get(t.i) for o in objects for t in o.subtree} - {None, partnership}
        for member in listed:
            if member.kind in _MEMBER_KINDS:
                add(member, Relation.MEMBER_OF, partnership, 0.6)


def _listed_members(sentence: _Sentence, add: Callable[..., None]) -> None:
    """Names listed beside "members of B" ("A, C and other members of B") are members of B."""
    at = sentence.at
    for noun in sentence.sent:
        if noun.lemma_.lower() not in _MEMBERS or noun.dep_ != "conj" or noun.i in at:
            continue
        groups = [e for e in _attached(noun, at, frozenset({"prep:of"}), depth=1) if e.kind in _BODIES]
        for group in groups[:1]:
            for other in noun.conjuncts:
                member = at.get(other.i)
                if member is not None and member is not group and member.kind in _MEMBER_KINDS:
                    add(member, Relation.MEMBER_OF, group, 0.65)


def _done_by(sentence: _Sentence, add: Callable[..., None]) -> None:
    """A body written before a participle that says what it did to the noun the participle
    describes: "a Y funded programme", "the Y-led project"; where the noun is said of a name
    ("X is a Y funded programme"), that name."""
    at = sentence.at
    for word in sentence.sent:
        lemma = word.lemma_.lower()
        if word.dep_ != "amod" or lemma not in _DONE_BY or not word.lower_.endswith(("ed", "run", "led")):
            continue
        before = word.i - 2 if word.i > 1 and word.nbor(-1).text == "-" else word.i - 1
        doer = at.get(before)
        noun = word.head
        done = at.get(noun.i)
        if (done is None or done is doer) and noun.dep_ == "attr":
            done = next((at[c.i] for c in noun.head.children if c.dep_ == "nsubj" and c.i in at), None)
        if done is not None and doer is not None and doer is not done and doer.kind in _BODIES:
            add(doer, _VERBS[lemma], done, 0.7)


def _role_words(noun: Token) -> str:
    """The role a noun names, with the words before it ("chief executive")."""
    words = [c.text for c in noun.lefts if c.dep_ in ("amod", "compound")] + [noun.text]
    return " ".join(words).lower()


def _title(person_root: Token) -> str:
    """A person's title where the name carries one ("Professor"), else "member"."""
    titles = [t.lower_ for t in person_root.lefts if t.dep_ == "compound" and t.lower_.rstrip(".") in PERSON_TITLES]
    return titles[0].rstrip(".") if titles else "member"


def read_structure(reader: _Reader, sent: Span, found: Sequence[_Found], add: Callable[..., None]) -> None:
    """Add the ties the grammar of ``sent`` states between ``found`` (names in it, offsets
    within its text) through ``add`` (see :func:`.ties.tie_adder`)."""
    sentence = _Sentence(reader, sent, found)
    paths = [(entity, root, _path(root)) for entity, root in sentence.roots]
    for i, (a, a_root, a_path) in enumerate(paths):
        for b, b_root, b_path in paths[i + 1 :]:
            if a is not b:
                _pair(a, a_root, a_path, b, b_root, b_path, add)
                _pair(b, b_root, b_path, a, a_root, a_path, add)
    _roles(sentence, add)
    _members(sentence, add)
    _listed_members(sentence, add)
    _done_by(sentence, add)

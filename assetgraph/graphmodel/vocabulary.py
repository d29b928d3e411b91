"""The closed vocabulary of the graph: node kinds, relations and the values attributes may take.

Relations are allowed only between the kinds listed in :data:`ALLOWED`, so that a query such as
"who RUNS this service" can trust what it finds.

>>> allowed(Relation.RUNS, NodeKind.ORGANISATION, NodeKind.SERVICE)
True
>>> allowed(Relation.WITHIN, NodeKind.ORGANISATION, NodeKind.PLACE)
False
"""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = [
    "NodeKind",
    "Relation",
    "Sector",
    "Scale",
    "PlaceLevel",
    "InitiativeType",
    "Status",
    "AttendingAccess",
    "ALLOWED",
    "SYMMETRIC",
    "allowed",
    "allowed_kinds",
]


class NodeKind(StrEnum):
    ORGANISATION = "organisation"
    PERSON = "person"
    INITIATIVE = "initiative"
    SERVICE = "service"
    PARTNERSHIP = "partnership"
    PLACE = "place"
    THEME = "theme"


class Relation(StrEnum):
    PART_OF = "PART_OF"
    WITHIN = "WITHIN"
    ROLE_IN = "ROLE_IN"
    MEMBER_OF = "MEMBER_OF"
    PARTNERS_WITH = "PARTNERS_WITH"
    RUNS = "RUNS"
    FUNDS = "FUNDS"
    SUPPORTS = "SUPPORTS"
    LOCATED_IN = "LOCATED_IN"
    SERVES = "SERVES"
    ADDRESSES = "ADDRESSES"
    SIGNPOSTS_TO = "SIGNPOSTS_TO"
    REFERS_TO = "REFERS_TO"


class Sector(StrEnum):
    PUBLIC = "public"
    THIRD_SECTOR = "third_sector"
    COMMUNITY_LED = "community_led"
    ACADEMIC = "academic"
    PRIVATE = "private"
    FUNDER = "funder"


class Scale(StrEnum):
    """How far an asset reaches, from the whole nation down to a few streets."""

    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"
    NEIGHBOURHOOD = "neighbourhood"


class PlaceLevel(StrEnum):
    """Levels of the place hierarchy, largest first; ``country`` is the United Kingdom."""

    COUNTRY = "country"
    NATION = "nation"
    REGION = "region"
    HEALTH_BOARD = "health_board"
    LOCAL_AUTHORITY = "local_authority"
    NEIGHBOURHOOD = "neighbourhood"
    SMALL_AREA = "small_area"


class InitiativeType(StrEnum):
    PROGRAMME = "programme"
    PROJECT = "project"
    NETWORK = "network"
    EVENT = "event"
    RESEARCH = "research"
    STRATEGY = "strategy"


class Status(StrEnum):
    PLANNED = "planned"
    PILOT = "pilot"
    ACTIVE = "active"
    ENDED = "ended"


class AttendingAccess(StrEnum):
    """How a person gets into a service, as Open Referral UK's ``attending_access`` says: on
    their own (drop-in, self referral), by booking or joining, or only when referred."""

    DROP_IN = "drop_in"
    SELF_REFERRAL = "self_referral"
    APPOINTMENT = "appointment"
    MEMBERSHIP = "membership"
    ASSESSMENT = "assessment"
    REFERRAL = "referral"

    @classmethod
    def parse(cls, label: str) -> AttendingAccess:
        """The value a published label stands for (case, spaces and hyphens aside, and a
        trailing "required" or "only").

        >>> AttendingAccess.parse("Self referral"), AttendingAccess.parse("Referral required")
        (<AttendingAccess.SELF_REFERRAL: 'self_referral'>, <AttendingAccess.REFERRAL: 'referral'>)
        """
        words = re.sub(r"[\s_-]+", "_", label.strip().lower()).strip("_")
        words = re.sub(r"_(required|only|needed)$", "", words)
        return cls("referral" if words in ("professional_referral", "referral_from_professional") else words)

    @property
    def open_door(self) -> bool:
        """Whether a person may come on their own, with no booking and no referral."""
        return self in (AttendingAccess.DROP_IN, AttendingAccess.SELF_REFERRAL)


_K = NodeKind
_ASSETS = frozenset({_K.ORGANISATION, _K.INITIATIVE, _K.SERVICE, _K.PARTNERSHIP})
_HELP = frozenset({_K.ORGANISATION, _K.INITIATIVE, _K.SERVICE})

#: relation -> (allowed source kinds, allowed target kinds)
ALLOWED: dict[Relation, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    Relation.PART_OF: (
        frozenset({_K.ORGANISATION, _K.INITIATIVE, _K.SERVICE}),
        frozenset({_K.ORGANISATION, _K.INITIATIVE}),
    ),
    Relation.WITHIN: (frozenset({_K.PLACE}), frozenset({_K.PLACE})),
    Relation.ROLE_IN: (
        frozenset({_K.PERSON}),
        frozenset({_K.ORGANISATION, _K.INITIATIVE, _K.PARTNERSHIP, _K.SERVICE}),
    ),
    Relation.MEMBER_OF: (
        frozenset({_K.ORGANISATION, _K.PERSON}),
        frozenset({_K.PARTNERSHIP, _K.INITIATIVE}),
    ),
    Relation.PARTNERS_WITH: (frozenset({_K.ORGANISATION}), frozenset({_K.ORGANISATION})),
    Relation.RUNS: (
        frozenset({_K.ORGANISATION, _K.PARTNERSHIP}),
        frozenset({_K.INITIATIVE, _K.SERVICE}),
    ),
    Relation.FUNDS: (frozenset({_K.ORGANISATION}), _HELP),
    Relation.SUPPORTS: (frozenset({_K.ORGANISATION, _K.SERVICE}), _HELP),
    Relation.LOCATED_IN: (_ASSETS, frozenset({_K.PLACE})),
    Relation.SERVES: (_ASSETS, frozenset({_K.PLACE})),
    Relation.ADDRESSES: (_ASSETS, frozenset({_K.THEME})),
    Relation.SIGNPOSTS_TO: (_HELP | {_K.PERSON}, _HELP),
    Relation.REFERS_TO: (_HELP | {_K.PERSON}, _HELP),
}

#: relations with no direction: stored once, with the smaller id as source
SYMMETRIC: frozenset[Relation] = frozenset({Relation.PARTNERS_WITH})


def allowed(relation: Relation, source: NodeKind, target: NodeKind) -> bool:
    """Whether ``relation`` may run from a ``source`` kind to a ``target`` kind."""
    sources, targets = ALLOWED[relation]
    return source in sources and target in targets


def allowed_kinds(relation: Relation) -> str:
    """The allowed triple of a relation in words, for error messages.

    >>> allowed_kinds(Relation.WITHIN)
    'place -> place'
    """
    sources, targets = ALLOWED[relation]
    return f"{'/'.join(sorted(sources))} -> {'/'.join(sorted(targets))}"

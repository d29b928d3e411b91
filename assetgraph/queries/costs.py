"""What a step of a route costs: by relation and direction, a resident's entry, the cold
approach to a distant service, and how a service takes people in. Kept apart from the route
search so that the command line can show and parse them without importing networkx.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import QueryError
from ..graphmodel.vocabulary import Relation

__all__ = [
    "Costs",
    "DEFAULT_COSTS",
    "ENTRY_COST",
    "COLD_APPROACH",
    "COLD_APPROACH_MAX",
    "REFERRAL_NEEDED",
    "OPEN_DOOR",
    "parse_cost",
    "parse_costs",
]


@dataclass(frozen=True)
class Costs:
    """The cost of following a relation along its direction and against it (None: not used)."""

    forward: float | None
    reverse: float | None


#: relation -> cost along / against its direction. Signposting and referral are one-way; knowing
#: who runs a service, a network's members or a partner works both ways; funding is not a route.
DEFAULT_COSTS: dict[Relation, Costs] = {
    Relation.REFERS_TO: Costs(0.8, None),
    Relation.SIGNPOSTS_TO: Costs(1.0, None),
    Relation.RUNS: Costs(1.0, 1.0),
    Relation.ROLE_IN: Costs(1.0, 1.0),
    Relation.PART_OF: Costs(1.5, 1.5),
    Relation.SUPPORTS: Costs(2.0, 2.0),
    Relation.MEMBER_OF: Costs(2.0, 2.0),
    Relation.PARTNERS_WITH: Costs(2.0, 2.0),
}
#: a resident's first step, to a community asset of their place
ENTRY_COST = 1.0
#: approaching a national or regional service with no local link
COLD_APPROACH = 5.0
#: the most a cold approach may cost: past it no route's sum stays a finite, comparable number
COLD_APPROACH_MAX = 1e6
#: added to a step into a service that takes people only on referral, unless the step is one
REFERRAL_NEEDED = 2.0
#: the share of the cold approach that approaching a drop-in or self-referral service costs
OPEN_DOOR = 0.5


def parse_cost(spec: str) -> tuple[Relation, Costs]:
    """One relation's cost: ``RELATION=COST`` (both ways), ``RELATION=FORWARD,REVERSE`` or
    ``RELATION=off``. Raises QueryError naming the valid relations for a bad one.

    >>> parse_cost("member_of=3")
    (<Relation.MEMBER_OF: 'MEMBER_OF'>, Costs(forward=3.0, reverse=3.0))
    """
    name, eq, value = spec.partition("=")
    try:
        relation = Relation(name.strip().upper())
    except ValueError:
        raise QueryError(
            f"unknown relation {name.strip()!r} in {spec!r}; relations: {', '.join(r.value for r in Relation)}"
        ) from None
    try:
        parts = [None if v.strip().lower() == "off" else float(v) for v in value.split(",")]
    except ValueError:
        parts = []
    if not eq or not 1 <= len(parts) <= 2 or any(p is not None and not 0 < p < float("inf") for p in parts):
        raise QueryError(
            f"cannot read cost {spec!r}; write RELATION=COST, RELATION=FORWARD,REVERSE or RELATION=off, "
            "costs being positive numbers"
        )
    return relation, Costs(parts[0], parts[-1])


def parse_costs(specs: Iterable[str]) -> dict[Relation, Costs]:
    """The default costs changed by each of ``specs`` (see :func:`parse_cost`).

    >>> parse_costs(["member_of=3", "SIGNPOSTS_TO=0.5,off"])[Relation.SIGNPOSTS_TO]
    Costs(forward=0.5, reverse=None)
    """
    return dict(DEFAULT_COSTS) | dict(map(parse_cost, specs))

"""The edge model: one relation between two nodes, with its attributes and provenance.

Attributes that only make sense for one relation are refused elsewhere: a ``role`` belongs to
ROLE_IN or MEMBER_OF, an ``amount`` to FUNDS.

>>> from assetgraph.graphmodel.provenance import Provenance
>>> e = Edge(source="person:paul-johnston", relation="ROLE_IN",
...          target="organisation:public-health-scotland", role="CEO",
...          provenance=[Provenance(source="example")])
>>> e.identity
('person:paul-johnston', 'organisation:public-health-scotland', 'ROLE_IN', 'ROLE_IN')
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from .checks import MAX_TEXT, ends_after_start
from .provenance import Provenance
from .vocabulary import Relation

__all__ = ["Edge", "RELATION_FIELDS"]

#: attributes that only some relations may carry
RELATION_FIELDS: dict[str, frozenset[Relation]] = {
    "role": frozenset({Relation.ROLE_IN, Relation.MEMBER_OF}),
    "amount": frozenset({Relation.FUNDS}),
    "currency": frozenset({Relation.FUNDS}),
    "award_date": frozenset({Relation.FUNDS}),
    "programme": frozenset({Relation.FUNDS}),
}


class Edge(BaseModel):
    """A relation from ``source`` to ``target`` (node ids).

    ``key`` tells apart parallel edges of one relation between the same two nodes, such as
    two grants from one funder to one recipient; it defaults to the relation's name.
    ``strength`` and ``trust`` (0 to 1) describe how strong the tie is, where a source says.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False, str_max_length=MAX_TEXT
    )

    source: str = Field(min_length=1)
    relation: Relation
    target: str = Field(min_length=1)
    key: str | None = None
    role: str | None = None
    amount: float | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    award_date: dt.date | None = None
    programme: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    strength: float | None = Field(default=None, ge=0, le=1)
    trust: float | None = Field(default=None, ge=0, le=1)
    description: str | None = None
    attributes: dict[str, str | int | float | bool] = Field(default_factory=dict)
    provenance: list[Provenance] = Field(min_length=1)

    @field_validator(*RELATION_FIELDS)
    @classmethod
    def _belongs_to_relation(cls, value: Any, info: ValidationInfo) -> Any:
        relation = info.data.get("relation")
        allowed = RELATION_FIELDS[str(info.field_name)]
        if value is not None and relation is not None and relation not in allowed:
            names = "/".join(sorted(allowed))
            raise ValueError(f"only {names} relations have a {info.field_name}, not {relation}")
        return value

    _ends_after_start = field_validator("end_date")(ends_after_start)

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """(source, target, relation, key): two edges with one identity are the same claim."""
        return (self.source, self.target, self.relation.value, self.key or self.relation.value)

"""Node models: one pydantic class per kind, all sharing identity, aliases and provenance.

>>> from assetgraph.graphmodel.provenance import Provenance
>>> org = Organisation(name="CHEX", sector="third_sector", scale="national",
...                    provenance=[Provenance(source="example")])
>>> org.id, org.sector
('organisation:chex', <Sector.THIRD_SECTOR: 'third_sector'>)
>>> parse_node({"kind": "place", "name": "Fife", "level": "local_authority",
...             "provenance": [{"source": "example"}]}).id
'place:fife'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from .checks import MAX_NAME, MAX_TEXT, ends_after_start, no_control_characters
from .names import node_id, slug
from .provenance import Provenance
from .vocabulary import AttendingAccess, InitiativeType, NodeKind, PlaceLevel, Scale, Sector, Status

__all__ = [
    "Node",
    "Organisation",
    "Person",
    "Initiative",
    "Service",
    "Partnership",
    "Place",
    "Theme",
    "AnyNode",
    "NODE_CLASSES",
    "parse_node",
    "personal_fields",
]

Scalar = str | int | float | bool
_SPACE = re.compile(r"\s")
#: marks a field as personal data, left out of any output that asks for redaction
PERSONAL = {"personal": True}
#: fields every kind has, which merging treats specially
IDENTITY_FIELDS = frozenset({"id", "kind", "name", "aliases", "provenance"})


class Node(BaseModel):
    """What every node has: a stable id, a kind, a name, aliases and provenance.

    The id is derived from kind and name unless given; a given id without the ``kind:`` prefix
    gets it, so that ids from spreadsheets stay unique across kinds.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False, str_max_length=MAX_TEXT
    )
    kind_value: ClassVar[NodeKind]

    id: str = Field(default="", description="stable id, kind:slug")
    kind: NodeKind
    name: str = Field(min_length=1, max_length=MAX_NAME)
    aliases: list[str] = Field(default_factory=list)
    description: str | None = None
    attributes: dict[str, Scalar] = Field(default_factory=dict)
    identifiers: dict[str, str] = Field(
        default_factory=dict, description="charity_number, company_number, org-ids, a directory's record id, ..."
    )
    provenance: list[Provenance] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        data.setdefault("kind", cls.kind_value)
        given, name, kind = data.get("id"), data.get("name"), str(data["kind"])
        if given:
            prefix = str(given).partition(":")[0]
            if prefix != kind and prefix in NodeKind.__members__.values():
                raise ValueError(f"id {given!r} is the id of a {prefix}, not of a {kind}")
            data["id"] = given if str(given).startswith(f"{kind}:") else f"{kind}:{given}"
        elif isinstance(name, str) and len(name) <= MAX_NAME and slug(name):
            data["id"] = node_id(kind, name)
        return data

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        prefix, _, rest = value.partition(":")
        if not rest or _SPACE.search(rest) or prefix not in NodeKind.__members__.values():
            raise ValueError(f"id {value!r} is not of the form kind:name with no spaces")
        return value

    @field_validator("aliases")
    @classmethod
    def _clean_aliases(cls, value: list[str]) -> list[str]:
        return [no_control_characters(a) for a in dict.fromkeys(a.strip() for a in value if a and a.strip())]

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        return no_control_characters(value)


class Organisation(Node):
    """A body: a public agency, a charity, a community group, a university, a funder."""

    kind_value: ClassVar[NodeKind] = NodeKind.ORGANISATION
    kind: Literal[NodeKind.ORGANISATION] = NodeKind.ORGANISATION
    sector: Sector | None = None
    scale: Scale | None = None
    url: str | None = None
    email: str | None = None
    phone: str | None = None


class Person(Node):
    """Someone in a public role; the roles are ROLE_IN edges, contact details are personal."""

    kind_value: ClassVar[NodeKind] = NodeKind.PERSON
    kind: Literal[NodeKind.PERSON] = NodeKind.PERSON
    email: str | None = Field(default=None, json_schema_extra=PERSONAL)
    phone: str | None = Field(default=None, json_schema_extra=PERSONAL)


class _Dated(Node):
    start_date: dt.date | None = None
    end_date: dt.date | None = None

    _ends_after_start = field_validator("end_date")(ends_after_start)


class Initiative(_Dated):
    """A programme, project, network, event, piece of research or strategy."""

    kind_value: ClassVar[NodeKind] = NodeKind.INITIATIVE
    kind: Literal[NodeKind.INITIATIVE] = NodeKind.INITIATIVE
    type: InitiativeType | None = None
    status: Status | None = None
    scale: Scale | None = None
    url: str | None = None


class Service(Node):
    """Help a person can get, with the Open Referral fields that say who and how."""

    kind_value: ClassVar[NodeKind] = NodeKind.SERVICE
    kind: Literal[NodeKind.SERVICE] = NodeKind.SERVICE
    eligibility: str | None = None
    access: str | None = Field(default=None, description="how to get it: self-referral, GP, ...")
    attending_access: AttendingAccess | None = Field(
        default=None, description="drop_in, self_referral, appointment, membership, assessment or referral"
    )
    cost: str | None = None
    scale: Scale | None = None
    url: str | None = None
    email: str | None = None
    phone: str | None = None

    @field_validator("attending_access", mode="before")
    @classmethod
    def _published_label(cls, value: Any) -> Any:
        """Open Referral UK's labels ("Drop-in", "Self referral") as the values they stand for."""
        if isinstance(value, str) and value.strip():
            try:
                return AttendingAccess.parse(value)
            except ValueError:
                choices = ", ".join(a.value for a in AttendingAccess)
                raise ValueError(f"{value!r} is not a way of attending; use one of {choices}") from None
        return value or None


class Partnership(_Dated):
    """Bodies working together under a name; its members are MEMBER_OF edges."""

    kind_value: ClassVar[NodeKind] = NodeKind.PARTNERSHIP
    kind: Literal[NodeKind.PARTNERSHIP] = NodeKind.PARTNERSHIP
    purpose: str | None = None
    scale: Scale | None = None
    url: str | None = None


class Place(Node):
    """A place at some level of the hierarchy, with its official code and need where known.

    Deprivation ranks are only comparable within one index (SIMD, WIMD, IMD), which
    ``deprivation_index`` names.
    """

    kind_value: ClassVar[NodeKind] = NodeKind.PLACE
    kind: Literal[NodeKind.PLACE] = NodeKind.PLACE
    level: PlaceLevel | None = None
    code: str | None = Field(default=None, description="official code, e.g. GSS S12000036")
    population: int | None = Field(default=None, ge=0)
    deprivation_index: str | None = None
    deprivation_rank: int | None = Field(default=None, ge=1)
    deprivation_decile: int | None = Field(default=None, ge=1, le=10)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)

    @field_validator("code")
    @classmethod
    def _upper_code(cls, value: str | None) -> str | None:
        return value.upper() if value else value


class Theme(Node):
    """A need or topic: smoking, mental health, food insecurity."""

    kind_value: ClassVar[NodeKind] = NodeKind.THEME
    kind: Literal[NodeKind.THEME] = NodeKind.THEME
    taxonomy: str | None = None
    taxonomy_code: str | None = None


AnyNode = Annotated[
    Organisation | Person | Initiative | Service | Partnership | Place | Theme,
    Field(discriminator="kind"),
]
NODE_CLASSES: dict[NodeKind, type[Node]] = {
    cls.kind_value: cls for cls in (Organisation, Person, Initiative, Service, Partnership, Place, Theme)
}
_NODE_ADAPTER: TypeAdapter[Node] = TypeAdapter(AnyNode)


def parse_node(data: dict[str, Any]) -> Node:
    """Validate a plain dict (with a ``kind``) into the node model of that kind.

    Raises ``pydantic.ValidationError`` naming the bad field.
    """
    return _NODE_ADAPTER.validate_python(data)


def personal_fields(cls: type[BaseModel]) -> frozenset[str]:
    """Names of the fields of ``cls`` that hold personal data.

    >>> sorted(personal_fields(Person))
    ['email', 'phone']
    >>> personal_fields(Organisation)
    frozenset()
    """
    return frozenset(
        name
        for name, info in cls.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("personal")
    )

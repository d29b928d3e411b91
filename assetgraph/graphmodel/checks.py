"""Validators shared by several models."""

from __future__ import annotations

import datetime as dt
import unicodedata

from pydantic import ValidationError, ValidationInfo

from ..errors import ModelError, shown
from .vocabulary import NodeKind

__all__ = ["ends_after_start", "model_error", "no_control_characters", "MAX_NAME", "MAX_TEXT"]

#: the longest name, and the longest text of any field, a model holds (a 16,000-character
#: description is the longest seen in a published directory)
MAX_NAME = 1_000
MAX_TEXT = 100_000

_UNION_TAGS = frozenset(NodeKind.__members__.values())


def no_control_characters(value: str) -> str:
    """Refuse a name holding a control character (a NUL, an escape): such a name is damage,
    and would print as garbage.

    >>> no_control_characters("Hub\x1b")
    Traceback (most recent call last):
    ...
    ValueError: holds the control character U+001B
    """
    if value.isprintable():
        return value
    for char in value:
        if unicodedata.category(char) == "Cc":
            raise ValueError(f"holds the control character U+{ord(char):04X}")
    return value


def ends_after_start(cls: type, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
    """Refuse an ``end_date`` before the ``start_date`` (use with ``field_validator``)."""
    start = info.data.get("start_date")
    if value and start and value < start:
        raise ValueError(f"end date {value} is before start date {start}")
    return value


def model_error(exc: ValidationError) -> ModelError:
    """The first problem of a pydantic ``ValidationError`` as a :class:`ModelError` naming the field.

    >>> from assetgraph.graphmodel.nodes import parse_node
    >>> try:
    ...     parse_node({"kind": "place", "name": "Fife", "level": "county", "provenance": [{"source": "x"}]})
    ... except ValidationError as exc:
    ...     print(model_error(exc))
    level: 'county' is not one of: country, nation, region, health_board, local_authority, neighbourhood, small_area
    """
    first = exc.errors()[0]
    loc = [str(p) for p in first["loc"] if p not in _UNION_TAGS]
    field = ".".join(loc) or None
    ctx = first.get("ctx") or {}
    if first["type"] == "enum":
        message = f"{shown(first['input'])} is not one of: {ctx['expected'].replace(chr(39), '')}"
        message = message.replace(" or ", ", ")
    elif first["type"] == "extra_forbidden":
        message = "is not a known field"
    elif first["type"] == "value_error":
        message = str(ctx.get("error", first["msg"]))
    else:
        message = first["msg"][0].lower() + first["msg"][1:]
    return ModelError(message, field)

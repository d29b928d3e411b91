"""Merging two accounts of the same node or edge into one.

Values fill each other's gaps; lists and provenance are joined; two different values for one
attribute are a :class:`~assetgraph.errors.ConflictError` that names the attribute and where the
first value came from, unless the caller collects them: then the first value is kept and the
disagreement recorded as a :class:`Conflict` for a person to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from ..errors import ConflictError, shown
from .identifiers import url_key
from .names import normalise

__all__ = ["merge_models", "Conflict"]

M = TypeVar("M", bound=BaseModel)
_IMMUTABLE = frozenset({"id", "kind", "name", "source", "target", "relation", "key"})
#: fields whose values are the same when these keys are (a web address with or without www.)
_SAME = {"url": url_key}


@dataclass(frozen=True)
class Conflict:
    """Two sources disagree on one attribute; ``kept`` is the first source's value."""

    field: str
    kept: Any
    dropped: Any
    kept_from: str
    dropped_from: str


def _union(old: list[Any], new: list[Any]) -> list[Any]:
    return old + [item for item in new if item not in old]


class _Disagreements:
    """Raises on the first disagreement, or records each one where a list is given."""

    def __init__(self, old: BaseModel, new: BaseModel, found: list[Conflict] | None) -> None:
        self.kept_from = old.provenance[0].describe()  # type: ignore[attr-defined]
        self.dropped_from = new.provenance[0].describe()  # type: ignore[attr-defined]
        self.found = found

    def __call__(self, field: str, kept: Any, dropped: Any) -> None:
        if self.found is None:
            raise ConflictError(f"is {_show(kept)} (from {self.kept_from}) but {_show(dropped)} here", field)
        self.found.append(
            Conflict(
                field,
                getattr(kept, "value", kept),
                getattr(dropped, "value", dropped),
                self.kept_from,
                self.dropped_from,
            )
        )


def _merge_dicts(field: str, old: dict[str, Any], new: dict[str, Any], disagree: _Disagreements) -> dict[str, Any]:
    merged = dict(old)
    for key, value in new.items():
        if key in merged and merged[key] != value:
            disagree(f"{field}.{key}", merged[key], value)
            continue
        merged[key] = value
    return merged


def merge_models(old: M, new: M, conflicts: list[Conflict] | None = None) -> M:
    """Return ``old`` completed by ``new``. Where they disagree, raise ConflictError, or, if
    a ``conflicts`` list is given, keep ``old``'s value and append a :class:`Conflict`.

    For nodes, a different name of ``new`` becomes an alias of the merged node.
    """
    disagree = _Disagreements(old, new, conflicts)
    updates: dict[str, Any] = {}
    for field in type(old).model_fields:
        if field in _IMMUTABLE:
            continue
        a, b = getattr(old, field), getattr(new, field)
        if (
            b is None
            or b == a
            or b in ({}, [])
            or (field in _SAME and a is not None and _SAME[field](a) == _SAME[field](b))
        ):
            continue
        if isinstance(a, list):
            updates[field] = _union(a, b)
        elif isinstance(a, dict):
            updates[field] = _merge_dicts(field, a, b, disagree)
        elif a is None:
            updates[field] = b
        else:
            disagree(field, a, b)
    name = getattr(new, "name", None)
    if name is not None and normalise(name) != normalise(old.name):  # type: ignore[attr-defined]
        updates["aliases"] = _union(updates.get("aliases", old.aliases), [name])  # type: ignore[attr-defined]
    return old.model_copy(update=updates) if updates else old


def _show(value: Any) -> str:
    return shown(getattr(value, "value", value))

"""Merging two accounts of the same node or edge into one.

Values fill each other's gaps; lists and provenance are joined; two different values for one
attribute are a :class:`~assetgraph.errors.ConflictError` that names the attribute and where the
first value came from.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from ..errors import ConflictError
from .names import normalise

__all__ = ["merge_models"]

M = TypeVar("M", bound=BaseModel)
_IMMUTABLE = frozenset({"id", "kind", "name", "source", "target", "relation", "key"})


def _union(old: list[Any], new: list[Any]) -> list[Any]:
    return old + [item for item in new if item not in old]


def _merge_dicts(field: str, old: dict[str, Any], new: dict[str, Any], where: str) -> dict[str, Any]:
    merged = dict(old)
    for key, value in new.items():
        if key in merged and merged[key] != value:
            raise ConflictError(
                f"is {merged[key]!r} {where} but {value!r} here", f"{field}.{key}"
            )
        merged[key] = value
    return merged


def merge_models(old: M, new: M) -> M:
    """Return ``old`` completed by ``new``; raise ConflictError where they disagree.

    For nodes, a different name of ``new`` becomes an alias of the merged node.
    """
    where = f"(from {old.provenance[0].describe()})"  # type: ignore[attr-defined]
    updates: dict[str, Any] = {}
    for field in type(old).model_fields:
        if field in _IMMUTABLE:
            continue
        a, b = getattr(old, field), getattr(new, field)
        if b is None or b == a or b in ({}, []):
            continue
        if isinstance(a, list):
            updates[field] = _union(a, b)
        elif isinstance(a, dict):
            updates[field] = _merge_dicts(field, a, b, where)
        elif a is None:
            updates[field] = b
        else:
            raise ConflictError(f"is {_show(a)} {where} but {_show(b)} here", field)
    name = getattr(new, "name", None)
    if name is not None and normalise(name) != normalise(old.name):  # type: ignore[attr-defined]
        updates["aliases"] = _union(updates.get("aliases", old.aliases), [name])  # type: ignore[attr-defined]
    return old.model_copy(update=updates) if updates else old


def _show(value: Any) -> str:
    return repr(getattr(value, "value", value))

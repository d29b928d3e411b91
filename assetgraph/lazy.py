"""Package namespaces whose names are imported when first used, so that importing a package
(or the command line, to show its help) does not import networkx, pydantic models or the
Neo4j driver before a command needs them.

>>> import types
>>> getattr_, dir_ = lazy_namespace("json", {"loads": "decoder", "JSONDecodeError": "decoder"})
>>> getattr_("JSONDecodeError").__name__, dir_()
('JSONDecodeError', ['JSONDecodeError', 'loads'])
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_namespace"]


def lazy_namespace(
    package: str, exports: Mapping[str, str], aliases: Mapping[str, str] | None = None
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of ``package``, which serve each name of
    ``exports`` (name -> module, relative to the package) from its module on first use; a name
    in ``aliases`` is that module's object of another name."""

    def getattr_(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{exports[name]}"), (aliases or {}).get(name, name))
        setattr(sys.modules[package], name, value)
        return value

    def dir_() -> list[str]:
        return sorted(exports)

    return getattr_, dir_

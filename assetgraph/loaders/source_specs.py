"""Settings given per source as ``SOURCE=VALUE`` (the area a directory serves, the name a
feed goes by), with the source named by the path as typed or by its file name alone.

>>> assign(["services.json=North Lincolnshire"], ["data/2025/services.json", "grants.json"], "area")
{'data/2025/services.json': 'North Lincolnshire'}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import AssetGraphError

__all__ = ["UnknownSource", "source_for", "assign"]


class UnknownSource(AssetGraphError):
    """A setting that names none of the sources given, or several of them by one file name."""


def source_for(given: str, sources: Sequence[str]) -> str:
    """The source of ``sources`` that ``given`` names: the one typed so (``./a.json`` is
    ``a.json``), else the one whose file (or folder) name it is.

    Raises UnknownSource where it names none, or several in different folders (naming each).

    >>> source_for("a.json", ["old/a.json", "b.json"])
    'old/a.json'
    """
    typed = [s for s in sources if Path(s) == Path(given)]
    if typed:
        return typed[0]
    named = list(dict.fromkeys(s for s in sources if Path(s).name == given))
    if len(named) == 1:
        return named[0]
    if named:
        raise UnknownSource(f"{given!r} is the file name of several sources ({', '.join(named)}); give its path")
    raise UnknownSource(f"{given!r} is none of the sources given, by path or by file name")


def assign(specs: Iterable[str], sources: Sequence[str], what: str) -> dict[str, str]:
    """``SOURCE=VALUE`` specs as {source as given in ``sources``: value}; ``what`` names the
    value in messages.

    Raises UnknownSource for a spec with no ``=``, an empty value, or a SOURCE that names no
    one source (see :func:`source_for`).
    """
    found: dict[str, str] = {}
    for spec in specs:
        source, eq, value = spec.rpartition("=")
        if not eq or not source or not value.strip():
            raise UnknownSource(f"{spec!r} is not SOURCE={what.upper().replace(' ', '_')}")
        try:
            found[source_for(source, sources)] = value.strip()
        except UnknownSource as exc:
            raise UnknownSource(f"in {spec!r}: {exc}") from None
    return found

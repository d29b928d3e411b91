"""Places a report may name, from the bundled UK places: nations, councils and England's
integrated care board areas, each under the names people write ("Dundee" for Dundee City, "Westminster"
for the City of Westminster), with its GSS code and level.

>>> places = Gazetteer.bundled()
>>> places.find("Dundee").code, places.find("the UK").name
('S12000042', 'United Kingdom')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..graphmodel.names import normalise
from ..graphmodel.vocabulary import PlaceLevel
from .everyday_names import everyday_names
from .places import bundled_rows

__all__ = ["Gazetteer", "KnownPlace"]

_ICB = re.compile(r"^NHS (.+) Integrated Care Board$")
_LEVELS = (PlaceLevel.COUNTRY, PlaceLevel.NATION, PlaceLevel.LOCAL_AUTHORITY, PlaceLevel.HEALTH_BOARD)
_SHORT = {"United Kingdom": ("UK", "Britain", "Great Britain")}


@dataclass(frozen=True)
class KnownPlace:
    name: str
    level: PlaceLevel
    code: str
    within: tuple[str, ...] = ()


def _variants(name: str) -> list[str]:
    """The names a place goes by: its own, the short forms, a care board's area, and the
    everyday names of a council (:func:`.everyday_names.everyday_names`)."""
    found = [name, *_SHORT.get(name, ()), *everyday_names(name)]
    if match := _ICB.match(name):
        found.append(match.group(1))
    return found


class Gazetteer:
    """Known places by every name they go by (matched on :func:`normalise`'s key)."""

    def __init__(self, places: list[KnownPlace]):
        self._by_key: dict[str, KnownPlace] = {}
        self._by_code = {p.code: p for p in places}
        for place in places:
            for name in _variants(place.name):
                self._by_key.setdefault(normalise(name), place)

    @classmethod
    @cache
    def bundled(cls) -> Gazetteer:
        """The bundled UK places down to councils and care board areas."""
        return cls([KnownPlace(r.name, r.level, r.code, r.within) for r in bundled_rows() if r.level in _LEVELS])

    def find(self, name: str) -> KnownPlace | None:
        return self._by_key.get(normalise(name))

    def enclosing(self, place: KnownPlace) -> list[KnownPlace]:
        """The known places ``place`` lies directly within."""
        return [self._by_code[c] for c in place.within if c in self._by_code]

    def within(self, name: str) -> KnownPlace | None:
        """The known place whose name ends a longer name ("Moray Council" -> Moray, "NHS Highland"
        -> Highland), for the area a body named after a place serves."""
        words = name.split()
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                if (i, j) != (0, len(words)) and (found := self.find(" ".join(words[i:j]))):
                    return found
        return None

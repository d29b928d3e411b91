"""The names people use for councils, beside their official names.

Official council names carry forms nobody says: "Bristol, City of", "City of Edinburgh",
"Glasgow City", "Herefordshire, County of", "County Durham". A planner types "Bristol" or
"Edinburgh". The rules below strip those forms; a short table adds the names that no rule
reaches ("Hull", "Western Isles"). Acronyms ("RCT" for Rhondda Cynon Taf) need nothing here:
name lookup already reads a name's initials.

>>> everyday_names("Bristol, City of"), everyday_names("City of Edinburgh"), everyday_names("Glasgow City")
(['Bristol'], ['Edinburgh'], ['Glasgow'])
>>> everyday_names("Kingston upon Hull, City of"), everyday_names("Cardiff")
(['Kingston upon Hull', 'Hull'], [])
"""

from __future__ import annotations

import re

__all__ = ["everyday_names"]

#: official name -> names people use that no rule below derives
_KNOWN: dict[str, tuple[str, ...]] = {
    "Kingston upon Hull, City of": ("Hull",),
    "Na h-Eileanan Siar": ("Western Isles", "Outer Hebrides"),
    "Newcastle upon Tyne": ("Newcastle",),
    "Brighton and Hove": ("Brighton",),
    "Bournemouth, Christchurch and Poole": ("BCP",),
    "Isle of Anglesey": ("Anglesey",),
}
_FORMS = (
    re.compile(r"^(?P<name>.+), (City|County) of$"),
    re.compile(r"^(City|County) of (?P<name>.+)$"),
    re.compile(r"^County (?P<name>.+)$"),
    re.compile(r"^(?P<name>.+) City$"),
)


def everyday_names(official: str) -> list[str]:
    """Other names a council named ``official`` goes by, most formal first (none where people
    use the official name as it is). "City of London" stays as it is: "London" is not it."""
    names = [m.group("name") for form in _FORMS if (m := form.match(official))]
    names = [n for n in names if n != "London"]
    names += _KNOWN.get(official, ())
    return list(dict.fromkeys(n for n in names if n != official))

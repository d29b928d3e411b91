"""Notes that keep an answer from being silently empty or thin.

A question whose input is missing (no sectors, no ties among organisations, no themes, no places
at the level asked) still answers, but says what is missing, how many records lack it and what
would supply it. Every query result carries such sentences as a ``notes`` list (in the JSON) and
prints them above its table, worded by the one function here so they read alike everywhere.

>>> missing("sector", 1216, 1219, "organisations", "a sector column to the source")
'1216 of 1219 organisations have no sector recorded: add a sector column to the source.'
>>> missing("theme", 3, 3, "services", "a need or theme column to the source")
'All 3 services have no theme recorded: add a need or theme column to the source.'
>>> missing("themes", 0, 3, "services", "x") is None
True
"""

from __future__ import annotations

__all__ = ["missing"]


def missing(what: str, lacking: int, total: int, records: str, supply: str) -> str | None:
    """One sentence saying ``lacking`` of ``total`` ``records`` have no ``what``, and that
    ``supply`` would provide it; None when nothing lacks it.

    ``supply`` names the data that would provide it (a column, a file), read after "add ".
    Library notes name data, never a command-line option: the CLI adds its own hints.
    """
    if lacking <= 0 or total <= 0:
        return None
    if lacking >= total:
        return f"All {total} {records} have no {what} recorded: add {supply}."
    return f"{lacking} of {total} {records} have no {what} recorded: add {supply}."

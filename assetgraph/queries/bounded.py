"""Bounded lists in explanations: the first few items, the rest as "and N more", so that an
answer about a hub of thousands reads as one line in every format.

>>> some(["a", "b", "c"], shown=2)
'a, b and 1 more'
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["SHOWN", "some"]

#: the most groups, places or example pairs an explanation names
SHOWN = 5


def some(items: Sequence[str], shown: int = SHOWN) -> str:
    """The first ``shown`` items joined, the rest as "and N more"."""
    more = len(items) - shown
    return ", ".join(items[:shown]) + (f" and {more} more" if more > 0 else "")

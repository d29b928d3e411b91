"""The choices the questions offer and their defaults: the kinds of gap, the groupings
connectors span, where betweenness turns to sampling, and how a focus is written. Kept apart
from the algorithms so that the command line can offer them without importing networkx.
"""

from __future__ import annotations

from ..errors import QueryError

__all__ = ["GAP_KINDS", "GROUPINGS", "EXACT_LIMIT", "DEFAULT_SAMPLES", "parse_focus"]

GAP_KINDS = (
    "coverage",
    "funding_dependence",
    "unlinked_community",
    "partnership_without_community",
    "cut_off",
    "single_point_of_failure",
)
GROUPINGS: tuple[str, ...] = ("sector", "scale", "place", "community")
#: largest number of organisations for which betweenness is computed exactly (a few seconds)
EXACT_LIMIT = 5000
#: source nodes sampled for betweenness above EXACT_LIMIT (top-20 overlap with exact 0.9 at
#: 18,000 organisations in the benchmark)
DEFAULT_SAMPLES = 1000


def parse_focus(text: str) -> tuple[str, str]:
    """Two groups written ``GROUP,GROUP``. Raises QueryError for anything else.

    >>> parse_focus("community_led, public")
    ('community_led', 'public')
    """
    parts = tuple(p.strip() for p in text.split(","))
    if len(parts) != 2 or not all(parts):
        raise QueryError(f"a focus names two groups, as GROUP,GROUP (e.g. community_led,public), not {text!r}")
    return parts  # type: ignore[return-value]

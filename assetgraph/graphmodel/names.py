"""Stable ids and forgiving name matching.

Sources spell the same body many ways ("Public Health Scotland", "public health scotland.",
"PHS"); these functions reduce a name to the key it is matched on.

>>> node_id("organisation", "Public Health Scotland")
'organisation:public-health-scotland'
>>> normalise("  The Ripple  Project! ")
'ripple project'
>>> normalise("NHS Greater Glasgow & Clyde") == normalise("NHS Greater Glasgow and Clyde")
True
>>> acronym("Public Health Scotland")
'phs'
>>> normalise("Action for M.E") == normalise("ACTION FOR ME")
True

Names in any script keep their letters, and a name with none gets a stable hash, so that no
two names meet by losing what tells them apart:

>>> node_id("organisation", "华人社区中心"), node_id("theme", "Здоровье")
('organisation:华人社区中心', 'theme:здоровье')
>>> node_id("organisation", "!!!") != node_id("organisation", "???")
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["slug", "node_id", "normalise", "acronym", "initials"]

_NON_WORD = re.compile(r"[\W_]+")
#: full stops and apostrophes inside a word ("M.E", "Mary's") join it rather than split it
_INNER_MARK = re.compile(r"(?<=\w)[.'\u2019](?=\w)")
_STOPWORDS = frozenset({"of", "and", "the", "for", "in", "on", "at", "to", "a", "an"})


def _fold(text: str) -> str:
    """Casefold and strip accents, so that "Café" and "cafe" meet."""
    folded = text.casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.replace("&", " and ")


def slug(text: str) -> str:
    """Lower-case words joined by hyphens: the readable part of an id. A text with no letter
    or digit gets ``x`` and a hash of it; blank text gives ""."""
    readable = _NON_WORD.sub("-", _fold(text)).strip("-")
    if readable or not text.strip():
        return readable
    return "x" + hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:12]


def node_id(kind: str, name: str) -> str:
    """The stable id of a node of ``kind`` called ``name``."""
    return f"{kind}:{slug(name)}"


def normalise(name: str) -> str:
    """The key a name is matched on: case, accents, spacing, punctuation and a leading "the"
    do not count, and "&" is "and"."""
    words = _NON_WORD.sub(" ", _INNER_MARK.sub("", _fold(name))).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def acronym(name: str) -> str | None:
    """Initials of the significant words of a name of three or more words, else None.

    >>> acronym("Scottish Community Development Centre")
    'scdc'
    >>> acronym("Cardiff MIND") is None
    True
    """
    return initials(normalise(name))


def initials(key: str) -> str | None:
    """:func:`acronym` of a name already normalised (see :func:`normalise`)."""
    words = [w for w in key.split() if w not in _STOPWORDS]
    if len(words) < 3:
        return None
    return "".join(w[0] for w in words)

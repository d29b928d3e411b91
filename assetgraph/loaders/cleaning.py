"""Cleaning values as real files publish them: HTML fragments, mojibake, dd/mm/yyyy dates,
amounts with currency signs and thousands separators, labels with stray spaces.

>>> plain_text("<p>Drug &amp; Alcohol&nbsp;support</p><p>Drop in</p>")
'Drug & Alcohol support\\nDrop in'
>>> fix_mojibake("Â£500 for the cafÃ©")
'£500 for the café'
>>> parse_date("27/09/2013"), parse_date("2015-06-01T00:00:00+00:00"), parse_date("26/03/2001 00:00")
(datetime.date(2013, 9, 27), datetime.date(2015, 6, 1), datetime.date(2001, 3, 26))
>>> parse_amount("£1,250.50")
1250.5
>>> parse_amount("£1,2,3")
Traceback (most recent call last):
...
ValueError: '£1,2,3' is not an amount
>>> label("  Parents>Grandparents ")
['Parents', 'Grandparents']
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from html.parser import HTMLParser

from ..errors import shown
from ..graphmodel.names import normalise

__all__ = ["plain_text", "fix_mojibake", "parse_date", "parse_amount", "label", "clean", "clean_name"]

_BLOCKS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"})
_MOJIBAKE = re.compile("[ÂÃâ]")
_DAY_FIRST = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_FORMATS = ("%Y/%m/%d",)
#: digits with commas only between groups of three ("1,250.50", not "1,2,3"), or none
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(text: str | None) -> str | None:
    """HTML as plain text: tags gone, entities decoded, blocks on their own lines, runs of
    spaces folded. None or blank gives None."""
    if text is None:
        return None
    if "<" in text or "&" in text:
        parser = _Text()
        parser.feed(text)
        parser.close()
        text = html.unescape("".join(parser.parts))
    lines = (" ".join(line.replace("\xa0", " ").split()) for line in text.splitlines())
    joined = "\n".join(line for line in lines if line)
    return joined or None


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 ("Â£" for "£", "â€™" for "'"), where that is what
    happened; other text is returned as it is."""
    if text.isascii() or not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def clean(text: object) -> str | None:
    """A text cell: mojibake fixed, spaces trimmed; blank gives None, as does a list or an
    object where text was expected (its Python form is no text anyone wrote).

    >>> clean("  CafÃ© "), clean([5]), clean({"a": 1})
    ('Café', None, None)
    """
    if text is None or isinstance(text, (list, dict)):
        return None
    value = fix_mojibake(str(text)).strip()
    return value or None


def clean_name(text: object) -> str | None:
    """A name cell as :func:`clean` gives it; one with no letter or digit ("-", "!!!", "n/a"
    is kept) names nothing and gives None, as blank does.

    >>> clean_name(" Hub "), clean_name("?!"), clean_name("—")
    ('Hub', None, None)
    """
    value = clean(text)
    return value if value and normalise(value) else None


def parse_date(text: str | None) -> dt.date | None:
    """A date written ISO (with or without a time) or day first (27/09/2013); blank gives
    None. Raises ValueError for anything else."""
    value = (text or "").strip()
    if not value:
        return None
    if day_first := _DAY_FIRST.match(value):
        day, month, year = map(int, day_first.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"{shown(value)} is not a date (expected YYYY-MM-DD or DD/MM/YYYY)") from None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{shown(value)} is not a date (expected YYYY-MM-DD or DD/MM/YYYY)")


def parse_amount(value: object) -> float | None:
    """An amount of money: a number, or text with a currency sign and thousands separators;
    blank gives None. Raises ValueError for anything else."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _finite(value, value)
    text = fix_mojibake(str(value)).strip().lstrip("£$€").strip()
    if not text:
        return None
    if not _AMOUNT.match(text):
        raise ValueError(f"{shown(value)} is not an amount")
    return _finite(text.replace(",", ""), value)


def _finite(number: object, value: object) -> float:
    """``number`` as a finite float; ValueError naming ``value`` for anything else."""
    try:
        amount = float(number)  # type: ignore[arg-type]
    except (OverflowError, ValueError):
        amount = math.inf
    if not math.isfinite(amount):
        raise ValueError(f"{shown(value)} is not an amount")
    return amount


def label(text: str | None) -> list[str]:
    """A taxonomy label split on its hierarchy marker (``Parent>Child``), each part trimmed;
    blank gives an empty list."""
    return [part.strip() for part in (text or "").split(">") if part.strip()]

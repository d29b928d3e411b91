"""Reading input files strictly: regular files only, UTF-8 text that is not empty, and JSON
as the standard defines it (no ``NaN`` or ``Infinity``), within bounds of depth and size.

Every problem is an InputError naming the file and, where there is one, the line.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

from .errors import InputError, Location

__all__ = ["read_bytes", "decode_text", "read_text", "read_json", "parse_json", "check_readable", "beyond_json"]


def check_readable(path: str | Path, origin: str | None = None) -> None:
    """Refuse what is not a regular file or a folder (a device such as ``/dev/zero``, a named
    pipe), which reading would never finish, and a file or folder this user may not read
    (which would otherwise pass for an empty folder).

    >>> check_readable("/dev/zero")
    Traceback (most recent call last):
    ...
    assetgraph.errors.InputError: /dev/zero: not a regular file or folder (a device, pipe or socket is no source)
    """
    mode = Path(path).stat().st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise InputError(
            Location(origin or str(path)),
            "not a regular file or folder (a device, pipe or socket is no source)",
        )
    try:
        if stat.S_ISDIR(mode):
            os.listdir(path)
        else:
            os.close(os.open(path, os.O_RDONLY))
    except OSError as exc:
        what = "folder" if stat.S_ISDIR(mode) else "file"
        raise InputError(Location(origin or str(path)), f"the {what} cannot be read ({exc.strerror})") from None


def read_bytes(path: str | Path, origin: str | None = None) -> bytes:
    """The bytes of a regular file that is not empty (else an InputError naming it)."""
    origin = origin or str(path)
    check_readable(path, origin)
    data = Path(path).read_bytes()
    if not data or data.isspace():
        raise InputError(Location(origin), "the file is empty")
    return data


def decode_text(data: bytes, origin: str) -> str:
    """UTF-8 text (a byte-order mark dropped); bytes that are not UTF-8 are an InputError
    naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            Location(origin, f"line {line}"),
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        ) from None


def read_text(path: str | Path, origin: str | None = None) -> str:
    """The text of ``path``; an empty file or one that is not UTF-8 is an InputError naming the line.

    >>> import tempfile, os
    >>> fd, name = tempfile.mkstemp(); _ = os.write(fd, b"ok\\ncaf\\xe9\\n"); os.close(fd)
    >>> read_text(name, "f.csv")
    Traceback (most recent call last):
    ...
    assetgraph.errors.InputError: f.csv, line 2: not UTF-8 text (byte 0xe9); save the file as UTF-8
    """
    origin = origin or str(path)
    return decode_text(read_bytes(path, origin), origin)


#: the most digits Python reads in a number (its guard against slow conversions)
MAX_DIGITS = sys.get_int_max_str_digits() or 4300
#: nesting from which a file is too deep to follow (Python's parser gives up near 1,000)
MAX_DEPTH = 500
#: what the JSON scanner looks at: strings (passed over), the constants JSON does not allow,
#: numbers too long to read, and brackets
_TOKENS = re.compile(
    r'"(?:[^"\\]|\\.)*"|(?P<constant>-?Infinity|NaN)|(?P<digits>-?\d{'
    + str(MAX_DIGITS + 1)
    + r",})|(?P<open>[\[{])|(?P<close>[\]}])"
)


class _Constant(ValueError):
    """A NaN or Infinity literal, which JSON does not allow."""


def _no_constant(name: str) -> Any:
    raise _Constant(name)


def _at(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    return f"line {line}, column {position - (text.rfind(chr(10), 0, position) + 1) + 1}"


def beyond_json(text: str) -> tuple[str, str] | None:
    """Where a text the JSON parser refused goes beyond what it reads, and why: a NaN or
    Infinity, a number of too many digits, nesting too deep (of brackets, so YAML's flow
    style too). None where none is found."""
    depth = 0
    for token in _TOKENS.finditer(text):
        if token["constant"]:
            return _at(text, token.start()), (
                f"{token['constant']} is not a number JSON allows (write null where there is no value)"
            )
        if token["digits"]:
            digits = len(token["digits"].lstrip("-"))
            return _at(
                text, token.start()
            ), f"a number of {digits:,} digits is longer than can be read ({MAX_DIGITS:,} at most)"
        depth += 1 if token["open"] else -1 if token["close"] else 0
        if depth > MAX_DEPTH:
            return _at(text, token.start()), f"nested more than {MAX_DEPTH} levels deep, too deep to read"
    return None


def parse_json(text: str, origin: str) -> Any:
    """JSON as the standard has it: ``NaN``, ``Infinity`` and numbers too long to read are
    errors, as is nesting too deep to follow; each an InputError naming the line and column.

    >>> parse_json('{"amount": Infinity}', "grants.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    assetgraph.errors.InputError: grants.json, line 1, column 12: invalid JSON: Infinity is not a number JSON allows ...
    >>> parse_json('[1, 2,]', "x.json")
    Traceback (most recent call last):
    ...
    assetgraph.errors.InputError: x.json, line 1, column 7: invalid JSON: Expecting value
    """
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            Location(origin, f"line {exc.lineno}, column {exc.colno}"), f"invalid JSON: {exc.msg}"
        ) from None
    except (RecursionError, ValueError) as exc:
        found = beyond_json(text)
        if found is None:
            raise InputError(Location(origin), f"invalid JSON: {exc}") from None
        raise InputError(Location(origin, found[0]), f"invalid JSON: {found[1]}") from None


def read_json(path: str | Path, origin: str | None = None) -> Any:
    """:func:`parse_json` of the file's text (see :func:`read_text`)."""
    origin = origin or str(path)
    return parse_json(read_text(path, origin), origin)

"""Reading input files strictly: regular files only, UTF-8 text that is not empty, and JSON
as the standard defines it (no ``NaN`` or ``Infinity``), within bounds of depth and size.

Every problem is an InputError naming the file and, where there is one, the line.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from .errors import InputError, Location

__all__ = ["read_bytes", "decode_text", "read_text", "read_json", "parse_json", "check_readable"]


def check_readable(path: str | Path, origin: str | None = None) -> None:
    """Refuse what is not a regular file or a folder (a device such as ``/dev/zero``, a named
    pipe), which reading would never finish.

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


def read_bytes(path: str | Path, origin: str | None = None) -> bytes:
    """The bytes of a regular file that is not empty (else an InputError naming it)."""
    origin = origin or str(path)
    check_readable(path, origin)
    data = Path(path).read_bytes()
    if not data.strip():
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


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text: str, origin: str) -> Any:
    """JSON as the standard has it: ``NaN``, ``Infinity`` and numbers too long to read are
    errors, as is nesting too deep to follow; each an InputError naming the line.

    >>> parse_json('{"amount": Infinity}', "grants.json")
    Traceback (most recent call last):
    ...
    assetgraph.errors.InputError: grants.json: invalid JSON: Infinity is not a JSON number
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
    except RecursionError:
        raise InputError(Location(origin), "invalid JSON: nested too deeply to read") from None
    except ValueError as exc:
        raise InputError(Location(origin), f"invalid JSON: {exc}") from None


def read_json(path: str | Path, origin: str | None = None) -> Any:
    """:func:`parse_json` of the file's text (see :func:`read_text`)."""
    origin = origin or str(path)
    return parse_json(read_text(path, origin), origin)

"""Reading a text file strictly: UTF-8 (with or without a byte-order mark) and not empty."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Location

__all__ = ["read_text"]


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
    data = Path(path).read_bytes()
    if not data.strip():
        raise InputError(Location(origin), "the file is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            Location(origin, f"line {line}"),
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        ) from None

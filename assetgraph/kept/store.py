"""The companion file: named arrays and texts in one binary file beside a saved graph.

``graph.json`` keeps its derived indexes in ``graph.json.kept``. The file is a magic line, the
length of a JSON header, the header, then each array's bytes at an offset the header gives
(aligned to 64 bytes), so that opening it maps the file into memory and copies nothing:

    AGKEPT01 | header length (8 bytes, little endian) | header | arrays

The header holds a key naming what the arrays were derived from (the graph file's checksum and
the layout of the indexes: a companion of another state of the graph is stale), a CRC-32 of the
arrays (a damaged file is told apart from a stale one), each array's dtype, length and offset,
and a few texts. The file is written atomically (:mod:`assetgraph.fileio`), so a reader never
sees half of one.

>>> import tempfile, pathlib, numpy as np
>>> path = pathlib.Path(tempfile.mkdtemp()) / "g.json.kept"
>>> write_kept(path, "sha256:ab", {"ptr": np.arange(3, dtype=np.int32)}, {"folder": "/data"})
>>> found = read_kept(path, "sha256:ab")
>>> found.arrays["ptr"].tolist(), found.texts["folder"]
([0, 1, 2], '/data')
>>> read_kept(path, "sha256:cd") is None
True
"""

from __future__ import annotations

import json
import logging
import mmap
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..fileio import atomic_write_bytes

__all__ = ["MAGIC", "SUFFIX", "Kept", "companion", "write_kept", "read_kept"]

MAGIC = b"AGKEPT01"
#: the companion of ``graph.json`` is ``graph.json.kept``
SUFFIX = ".kept"
_ALIGN = 64
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kept:
    """The arrays (read-only, memory-mapped where read from a file) and texts of a companion."""

    arrays: Mapping[str, np.ndarray]
    texts: Mapping[str, str]


def companion(path: str | Path) -> Path:
    """Where the graph file ``path`` keeps its derived indexes."""
    path = Path(path)
    return path.with_name(path.name + SUFFIX)


def _padded(size: int) -> int:
    return -size % _ALIGN


def write_kept(path: str | Path, key: str, arrays: Mapping[str, np.ndarray], texts: Mapping[str, str]) -> None:
    """Write ``arrays`` and ``texts`` to ``path`` atomically, under ``key`` (what they were
    derived from)."""
    blobs, layout, offset = [], {}, 0
    for name, array in arrays.items():
        data = np.ascontiguousarray(array)
        layout[name] = [data.dtype.str, int(data.size), offset]
        raw = data.tobytes()
        blobs += [raw, b"\0" * _padded(len(raw))]
        offset += len(raw) + _padded(len(raw))
    body = b"".join(blobs)
    header = json.dumps({"key": key, "crc32": zlib.crc32(body), "arrays": layout, "texts": dict(texts)}).encode("utf-8")
    start = len(MAGIC) + 8 + len(header)
    head = MAGIC + len(header).to_bytes(8, "little") + header + b"\0" * _padded(start)
    atomic_write_bytes(path, head + body)


def read_kept(path: str | Path, key: str) -> Kept | None:
    """The companion at ``path`` where it was written under ``key``; None where it is missing
    or stale (written under another key: derived from another state of the file),
    and None with a one-line note where it is damaged: the caller derives the indexes again."""
    try:
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (FileNotFoundError, ValueError):  # missing, or empty (an empty file cannot be mapped)
        return None
    except OSError as exc:
        _log.warning("%s: cannot read the kept indexes (%s); deriving them again", path, exc.strerror)
        return None
    try:
        if mapped[: len(MAGIC)] != MAGIC:
            raise ValueError("not a companion file")
        size = int.from_bytes(mapped[len(MAGIC) : len(MAGIC) + 8], "little")
        header = json.loads(mapped[len(MAGIC) + 8 : len(MAGIC) + 8 + size])
        if header.get("key") != key:
            return None
        start = len(MAGIC) + 8 + size
        start += _padded(start)
        body = memoryview(mapped)[start:]
        if zlib.crc32(body) != header["crc32"]:
            raise ValueError("its arrays do not match their CRC")
        arrays = {}
        for name, (dtype, length, offset) in header["arrays"].items():
            array = np.frombuffer(body, dtype=np.dtype(dtype), count=length, offset=offset)
            array.flags.writeable = False
            arrays[name] = array
        texts = header["texts"]
        if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
            raise ValueError("its texts are not texts")
        return Kept(arrays, texts)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        _log.warning("%s: the kept indexes are damaged (%s); deriving them again", path, exc)
        return None

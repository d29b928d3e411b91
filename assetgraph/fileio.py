"""Writing files so that a failure never leaves half a file behind.

Each file is written to a temporary file beside it, then renamed over it: readers see the old
file or the new, never a part. The new file gets the permissions an ordinary ``open(path, "w")``
would give it (the umask's, or the replaced file's own), so a map put on a shared drive opens
for colleagues. Errors name the path the caller gave, never the temporary file.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["atomic_write_text", "atomic_write_bytes", "atomic_write_files", "check_writable"]


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _temporary(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path``; its name."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _mode_for(path))
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise type(exc)(exc.errno, exc.strerror, str(path)) from None
        raise
    return tmp


def atomic_write_files(files: Mapping[str | Path, bytes]) -> None:
    """Write several files so that either all of them are replaced or none: every one goes to
    a temporary file first, and only when all are written are they renamed into place."""
    written: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            path = Path(name)
            written.append((_temporary(path, data), path))
        for tmp, path in written:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    finally:
        for tmp, _ in written:
            Path(tmp).unlink(missing_ok=True)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module)."""
    atomic_write_files({path: data})


def atomic_write_text(path: str | Path, text: str) -> None:
    """:func:`atomic_write_bytes` of ``text`` in UTF-8 with Unix line ends."""
    atomic_write_bytes(path, text.encode("utf-8"))


def check_writable(path: str | Path, folder_ok: bool = False) -> None:
    """Raise the OSError writing ``path`` would meet, before any work is done: a folder where
    a file is to go (unless ``folder_ok``), a folder to write into that is missing, or a file
    or folder this user may not write. The error names ``path``.

    >>> check_writable("/nonexistent-folder/graph.json")
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] the folder /nonexistent-folder does not exist: '/nonexistent-folder/graph.json'
    """
    target = Path(path)
    parent = target.parent
    if target.is_dir() and not folder_ok:
        raise IsADirectoryError(errno.EISDIR, "is a folder; give the name of a file to write", str(path))
    if not parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"the folder {parent} does not exist", str(path))
    if target.exists() and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "this user may not write it", str(path))
    if not target.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, f"this user may not write in the folder {parent}", str(path))

"""Writing files so that a failure never leaves half a file behind.

Each file is written to a temporary file beside it, then renamed over it: readers see the old
file or the new, never a part. The new file gets the permissions an ordinary ``open(path, "w")``
would give it (the umask's, or the replaced file's own), so a map put on a shared drive opens
for colleagues. Errors name the path the caller gave, never the temporary file.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["atomic_write_text", "atomic_write_bytes", "atomic_write_files", "atomic_write_folder", "check_writable"]

#: the list, kept in a folder written by :func:`atomic_write_folder`, of the files it wrote there
FOLDER_MANIFEST = ".assetgraph-export"


def _mode_for(path: Path, new: int = 0o666) -> int:
    """The permissions of ``path``, or where it is missing those ``new`` gets from the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return new & ~umask


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


def _foreign(folder: Path) -> list[str]:
    """What ``folder`` holds that no earlier :func:`atomic_write_folder` of it wrote there."""
    held = set(os.listdir(folder))
    if not held:
        return []
    try:
        ours = set((folder / FOLDER_MANIFEST).read_text(encoding="utf-8").splitlines()) | {FOLDER_MANIFEST}
    except (OSError, UnicodeDecodeError):
        ours = set()
    return sorted(held - ours)


def atomic_write_folder(folder: str | Path, files: Mapping[str, bytes]) -> None:
    """Make ``folder`` hold exactly ``files`` (names within it), and a list of them: they are
    written to a new folder beside it, which then takes its place, so no file of an earlier
    export (a person's details, say, where the new one is public) is left among the new.

    A folder that holds anything an earlier export of it did not write is refused
    (FileExistsError), never emptied: it may hold the user's own files."""
    target = Path(folder).resolve()
    exists = target.is_dir()
    if exists and (foreign := _foreign(target)):
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise FileExistsError(
            errno.EEXIST,
            f"holds files no earlier export wrote ({shown}); give a new or empty folder",
            str(folder),
        )
    try:
        fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(folder)) from None
    old = fresh.with_suffix(".old")
    try:
        os.chmod(fresh, _mode_for(target, 0o777))
        held = sorted({Path(name).parts[0] for name in files})
        for name, data in {**files, FOLDER_MANIFEST: "".join(f"{n}\n" for n in held).encode()}.items():
            path = fresh / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if exists:
            os.rename(target, old)
        os.rename(fresh, target)
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(folder)) from None
    finally:
        if old.is_dir() and not target.exists():
            os.rename(old, target)  # the new export did not take its place: the earlier one stays
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


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
